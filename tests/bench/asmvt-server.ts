// The on-the-fly reference (what Martin or pg_tileserv do): each tile request runs ST_AsMVT on a
// PostGIS server. Paths mirror ours: /tiles/v/{version}/{layer}/{z}/{x}/{y}.mvt.
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import postgres from 'postgres';
import { layers } from '@guatu/data/layers.ts';

const sql = postgres(process.env.DATABASE_URL!, { max: 8, onnotice: () => {} });
const server = createServer(async (req, res) => {
  const m = /^\/tiles\/v\/\d+\/([a-z_]+)\/(\d+)\/(\d+)\/(\d+)\.mvt$/.exec(req.url ?? '');
  const layer = m && layers.find((l) => l.id === m[1]);
  if (!m || !layer) {
    res.writeHead(404).end();
    return;
  }
  const [z, x, y] = [Number(m[2]), Number(m[3]), Number(m[4])];
  const cols = Object.entries(layer.source.attributes).map(([name, column]) => sql`${sql(column)} AS ${sql(name)}`).reduce((a, c) => sql`${a}, ${c}`);
  const [row] = await sql<{ mvt: Buffer }[]>`
    WITH bounds AS (SELECT ST_TileEnvelope(${z}, ${x}, ${y}) AS env),
    mvtgeom AS (
      SELECT ST_AsMVTGeom(ST_Transform(t.${sql(layer.source.geometry)}, 3857), bounds.env, 4096, 64, true) AS geom, ${cols}
      FROM ${sql(layer.source.table)} t, bounds
      WHERE t.${sql(layer.source.geometry)} && ST_Transform(bounds.env, 4490)
    )
    SELECT ST_AsMVT(mvtgeom, ${layer.id}, 4096, 'geom') AS mvt FROM mvtgeom`;
  const tile = row?.mvt ?? Buffer.alloc(0);
  if (tile.length === 0) {
    res.writeHead(204).end();
    return;
  }
  const body = gzipSync(tile);
  res.writeHead(200, { 'Content-Type': 'application/vnd.mapbox-vector-tile', 'Content-Encoding': 'gzip', 'Content-Length': body.length });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
});
