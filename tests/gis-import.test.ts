// GIS imports on their own portal: a land bureau's GBK Shapefile in zone-38 coordinates previews
// with its CRS, encoding and areas and commits as a data version whose tiles are built; bad files
// and bad features are refused with the feature, field and reason; field mappings are chosen and
// remembered; replace removes only within the importer's regions; constraints, stations, lines and
// regions land in their tables.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { writeShapefile, type WritableFeature } from '@guatu/data/gis/shapefile-writer.ts';
import { zip } from '@guatu/data/gis/test-fixtures.ts';
import { startOwnPortal, type OwnPortal } from './support/own-portal.ts';
import { saveArtifact } from './support/portal-process.ts';
import { testUser } from './support/session.ts';
import { until } from './support/until.ts';

const backend = inject('backend');
let own: OwnPortal;
let editor: string;
let county: string;
let lonlat: (e: number, n: number) => Promise<[number, number]>;

// A block of 100 m squares in 晋城 (3° zone 38, central meridian 114°E), as the land bureau draws them.
const [E, N] = [38_395_700, 3_930_400];
const square = (e: number, n: number, d = 100) => [[e, n], [e, n + d], [e + d, n + d], [e + d, n], [e, n]];
const ZONE_38 = 'PROJCS["CGCS2000_3_Degree_GK_Zone_38",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000"],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",38500000.0],PARAMETER["Central_Meridian",114.0]]';
const ZONE_37 = ZONE_38.replace('Zone_38', 'Zone_37').replace('38500000.0', '37500000.0').replace('114.0', '111.0');

beforeAll(async () => {
  own = await startOwnPortal('gis', backend);
  editor = (await testUser(own.db, own.portal.url, 'editor', null, 'gis')).cookie;
  lonlat = async (e, n) => {
    const [p] = await own.db<{ lon: number; lat: number }[]>`
      SELECT ST_X(g) AS lon, ST_Y(g) AS lat FROM ST_Transform(ST_SetSRID(ST_MakePoint(${e}, ${n}), 4526), 4490) AS g`;
    return [p!.lon, p!.lat];
  };
  const [lon, lat] = await lonlat(E, N);
  [{ code: county }] = await own.db<{ code: string }[]>`
    SELECT code::text FROM regions WHERE level = 'county' AND ST_Intersects(boundary, ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4490))` as unknown as [{ code: string }];
}, 400_000);
afterAll(async () => {
  if (own) saveArtifact('gis-import-portal.log', own.portal.output());
  await own?.close();
});

const call = (path: string, init: RequestInit = {}, cookie = editor) => {
  const headers = new Headers(init.headers);
  headers.set('cookie', cookie);
  return fetch(`${own.portal.url}${path}`, { ...init, headers });
};
async function upload(kind: string, bytes: Uint8Array, filename: string, options: Record<string, string> = {}, cookie = editor) {
  const form = new FormData();
  form.set('kind', kind);
  for (const [k, v] of Object.entries(options)) form.set(k, v);
  form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], filename));
  const res = await call('/api/imports', { method: 'POST', body: form }, cookie);
  return { status: res.status, body: (await res.json()) as any };
}
const commit = async (id: number, cookie = editor) => {
  const res = await call(`/api/imports/${id}/commit`, { method: 'POST' }, cookie);
  return { status: res.status, body: (await res.json()) as any };
};
const geojson = (features: { geometry: unknown; properties: Record<string, unknown> }[]) =>
  new TextEncoder().encode(JSON.stringify({ type: 'FeatureCollection', features: features.map((f) => ({ type: 'Feature', ...f })) }));
const parcel = (code: string, name: string, i: number): WritableFeature => ({
  geometry: { type: 'Polygon', coordinates: [square(E + i * 200, N)] },
  properties: { DKBH: code, DKMC: name, DKLX: '标准地', TDYT: '工业用地', ZT: '可供应', DJ: 18.5, MJ: 1 },
});

describe('GIS import of parcels', () => {
  it('previews a GBK Shapefile in zone 38 with its CRS, encoding and areas, then commits it as a data version with tiles', async () => {
    const files = writeShapefile('宗地', [parcel('GIS-A1', '东区一号地块', 0), parcel('GIS-A2', '东区二号地块', 1), parcel('GIS-A3', '东区三号地块', 2)],
      { encoding: 'gbk', cpg: false, languageByte: 0x4d, prj: ZONE_38 });
    const { status, body } = await upload('parcels', zip(files), '宗地.zip');
    expect(status).toBe(201);
    expect(body.errors).toEqual([]);
    expect(body.summary).toMatchObject({ format: 'Shapefile', encoding: 'gbk', crs: { epsg: 4526, source: 'file' }, features: 3, valid: 3, new: 3, updated: 0, removed: 0 });
    expect(body.mapping).toMatchObject({ code: 'DKBH', name: 'DKMC', kind: 'DKLX', land_use: 'TDYT', status: 'ZT', price_wan_per_mu: 'DJ' });
    expect(body.attributes).toEqual(['DKBH', 'DKMC', 'DKLX', 'TDYT', 'ZT', 'DJ', 'MJ']);
    for (const f of body.features) {
      expect(f.planeAreaM2).toBeCloseTo(10_000, 6);
      expect(Math.abs(f.areaM2 - 10_000) / 10_000).toBeLessThan(0.002);
      expect(f.areaMu).toBeCloseTo((f.areaM2 * 3) / 2000, 9);
      expect(f).toMatchObject({ regionCode: county, change: 'new', ok: true });
    }
    expect(body.sample.features).toHaveLength(3);
    expect(body.sample.features[0].properties).toMatchObject({ code: 'GIS-A1', name: '东区一号地块' });
    const [lon, lat] = await lonlat(E, N);
    expect(body.bbox[0]).toBeCloseTo(lon, 3);
    expect(body.bbox[1]).toBeCloseTo(lat, 3);
    expect(await own.db`SELECT 1 FROM land_parcels WHERE code LIKE 'GIS-%'`).toHaveLength(0);

    const done = await commit(body.id);
    expect(done.status).toBe(200);
    expect(done.body.dataVersion.label).toMatch(/用地地块导入/);
    const rows = await own.db<{ code: string; name: string; kind: string; land_use: string; region_code: string; area_m2: number; price: number; version: number; offset: number }[]>`
      SELECT code, name, kind, land_use, region_code::text, area_m2::float8, price_wan_per_mu::float8 AS price, data_version_id::int AS version,
             (SELECT min(ST_Distance((d).geom::geography, ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4490)::geography)) FROM ST_DumpPoints(geom) d) AS offset
      FROM land_parcels WHERE code LIKE 'GIS-%' ORDER BY code`;
    expect(rows.map((r) => [r.code, r.name, r.kind, r.land_use, r.region_code, r.price])).toEqual([
      ['GIS-A1', '东区一号地块', 'standard_land', 'industrial', county, 18.5],
      ['GIS-A2', '东区二号地块', 'standard_land', 'industrial', county, 18.5],
      ['GIS-A3', '东区三号地块', 'standard_land', 'industrial', county, 18.5],
    ]);
    expect(rows[0]!.area_m2).toBeCloseTo(body.features[0].areaM2, 1);
    // The parcel lands where the land bureau drew it: a corner is the zone-38 point, within 0.05 m.
    expect(rows[0]!.offset).toBeLessThan(0.05);
    expect(rows[0]!.version).toBe(done.body.dataVersion.id);
    const [v] = await own.db`SELECT kind, import_id::int AS "importId" FROM data_versions WHERE id = ${done.body.dataVersion.id}`;
    expect(v).toEqual({ kind: 'gis', importId: body.id });
    expect(await own.db`SELECT 1 FROM import_features WHERE import_id = ${body.id}`).toHaveLength(0);
    await until('the GIS version’s tiles', async () => {
      const [b] = await own.db<{ n: number }[]>`SELECT count(*)::int AS n FROM tile_builds WHERE data_version_id = ${done.body.dataVersion.id} AND status = 'published'`;
      return b!.n > 0 && b!.n;
    }, 300_000);
    expect((await commit(body.id)).status).toBe(409);
  }, 400_000);

  it('refuses bad features with the feature, field and reason, repairs a bow-tie, and commits nothing', async () => {
    const [lon, lat] = await lonlat(E + 2000, N);
    const d = 0.001;
    const box = (x: number, y: number) => [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]];
    const props = (code: string, extra: Record<string, unknown> = {}) => ({ 编号: code, 名称: `地块${code}`, 地块类型: '标准地', 用途: '工业用地', 状态: '可供应', ...extra });
    const bytes = geojson([
      { geometry: { type: 'Polygon', coordinates: box(lon, lat) }, properties: props('BAD-1') },
      { geometry: { type: 'Polygon', coordinates: box(80, 40) }, properties: props('BAD-2') },
      { geometry: { type: 'Polygon', coordinates: [[[lon, lat], [lon + d, lat], [lon + 2 * d, lat], [lon, lat]]] }, properties: props('BAD-3') },
      { geometry: { type: 'Polygon', coordinates: [[[lon, lat + 0.01], [lon + d, lat + 0.01 + d], [lon + d, lat + 0.01], [lon, lat + 0.01 + d], [lon, lat + 0.01]]] }, properties: props('BAD-4') },
      { geometry: { type: 'Polygon', coordinates: box(lon + 0.01, lat) }, properties: props('BAD-1') },
      { geometry: { type: 'Polygon', coordinates: box(lon + 0.02, lat) }, properties: props('BAD-6', { 用途: '' }) },
      { geometry: { type: 'Point', coordinates: [lon, lat] }, properties: props('BAD-7') },
      { geometry: { type: 'Polygon', coordinates: box(lon + 0.03, lat) }, properties: props('BAD-8', { 状态: '出让中' }) },
    ]);
    const before = await own.db`SELECT count(*)::int AS n FROM land_parcels`;
    const { status, body } = await upload('parcels', bytes, '问题地块.geojson');
    expect(status).toBe(201);
    const at = (feature: number) => body.errors.filter((e: any) => e.feature === feature);
    expect(at(1)).toEqual([]);
    expect(at(2)[0].reason).toMatch(/不在本系统的行政区范围内.*请核对坐标系/);
    expect(at(3)[0].reason).toMatch(/退化的几何/);
    expect(at(4)).toEqual([]);
    expect(body.warnings.find((w: any) => w.feature === 4).reason).toMatch(/已自动修复/);
    expect(at(5)[0]).toMatchObject({ field: '编号', value: 'BAD-1', reason: '编号 BAD-1 与第 1 个要素重复' });
    expect(at(6)[0]).toMatchObject({ field: '用途', value: '', reason: '用途不能为空' });
    expect(at(7)[0].reason).toMatch(/应为面要素/);
    expect(at(8)[0]).toMatchObject({ field: '状态', value: '出让中', reason: expect.stringContaining('可供应') });
    expect(body.summary).toMatchObject({ features: 8, valid: 2, errors: 6 });
    expect((await commit(body.id)).status).toBe(422);
    expect(await own.db`SELECT count(*)::int AS n FROM land_parcels`).toEqual(before);
  });

  it('refuses whole files with their reason: wrong zone, swapped X/Y, a broken zip, XI’AN 80, an empty file', async () => {
    const wrongZone = await upload('parcels', zip(writeShapefile('a', [parcel('Z-1', '错带', 0)], { encoding: 'utf-8', cpg: true, prj: ZONE_37 })), 'a.zip');
    expect(wrongZone.status).toBe(422);
    expect(wrongZone.body.error.message).toMatch(/带号是 38，与坐标系.*EPSG:4525.*的 37 带不一致/);
    const swapped = writeShapefile('b', [{ ...parcel('Z-2', '反了', 0), geometry: { type: 'Polygon', coordinates: [square(E, N).map(([e, n]) => [n!, e!])] } }], { encoding: 'utf-8', cpg: true });
    const refused = await upload('parcels', zip(swapped), 'b.zip');
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toMatch(/X\/Y 顺序反了/);
    const broken = zip(writeShapefile('c', [parcel('Z-3', '坏', 0)], { encoding: 'utf-8', cpg: true })).slice(0, 200);
    expect((await upload('parcels', broken, 'c.zip')).status).toBe(422);
    const xian80 = await upload('parcels', zip(writeShapefile('d', [parcel('Z-4', '西安', 0)], { encoding: 'utf-8', cpg: true, prj: ZONE_38.replaceAll('CGCS2000', 'Xian_1980').replace('China_Geodetic_Coordinate_System_2000', 'Xian_1980') })), 'd.zip');
    expect(xian80.status).toBe(422);
    expect(xian80.body.error.message).toMatch(/西安80/);
    expect((await upload('parcels', new Uint8Array(), 'e.geojson')).status).toBe(400);
    const kmlDtd = await upload('parcels', new TextEncoder().encode('<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY x "y">]><kml></kml>'), 'f.kml');
    expect(kmlDtd.status).toBe(422);
  });

  it('asks for a mapping when the fields are not recognised, uses the one chosen, and remembers it', async () => {
    const [lon, lat] = await lonlat(E + 4000, N);
    const odd = (code: string, x: number) => ({ geometry: { type: 'Polygon', coordinates: [[[x, lat], [x + 0.001, lat], [x + 0.001, lat + 0.001], [x, lat + 0.001], [x, lat]]] }, properties: { 地块号: code, 类别: '存量用地', 规划用地: '物流仓储用地', 现状: '已预留' } });
    const bytes = geojson([odd('MAP-1', lon), odd('MAP-2', lon + 0.002)]);
    const first = await upload('parcels', bytes, 'odd.geojson');
    expect(first.body.errors.map((e: any) => e.field)).toEqual(expect.arrayContaining(['编号', '地块类型', '用途', '状态']));
    expect(first.body.errors.every((e: any) => e.feature === 0)).toBe(true);
    const mapping = JSON.stringify({ code: '地块号', kind: '类别', land_use: '规划用地', status: '现状' });
    const second = await upload('parcels', bytes, 'odd.geojson', { mapping });
    expect(second.body.errors).toEqual([]);
    expect((await commit(second.body.id)).status).toBe(200);
    expect(await own.db`SELECT kind, land_use, status FROM land_parcels WHERE code = 'MAP-1'`).toEqual([{ kind: 'stock_land', land_use: 'logistics', status: 'reserved' }]);
    const third = await upload('parcels', bytes, 'odd.geojson');
    expect(third.body.mapping).toMatchObject({ code: '地块号', kind: '类别', land_use: '规划用地', status: '现状' });
    expect(third.body.summary).toMatchObject({ new: 0, updated: 2, errors: 0 });
    expect((await upload('parcels', bytes, 'odd.geojson', { mapping: '{oops' })).status).toBe(400);
  });

  it('imports a 界址点 TXT with constants for what the format lacks, and warns when the stated area disagrees', async () => {
    const block = (code: string, stated: string, e: number) => `5,${stated},${code},${code}号地块,面,,工业用地,,@\n${square(e, N + 1000).map(([x, y], i) => `J${i + 1},1,${y},${x}`).join('\n')}`;
    const text = `[属性描述]\n坐标系=2000国家大地坐标系\n几度分带=3\n计量单位=米\n带号=38\n[地块坐标]\n${block('JZD-1', '1.0000', E)}\n${block('JZD-2', '1.0200', E + 300)}\n`;
    const bytes = new TextEncoder().encode(text);
    const mapping = JSON.stringify({ kind: '=标准地', status: '=可供应' });
    const { body } = await upload('parcels', bytes, '界址点.txt', { mapping });
    expect(body.errors).toEqual([]);
    expect(body.summary).toMatchObject({ format: '界址点 TXT', crs: { epsg: 4526, source: 'file' }, new: 2 });
    expect(body.warnings).toEqual([{ feature: 2, field: '地块面积', value: '1.02', reason: expect.stringMatching(/相差 2\.00%（10200\.00 m² 对 10000\.00 m²）/) }]);
    expect((await commit(body.id)).status).toBe(200);
    expect(await own.db`SELECT name, kind, status, land_use FROM land_parcels WHERE code = 'JZD-1'`).toEqual([{ name: 'JZD-1号地块', kind: 'standard_land', status: 'available', land_use: 'industrial' }]);
  });

  it('replaces only within the importer’s regions; upsert keeps the rest', async () => {
    const countyEditor = (await testUser(own.db, own.portal.url, 'editor', county, 'gisc')).cookie;
    const count = async (inCounty: boolean) => (await own.db<{ n: number }[]>`
      SELECT count(*)::int AS n FROM land_parcels WHERE (region_code = ${county}) = ${inCounty}`)[0]!.n;
    const [inside, outside] = [await count(true), await count(false)];
    expect(inside).toBeGreaterThan(1);
    const files = writeShapefile('r', [parcel('GIS-A1', '东区一号地块（重测）', 0)], { encoding: 'utf-8', cpg: true, prj: ZONE_38 });
    const { body } = await upload('parcels', zip(files), 'r.zip', { mode: 'replace' }, countyEditor);
    expect(body.summary).toMatchObject({ mode: 'replace', new: 0, updated: 1, removed: inside - 1 });
    expect((await commit(body.id, countyEditor)).status).toBe(200);
    expect([await count(true), await count(false)]).toEqual([1, outside]);
    expect(await own.db`SELECT name FROM land_parcels WHERE code = 'GIS-A1'`).toEqual([{ name: '东区一号地块（重测）' }]);
    // A county editor cannot touch a parcel outside the county.
    const [far] = await own.db<{ code: string }[]>`SELECT code FROM land_parcels WHERE region_code <> ${county} LIMIT 1`;
    const [lon, lat] = await lonlat(E, N + 3000);
    const foreign = await upload('parcels', geojson([{ geometry: { type: 'Polygon', coordinates: [[[lon, lat], [lon + 0.001, lat], [lon + 0.001, lat + 0.001], [lon, lat]]] }, properties: { 编号: far!.code, 地块类型: '标准地', 用途: '工业用地', 状态: '可供应' } }]), 'x.geojson', {}, countyEditor);
    expect(foreign.body.errors[0].reason).toMatch(/不在您的数据范围内/);
  });
});

describe('GIS import of other layers', () => {
  it('imports constraint zones of a chosen kind, generating codes when the file has none', async () => {
    const [lon, lat] = await lonlat(E, N + 6000);
    const zone = (x: number) => ({ geometry: { type: 'MultiPolygon', coordinates: [[[[x, lat], [x + 0.01, lat], [x + 0.01, lat + 0.01], [x, lat + 0.01], [x, lat]]]] }, properties: { 图斑名称: '基本农田保护片' } });
    expect((await upload('constraints', geojson([zone(lon)]), 'z.geojson')).status).toBe(400);
    const { body } = await upload('constraints', geojson([zone(lon), zone(lon + 0.02)]), '永久基本农田.geojson', { constraintKind: 'basic_farmland' });
    expect(body.errors).toEqual([]);
    expect(body.warnings[0].reason).toMatch(/已按要素顺序生成编号/);
    expect((await commit(body.id)).status).toBe(200);
    const rows = await own.db`SELECT code, kind FROM constraint_zones WHERE code LIKE ${`basic_farmland-${body.id}-%`} ORDER BY code`;
    expect(rows).toEqual([{ code: `basic_farmland-${body.id}-1`, kind: 'basic_farmland' }, { code: `basic_farmland-${body.id}-2`, kind: 'basic_farmland' }]);
  });

  it('imports stations picked on AMap (GCJ-02) with their connected capacity, and lines', async () => {
    const [lon, lat] = await lonlat(E, N + 9000);
    const stations = geojson([
      { geometry: { type: 'Point', coordinates: [lon, lat] }, properties: { 电站编号: 'PV-GIS-1', 电站名称: '东沟村光伏', 电站类型: '村级光伏电站', 装机容量: 300, 并网状态: '全容量并网', 并网日期: '2026/6/30' } },
      { geometry: { type: 'Point', coordinates: [lon + 0.01, lat] }, properties: { 电站编号: 'PV-GIS-2', 电站名称: '西沟村光伏', 电站类型: '村级光伏电站', 装机容量: 300, 并网状态: '部分并网' } },
    ]);
    const s = await upload('stations', stations, 'pv.geojson', { crs: 'GCJ02' });
    expect(s.body.summary.crs).toMatchObject({ kind: 'gcj02', source: 'chosen' });
    expect(s.body.errors).toEqual([{ feature: 2, field: '并网容量（千瓦）', value: '', reason: '部分并网的电站须填写并网容量' }]);
    const fixed = await upload('stations', new TextEncoder().encode(new TextDecoder().decode(stations).replace('"并网状态":"部分并网"', '"并网状态":"在建"')), 'pv.geojson', { crs: 'GCJ02' });
    expect(fixed.body.errors).toEqual([]);
    expect((await commit(fixed.body.id)).status).toBe(200);
    const [pv] = await own.db<{ connected: number; on: string; lon: number }[]>`
      SELECT connected_kw::float8 AS connected, to_char(connected_on, 'YYYY-MM-DD') AS on, ST_X(geom) AS lon FROM energy_stations WHERE code = 'PV-GIS-1'`;
    expect(pv).toMatchObject({ connected: 300, on: '2026-06-30' });
    // GCJ-02 is shifted a few hundred metres east of CGCS2000 here: the stored point is west of the picked one.
    expect(lon - pv!.lon).toBeGreaterThan(0.002);

    const lines = geojson([{ geometry: { type: 'LineString', coordinates: [[lon, lat], [lon + 0.05, lat + 0.01]] }, properties: { 编号: 'RD-GIS-1', 名称: '园区大道', 线路类型: '省道', 建设状态: '在建' } }]);
    const l = await upload('lines', lines, 'road.geojson');
    expect(l.body.errors).toEqual([]);
    expect((await commit(l.body.id)).status).toBe(200);
    expect(await own.db`SELECT kind, status, region_code IS NOT NULL AS placed FROM transport_lines WHERE code = 'RD-GIS-1'`).toEqual([{ kind: 'provincial_road', status: 'building', placed: true }]);
  });

  it('adds a region under its parent by code, and refuses to replace regions', async () => {
    const [lon, lat] = await lonlat(E, N);
    const city = `${county.slice(0, 4)}00`;
    const code = `${county.slice(0, 4)}99`;
    const region = geojson([{ geometry: { type: 'Polygon', coordinates: [[[lon, lat], [lon + 0.05, lat], [lon + 0.05, lat + 0.05], [lon, lat + 0.05], [lon, lat]]] }, properties: { 行政区划代码: code, 名称: '测试新区' } }]);
    const replace = await upload('regions', region, 'xzq.geojson', { mode: 'replace' });
    expect(replace.status).toBe(400);
    expect(replace.body.error.message).toMatch(/行政区只能按代码更新/);
    const { body } = await upload('regions', region, 'xzq.geojson');
    expect(body.errors).toEqual([]);
    expect((await commit(body.id)).status).toBe(200);
    expect(await own.db`SELECT name, level, parent_code::text AS parent FROM regions WHERE code = ${code}`).toEqual([{ name: '测试新区', level: 'county', parent: city }]);
    const orphan = await upload('regions', new TextEncoder().encode(new TextDecoder().decode(region).replace(code, '990101')), 'xzq.geojson');
    expect(orphan.body.errors[0].reason).toMatch(/上级行政区 990100 或 990000 不存在/);
  });
});
