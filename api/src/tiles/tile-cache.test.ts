import { describe, expect, it } from 'vitest';
import { createTileCache } from './tile-cache.ts';

describe('tile cache', () => {
  it('evicts the least recently used tiles past its byte budget', () => {
    const cache = createTileCache(3 * (100 + 64));
    for (const k of ['a', 'b', 'c']) cache.set(k, new Uint8Array(100));
    expect(cache.get('a')).toBeDefined();
    cache.set('d', new Uint8Array(100));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
    cache.set('empty', null);
    expect(cache.get('empty')).toBeNull();
    expect(cache.bytes).toBeLessThanOrEqual(3 * 164);
  });
});
