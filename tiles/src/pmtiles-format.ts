// The PMTiles v3 binary layout shared by the writer and the reader: the 127-byte header and the
// directory encoding (varint columns: tile-ID deltas, run lengths, lengths, offsets).

export const HEADER_BYTES = 127;
/** The header and root directory must fit in the first 16 KiB. */
export const ROOT_LIMIT = 16_384;

export const Compression = { unknown: 0, none: 1, gzip: 2, brotli: 3, zstd: 4 } as const;
export const TileType = { unknown: 0, mvt: 1, png: 2, jpeg: 3, webp: 4, avif: 5 } as const;

export interface Entry {
  tileId: number;
  offset: number;
  length: number;
  /** Consecutive tile IDs sharing these bytes; 0 marks a pointer to a leaf directory. */
  runLength: number;
}

export interface Header {
  rootDirectoryOffset: number;
  rootDirectoryLength: number;
  jsonMetadataOffset: number;
  jsonMetadataLength: number;
  leafDirectoryOffset: number;
  leafDirectoryLength: number;
  tileDataOffset: number;
  tileDataLength: number;
  numAddressedTiles: number;
  numTileEntries: number;
  numTileContents: number;
  clustered: boolean;
  internalCompression: number;
  tileCompression: number;
  tileType: number;
  minZoom: number;
  maxZoom: number;
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
  centerZoom: number;
  centerLon: number;
  centerLat: number;
}

/** Serialises the header (little-endian, coordinates in 1e-7 degrees). */
export function writeHeader(h: Header): Uint8Array {
  const bytes = new Uint8Array(HEADER_BYTES);
  const v = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode('PMTiles'), 0);
  v.setUint8(7, 3);
  const u64 = [h.rootDirectoryOffset, h.rootDirectoryLength, h.jsonMetadataOffset, h.jsonMetadataLength, h.leafDirectoryOffset,
    h.leafDirectoryLength, h.tileDataOffset, h.tileDataLength, h.numAddressedTiles, h.numTileEntries, h.numTileContents];
  u64.forEach((n, i) => v.setBigUint64(8 + i * 8, BigInt(n), true));
  v.setUint8(96, h.clustered ? 1 : 0);
  v.setUint8(97, h.internalCompression);
  v.setUint8(98, h.tileCompression);
  v.setUint8(99, h.tileType);
  v.setUint8(100, h.minZoom);
  v.setUint8(101, h.maxZoom);
  const e7 = (deg: number) => Math.round(deg * 1e7);
  v.setInt32(102, e7(h.minLon), true);
  v.setInt32(106, e7(h.minLat), true);
  v.setInt32(110, e7(h.maxLon), true);
  v.setInt32(114, e7(h.maxLat), true);
  v.setUint8(118, h.centerZoom);
  v.setInt32(119, e7(h.centerLon), true);
  v.setInt32(123, e7(h.centerLat), true);
  return bytes;
}

/** Parses a header; throws when the bytes are not PMTiles v3. */
export function readHeader(bytes: Uint8Array): Header {
  if (bytes.length < HEADER_BYTES || new TextDecoder().decode(bytes.subarray(0, 7)) !== 'PMTiles' || bytes[7] !== 3) {
    throw new Error('not a PMTiles v3 archive');
  }
  const v = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  const u64 = (i: number) => Number(v.getBigUint64(8 + i * 8, true));
  return {
    rootDirectoryOffset: u64(0), rootDirectoryLength: u64(1), jsonMetadataOffset: u64(2), jsonMetadataLength: u64(3),
    leafDirectoryOffset: u64(4), leafDirectoryLength: u64(5), tileDataOffset: u64(6), tileDataLength: u64(7),
    numAddressedTiles: u64(8), numTileEntries: u64(9), numTileContents: u64(10),
    clustered: v.getUint8(96) === 1, internalCompression: v.getUint8(97), tileCompression: v.getUint8(98), tileType: v.getUint8(99),
    minZoom: v.getUint8(100), maxZoom: v.getUint8(101),
    minLon: v.getInt32(102, true) / 1e7, minLat: v.getInt32(106, true) / 1e7, maxLon: v.getInt32(110, true) / 1e7, maxLat: v.getInt32(114, true) / 1e7,
    centerZoom: v.getUint8(118), centerLon: v.getInt32(119, true) / 1e7, centerLat: v.getInt32(123, true) / 1e7,
  };
}

function pushVarint(out: number[], value: number): void {
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

/** Encodes directory entries (sorted by tile ID), uncompressed. */
export function encodeDirectory(entries: readonly Entry[]): Uint8Array {
  const out: number[] = [];
  pushVarint(out, entries.length);
  let last = 0;
  for (const e of entries) {
    pushVarint(out, e.tileId - last);
    last = e.tileId;
  }
  for (const e of entries) pushVarint(out, e.runLength);
  for (const e of entries) pushVarint(out, e.length);
  entries.forEach((e, i) => {
    const prev = entries[i - 1];
    pushVarint(out, i > 0 && prev && e.offset === prev.offset + prev.length ? 0 : e.offset + 1);
  });
  return Uint8Array.from(out);
}

/** Decodes an uncompressed directory. */
export function decodeDirectory(bytes: Uint8Array): Entry[] {
  let at = 0;
  const read = () => {
    let result = 0;
    let factor = 1;
    for (;;) {
      const b = bytes[at++];
      if (b === undefined) throw new Error('truncated PMTiles directory');
      result += (b & 0x7f) * factor;
      if (b < 0x80) return result;
      factor *= 128;
    }
  };
  const n = read();
  const entries: Entry[] = [];
  let id = 0;
  for (let i = 0; i < n; i++) {
    id += read();
    entries.push({ tileId: id, offset: 0, length: 0, runLength: 0 });
  }
  for (const e of entries) e.runLength = read();
  for (const e of entries) e.length = read();
  entries.forEach((e, i) => {
    const v = read();
    const prev = entries[i - 1];
    e.offset = v === 0 && prev ? prev.offset + prev.length : v - 1;
  });
  return entries;
}

/** The entry covering a tile ID, by binary search (runs cover several IDs; leaf pointers have run 0). */
export function findEntry(entries: readonly Entry[], tileId: number): Entry | null {
  let lo = 0;
  let hi = entries.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const e = entries[mid]!;
    if (e.tileId < tileId) lo = mid + 1;
    else if (e.tileId > tileId) hi = mid - 1;
    else return e;
  }
  const e = hi >= 0 ? entries[hi] : undefined;
  if (!e) return null;
  if (e.runLength === 0) return e; // a leaf directory starting before this ID may cover it
  return tileId - e.tileId < e.runLength ? e : null;
}
