// Units the product fixes (DESIGN.md): 1 亩 = 2000/3 m² exactly, 1 公顷 = 15 亩; money in 万元;
// capacity in kW. Formatting follows Chinese conventions (万/亿).

/** Square metres in one 亩, exactly. */
export const M2_PER_MU = 2000 / 3;

/** Converts m² to 亩 (exact ratio, no rounding). */
export function m2ToMu(m2: number): number {
  return (m2 * 3) / 2000;
}

/** Converts 亩 to m² (exact ratio, no rounding). */
export function muToM2(mu: number): number {
  return (mu * 2000) / 3;
}

/** Converts m² to 公顷. */
export function m2ToHectare(m2: number): number {
  return m2 / 10_000;
}

function fixed(value: number, digits: number): string {
  return value.toLocaleString('zh-CN', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Formats an amount kept in 万元 as 万元 or, from 1 亿 up, as 亿元. */
export function formatWanYuan(wan: number): string {
  if (Math.abs(wan) >= 10_000) return `${fixed(wan / 10_000, 2)} 亿元`;
  return `${fixed(wan, wan % 1 === 0 ? 0 : 2)} 万元`;
}

/** Formats a capacity kept in kW as 万千瓦 (from 1 万千瓦 up), MW or kW. */
export function formatCapacityKw(kw: number): string {
  if (Math.abs(kw) >= 10_000) return `${fixed(kw / 10_000, 3)} 万千瓦`;
  if (Math.abs(kw) >= 1_000) return `${fixed(kw / 1_000, 1)} MW`;
  return `${fixed(kw, 0)} kW`;
}

/** Formats an area in m² as 亩 with two decimals. */
export function formatMu(m2: number): string {
  return `${fixed(m2ToMu(m2), 2)} 亩`;
}

/** Formats a ratio (0..1) as a percentage with two decimals. */
export function formatPercent(ratio: number): string {
  return `${fixed(ratio * 100, 2)}%`;
}
