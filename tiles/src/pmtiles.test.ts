// Archives written here must read back, tile for tile, with the reference reader (npm pmtiles).
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { PMTiles, type RangeResponse, type Source } from 'pmtiles';
import { describe, expect, it } from 'vitest';
import { openArchive } from './pmtiles-reader.ts';
import { createArchiveWriter } from './pmtiles-writer.ts';
import { zxyToTileId, tileIdToZxy } from './tile-id.ts';

/** `length` bytes that gzip cannot shrink, derived from a key. */
function incompressible(key: string, length: number): Uint8Array {
  const parts: Buffer[] = [];
  for (let i = 0; parts.length * 32 < length; i++) parts.push(createHash('sha256').update(`${key}#${i}`).digest());
  return new Uint8Array(Buffer.concat(parts).subarray(0, length));
}

class FileSource implements Source {
  private readonly bytes: Buffer;
  private readonly path: string;
  constructor(path: string) {
    this.path = path;
    this.bytes = readFileSync(path);
  }
  getKey() {
    return this.path;
  }
  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    const slice = this.bytes.subarray(offset, offset + length);
    return { data: slice.buffer.slice(slice.byteOffset, slice.byteOffset + slice.length) as ArrayBuffer };
  }
}

async function writeArchive(path: string, tiles: Map<number, Uint8Array>, maxZoom: number) {
  const writer = await createArchiveWriter(path);
  for (const id of [...tiles.keys()].sort((a, b) => a - b)) await writer.addTile(id, gzipSync(tiles.get(id)!));
  return writer.finish({ minZoom: 0, maxZoom, bounds: [110, 34, 119, 40], center: [113, 37, 6], metadata: { name: 'test', vector_layers: [] } });
}

describe('PMTiles archives', () => {
  it('store identical tiles once, merge runs, and read back with the reference reader', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guatu-pmtiles-'));
    const path = join(dir, 'small.pmtiles');
    const tiles = new Map<number, Uint8Array>();
    const ocean = new TextEncoder().encode('same bytes everywhere');
    for (let z = 0; z <= 6; z++) for (let x = 0; x < 2 ** z; x++) for (let y = 0; y < 2 ** Math.min(z, 3); y++) {
      tiles.set(zxyToTileId(z, x, y), (x + y) % 5 === 0 ? ocean : new TextEncoder().encode(`tile ${z}/${x}/${y}`));
    }
    const summary = await writeArchive(path, tiles, 6);
    expect(summary.addressedTiles).toBe(tiles.size);
    expect(summary.tileContents).toBeLessThan(tiles.size);
    expect(summary.tileEntries).toBeLessThanOrEqual(summary.addressedTiles);

    const reference = new PMTiles(new FileSource(path));
    const header = await reference.getHeader();
    expect(header.specVersion).toBe(3);
    expect(header.numAddressedTiles).toBe(tiles.size);
    expect(header.maxZoom).toBe(6);
    expect(await reference.getMetadata()).toMatchObject({ name: 'test' });
    const ours = await openArchive(path);
    for (const [id, bytes] of tiles) {
      const [z, x, y] = tileIdToZxy(id);
      const got = await reference.getZxy(z, x, y);
      expect(new Uint8Array(got!.data), `${z}/${x}/${y}`).toEqual(bytes);
      expect(gunzipSync((await ours.getTile(z, x, y))!)).toEqual(Buffer.from(bytes));
    }
    expect(await reference.getZxy(6, 0, 60)).toBeUndefined();
    expect(await ours.getTile(6, 0, 60)).toBeNull();
    await ours.close();
  });

  it('moves directories into leaves when the root would not fit in 16 KiB', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guatu-pmtiles-'));
    const path = join(dir, 'large.pmtiles');
    const tiles = new Map<number, Uint8Array>();
    // 60,000 distinct tiles of varying size at zoom 12 around the demo region, every other column.
    // Sizes from a hash, so that the directory does not compress away below 16 KiB.
    const noise = (x: number, y: number) => createHash('md5').update(`${x}/${y}`).digest()[0]!;
    for (let x = 3250; x < 3550; x += 2) for (let y = 1500; y < 1900; y++) tiles.set(zxyToTileId(12, x, y), incompressible(`${x}/${y}`, noise(x, y)));
    await writeArchive(path, tiles, 12);
    const reference = new PMTiles(new FileSource(path));
    const header = await reference.getHeader();
    expect(header.leafDirectoryLength).toBeGreaterThan(0);
    expect(header.rootDirectoryOffset + header.rootDirectoryLength).toBeLessThanOrEqual(16_384);
    const ours = await openArchive(path);
    for (const [id, bytes] of [...tiles].filter((_, i) => i % 97 === 0)) {
      const [z, x, y] = tileIdToZxy(id);
      expect(new Uint8Array((await reference.getZxy(z, x, y))!.data)).toEqual(bytes);
      expect(gunzipSync((await ours.getTile(z, x, y))!)).toEqual(Buffer.from(bytes));
    }
    expect(await ours.getTile(12, 3251, 1600)).toBeNull();
    expect(await reference.getZxy(12, 3251, 1600)).toBeUndefined();
    await ours.close();
  }, 60_000);
});
