// The story as GET /api/stories/:id gives it, and how a caption's figures read ("可供标准地 12 宗").
import { storyFigures, type StoryContent, type StoryFigureKey } from '@guatu/data/stories.ts';
export { captionLines, plainCaption } from '@guatu/data/stories.ts';
import type { SceneData3d } from './story-3d';

export interface StoryView {
  id: number;
  title: string;
  template: string;
  regionCode: string | null;
  version: number;
  content: StoryContent;
  pinnedVersionId: number | null;
  /** The data version the figures come from: the pinned one, or the latest. */
  dataVersion: { id: number; label: string } | null;
  figures: Record<string, Partial<Record<StoryFigureKey, number>>>;
  sceneData: Record<string, SceneData3d>;
  tileVersion: number | null;
  pinnedTilesGone: boolean;
}

/** A figure as a caption shows it: label, value in Chinese grouping, unit. */
export function figureText(key: StoryFigureKey, value: number | undefined): { label: string; value: string; unit: string } {
  const f = storyFigures[key];
  return { label: f.label, value: value === undefined ? '—' : value.toLocaleString('zh-CN', { maximumFractionDigits: 2 }), unit: f.unit };
}

