// Vector tiles end to end: built from the demo data at start-up, served over HTTP, decoded with
// @mapbox/vector-tile and compared with PostGIS.
import { gunzipSync } from 'node:zlib';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { layers } from '@guatu/data/layers.ts';
import { toLonLat, toWorld } from '@guatu/tiles/geometry.ts';
import { api, portalFetch, servedTiles, testDb } from './support/db.ts';

const sql = testDb();
let version = 0;

beforeAll(async () => {
  version = await servedTiles();
}, 300_000);
afterAll(() => sql.end());

async function tile(layer: string, z: number, x: number, y: number) {
  const res = await portalFetch(`/tiles/v/${version}/${layer}/${z}/${x}/${y}.mvt`);
  if (res.status === 204) return null;
  expect(res.status).toBe(200);
  const l = new VectorTile(new PbfReader(new Uint8Array(await res.arrayBuffer()))).layers[layer]!;
  return Array.from({ length: l.length }, (_, i) => l.feature(i)).map((f) => {
    const p = f.loadGeometry()[0]![0]!;
    return { id: f.id, props: f.properties, type: f.type, own: p.x >= 0 && p.x < l.extent && p.y >= 0 && p.y < l.extent };
  });
}

function tileRange(z: number, bbox: [number, number, number, number]) {
  const n = 2 ** z;
  const [x0, y0] = toWorld(bbox[0], bbox[3]);
  const [x1, y1] = toWorld(bbox[2], bbox[1]);
  return { xs: [Math.floor(x0 * n), Math.floor(x1 * n)], ys: [Math.floor(y0 * n), Math.floor(y1 * n)] };
}

describe('vector tiles', () => {
  it('lists the registry with the layer ids the contract names', async () => {
    const { body } = await api('/api/layers');
    expect(body.items.map((l: any) => l.id)).toEqual(['regions', 'projects', 'land_parcels', 'energy_stations', 'transport_lines', 'constraint_zones']);
    expect(body.items.find((l: any) => l.id === 'projects').attributes).not.toContain('responsibleLeader');
  });

  it('answers TileJSON 3.0 whose URLs carry the served version', async () => {
    const { status, body } = await api('/tiles/projects.json');
    expect(status).toBe(200);
    expect(body.tilejson).toBe('3.0.0');
    expect(body.tiles[0]).toContain(`/tiles/v/${version}/projects/{z}/{x}/{y}.mvt`);
    expect(body.bounds[0]).toBeGreaterThan(109);
  });

  it('has exactly the PostGIS projects in each tile at the maximum zoom, with whitelisted attributes only', async () => {
    const [county] = await sql`SELECT ST_XMin(boundary) x0, ST_YMin(boundary) y0, ST_XMax(boundary) x1, ST_YMax(boundary) y1 FROM regions WHERE code = '140921'`;
    const z = 14;
    const { xs, ys } = tileRange(z, [county!.x0, county!.y0, county!.x1, county!.y1]);
    const allowed = new Set([...Object.keys(layers.find((l) => l.id === 'projects')!.source.attributes), 'point_count']);
    let fromTiles = 0;
    for (let x = xs[0]!; x <= xs[1]!; x++) for (let y = ys[0]!; y <= ys[1]!; y++) {
      const features = (await tile('projects', z, x, y)) ?? [];
      for (const f of features) for (const key of Object.keys(f.props)) expect(allowed.has(key), key).toBe(true);
      fromTiles += features.filter((f) => f.own).length;
    }
    const [west, north] = toLonLat([xs[0]! / 2 ** z, ys[0]! / 2 ** z]);
    const [east, south] = toLonLat([(xs[1]! + 1) / 2 ** z, (ys[1]! + 1) / 2 ** z]);
    const [{ n }] = (await sql`SELECT count(*)::int AS n FROM projects WHERE ST_X(location) >= ${west} AND ST_X(location) < ${east} AND ST_Y(location) > ${south} AND ST_Y(location) <= ${north}`) as unknown as [{ n: number }];
    expect(n).toBeGreaterThan(0);
    expect(fromTiles).toBe(n);
  }, 120_000);

  it('loses no station at a low zoom: clusters carry counts per grid status', async () => {
    for (const z of [5, 8]) {
      const { xs, ys } = tileRange(z, [110, 34.5, 118.5, 39.8]);
      const byStatus = new Map<string, number>();
      let features = 0;
      for (let x = xs[0]!; x <= xs[1]!; x++) for (let y = ys[0]!; y <= ys[1]!; y++) {
        for (const f of ((await tile('energy_stations', z, x, y)) ?? []).filter((f) => f.own)) {
          features++;
          byStatus.set(String(f.props.grid_status), (byStatus.get(String(f.props.grid_status)) ?? 0) + Number(f.props.point_count));
        }
      }
      const rows = await sql<{ grid_status: string; n: number }[]>`SELECT grid_status, count(*)::int AS n FROM energy_stations GROUP BY grid_status`;
      for (const r of rows) expect(byStatus.get(r.grid_status), `z${z} ${r.grid_status}`).toBe(r.n);
      const total = rows.reduce((s, r) => s + r.n, 0);
      expect(features, `z${z} thins out`).toBeLessThan(total);
    }
  });

  it('draws every project at every zoom, with the attributes the filters need', async () => {
    const z = 5;
    const { xs, ys } = tileRange(z, [110, 34.5, 118.5, 39.8]);
    const ids = new Set<number>();
    for (let x = xs[0]!; x <= xs[1]!; x++) for (let y = ys[0]!; y <= ys[1]!; y++) {
      for (const f of ((await tile('projects', z, x, y)) ?? []).filter((f) => f.own)) {
        ids.add(f.id!);
        expect(Object.keys(f.props)).toEqual(expect.arrayContaining(['stage', 'level', 'category', 'regionCode', 'totalInvestment']));
      }
    }
    const [{ n }] = (await sql`SELECT count(*)::int AS n FROM projects`) as unknown as [{ n: number }];
    expect(ids.size).toBe(n);
  });

  it('serves with gzip, strong ETags, 304, 204 for empty tiles and 404 for unknown layers or zooms', async () => {
    const { xs, ys } = tileRange(8, [112.9, 38.4, 112.9, 38.4]);
    const url = `/tiles/v/${version}/projects/8/${xs[0]}/${ys[0]}.mvt`;
    const first = await portalFetch(url, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(first.status).toBe(200);
    expect(first.headers.get('content-encoding')).toBe('gzip');
    expect(first.headers.get('cache-control')).toContain('immutable');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"v\d+-projects-8-/);
    expect((await portalFetch(url, { headers: { 'If-None-Match': etag } })).status).toBe(304);
    expect((await portalFetch(`/tiles/projects/14/0/0.mvt`)).status).toBe(204);
    expect((await portalFetch(`/tiles/nothing/8/1/1.mvt`)).status).toBe(404);
    expect((await portalFetch(`/tiles/projects/2/1/1.mvt`)).status).toBe(404);
    expect((await portalFetch(`/tiles/v/999999/projects/8/1/1.mvt`)).status).toBe(404);
  });

  it('serves the raw archives with HTTP Range for a CDN', async () => {
    const res = await portalFetch(`/tiles/v/${version}/regions.pmtiles`, { headers: { Range: 'bytes=0-126' } });
    expect(res.status).toBe(206);
    const head = new Uint8Array(await res.arrayBuffer());
    expect(head.length).toBe(127);
    expect(new TextDecoder().decode(head.subarray(0, 7))).toBe('PMTiles');
    expect(res.headers.get('content-range')).toMatch(/^bytes 0-126\/\d+$/);
  });

  it('records every layer build with its figures', async () => {
    const { body } = await api('/api/tile-builds');
    const published = body.items.filter((b: any) => b.status === 'published' && b.dataVersionId === version);
    expect(new Set(published.map((b: any) => b.layer)).size).toBe(6);
    for (const b of published) expect(b.tileCount).toBeGreaterThan(0);
  });
});
