// The tile builder on a small fixture: counts at the maximum zoom match the input, clusters at low
// zooms keep every point (point_count adds up) per category, polygons are clipped at tile edges.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { describe, expect, it } from 'vitest';
import { buildArchive, inDrawOrder } from './build.ts';
import { projectFeature, toWorld, type WorldFeature } from './geometry.ts';
import { openArchive } from './pmtiles-reader.ts';

const points: WorldFeature[] = [];
for (let i = 0; i < 400; i++) {
  const lon = 112.5 + (i % 20) * 0.01;
  const lat = 38.3 + Math.floor(i / 20) * 0.01;
  points.push(projectFeature(i + 1, { type: 'Point', coordinates: [lon, lat] }, { stage: i % 3 === 0 ? 'reserve' : 'continuing', name: `p${i}` })!);
}

async function tilesAt(path: string, z: number) {
  const archive = await openArchive(path);
  const out: { x: number; y: number; features: { id: number | undefined; props: Record<string, unknown>; own: boolean }[] }[] = [];
  const n = 2 ** z;
  const [wx0, wy0] = toWorld(112.4, 38.6);
  const [wx1, wy1] = toWorld(112.8, 38.2);
  for (let x = Math.floor(wx0 * n); x <= Math.floor(wx1 * n); x++) {
    for (let y = Math.floor(wy0 * n); y <= Math.floor(wy1 * n); y++) {
      const bytes = await archive.getTile(z, x, y);
      if (!bytes) continue;
      const layer = new VectorTile(new PbfReader(gunzipSync(bytes))).layers.projects!;
      // A point near an edge is repeated in the neighbour's buffer; the tile it lies in owns it.
      const features = Array.from({ length: layer.length }, (_, i) => layer.feature(i)).map((f) => {
        const p = f.loadGeometry()[0]![0]!;
        return { id: f.id, props: f.properties, own: p.x >= 0 && p.x < layer.extent && p.y >= 0 && p.y < layer.extent };
      });
      out.push({ x, y, features });
    }
  }
  await archive.close();
  return out;
}

describe('buildArchive', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'guatu-build-')), 'projects.pmtiles');
  const spec = { layer: 'projects', minZoom: 4, maxZoom: 12, extent: 4096, buffer: 64, simplify: 3, cluster: { belowZoom: 10, by: ['stage'], cell: 256 } };

  it('keeps every point at every zoom, clustered per category below the cluster zoom', async () => {
    const summary = await buildArchive(points, spec, path);
    expect(summary.features).toBe(400);
    for (const z of [4, 7, 9]) {
      const tiles = await tilesAt(path, z);
      const counts = new Map<string, number>();
      for (const t of tiles) for (const f of t.features.filter((f) => f.own)) {
        const key = `${f.props.stage}`;
        counts.set(key, (counts.get(key) ?? 0) + Number(f.props.point_count));
      }
      expect(counts.get('reserve'), `z${z}`).toBe(134);
      expect(counts.get('continuing'), `z${z}`).toBe(266);
      if (z < 8) expect(tiles.reduce((s, t) => s + t.features.length, 0), `z${z} clusters`).toBeLessThan(50);
    }
  });

  it('has each point once, with its attributes, at the maximum zoom', async () => {
    const tiles = await tilesAt(path, 12);
    const owned = tiles.flatMap((t) => t.features.filter((f) => f.own).map((f) => f.id));
    expect(owned).toHaveLength(400);
    expect(new Set(owned).size).toBe(400);
    const one = tiles.flatMap((t) => t.features).find((f) => f.id === 1)!;
    expect(one.props).toEqual({ stage: 'reserve', name: 'p0', point_count: 1 });
  });

  it('clips a polygon spanning tiles into each of them', async () => {
    const square = projectFeature(9, { type: 'Polygon', coordinates: [[[112.0, 38.0], [113.0, 38.0], [113.0, 39.0], [112.0, 39.0], [112.0, 38.0]]] }, { kind: 'basic_farmland' })!;
    const p2 = join(mkdtempSync(join(tmpdir(), 'guatu-build-')), 'zones.pmtiles');
    const summary = await buildArchive([square], { layer: 'projects', minZoom: 8, maxZoom: 10, extent: 4096, buffer: 64, simplify: 3 }, p2);
    // At z10 one degree spans about 2.8 tiles each way: 3×3 to 4×4 tiles hold a piece.
    expect(summary.addressedTiles).toBeGreaterThanOrEqual(9 + 4 + 4);
    const archive = await openArchive(p2);
    expect(archive.header.minZoom).toBe(8);
    expect(archive.header.maxLon).toBeCloseTo(113, 4);
    await archive.close();
  });

  it('writes each tile\'s features in the draw order, largest first, missing values last', async () => {
    const sized = points.slice(0, 60).map((p, i) => ({ ...p, properties: { ...p.properties, totalInvestment: i % 7 === 0 ? null : (i * 37) % 101 } }));
    const p3 = join(mkdtempSync(join(tmpdir(), 'guatu-build-')), 'ordered.pmtiles');
    await buildArchive(sized, { ...spec, cluster: undefined, minZoom: 8, maxZoom: 12, drawOrder: { attribute: 'totalInvestment', descending: true } }, p3);
    for (const z of [8, 12]) {
      for (const t of await tilesAt(p3, z)) {
        const values = t.features.map((f) => (f.props.totalInvestment ?? null) as number | null);
        const expected = [...values].sort((a, b) => (a === null ? 1 : b === null ? -1 : b - a));
        expect(values, `z${z} ${t.x}/${t.y}`).toEqual(expected);
      }
    }
  });
});

describe('inDrawOrder', () => {
  it('sorts by the attribute, then by id, and leaves its input as it was', () => {
    const f = (id: number, v: string | number | null): WorldFeature => ({ ...points[0]!, id, properties: { v } });
    const input = [f(1, 5), f(2, null), f(3, 9), f(4, 5), f(5, 'x'), f(6, 0)];
    expect(inDrawOrder(input, { attribute: 'v', descending: true }).map((x) => x.id)).toEqual([3, 1, 4, 6, 2, 5]);
    expect(inDrawOrder(input, { attribute: 'v', descending: false }).map((x) => x.id)).toEqual([6, 1, 4, 3, 2, 5]);
    expect(input.map((x) => x.id)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
