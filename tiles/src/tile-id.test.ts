import { tileIdToZxy as referenceToZxy, zxyToTileId as referenceId } from 'pmtiles';
import { describe, expect, it } from 'vitest';
import { tileIdToZxy, zxyToTileId } from './tile-id.ts';

describe('tile IDs', () => {
  it('agree with the pmtiles reference implementation and round-trip', () => {
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let z = 0; z <= 20; z++) {
      for (let i = 0; i < 200; i++) {
        const x = rand(2 ** z);
        const y = rand(2 ** z);
        const id = zxyToTileId(z, x, y);
        expect(id).toBe(referenceId(z, x, y));
        expect(tileIdToZxy(id)).toEqual([z, x, y]);
        expect(referenceToZxy(id)).toEqual([z, x, y]);
      }
    }
  });

  it('refuses tiles outside their zoom', () => {
    expect(() => zxyToTileId(2, 4, 0)).toThrow();
  });
});
