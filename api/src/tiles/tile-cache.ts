// A byte-bounded LRU of served tiles: popular tiles (the region's overview zooms) are answered from
// memory without touching the archive file.

export interface TileCache {
  get(key: string): Uint8Array | null | undefined;
  set(key: string, value: Uint8Array | null): void;
  readonly bytes: number;
}

/** A cache holding at most `maxBytes` of tile data (empty tiles cost a little too). */
export function createTileCache(maxBytes: number): TileCache {
  const entries = new Map<string, Uint8Array | null>();
  let bytes = 0;
  const size = (v: Uint8Array | null) => (v ? v.length : 0) + 64;
  return {
    get(key) {
      const v = entries.get(key);
      if (v === undefined) return undefined;
      // Map keeps insertion order: re-inserting marks the entry as recently used.
      entries.delete(key);
      entries.set(key, v);
      return v;
    },
    set(key, value) {
      const old = entries.get(key);
      if (old !== undefined) {
        bytes -= size(old);
        entries.delete(key);
      }
      entries.set(key, value);
      bytes += size(value);
      for (const [k, v] of entries) {
        if (bytes <= maxBytes) break;
        entries.delete(k);
        bytes -= size(v);
      }
    },
    get bytes() {
      return bytes;
    },
  };
}
