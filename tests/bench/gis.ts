// `npm run bench:gis [-- --parcels 50000]`: a zipped Shapefile of `parcels` land parcels, as the land
// bureau sends them (GBK attributes, CGCS2000 3° zone 38 with a .prj), uploaded, previewed and
// committed through the API of a real portal, on the embedded database or on the server in
// DATABASE_URL. Reports upload→preview and commit times and the portal's peak memory (RSS, sampled;
// the parse worker runs inside it), and beside them two references measured in the same run: reading
// the same zip in this process (the parse floor) and transforming and inserting the same geometries
// with one bare statement in a rolled-back transaction (the write floor).
import { parseArgs } from 'node:util';
import { readGeometryFile } from '@guatu/data/gis/read-geometry-file.ts';
import { writeShapefile, type WritableFeature } from '@guatu/data/gis/shapefile-writer.ts';
import { zip } from '@guatu/data/gis/test-fixtures.ts';
import { landUses } from '@guatu/data/glossary.ts';
import { saveResults, startBenchPortal, waitForServed } from './bench-portal.ts';

const { values } = parseArgs({ options: { parcels: { type: 'string', default: '50000' }, 'skip-tiles': { type: 'boolean', default: false } } });
const count = Number(values.parcels);
const log = (line: string) => console.log(`[bench:gis] ${line}`);
const ZONE_38 = 'PROJCS["CGCS2000_3_Degree_GK_Zone_38",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000"],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",38500000.0],PARAMETER["Central_Meridian",114.0]]';

log('starting the portal (demo scale 1, the first run loads it) …');
const bench = await startBenchPortal('gis', 1);
const { portal, cookie, sql, rss } = bench;

try {
  // Parcel centres spread over the counties in zone 38 (east of 112.5°E), a fixed seed so runs compare.
  log(`placing ${count} parcels …`);
  const centres = await sql<{ e: number; n: number }[]>`
    SELECT ST_X(p) AS e, ST_Y(p) AS n FROM (
      SELECT ST_Transform((ST_Dump(ST_GeneratePoints(ST_Union(boundary), ${count + 100}, 2026))).geom, 4526) AS p
      FROM regions WHERE level = 'county' AND ST_XMin(boundary) > 112.5) x`;
  if (centres.length < count) throw new Error(`only ${centres.length} parcel centres`);
  const uses = Object.values(landUses);
  const features: WritableFeature[] = centres.slice(0, count).map(({ e, n }, i) => {
    const [w, h] = [40 + (i % 7) * 10, 30 + (i % 5) * 12];
    const [x, y] = [Math.round(e * 100) / 100, Math.round(n * 100) / 100];
    return {
      geometry: { type: 'Polygon', coordinates: [[[x, y], [x + w, y], [x + w, y + h], [x + w / 2, y + h * 1.3], [x, y + h], [x, y]]] },
      properties: { DKBH: `BENCH-${String(i + 1).padStart(6, '0')}`, DKMC: `基准测试${i + 1}号地块`, DKLX: i % 3 ? '新增建设用地指标' : '标准地', TDYT: uses[i % uses.length]!, ZT: '可供应', DJ: 12 + (i % 20) },
    };
  });
  const bytes = zip(writeShapefile('宗地', features, { encoding: 'gbk', cpg: true, prj: ZONE_38 }));
  log(`zipped Shapefile: ${(bytes.length / 1e6).toFixed(1)} MB`);

  // Reference 1: the parse floor — the same zip read in this process.
  let t = performance.now();
  const parsed = readGeometryFile(bytes, '宗地.zip', { zipLimits: { maxEntries: 10, maxBytes: 1e9 } });
  const parseFloorMs = performance.now() - t;
  // Reference 2: the write floor — the same geometries transformed and inserted in one statement, rolled back.
  t = performance.now();
  await sql.begin(async (tx) => {
    await tx`CREATE TEMP TABLE floor (code text, geom geometry) ON COMMIT DROP`;
    await tx`
      INSERT INTO floor SELECT c, ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(g), 4526), 4490)
      FROM unnest(${parsed.features.map((f) => String(f.properties.DKBH))}::text[], ${parsed.features.map((f) => JSON.stringify(f.geometry))}::text[]) AS t(c, g)`;
    throw new Error('rollback');
  }).catch((e: Error) => {
    if (e.message !== 'rollback') throw e;
  });
  const writeFloorMs = performance.now() - t;

  // A tile build left from an earlier run would compete with the import for the database: wait for it.
  const [latest] = await sql<{ id: number }[]>`SELECT max(id)::int AS id FROM data_versions`;
  await waitForServed(bench, latest!.id);
  const baseline = rss();
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, rss())), 25);
  const form = new FormData();
  form.set('kind', 'parcels');
  form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], '宗地.zip'));
  t = performance.now();
  const up = await fetch(`${portal.url}/api/imports`, { method: 'POST', headers: { cookie }, body: form });
  const preview = (await up.json()) as { id: number; errors: unknown[]; summary: Record<string, unknown> };
  const previewMs = performance.now() - t;
  if (up.status !== 201 || preview.errors.length) throw new Error(`preview failed: ${up.status} ${JSON.stringify(preview).slice(0, 800)}`);
  t = performance.now();
  const commit = await fetch(`${portal.url}/api/imports/${preview.id}/commit`, { method: 'POST', headers: { cookie } });
  const committed = (await commit.json()) as { dataVersion: { id: number } };
  const commitMs = performance.now() - t;
  clearInterval(sampler);
  if (commit.status !== 200) throw new Error(`commit failed: ${commit.status} ${JSON.stringify(committed)}`);
  log(`preview ${previewMs.toFixed(0)} ms, commit ${commitMs.toFixed(0)} ms, peak RSS ${peak.toFixed(0)} MB`);
  t = performance.now();
  if (!values['skip-tiles']) {
    log('waiting for the tile job …');
    await waitForServed(bench, committed.dataVersion.id);
  }
  const tilesMs = values['skip-tiles'] ? null : Math.round(performance.now() - t);
  const { crs, format, encoding, valid, new: added, updated } = preview.summary as Record<string, unknown>;
  const totalMs = previewMs + commitMs;
  const results = {
    date: new Date().toISOString(), database: bench.server ? 'server' : 'embedded', parcels: count, zipMB: Number((bytes.length / 1e6).toFixed(2)),
    previewMs: Math.round(previewMs), commitMs: Math.round(commitMs), endToEndMs: Math.round(totalMs),
    summary: { format, encoding, crs: (crs as { name: string }).name, valid, new: added, updated },
    peakRssMB: Math.round(peak), baselineRssMB: Math.round(baseline),
    reference: { parseFloorMs: Math.round(parseFloorMs), writeFloorMs: Math.round(writeFloorMs), ratio: Number((totalMs / (parseFloorMs + writeFloorMs)).toFixed(2)) },
    tilesAfterCommitMs: tilesMs,
  };
  saveResults(`gis-${count}-${results.database}.json`, results);
} finally {
  await bench.close();
}
