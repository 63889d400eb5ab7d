// What the site-selection check (选址冲突分析) checks a site against, how wide each transport
// corridor is, and which overlaps make a conflict and which only need attention. These are the
// defaults; a deployment overrides widths, conflict layers and the sliver tolerance in a JSON file
// named by SITE_CHECK_RULES (api/src/config.ts), and every check saves the rules it used.
import type { LineKind } from './glossary.ts';

export type CheckLayerId =
  | 'basic_farmland' | 'ecological_redline' | 'urban_boundary' | 'water_source' | 'other_constraint'
  | 'land_parcels' | 'projects' | 'energy_stations' | 'transport_corridors';

export interface CheckLayer {
  id: CheckLayerId;
  /** The layer's name in the results and the report. */
  label: string;
  /** What counts as an overlap, in a sentence (the report's 说明 column). */
  measures: string;
  /** The overlap's colour on the map and in the report's map image. */
  color: string;
}

export const checkLayers: readonly CheckLayer[] = [
  { id: 'basic_farmland', label: '永久基本农田', measures: '选址与永久基本农田重叠的部分', color: '#e8590c' },
  { id: 'ecological_redline', label: '生态保护红线', measures: '选址与生态保护红线重叠的部分', color: '#c2255c' },
  { id: 'urban_boundary', label: '城镇开发边界', measures: '选址位于城镇开发边界以外的部分', color: '#7048e8' },
  { id: 'water_source', label: '水源保护区', measures: '选址与水源保护区重叠的部分', color: '#1c7ed6' },
  { id: 'other_constraint', label: '其他管控区', measures: '选址与其他管控区重叠的部分', color: '#868e96' },
  { id: 'land_parcels', label: '已配置或已供应的用地', measures: '选址与已配置、已供应给其他项目的地块重叠的部分', color: '#d6336c' },
  { id: 'projects', label: '其他项目选址', measures: '选址与其他项目用地范围重叠的部分', color: '#364fc7' },
  { id: 'energy_stations', label: '光伏风电场站', measures: '选址与光伏、风电场站用地范围重叠的部分', color: '#0ca678' },
  { id: 'transport_corridors', label: '交通线路保护范围', measures: '选址落入公路建筑控制区、铁路线路安全保护区的部分', color: '#5c940d' },
];

/**
 * Corridor half-widths from the line's centreline, in metres: the statutory distance (measured from
 * the edge of the road's land or the railway's formation) plus a typical half-width of that land.
 */
export const corridorWidths: Readonly<Record<LineKind, { metres: number; basis: string }>> = {
  high_speed_rail: { metres: 30, basis: '《铁路安全管理条例》第二十七条：高速铁路线路安全保护区其他地区不少于 20 米，另加路基半宽约 10 米' },
  railway: { metres: 25, basis: '《铁路安全管理条例》第二十七条：普速铁路线路安全保护区其他地区不少于 15 米，另加路基半宽约 10 米' },
  rail_spur: { metres: 20, basis: '参照《铁路安全管理条例》第二十七条普速铁路 15 米，另加路基半宽约 5 米' },
  expressway: { metres: 50, basis: '《公路安全保护条例》第十一条：高速公路建筑控制区自公路用地外缘起不少于 30 米，另加公路用地半宽约 20 米' },
  national_road: { metres: 30, basis: '《公路安全保护条例》第十一条：国道建筑控制区不少于 20 米，另加公路用地半宽约 10 米' },
  provincial_road: { metres: 25, basis: '《公路安全保护条例》第十一条：省道建筑控制区不少于 15 米，另加公路用地半宽约 10 米' },
  tourism_road: { metres: 15, basis: '参照《公路安全保护条例》第十一条县道 10 米，另加公路用地半宽约 5 米' },
};

/** Overlaps on these layers make a site a conflict; on the others they need attention. */
export const conflictLayers: ReadonlySet<CheckLayerId> = new Set(['basic_farmland', 'ecological_redline', 'land_parcels', 'projects']);

/** Overlaps smaller than this (m²) are slivers of digitising, ignored and counted as such. */
export const DEFAULT_SLIVER_M2 = 1;

/** The rules a check runs with: corridor widths (with their basis), the conflict layers, the default sliver tolerance. */
export interface SiteCheckRules {
  corridorWidths: Readonly<Record<LineKind, { metres: number; basis: string }>>;
  conflictLayers: readonly CheckLayerId[];
  sliverM2: number;
}

export const defaultRules: SiteCheckRules = { corridorWidths, conflictLayers: [...conflictLayers], sliverM2: DEFAULT_SLIVER_M2 };

export type Verdict = 'clear' | 'attention' | 'conflict';

export const verdictLabels: Readonly<Record<Verdict, string>> = { clear: '无冲突', attention: '需关注', conflict: '存在冲突' };

/** The part of a layer's result the verdict reads. */
export interface LayerOverlap {
  kind: CheckLayerId;
  overlapAreaM2: number;
  features: { name: string | null; code: string }[];
}

/** A site's verdict and a short explanation in Chinese: which layers make it so, by how many 亩. */
export function verdictOf(siteAreaM2: number, layers: LayerOverlap[], conflicting: readonly CheckLayerId[] = defaultRules.conflictLayers): { verdict: Verdict; explanation: string } {
  const conflictSet = new Set(conflicting);
  const hit = layers.filter((l) => l.overlapAreaM2 > 0);
  const label = (id: CheckLayerId) => checkLayers.find((c) => c.id === id)!.label;
  const mu = (m2: number) => (m2 * 3 / 2000).toLocaleString('zh-CN', { maximumFractionDigits: 2 });
  const pct = (m2: number) => `${((m2 / siteAreaM2) * 100).toLocaleString('zh-CN', { maximumFractionDigits: 1 })}%`;
  const say = (l: LayerOverlap) => (l.kind === 'urban_boundary'
    ? `${mu(l.overlapAreaM2)} 亩（${pct(l.overlapAreaM2)}）位于城镇开发边界以外`
    : `与${label(l.kind)}重叠 ${mu(l.overlapAreaM2)} 亩（${pct(l.overlapAreaM2)}${l.features.length ? `，${l.features.slice(0, 2).map((f) => f.name || f.code).join('、')}${l.features.length > 2 ? ` 等 ${l.features.length} 处` : ''}` : ''}）`);
  const conflicts = hit.filter((l) => conflictSet.has(l.kind));
  const attention = hit.filter((l) => !conflictSet.has(l.kind));
  if (conflicts.length) return { verdict: 'conflict', explanation: `存在冲突：${[...conflicts, ...attention].map(say).join('；')}。` };
  if (attention.length) return { verdict: 'attention', explanation: `需关注：${attention.map(say).join('；')}。` };
  return { verdict: 'clear', explanation: '未发现与管控区、已配置用地、其他项目、场站和交通保护范围的重叠。' };
}

/** The verdict line of a report: the explanation, led by the verdict unless it already says it. */
export function verdictLine(verdict: Verdict, explanation: string): string {
  return explanation.startsWith(verdictLabels[verdict]) ? `结论：${explanation}` : `结论：${verdictLabels[verdict]}。${explanation}`;
}
