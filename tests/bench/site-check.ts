// `npm run bench:site-check [-- --scale 100 --checks 60]`: the site-selection check of issue 8 on demo
// data at the scale (loaded once into .data-bench-s{scale}/, shared with bench:tiles, or the DATABASE_URL
// server). Each check is a 1 km² square site, half of them centred on a basic-farmland zone and half
// anywhere in the counties (a fixed seed), posted to POST /api/site-checks over HTTP, all layers, one
// after another; p50 and p95. References in the same run, on a direct connection to the same database:
// the check's queries alone (no HTTP, parsing or saving), and the naive check — the same queries with
// index scans turned off, so every layer is intersected without its index. Then one batch check of the
// county with the most sited projects (at most the batch cap) over HTTP, timed whole.
import { parseArgs } from 'node:util';
import { checkSite } from '@guatu/api/db/site-checks.ts';
import { DEFAULT_SLIVER_M2 } from '@guatu/data/site-check-rules.ts';
import { MAX_BATCH } from '@guatu/api/site-checks/run-batch.ts';
import { saveResults, startBenchPortal, waitForServed } from './bench-portal.ts';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '100' }, checks: { type: 'string', default: '60' }, naive: { type: 'string', default: '8' } } });
const scale = Number(values.scale);
const checks = Number(values.checks);
const log = (line: string) => console.log(`[bench:site-check] ${line}`);

log(`starting the portal on scale-${scale} demo data (the first run loads it) …`);
const bench = await startBenchPortal(`s${scale}`, scale);
const { portal, cookie, sql } = bench;

/** A square of 1 km² around a centre (degrees of longitude shrink with the latitude). */
function squareKm(x: number, y: number) {
  const dy = 0.5 / 111.32;
  const dx = dy / Math.cos((y * Math.PI) / 180);
  return { type: 'Polygon', coordinates: [[[x - dx, y - dy], [x + dx, y - dy], [x + dx, y + dy], [x - dx, y + dy], [x - dx, y - dy]]] };
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const summary = (xs: number[]) => ({ n: xs.length, p50Ms: Math.round(percentile(xs, 50) * 10) / 10, p95Ms: Math.round(percentile(xs, 95) * 10) / 10 });

try {
  // A first run loads the data and builds its tiles: measure on a portal that is otherwise idle.
  const [latest] = await sql<{ id: number }[]>`SELECT max(id)::int AS id FROM data_versions`;
  log('waiting until the map serves the latest data version and no tile job runs …');
  await waitForServed(bench, latest!.id);
  // A portal stopped mid-build finishes the build when it starts again: that takes the CPU the checks need.
  for (;;) {
    const [jobs] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM pgboss.job WHERE state IN ('created', 'retry', 'active')`;
    if (jobs!.n === 0) break;
    await new Promise((r) => setTimeout(r, 2000));
  }
  const counts = (await sql<{ parcels: number; zones: number; stations: number; lines: number; projects: number }[]>`
    SELECT (SELECT count(*)::int FROM land_parcels) AS parcels, (SELECT count(*)::int FROM constraint_zones) AS zones,
           (SELECT count(*)::int FROM energy_stations) AS stations, (SELECT count(*)::int FROM transport_lines) AS lines,
           (SELECT count(*)::int FROM projects) AS projects`)[0]!;
  log(`data: ${JSON.stringify(counts)}`);
  const half = Math.ceil(checks / 2);
  const centres = await sql<{ x: number; y: number }[]>`
    (SELECT ST_X(c) AS x, ST_Y(c) AS y FROM (SELECT ST_PointOnSurface(geom) AS c FROM constraint_zones WHERE kind = 'basic_farmland' ORDER BY md5(code) LIMIT ${half}) f)
    UNION ALL
    (SELECT ST_X(p.geom), ST_Y(p.geom) FROM (SELECT (ST_Dump(ST_GeneratePoints(ST_Union(boundary), ${checks - half}, 2026))).geom FROM regions WHERE level = 'county') p)`;
  const sites = centres.map((c) => squareKm(c.x, c.y));
  log(`${sites.length} sites of 1 km²`);

  const post = async (geometry: unknown) => {
    const t = performance.now();
    const res = await fetch(`${portal.url}/api/site-checks`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ geometry }) });
    const body = await res.text();
    if (res.status !== 201) throw new Error(`POST /api/site-checks: ${res.status} ${body.slice(0, 300)}`);
    return { ms: performance.now() - t, body: JSON.parse(body) as { sites: { verdict: string }[] } };
  };
  for (const s of sites.slice(0, 5)) await post(s); // warm-up: plans, caches, JIT
  const http: number[] = [];
  const verdicts: Record<string, number> = {};
  for (const s of sites) {
    const r = await post(s);
    http.push(r.ms);
    const v = r.body.sites[0]!.verdict;
    verdicts[v] = (verdicts[v] ?? 0) + 1;
  }
  log(`HTTP: ${JSON.stringify(summary(http))} ${JSON.stringify(verdicts)}`);

  const queries: number[] = [];
  const options = { planeSrid: null, excludeProject: null, sliverM2: DEFAULT_SLIVER_M2 };
  for (const s of sites) {
    const t = performance.now();
    await checkSite(sql, s, options);
    queries.push(performance.now() - t);
  }
  log(`queries alone: ${JSON.stringify(summary(queries))}`);

  // The naive baseline: the planner may not use an index (sequential scans, every feature tested).
  await sql`SET enable_indexscan = off`;
  await sql`SET enable_bitmapscan = off`;
  const plan = await sql.unsafe(`EXPLAIN SELECT id FROM land_parcels WHERE ST_Intersects(geom, ST_MakeEnvelope(114, 38, 114.01, 38.01, 4490))`);
  if (JSON.stringify(plan).includes('Index')) throw new Error(`index scans are still on: ${JSON.stringify(plan)}`);
  const naive: number[] = [];
  for (const s of sites.slice(0, Number(values.naive))) {
    const t = performance.now();
    await checkSite(sql, s, options);
    naive.push(performance.now() - t);
  }
  await sql`RESET enable_indexscan`;
  await sql`RESET enable_bitmapscan`;
  log(`naive (no index): ${JSON.stringify(summary(naive))}`);

  // A batch: the county with the most projects whose site is drawn, within the cap.
  const [county] = await sql<{ code: string; n: number }[]>`
    SELECT region_code::text AS code, count(*)::int AS n FROM projects WHERE ST_Dimension(geom) = 2
    GROUP BY region_code HAVING count(*) <= ${MAX_BATCH} ORDER BY count(*) DESC, region_code LIMIT 1`;
  const started = performance.now();
  const res = await fetch(`${portal.url}/api/site-checks/batch?region=${county!.code}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' });
  const batchBody = (await res.json()) as { rows?: unknown[]; error?: unknown };
  const batchMs = performance.now() - started;
  if (res.status !== 201) throw new Error(`batch: ${res.status} ${JSON.stringify(batchBody)}`);
  const batch = { region: county!.code, projects: batchBody.rows!.length, ms: Math.round(batchMs), msPerProject: Math.round((batchMs / batchBody.rows!.length) * 10) / 10 };
  log(`batch: ${JSON.stringify(batch)}`);

  const database = bench.server ? 'server' : 'embedded';
  saveResults(`site-check-s${scale}-${database}.json`, {
    measuredAt: new Date().toISOString(), database, scale, data: counts, site: '1 km² square',
    http: summary(http), queriesAlone: summary(queries), naiveNoIndex: summary(naive),
    naiveOverQueries: Math.round((percentile(naive, 50) / percentile(queries, 50)) * 10) / 10,
    verdicts, batch,
  });
} finally {
  await bench.close();
}
