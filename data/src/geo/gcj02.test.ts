import { describe, expect, it } from 'vitest';
import { bd09ToWgs84, gcj02ToWgs84, wgs84ToGcj02 } from './gcj02.ts';
import { metresPerDegree } from './planar.ts';

function metres(a: [number, number], b: [number, number]): number {
  const m = metresPerDegree(a[1]);
  return Math.hypot((a[0] - b[0]) * m.lon, (a[1] - b[1]) * m.lat);
}

describe('GCJ-02', () => {
  const samples: [number, number][] = [[112.7337, 38.4167], [112.9572, 38.4735], [118.0193, 37.4307], [110.998, 35.015], [116.397, 39.909]];

  it('shifts points in China by a few hundred metres', () => {
    for (const p of samples) {
      const shift = metres(p, wgs84ToGcj02(...p));
      expect(shift).toBeGreaterThan(100);
      expect(shift).toBeLessThan(800);
    }
  });

  it('inverts to well under a millimetre', () => {
    for (const p of samples) expect(metres(p, gcj02ToWgs84(...wgs84ToGcj02(...p)))).toBeLessThan(0.001);
  });

  it('leaves points outside China alone', () => {
    expect(wgs84ToGcj02(2.35, 48.85)).toEqual([2.35, 48.85]);
  });

  it('converts BD-09 through GCJ-02 (Baidu adds a further ~1 km offset)', () => {
    const wgs = samples[0]!;
    const gcj = wgs84ToGcj02(...wgs);
    // Forward BD-09 from GCJ-02, as Baidu publishes it.
    const x = gcj[0], y = gcj[1];
    const z = Math.sqrt(x * x + y * y) + 0.00002 * Math.sin((y * Math.PI * 3000) / 180);
    const theta = Math.atan2(y, x) + 0.000003 * Math.cos((x * Math.PI * 3000) / 180);
    const bd: [number, number] = [z * Math.cos(theta) + 0.0065, z * Math.sin(theta) + 0.006];
    expect(metres(wgs, bd09ToWgs84(...bd))).toBeLessThan(0.5);
  });
});
