// A committed data change reaches the map without a restart: the commit enqueues the tile job in
// its transaction, the worker rebuilds only what changed (the projects layer, one feature's tiles;
// every other layer reused), the current tile URLs move to the new version and the old version's
// immutable URLs keep their content. Runs its own portal on its own data (a fresh embedded data
// directory or a fresh database on the server), so the shared test data is never changed.
import { gunzipSync } from 'node:zlib';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import type { Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startBoss } from '@guatu/api/jobs/queue.ts';
import { enqueueTileBuild, ensureTilesQueue } from '@guatu/api/jobs/tiles-job.ts';
import type { ConnectionInfo } from '@guatu/api/db/database.ts';
import type { PortalProcess } from './support/portal-process.ts';
import { startOwnPortal, type OwnPortal } from './support/own-portal.ts';
import { until } from './support/until.ts';

const backend = inject('backend');
let own: OwnPortal;
let portal: PortalProcess;
let db: Sql;
let connection: ConnectionInfo;

async function served(): Promise<number | null> {
  return ((await (await portal.fetch('/api/tile-builds')).json()) as { servedVersion: number | null }).servedVersion;
}

/** The z14 tile holding a lon/lat, and the properties of feature `id` in it at `path`. */
function tileOf(lon: number, lat: number, z = 14): [number, number, number] {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  return [z, Math.floor(((lon + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n)];
}

async function featureIn(path: string, id: number): Promise<Record<string, unknown> | null> {
  const res = await portal.fetch(path, { headers: { 'Accept-Encoding': 'identity' } });
  expect(res.status, path).toBe(200);
  let bytes = new Uint8Array(await res.arrayBuffer());
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  const layer = new VectorTile(new PbfReader(bytes)).layers.projects!;
  for (let i = 0; i < layer.length; i++) if (layer.feature(i).id === id) return layer.feature(i).properties;
  return null;
}

beforeAll(async () => {
  own = await startOwnPortal('rebuild', backend);
  ({ portal, db, connection } = own);
}, 400_000);
afterAll(() => own?.close());

describe('a committed data change', () => {
  it('appears on the map once its tile job has run, rebuilding only what changed', async () => {
    const before = await until('the demo tiles', served);
    const [p] = await db<{ id: string; lon: number; lat: number }[]>`
      SELECT id, ST_X(location) AS lon, ST_Y(location) AS lat FROM projects WHERE stage <> 'completed' ORDER BY id LIMIT 1`;
    const id = Number(p!.id);
    const [z, x, y] = tileOf(p!.lon, p!.lat);
    expect((await featureIn(`/tiles/projects/${z}/${x}/${y}.mvt`, id))!.stage).not.toBe('completed');

    // The commit: a new version, the change, and the tile job, in one transaction.
    const boss = await startBoss(connection, backend, () => {}, ensureTilesQueue);
    const next = await db.begin(async (tx) => {
      const [v] = await tx<{ id: string }[]>`
        INSERT INTO data_versions (month, revision, kind, label, is_demo) VALUES ('2026-12-01', 1, 'manual', '2026年12月（测试）', true) RETURNING id`;
      await tx`UPDATE projects SET stage = 'completed', data_version_id = ${v!.id} WHERE id = ${id}`;
      await enqueueTileBuild(boss, tx, Number(v!.id));
      return Number(v!.id);
    });
    await boss.stop({ graceful: false });

    await until('the new version served', async () => (await served()) === next);
    expect((await featureIn(`/tiles/projects/${z}/${x}/${y}.mvt`, id))!.stage).toBe('completed');
    expect((await featureIn(`/tiles/v/${before}/projects/${z}/${x}/${y}.mvt`, id))!.stage).not.toBe('completed');
    const tileJson = (await (await portal.fetch('/tiles/projects.json')).json()) as { tiles: string[] };
    expect(tileJson.tiles[0]).toContain(`/tiles/v/${next}/projects/`);

    const builds = ((await (await portal.fetch('/api/tile-builds')).json()) as { items: any[] }).items
      .filter((b) => b.dataVersionId === next && b.status === 'published');
    const byLayer = Object.fromEntries(builds.map((b) => [b.layer, b]));
    expect(Object.keys(byLayer).sort()).toEqual(['constraint_zones', 'energy_stations', 'land_parcels', 'projects', 'regions', 'transport_lines']);
    expect(byLayer.projects).toMatchObject({ mode: 'incremental', baseVersion: before, changedFeatures: 1 });
    // One point: its tile at each of z4–z14, and a neighbour or two where it sits in a buffer.
    expect(byLayer.projects.encodedTiles).toBeGreaterThanOrEqual(11);
    expect(byLayer.projects.encodedTiles).toBeLessThanOrEqual(44);
    for (const layer of ['regions', 'land_parcels', 'energy_stations', 'transport_lines', 'constraint_zones']) {
      expect(byLayer[layer], layer).toMatchObject({ mode: 'reused', baseVersion: before, encodedTiles: 0 });
    }
  }, 400_000);
});
