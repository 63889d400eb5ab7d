// `npm run bench:tiles [-- --scale 100]`: the vector-tile benchmark of the tile issue, each figure
// beside its reference measured in the same run on the same machine:
//   build  — our builder (a child process, its own peak memory) vs GDAL's ogr2ogr MVT driver on the
//            same features (exported as GeoJSONSeq), for the two large layers, then all layers;
//   rebuild — the tiles of a new data version in which 5% of the projects changed, built on the
//            served version as the job builds them, against the full build of all layers;
//   serve  — 32 keep-alive clients over a mix of z8–z14 tiles: our tile server vs a bare Node server
//            answering a fixed 8 KB body (the ceiling) and, when DATABASE_URL names a PostGIS
//            server holding the same data, ST_AsMVT on the fly (what Martin or pg_tileserv do).
// The demo data at the scale is loaded once into .data-bench-s{scale}/ and reused.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { layers } from '@guatu/data/layers.ts';
import { openArchive } from '@guatu/tiles/pmtiles-reader.ts';
import { repoRoot, startPortalProcess } from '../support/portal-process.ts';
import { benchSignIn } from '../support/session.ts';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '100' }, seconds: { type: 'string', default: '10' } } });
const scale = Number(values.scale);
// Tiles on disk belong to one database: the server run keeps its own directory.
const dataDir = join(repoRoot, `.data-bench-s${scale}${process.env.DATABASE_URL ? '-server' : ''}`);
const work = mkdtempSync(join(tmpdir(), 'guatu-bench-'));
const heavy = ['land_parcels', 'energy_stations'];
const log = (line: string) => console.log(`[bench] ${line}`);

/** Runs a node script and returns the JSON it prints last. */
function nodeJson(script: string, args: string[]): Record<string, number> {
  const r = spawnSync(process.execPath, [join(repoRoot, script), ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${script} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, number>;
}

/** Starts a node server script that prints "listening PORT"; returns its base URL and a stopper. */
async function server(script: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [join(repoRoot, script)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolvePort, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      const m = /listening (\d+)/.exec(d.toString());
      if (m) resolvePort(m[1]!);
    });
    child.once('exit', () => reject(new Error(`${script} exited`)));
  });
  return { base: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

function ensureGdal(): boolean {
  const has = () => spawnSync('ogr2ogr', ['--version']).status === 0 && existsSync('/usr/bin/time');
  if (has()) return true;
  if (process.getuid?.() !== 0) return false;
  log('installing gdal-bin and time (Debian) for the reference …');
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore' });
  spawnSync('apt-get', ['install', '-y', '-qq', 'gdal-bin', 'time'], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return has();
}

/** GDAL's MVT driver on one exported layer: seconds and peak memory (MB). */
function gdal(layerId: string): { ms: number; maxRssMB: number; tiles: number } {
  const layer = layers.find((l) => l.id === layerId)!;
  const out = join(work, `gdal-${layerId}`);
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', 'ogr2ogr', '-f', 'MVT', out, join(work, 'export', `${layerId}.geojsonl`),
    '-nln', layerId, '-dsco', `MINZOOM=${layer.minZoom}`, '-dsco', `MAXZOOM=${layer.maxZoom}`, '-dsco', 'COMPRESS=YES'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ogr2ogr failed: ${r.stderr}`);
  const [seconds, kb] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  const tiles = Number(execFileSync('sh', ['-c', `find '${out}' -name '*.pbf' | wc -l`], { encoding: 'utf8' }).trim());
  return { ms: Math.round(seconds! * 1000), maxRssMB: Math.round(kb! / 1024), tiles };
}

/** Up to `count` paths of existing tiles at z8–z14 of the given layers, spread over zooms. */
async function samplePaths(tilesDir: string, version: number, count: number): Promise<string[]> {
  const paths: string[] = [];
  for (const id of ['land_parcels', 'energy_stations', 'projects']) {
    const archive = await openArchive(join(tilesDir, `v${version}`, `${id}.pmtiles`));
    const { minLon, minLat, maxLon, maxLat } = archive.header;
    for (let z = 8; z <= 14; z++) {
      const n = 2 ** z;
      const x0 = Math.floor(((minLon + 180) / 360) * n);
      const x1 = Math.floor(((maxLon + 180) / 360) * n);
      const y = (lat: number) => Math.floor(((1 - Math.log(Math.tan((lat * Math.PI) / 180) + 1 / Math.cos((lat * Math.PI) / 180)) / Math.PI) / 2) * n);
      let found = 0;
      for (let i = 0; i < 4000 && found < count / 21; i++) {
        const tx = x0 + Math.floor(Math.random() * (x1 - x0 + 1));
        const ty = y(maxLat) + Math.floor(Math.random() * (y(minLat) - y(maxLat) + 1));
        if (await archive.getTile(z, tx, ty)) {
          paths.push(`/tiles/v/${version}/${id}/${z}/${tx}/${ty}.mvt`);
          found++;
        }
      }
    }
    await archive.close();
  }
  return paths.sort(() => Math.random() - 0.5);
}

function load(base: string, pathsFile: string, cookie = '') {
  return nodeJson('tests/bench/load.ts', ['--base', base, '--paths', pathsFile, '--concurrency', '32', '--seconds', values.seconds!, '--cookie', cookie]);
}

const results: Record<string, unknown> = {
  date: new Date().toISOString(), scale, machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB`,
};
log(`scale ${scale}: starting the portal on ${dataDir} (the first run loads the demo data and builds its tiles) …`);
const portal = await startPortalProcess({ DATA_DIR: dataDir, DEMO_SCALE: String(scale), LOG_LEVEL: 'info' }, 3_600_000);
const cookie = await benchSignIn(portal.url, process.env.DATABASE_URL ? { url: process.env.DATABASE_URL } : { socketPath: join(dataDir, 'run/.s.PGSQL.5432') });
try {
  let version: number | null = null;
  for (let i = 0; version === null; i++) {
    version = ((await (await fetch(`${portal.url}/api/tile-builds`, { headers: { cookie } })).json()) as { servedVersion: number | null }).servedVersion;
    if (version === null) await new Promise((r) => setTimeout(r, 2000));
  }
  // The build workers read the same database the portal uses: its socket, or the server.
  const db = process.env.DATABASE_URL ? ['--url', process.env.DATABASE_URL] : ['--socket', join(dataDir, 'run/.s.PGSQL.5432')];
  results.database = process.env.DATABASE_URL ? 'server' : 'embedded';

  log('build: our builder, large layers one at a time, then all layers …');
  const ours: Record<string, Record<string, number>> = {};
  for (const id of heavy) ours[id] = nodeJson('tests/bench/build-worker.ts', [...db, '--layers', id, '--out', join(work, `ours-${id}`)]);
  ours.all = nodeJson('tests/bench/build-worker.ts', [...db, '--layers', layers.map((l) => l.id).join(','), '--out', join(work, 'ours-all')]);
  results.build = ours;

  log('rebuild: a monthly update that changes the stage of 5% of the projects …');
  results.rebuild = nodeJson('tests/bench/rebuild-worker.ts', [...db, '--tiles', join(work, 'ours-all'), '--base', String(version), '--out', join(work, 'rebuild')]);

  if (ensureGdal()) {
    log('build: GDAL ogr2ogr MVT on the same features …');
    nodeJson('tests/bench/build-worker.ts', [...db, '--layers', heavy.join(','), '--export', join(work, 'export')]);
    results.gdal = Object.fromEntries(heavy.map((id) => [id, gdal(id)]));
  } else {
    results.gdal = 'not measured: ogr2ogr is not installed and this user cannot install it';
  }

  log('serve: 32 clients over z8–z14 tiles …');
  const pathsFile = join(work, 'paths.txt');
  writeFileSync(pathsFile, (await samplePaths(join(dataDir, 'tiles'), version, 2100)).join('\n'));
  // Our portal is measured as users meet it: signed in, through the access guard.
  const serve: Record<string, unknown> = { ours: load(portal.url, pathsFile, cookie) };
  const fixed = await server('tests/bench/fixed-server.ts');
  serve.fixed8k = load(fixed.base, pathsFile);
  fixed.stop();
  if (process.env.DATABASE_URL) {
    const asmvt = await server('tests/bench/asmvt-server.ts', { DATABASE_URL: process.env.DATABASE_URL });
    serve.stAsMvt = load(asmvt.base, pathsFile);
    asmvt.stop();
  } else {
    serve.stAsMvt = 'not measured: set DATABASE_URL to a PostGIS server holding the same data';
  }
  results.serve = serve;
} finally {
  await portal.stop();
  rmSync(work, { recursive: true, force: true });
}

const resultsDir = join(repoRoot, 'tests/bench/results');
mkdirSync(resultsDir, { recursive: true });
writeFileSync(join(resultsDir, `tiles-s${scale}-${results.database}.json`), `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify(results, null, 2));
const b = results.build as Record<string, Record<string, number>>;
const g = results.gdal as Record<string, Record<string, number>> | string;
if (typeof g === 'object') {
  for (const id of heavy) {
    const [ob, gb] = [b[id]!, g[id]!];
    log(`build ${id}: ours ${ob.ms} ms / ${ob.maxRssMB} MB, GDAL ${gb.ms} ms / ${gb.maxRssMB} MB → ${(gb.ms! / ob.ms!).toFixed(2)}× faster`);
  }
}
const r = results.rebuild as Record<string, number>;
log(`rebuild after 5% of projects changed: ${r.ms} ms = ${((100 * r.ms!) / b.all!.ms!).toFixed(1)}% of the full build (${b.all!.ms} ms)`);
const s = results.serve as Record<string, Record<string, number> | string>;
const o = s.ours as Record<string, number>;
const f = s.fixed8k as Record<string, number>;
log(`serve: ours ${o.rps} tiles/s p50 ${o.p50} ms p99 ${o.p99} ms; bare 8 KB ${f.rps} req/s (ours at ${(f.rps! / o.rps!).toFixed(2)}× below the ceiling)`);
if (typeof s.stAsMvt === 'object') log(`serve: ST_AsMVT ${s.stAsMvt.rps} tiles/s p99 ${s.stAsMvt.p99} ms → ours ${(o.rps! / s.stAsMvt.rps!).toFixed(1)}×`);
