import { describe, expect, it } from 'vitest';
import { verdictOf } from './site-check-rules.ts';

describe('verdictOf', () => {
  it('is a conflict on farmland, names the layer, the 亩 and the share', () => {
    const v = verdictOf(20_000, [
      { kind: 'basic_farmland', overlapAreaM2: 10_000, features: [{ name: '东关片', code: 'BF-1' }] },
      { kind: 'transport_corridors', overlapAreaM2: 2_000, features: [{ name: null, code: 'G5' }] },
      { kind: 'water_source', overlapAreaM2: 0, features: [] },
    ]);
    expect(v).toEqual({ verdict: 'conflict', explanation: '存在冲突：与永久基本农田重叠 15 亩（50%，东关片）；与交通线路保护范围重叠 3 亩（10%，G5）。' });
  });

  it('needs attention outside the urban boundary, and is clear with nothing around', () => {
    expect(verdictOf(6_000, [{ kind: 'urban_boundary', overlapAreaM2: 3_000, features: [] }])).toEqual({ verdict: 'attention', explanation: '需关注：4.5 亩（50%）位于城镇开发边界以外。' });
    expect(verdictOf(6_000, []).verdict).toBe('clear');
  });
});
