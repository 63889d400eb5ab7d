// Map stories (招商推介): what a story and its scenes are, the templates they start from and the live
// figures a caption may show. Read by the API (validation, templates, figures) and the web app
// (editor, player), so a scene means the same thing at every stage.
import type { LayerId } from './layers.ts';

export const storyTemplates = {
  overview: '区域概览',
  standard_land: '可供标准地',
  industry_chain: '产业链',
  flagship: '重点项目巡礼',
  blank: '空白',
} as const;
export type StoryTemplate = keyof typeof storyTemplates;

/** Figures a caption can pull from the data, with their label and unit (computed for the scene's region). */
export const storyFigures = {
  'projects.count': { label: '重点项目', unit: '个' },
  'projects.investment': { label: '总投资', unit: '亿元' },
  'standard_land.count': { label: '可供标准地', unit: '宗' },
  'standard_land.area': { label: '可供标准地面积', unit: '亩' },
  'available_land.area': { label: '可供用地', unit: '亩' },
  'energy.capacity': { label: '新能源装机', unit: '万千瓦' },
  'energy.connection_rate': { label: '并网率', unit: '%' },
  'transport.km': { label: '高速公路与铁路', unit: '公里' },
  'chain.count': { label: '产业链项目', unit: '个' },
  'chain.investment': { label: '产业链总投资', unit: '亿元' },
} as const;
export type StoryFigureKey = keyof typeof storyFigures;

export interface Camera {
  center: [number, number];
  zoom: number;
  pitch: number;
  bearing: number;
}

export interface Scene {
  id: string;
  title: string;
  /** A few lines under the title. */
  text: string;
  figures: StoryFigureKey[];
  camera: Camera;
  layers: LayerId[];
  /** Which projects and parcels the scene's map and figures cover. */
  filter: { region?: string; stage?: string[]; category?: string[]; industryChain?: string; standardOnly?: boolean };
  highlight: { projects?: number[]; parcels?: number[] };
  /** 3-D (deck.gl, loaded only in the player and editor); `flowLineId`: a transport line with traffic flowing along it. */
  threeD: { columns?: boolean; parcels?: boolean; arcs?: { name: string; to: [number, number] }[]; flowLineId?: number };
  /** Seconds on screen when the story plays by itself. */
  durationS: number;
}

export interface StoryContent {
  cover: { subtitle: string };
  scenes: Scene[];
}

export const MAX_SCENES = 30;

/** A caption's text as lines of runs: line breaks kept, **这样** marks bold (no HTML ever). */
export function captionLines(text: string): { text: string; bold: boolean }[][] {
  return text.split('\n').map((line) => line.split(/(\*\*[^*]+\*\*)/).filter(Boolean)
    .map((part) => (/^\*\*[^*]+\*\*$/.test(part) ? { text: part.slice(2, -2), bold: true } : { text: part, bold: false })));
}

/** The caption as plain text (for the PNG and the handout). */
export function plainCaption(text: string): string {
  return text.replace(/\*\*([^*]+)\*\*/g, '$1');
}
