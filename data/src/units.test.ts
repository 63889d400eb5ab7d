import { describe, expect, it } from 'vitest';
import { formatCapacityKw, formatMu, formatWanYuan, m2ToMu, muToM2, M2_PER_MU } from './units.ts';

describe('units', () => {
  it('uses exactly 2000/3 m² per 亩 and 15 亩 per 公顷', () => {
    expect(M2_PER_MU).toBe(2000 / 3);
    expect(m2ToMu(2000)).toBe(3);
    expect(muToM2(15)).toBe(10_000);
    expect(m2ToMu(muToM2(1928))).toBeCloseTo(1928, 10);
  });

  it('formats money in 万元 and 亿元', () => {
    expect(formatWanYuan(58_000)).toBe('5.80 亿元');
    expect(formatWanYuan(9_600)).toBe('9,600 万元');
    expect(formatWanYuan(12.5)).toBe('12.50 万元');
  });

  it('formats capacity as 万千瓦, MW or kW', () => {
    expect(formatCapacityKw(304_480)).toBe('30.448 万千瓦');
    expect(formatCapacityKw(2_500)).toBe('2.5 MW');
    expect(formatCapacityKw(260)).toBe('260 kW');
  });

  it('formats areas in 亩', () => {
    expect(formatMu(666_666.67)).toBe('1,000.00 亩');
  });
});
