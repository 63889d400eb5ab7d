// Chinese number formatting for the UI (万元/亿元, 亩, 万千瓦), shared with the rest of Guatu.
export { formatWanYuan, formatCapacityKw, formatMu, formatPercent } from '@guatu/data/units.ts';

/** Formats a count with Chinese digit grouping. */
export function formatCount(n: number): string {
  return n.toLocaleString('zh-CN');
}

/** Formats a ratio or shows a dash when it is undefined (nothing planned yet). */
export function formatRate(ratio: number | null): string {
  return ratio === null ? '—' : `${(ratio * 100).toFixed(1)}%`;
}
