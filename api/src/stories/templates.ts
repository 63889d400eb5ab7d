// The story templates: a first draft of scenes built from the region's own data, which the author
// then edits — 区域概览 (boundaries, transport, energy), 可供标准地 (the largest available standard
// parcels one by one), 产业链 (the projects of the region's largest industrial chain) and 重点项目巡礼
// (the flagship projects one by one).
import { randomUUID } from 'node:crypto';
import type { LayerId } from '@guatu/data/layers.ts';
import { projectCategories, landUses } from '@guatu/data/glossary.ts';
import type { Camera, Scene, StoryContent, StoryTemplate } from '@guatu/data/stories.ts';
import type { TemplateData } from '../db/story-figures.ts';

/** A camera that shows a bounding box on a screen about 1,200 px wide. */
export function cameraFor(bbox: [number, number, number, number], pitch = 0, bearing = 0): Camera {
  const [x0, y0, x1, y1] = bbox;
  const span = Math.max(x1 - x0, (y1 - y0) * 1.3, 0.005);
  // MapLibre draws the world 512 px wide at zoom 0.
  const zoom = Math.min(16, Math.max(3, Math.log2((1200 / 512) * (360 / span)) - 0.3));
  return { center: [(x0 + x1) / 2, (y0 + y1) / 2], zoom: Math.round(zoom * 100) / 100, pitch, bearing };
}

const at = (center: [number, number], zoom: number, pitch = 50, bearing = -15): Camera => ({ center, zoom, pitch, bearing });

function scene(s: Partial<Scene> & Pick<Scene, 'title' | 'camera'>): Scene {
  return { id: randomUUID(), text: '', figures: [], layers: ['regions'], filter: {}, highlight: {}, threeD: {}, durationS: 8, ...s };
}

const label = (v: Record<string, string>, k: string) => v[k] ?? k;

/** The scenes of a new story from a template. */
export function buildStory(template: StoryTemplate, d: TemplateData): StoryContent {
  const region = d.region;
  const name = region?.name ?? '本地区';
  const filter = region?.code ? { region: region.code } : {};
  const whole = region ? cameraFor(region.bbox) : { center: [112.5, 37.5] as [number, number], zoom: 6, pitch: 0, bearing: 0 };
  const base: LayerId[] = ['regions'];
  switch (template) {
    case 'overview':
      return {
        cover: { subtitle: `${name} 区位、交通与能源` },
        scenes: [
          scene({ title: `${name}概览`, text: '区位优越，要素保障有力。', figures: ['projects.count', 'projects.investment'], camera: whole, layers: [...base, 'projects'], filter }),
          scene({ title: '立体交通', text: '高速公路、铁路通达四方。', figures: ['transport.km'], camera: { ...whole, pitch: 40 }, layers: [...base, 'transport_lines'], filter, threeD: d.mainLine ? { flowLineId: d.mainLine.id } : {} }),
          scene({ title: '绿色能源', text: '光伏、风电规模持续扩大，并网有序推进。', figures: ['energy.capacity', 'energy.connection_rate'], camera: whole, layers: [...base, 'energy_stations'], filter }),
          scene({ title: '可供用地', text: '标准地即供即用，拿地即开工。', figures: ['standard_land.count', 'standard_land.area'], camera: whole, layers: [...base, 'land_parcels'], filter: { ...filter, standardOnly: true } }),
        ],
      };
    case 'standard_land':
      return {
        cover: { subtitle: `${name} 可供标准地` },
        scenes: [
          scene({ title: '可供标准地一览', text: '“标准地”出让，指标明确、配套完善。', figures: ['standard_land.count', 'standard_land.area'], camera: whole, layers: [...base, 'land_parcels', 'transport_lines'], filter: { ...filter, standardOnly: true } }),
          ...d.standardLand.map((p) => scene({
            title: p.name, text: `面积约 ${p.areaMu.toLocaleString('zh-CN')} 亩，${label(landUses, p.landUse)}。${p.services ? `配套：${p.services}。` : ''}`,
            camera: at(p.center, 15), layers: [...base, 'land_parcels', 'transport_lines'], filter: { ...filter, standardOnly: true }, highlight: { parcels: [p.id] }, threeD: { parcels: true },
          })),
        ],
      };
    case 'industry_chain': {
      const chain = d.chain;
      const chainFilter = { ...filter, ...(chain ? { industryChain: chain.name } : {}) };
      return {
        cover: { subtitle: chain ? `${name} ${chain.name}产业链` : `${name} 产业链` },
        scenes: [
          scene({ title: chain ? `${chain.name}产业链` : '产业链', text: '链主带动、上下游协同。', figures: ['chain.count', 'chain.investment'], camera: chain ? cameraFor(chain.bbox, 45) : whole, layers: [...base, 'projects'], filter: chainFilter, highlight: { projects: chain?.projects ?? [] }, threeD: { columns: true } }),
          ...d.flagships.filter((p) => !chain || p.industryChain === chain.name).slice(0, 3).map((p) => scene({
            title: p.name, text: `总投资 ${(p.investment / 10_000).toLocaleString('zh-CN', { maximumFractionDigits: 2 })} 亿元，${label(projectCategories, p.category)}类项目。`,
            camera: at(p.center, 14), layers: [...base, 'projects', 'land_parcels'], filter: chainFilter, highlight: { projects: [p.id] }, threeD: { columns: true },
          })),
        ],
      };
    }
    case 'flagship':
      return {
        cover: { subtitle: `${name} 重点项目巡礼` },
        scenes: [
          scene({ title: '重点项目总览', text: '省市重点项目加快建设。', figures: ['projects.count', 'projects.investment'], camera: { ...whole, pitch: 45 }, layers: [...base, 'projects'], filter, threeD: { columns: true } }),
          ...d.flagships.map((p) => scene({
            title: p.name, text: `总投资 ${(p.investment / 10_000).toLocaleString('zh-CN', { maximumFractionDigits: 2 })} 亿元。`,
            camera: at(p.center, 14), layers: [...base, 'projects', 'transport_lines'], filter, highlight: { projects: [p.id] }, threeD: { columns: true },
          })),
        ],
      };
    case 'blank':
      return { cover: { subtitle: name }, scenes: [scene({ title: name, camera: whole, layers: [...base, 'projects'], filter })] };
  }
}
