// What both site-check reports (the HTML page and the PDF) show of a saved check: its shape, the
// number format, and what a layer's row says beside the areas.
import type { Verdict } from '@guatu/data/site-check-rules.ts';

export type Site = {
  index: number; name: string | null; areaM2: number; areaMu: number; planeAreaM2?: number; verdict: Verdict; explanation: string; warnings: string[];
  geometry: { type: string; coordinates: unknown };
  layers: { kind: string; label: string; overlapAreaM2: number; overlapGeometry?: unknown; overlapAreaMu: number; sitePercent: number; planeOverlapAreaM2: number | null; nearestDistanceM: number | null; loaded: boolean; slivers: number; features: { code: string; name: string | null; overlapAreaMu: number }[] }[];
};
export type SavedCheck = { id: number; createdAt: Date; createdByName: string | null; title: string | null; result: { [k: string]: unknown } };

/** A number in Chinese grouping with fixed decimals. */
export const num = (v: number, digits = 2) => v.toLocaleString('zh-CN', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** What a layer's row says beside the areas: the features hit, or the nearest distance. */
export function hitText(l: Site['layers'][number]): string {
  const base = !l.loaded ? '本系统未载入该图层'
    : l.kind === 'urban_boundary' && l.overlapAreaM2 > 0 ? '位于城镇开发边界以外'
    : l.features.length ? l.features.slice(0, 6).map((f) => f.name || f.code).join('、') + (l.features.length > 6 ? ` 等 ${l.features.length} 处` : '')
      : l.nearestDistanceM !== null ? `无重叠，最近 ${num(l.nearestDistanceM, 0)} 米` : '无重叠';
  return `${base}${l.slivers ? `（另有 ${l.slivers} 处碎片忽略）` : ''}`;
}
