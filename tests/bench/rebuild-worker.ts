// A child process of the tile benchmark: the rebuild after a monthly update. Inside one transaction
// that is rolled back at the end (the benchmark data stays as it was): a new data version changes
// the stage of a share of the projects, then that version's tiles are built the way the job builds
// them, on top of the full build this benchmark run made (its archives and feature indexes, linked
// into a scratch directory as the served version's).
// Usage: node rebuild-worker.ts --socket PATH | --url URL  --tiles FULL_BUILD_DIR --base VERSION --out DIR [--share 0.05]
import { existsSync, linkSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Sql } from 'postgres';
import { layers } from '@guatu/data/layers.ts';
import { connectEmbedded, connectServer } from '@guatu/api/db/client.ts';
import { buildVersionTiles } from '@guatu/api/tiles/build-version.ts';

const { values } = parseArgs({ options: { socket: { type: 'string' }, url: { type: 'string' }, tiles: { type: 'string' }, base: { type: 'string' }, out: { type: 'string' }, share: { type: 'string', default: '0.05' } } });
const sql = values.url ? connectServer(values.url) : connectEmbedded({ path: values.socket! });
const base = Number(values.base);
mkdirSync(join(values.out!, `v${base}`), { recursive: true });
for (const f of readdirSync(values.tiles!)) {
  if (!existsSync(join(values.out!, `v${base}`, f))) linkSync(join(values.tiles!, f), join(values.out!, `v${base}`, f));
}
const result: Record<string, unknown> = {};
class Rollback extends Error {}
await sql.begin(async (tx) => {
  const [v] = await tx<{ id: string }[]>`
    INSERT INTO data_versions (month, revision, kind, label) VALUES ('2099-01-01', 1, 'manual', 'benchmark (rolled back)') RETURNING id`;
  // The full build was made from the data as it is now: record that, as the tile job would have.
  for (const layer of layers) {
    await tx`
      UPDATE tile_builds SET source_revision = (SELECT revision FROM source_revisions WHERE table_name = ${layer.source.table})
      WHERE data_version_id = ${base} AND status = 'published' AND layer = ${layer.id}`;
  }
  const changed = await tx`
    UPDATE projects SET stage = CASE stage WHEN 'new_start' THEN 'continuing' WHEN 'continuing' THEN 'completed' ELSE 'new_start' END,
      data_version_id = ${v!.id}
    WHERE id IN (SELECT id FROM projects ORDER BY md5(id::text) LIMIT (SELECT ceil(count(*) * ${Number(values.share)}::float8)::int FROM projects))`;
  const started = performance.now();
  await buildVersionTiles(tx as unknown as Sql, values.out!, Number(v!.id), () => {});
  result.ms = Math.round(performance.now() - started);
  result.changedProjects = changed.count;
  result.layers = Object.fromEntries((await tx<{ layer: string; mode: string; encoded_tiles: number; tile_count: number }[]>`
    SELECT layer, mode, encoded_tiles, tile_count FROM tile_builds WHERE data_version_id = ${v!.id} AND status = 'published'`)
    .map((r) => [r.layer, { mode: r.mode, encodedTiles: r.encoded_tiles, tiles: r.tile_count }]));
  throw new Rollback();
}).catch((e) => {
  if (!(e instanceof Rollback)) throw e;
});
result.maxRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
await sql.end();
console.log(JSON.stringify(result));
