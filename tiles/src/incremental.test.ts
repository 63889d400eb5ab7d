// An incremental build must give the archive a full build gives: same tiles, same bytes, while
// encoding only the tiles that changed features reach (moved, edited, added and removed points,
// clusters at low zooms, an edited polygon).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildArchive, type TileSpec } from './build.ts';
import { changedBoxes, featureHash, indexEntry, readFeatureIndex, writeFeatureIndex } from './feature-index.ts';
import { projectFeature, type SourceGeometry, type WorldFeature } from './geometry.ts';
import { openArchive } from './pmtiles-reader.ts';

interface Source {
  id: number;
  geometry: SourceGeometry;
  properties: Record<string, string | number>;
}

function square(lon: number, lat: number, size: number): SourceGeometry {
  return { type: 'Polygon', coordinates: [[[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]] };
}

function version1(): Source[] {
  const out: Source[] = [];
  for (let i = 0; i < 600; i++) {
    const lon = 111 + ((i * 7919) % 1000) / 400;
    const lat = 37 + ((i * 104729) % 1000) / 450;
    out.push({ id: i + 1, geometry: { type: 'Point', coordinates: [lon, lat] }, properties: { stage: i % 3 ? 'continuing' : 'reserve', name: `p${i}` } });
  }
  for (let i = 0; i < 30; i++) out.push({ id: 1000 + i, geometry: square(111 + (i % 6) * 0.4, 37 + Math.floor(i / 6) * 0.4, 0.05 + (i % 4) * 0.05), properties: { stage: 'zone', name: `z${i}` } });
  return out;
}

/** Version 2: 5% of points edited or moved, a few removed and added, one polygon redrawn. */
function version2(v1: Source[]): Source[] {
  const out = v1.filter((s) => ![17, 18, 19].includes(s.id)).map((s) => ({ ...s, properties: { ...s.properties } }));
  for (const s of out.filter((s) => s.id % 20 === 0 && s.id < 1000)) {
    if (s.id % 40 === 0) s.properties.stage = 'completed';
    else s.geometry = { type: 'Point', coordinates: [(s.geometry.coordinates as number[])[0]! + 0.3, (s.geometry.coordinates as number[])[1]!] };
  }
  for (let i = 0; i < 3; i++) out.push({ id: 700 + i, geometry: { type: 'Point', coordinates: [112 + i * 0.2, 38] }, properties: { stage: 'reserve', name: `new${i}` } });
  out.find((s) => s.id === 1005)!.geometry = square(113.5, 38.5, 0.3);
  return out;
}

function project(sources: Source[]) {
  const features: WorldFeature[] = [];
  const index = [];
  for (const s of sources) {
    const f = projectFeature(s.id, s.geometry, s.properties)!;
    features.push(f);
    index.push(indexEntry(f, featureHash(JSON.stringify(s.geometry), s.properties)));
  }
  return { features, index };
}

async function allTiles(path: string): Promise<Map<number, string>> {
  const archive = await openArchive(path);
  const out = new Map<number, string>();
  for (const e of await archive.tileEntries()) {
    const bytes = Buffer.from(gunzipSync(await archive.readEntry(e))).toString('base64');
    for (let id = e.tileId; id < e.tileId + e.runLength; id++) out.set(id, bytes);
  }
  await archive.close();
  return out;
}

describe('incremental tile builds', () => {
  const dir = mkdtempSync(join(tmpdir(), 'guatu-incremental-'));
  const spec: TileSpec = { layer: 'projects', minZoom: 4, maxZoom: 13, extent: 4096, buffer: 64, simplify: 3, cluster: { belowZoom: 10, by: ['stage'], cell: 256 } };

  it('gives exactly the tiles of a full build while encoding only the changed ones', async () => {
    const v1 = project(version1());
    const v2 = project(version2(version1()));
    await buildArchive(v1.features, spec, join(dir, 'v1.pmtiles'));
    writeFeatureIndex(join(dir, 'v1.index'), v1.index);
    const full = await buildArchive(v2.features, spec, join(dir, 'full.pmtiles'));

    const previous = readFeatureIndex(join(dir, 'v1.index'))!;
    expect(previous.size).toBe(630);
    const { boxes, changed } = changedBoxes(previous, v2.index);
    expect(changed).toBe(30 + 3 + 3 + 1);
    const base = await openArchive(join(dir, 'v1.pmtiles'));
    const incremental = await buildArchive(v2.features, spec, join(dir, 'incremental.pmtiles'), { archive: base, changed: boxes });
    await base.close();

    expect(incremental.addressedTiles).toBe(full.addressedTiles);
    expect(incremental.encodedTiles).toBeLessThan(full.encodedTiles / 2);
    const [a, b] = [await allTiles(join(dir, 'full.pmtiles')), await allTiles(join(dir, 'incremental.pmtiles'))];
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [id, bytes] of a) expect(b.get(id), `tile ${id}`).toBe(bytes);
  });

  it('copies everything when nothing changed, and refuses a base of another zoom range', async () => {
    const v1 = project(version1());
    const base = await openArchive(join(dir, 'v1.pmtiles'));
    const same = await buildArchive(v1.features, spec, join(dir, 'same.pmtiles'), { archive: base, changed: [] });
    expect(same.encodedTiles).toBe(0);
    expect(same.addressedTiles).toBe(base.header.numAddressedTiles);
    await expect(buildArchive(v1.features, { ...spec, maxZoom: 12 }, join(dir, 'other.pmtiles'), { archive: base, changed: [] })).rejects.toThrow(/zoom range/);
    await base.close();
  });

  it('reads back what it wrote and refuses what is not an index', () => {
    const v1 = project(version1());
    writeFeatureIndex(join(dir, 'again.index'), v1.index);
    expect(readFeatureIndex(join(dir, 'again.index'))!.get(1005)!.bbox).toEqual(v1.features.find((f) => f.id === 1005)!.bbox);
    expect(readFeatureIndex(join(dir, 'missing.index'))).toBeNull();
    expect(readFeatureIndex(join(dir, 'v1.pmtiles'))).toBeNull();
  });
});
