// The site-selection check against geometry built so that the true answer is known, on a portal of
// its own (zones are written into its database), far from the demo data (around 100°E, 30°N): a site
// half inside a farmland square, one touching it, one whose hole holds a red-line zone, one across a
// two-part urban boundary, one crossed by an expressway corridor; the same site in CGCS2000, Gauss-
// Krüger and GCJ-02 gives the same numbers; bad input has its reason; the report prints.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { wgs84ToGcj02 } from '@guatu/data/geo/gcj02.ts';
import { startOwnPortal, type OwnPortal } from './support/own-portal.ts';
import { saveArtifact } from './support/portal-process.ts';
import { testUser } from './support/session.ts';

let own: OwnPortal;
let planner: string;
const box = (x0: number, y0: number, x1: number, y1: number) => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
const wkt = (ring: number[][]) => `(${ring.map(([x, y]) => `${x} ${y}`).join(',')})`;

beforeAll(async () => {
  // Rules from a configuration file: a corridor overlap is a conflict here (it only needs attention by default).
  own = await startOwnPortal('sitecheck', inject('backend'), { SITE_CHECK_RULES: 'tests/fixtures/site-check-rules.json' });
  planner = (await testUser(own.db, own.portal.url, 'planner', null, 'site')).cookie;
  const [{ v }] = (await own.db<{ v: number }[]>`SELECT max(id)::int AS v FROM data_versions`) as unknown as [{ v: number }];
  const zone = (code: string, kind: string, polygons: number[][][]) => own.db`
    INSERT INTO constraint_zones (code, name, kind, geom, data_version_id)
    VALUES (${code}, ${code}, ${kind}, ST_GeomFromText(${`MULTIPOLYGON(${polygons.map((r) => `(${wkt(r)})`).join(',')})`}, 4490), ${v})`;
  await zone('GOLD-BF', 'basic_farmland', [box(100.0, 30.0, 100.01, 30.01)]);
  await zone('GOLD-RED', 'ecological_redline', [box(100.036, 30.006, 100.044, 30.014)]);
  // Two red-line zones overlapping each other, and a farmland zone reaching 1e-8° (about 1 mm) into site F.
  await zone('GOLD-RED-A', 'ecological_redline', [box(100.2, 30.0, 100.21, 30.01)]);
  await zone('GOLD-RED-B', 'ecological_redline', [box(100.205, 30.0, 100.215, 30.01)]);
  await zone('GOLD-SLIVER', 'basic_farmland', [box(100.21999999, 30.0, 100.23, 30.001)]);
  await zone('GOLD-UB', 'urban_boundary', [box(100.06, 30.0, 100.065, 30.01), box(100.075, 30.0, 100.08, 30.01)]);
  // A farmland zone of 2,000 vertices, checked through its parts (migration 009).
  await own.db`INSERT INTO constraint_zones (code, name, kind, geom, data_version_id)
    VALUES ('GOLD-BIG', '大图斑', 'basic_farmland', ST_Multi(ST_SetSRID(ST_Buffer(ST_MakePoint(100.3, 30.0), 0.01, 500), 4490)), ${v})`;
  // Two projects for the batch: one sited on the farmland square, one far from everything.
  const project = (code: string, ring: number[][]) => own.db`
    INSERT INTO projects (code, name, level, stage, category, region_code, total_investment, plan_year, geom, location, data_version_id)
    SELECT ${code}, ${`${code}项目`}, 'general', 'reserve', 'industry', (SELECT code FROM regions WHERE level = 'county' ORDER BY code LIMIT 1), 1000, 2026,
           g, ST_PointOnSurface(g), ${v} FROM ST_GeomFromText(${`POLYGON(${wkt(ring)})`}, 4490) AS g`;
  await project('GOLDP-FARM', box(100.002, 30.002, 100.004, 30.004));
  await project('GOLDP-FREE', box(100.5, 30.5, 100.502, 30.502));
  await own.db`INSERT INTO transport_lines (code, name, kind, status, geom, data_version_id)
    VALUES ('GOLD-G', '金线高速', 'expressway', 'existing', ST_GeomFromText('MULTILINESTRING((100.09 30.05, 100.11 30.05))', 4490), ${v})`;
}, 400_000);
afterAll(async () => {
  if (own) saveArtifact('site-check-portal.log', own.portal.output());
  await own?.close();
});

async function check(body: unknown) {
  const res = await fetch(`${own.portal.url}/api/site-checks`, { method: 'POST', headers: { cookie: planner, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
}
const area = async (geomWkt: string) => (await own.db<{ a: number }[]>`SELECT ST_Area(ST_GeomFromText(${geomWkt}, 4490)::geography) AS a`)[0]!.a;
const layer = (site: any, kind: string) => site.layers.find((l: any) => l.kind === kind);
const near = (actual: number, expected: number, relative = 1e-4) => expect(Math.abs(actual - expected) / expected).toBeLessThan(relative);

describe('POST /api/site-checks', () => {
  it('measures overlaps exactly on the golden sites, with verdicts and distances', async () => {
    const sites = [
      box(100.005, 30.0, 100.015, 30.01), // A: half over the farmland square
      box(100.01, 30.0, 100.02, 30.01), // B: touching it
      [box(100.03, 30.0, 100.05, 30.02), box(100.035, 30.005, 100.045, 30.015)], // C: a hole around the red line
      box(100.06, 30.0, 100.08, 30.01), // D: across a two-part urban boundary
      box(100.095, 30.04, 100.105, 30.06), // E: crossed by the expressway
    ];
    const { status, body } = await check({ geometry: { type: 'FeatureCollection', features: sites.map((s, i) => ({ type: 'Feature', properties: { 名称: `选址${'ABCDE'[i]}` }, geometry: { type: 'Polygon', coordinates: Array.isArray(s[0]![0]) ? s : [s] } })) } });
    expect(status).toBe(201);
    expect(body.sites).toHaveLength(5);
    const [a, b, c, d, e] = body.sites;

    near(a.areaM2, await area(`POLYGON(${wkt(sites[0] as number[][])})`));
    const farmland = layer(a, 'basic_farmland');
    near(farmland.overlapAreaM2, await area(`POLYGON(${wkt(box(100.005, 30.0, 100.01, 30.01))})`));
    near(farmland.sitePercent, 50, 1e-3);
    expect(farmland).toMatchObject({ layer: 'constraint_zones', features: [{ code: 'GOLD-BF', kind: 'basic_farmland' }], nearestDistanceM: null });
    expect(farmland.overlapAreaMu).toBeCloseTo((farmland.overlapAreaM2 * 3) / 2000, 9);
    expect(a.verdict).toBe('conflict');
    expect(a.explanation).toMatch(/与永久基本农田重叠 .* 亩（50%，GOLD-BF）/);

    expect(layer(b, 'basic_farmland')).toMatchObject({ overlapAreaM2: 0, features: [], nearestDistanceM: 0 });
    // Touching the farmland is no overlap; B only lies outside the urban boundary (all of it).
    expect(b.layers.filter((l: any) => l.overlapAreaM2 > 0).map((l: any) => l.kind)).toEqual(['urban_boundary']);
    near(layer(b, 'urban_boundary').sitePercent, 100, 1e-9);
    expect(b.verdict).toBe('attention');

    const red = layer(c, 'ecological_redline');
    expect(red.overlapAreaM2).toBe(0);
    const [{ gap }] = (await own.db<{ gap: number }[]>`
      SELECT ST_Distance(ST_GeomFromText(${`POLYGON(${wkt(box(100.036, 30.006, 100.044, 30.014))})`}, 4490)::geography,
                         ST_GeomFromText(${`POLYGON(${wkt(box(100.03, 30.0, 100.05, 30.02))},${wkt(box(100.035, 30.005, 100.045, 30.015))})`}, 4490)::geography) AS gap`) as unknown as [{ gap: number }];
    near(red.nearestDistanceM, gap, 1e-6);
    expect(gap).toBeGreaterThan(90);

    const outside = layer(d, 'urban_boundary');
    near(outside.overlapAreaM2, await area(`POLYGON(${wkt(box(100.065, 30.0, 100.075, 30.01))})`));
    near(outside.sitePercent, 50, 1e-3);
    expect(d.verdict).toBe('attention');

    const corridor = layer(e, 'transport_corridors');
    expect(corridor.features).toMatchObject([{ code: 'GOLD-G', kind: 'expressway' }]);
    // A 100 m band (50 m each side) straight across the site: 100 m times the line's length inside it.
    const [{ len }] = (await own.db<{ len: number }[]>`SELECT ST_Length(ST_GeomFromText('LINESTRING(100.095 30.05, 100.105 30.05)', 4490)::geography) AS len`) as unknown as [{ len: number }];
    near(corridor.overlapAreaM2, 100 * len, 1e-3);
    expect(e.verdict).toBe('conflict');
    expect(body.corridorWidths.expressway.basis).toMatch(/^测试配置/);
    expect(body.conflictLayers).toContain('transport_corridors');
    expect(layer(e, 'basic_farmland').nearestDistanceM).toBeGreaterThan(8000);
    expect(body.dataVersion).toMatchObject({ id: expect.any(Number) });

    // The saved check reopens with the same answer, and its report prints.
    const again = await fetch(`${own.portal.url}/api/site-checks/${body.id}`, { headers: { cookie: planner } });
    expect(((await again.json()) as any).sites[0].layers).toEqual(a.layers);
    const report = await fetch(`${own.portal.url}/api/site-checks/${body.id}/report`, { headers: { cookie: planner } });
    expect(report.headers.get('content-type')).toMatch(/text\/html/);
    const html = await report.text();
    expect(html).toContain('结论：存在冲突');
    expect(html).toContain('@page { size: A4');
    expect(html).toContain('选址及重叠范围示意图');
    // Its Chinese text uses the bundled font, served at a stable address (no system font needed).
    const css = await fetch(`${own.portal.url}/fonts/noto-sans-sc/chinese-simplified-400.css`, { headers: { cookie: planner } });
    expect(css.headers.get('content-type')).toMatch(/text\/css/);
    const face = /url\(\.\/files\/([\w-]+\.woff2)\)/.exec(await css.text())!;
    const font = await fetch(`${own.portal.url}/fonts/noto-sans-sc/files/${face[1]}`, { headers: { cookie: planner } });
    expect(font.headers.get('content-type')).toBe('font/woff2');
    expect((await font.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    // Nothing else of the package: an escaping name falls through to the web app's shell.
    const escape = await fetch(`${own.portal.url}/fonts/noto-sans-sc/files/..%2Fpackage.json`, { headers: { cookie: planner } });
    expect(await escape.text()).not.toContain('@fontsource');
    // The same report as a PDF file: one page per site and one for what was checked.
    const pdf = await fetch(`${own.portal.url}/api/site-checks/${body.id}/report?format=pdf`, { headers: { cookie: planner } });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toMatch(/attachment/);
    const doc = await PDFDocument.load(new Uint8Array(await pdf.arrayBuffer()));
    expect(doc.getPageCount()).toBe(body.sites.length + 1);
    expect(doc.getTitle()).toMatch(/选址冲突分析报告/);
    const bad = await fetch(`${own.portal.url}/api/site-checks/${body.id}/report?format=doc`, { headers: { cookie: planner } });
    expect(bad.status).toBe(400);
  });

  it('counts the union of overlapping zones once and ignores a sliver', async () => {
    const { status, body } = await check({ geometry: { type: 'Polygon', coordinates: [box(100.195, 30.0, 100.22, 30.01)] }, sliverM2: 1 });
    expect(status, JSON.stringify(body)).toBe(201);
    const [f] = body.sites;
    const red = layer(f, 'ecological_redline');
    expect(red.features.map((x: any) => x.code).sort()).toEqual(['GOLD-RED-A', 'GOLD-RED-B']);
    for (const x of red.features) near(x.overlapAreaM2, await area(`POLYGON(${wkt(box(100.2, 30.0, 100.21, 30.01))})`));
    near(red.overlapAreaM2, await area(`POLYGON(${wkt(box(100.2, 30.0, 100.215, 30.01))})`));
    near(red.sitePercent, 60, 1e-3);
    const farmland = layer(f, 'basic_farmland');
    expect(farmland).toMatchObject({ overlapAreaM2: 0, features: [], slivers: 1, nearestDistanceM: 0 });
    expect(f.verdict).toBe('conflict');
    expect(f.explanation).toMatch(/生态保护红线/);
    expect(f.explanation).not.toMatch(/永久基本农田/);
    // A site wholly inside the urban boundary has nothing outside it (this once cut the answer short on the embedded database).
    const inside = await check({ geometry: { type: 'Polygon', coordinates: [box(100.061, 30.001, 100.064, 30.009)] } });
    expect(inside.status, JSON.stringify(inside.body)).toBe(201);
    expect(layer(inside.body.sites[0], 'urban_boundary')).toMatchObject({ overlapAreaM2: 0, loaded: true });
  });

  it('checks every sited project of a filter in a batch, and exports the table', async () => {
    const res = await fetch(`${own.portal.url}/api/site-checks/batch?q=GOLDP-`, { method: 'POST', headers: { cookie: planner, 'content-type': 'application/json' }, body: JSON.stringify({ title: '批量' }) });
    const body = (await res.json()) as any;
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(body.rows.map((r: any) => [r.code, r.verdict])).toEqual([['GOLDP-FARM', 'conflict'], ['GOLDP-FREE', 'attention']]);
    const farm = body.rows[0];
    near(farm.overlapMu.basic_farmland, farm.areaMu);
    expect(body.counts).toEqual({ conflict: 1, attention: 1, clear: 0 });
    const again = (await (await fetch(`${own.portal.url}/api/site-checks/${body.id}`, { headers: { cookie: planner } })).json()) as any;
    expect(again.rows).toEqual(body.rows);
    const xlsx = await fetch(`${own.portal.url}/api/site-checks/${body.id}/export`, { headers: { cookie: planner } });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toMatch(/spreadsheetml/);
    expect((await xlsx.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    const none = await fetch(`${own.portal.url}/api/site-checks/batch?q=no-such-project`, { method: 'POST', headers: { cookie: planner, 'content-type': 'application/json' }, body: '{}' });
    expect(none.status).toBe(422);
    expect(((await none.json()) as any).error.message).toMatch(/没有符合条件的项目/);
  });

  it('measures a zone of thousands of vertices through its parts exactly', async () => {
    const [{ parts, vertices }] = (await own.db<{ parts: number; vertices: number }[]>`
      SELECT count(*)::int AS parts, (SELECT ST_NPoints(geom) FROM constraint_zones WHERE code = 'GOLD-BIG') AS vertices
      FROM constraint_zone_parts WHERE zone_id = (SELECT id FROM constraint_zones WHERE code = 'GOLD-BIG')`) as unknown as [{ parts: number; vertices: number }];
    expect(vertices).toBeGreaterThan(2000);
    expect(parts).toBeGreaterThan(8);
    const site = box(100.295, 29.995, 100.315, 30.005);
    const { status, body } = await check({ geometry: { type: 'Polygon', coordinates: [site] } });
    expect(status, JSON.stringify(body)).toBe(201);
    const [{ a }] = (await own.db<{ a: number }[]>`
      SELECT ST_Area(ST_Intersection(geom, ST_GeomFromText(${`POLYGON(${wkt(site)})`}, 4490))::geography) AS a FROM constraint_zones WHERE code = 'GOLD-BIG'`) as unknown as [{ a: number }];
    const farmland = layer(body.sites[0], 'basic_farmland');
    expect(farmland.features).toMatchObject([{ code: 'GOLD-BIG' }]);
    near(farmland.features[0].overlapAreaM2, a);
    near(farmland.overlapAreaM2, a);
    // Moving the zone moves its parts: the same site then misses it.
    await own.db`UPDATE constraint_zones SET geom = ST_Translate(geom, 1, 0) WHERE code = 'GOLD-BIG'`;
    const after = await check({ geometry: { type: 'Polygon', coordinates: [site] } });
    expect(layer(after.body.sites[0], 'basic_farmland').overlapAreaM2).toBe(0);
    await own.db`UPDATE constraint_zones SET geom = ST_Translate(geom, -1, 0) WHERE code = 'GOLD-BIG'`;
  });

  it('gives the same numbers for the same site in CGCS2000, Gauss-Krüger zone 33 and GCJ-02', async () => {
    const ring = box(100.005, 30.0, 100.025, 30.02);
    const [{ gk }] = (await own.db<{ gk: number[][] }[]>`
      SELECT (ST_AsGeoJSON(ST_Transform(ST_GeomFromText(${`POLYGON(${wkt(ring)})`}, 4490), 4521), 6)::json -> 'coordinates' -> 0) AS gk`) as unknown as [{ gk: number[][] }];
    const runs = [
      await check({ geometry: { type: 'Polygon', coordinates: [ring] } }),
      await check({ geometry: { type: 'Polygon', coordinates: [gk] }, crs: 'EPSG:4521' }),
      await check({ geometry: { type: 'Polygon', coordinates: [ring.map(([x, y]) => wgs84ToGcj02(x!, y!))] }, crs: 'GCJ02' }),
    ];
    const [base, ...others] = runs.map((r) => r.body.sites[0]);
    expect(runs[1]!.body.sites[0].planeAreaM2).toBeGreaterThan(0);
    for (const o of others) {
      near(o.areaM2, base.areaM2);
      near(layer(o, 'basic_farmland').overlapAreaM2, layer(base, 'basic_farmland').overlapAreaM2);
    }
  });

  it('checks a point with a radius and a line with a width, and refuses them without', async () => {
    const point = await check({ geometry: { type: 'Point', coordinates: [100.005, 30.005] }, radiusM: 100 });
    expect(point.status).toBe(201);
    near(point.body.sites[0].areaM2, Math.PI * 100 * 100, 2e-3);
    near(layer(point.body.sites[0], 'basic_farmland').sitePercent, 100, 1e-6);
    expect((await check({ geometry: { type: 'Point', coordinates: [100.005, 30.005] } })).body.error.message).toMatch(/请给出半径/);
    const line = await check({ geometry: { type: 'LineString', coordinates: [[100.1, 30.0], [100.1, 30.01]] }, widthM: 20 });
    expect(line.body.sites[0].warnings.join()).toMatch(/宽 20 米/);
    const noWidth = await check({ geometry: { type: 'LineString', coordinates: [[100.1, 30.0], [100.1, 30.01]] } });
    expect(noWidth.body.error?.message, JSON.stringify(noWidth.body)).toMatch(/请给出宽度/);
    const empty = await check({});
    expect(empty.status, JSON.stringify(empty.body)).toBe(400);
    const open = await check({ geometry: { type: 'Polygon', coordinates: [[[100, 30], [100.01, 30]]] } });
    expect(open.status).toBe(422);
    expect(open.body.error.message).toMatch(/第 1 个选址/);
    const after = await check({ geometry: { type: 'Point', coordinates: [100.005, 30.005] } });
    expect(after.status, JSON.stringify(after.body)).toBe(400);
  });
});
