// POST /api/geometry/parse on the real portal and PostGIS: the same 100 m square parcel written as a
// 界址点 TXT (zone-prefixed and central-meridian forms), a pasted X/Y list, GeoJSON with a crs
// member, GCJ-02 longitude/latitude, KML and a zipped Shapefile with GBK attributes must land on the same place within 0.05 m with the same area
// within 0.01%; bad input gets its reason.
import { afterAll, describe, expect, it } from 'vitest';
import { wgs84ToGcj02 } from '@guatu/data/geo/gcj02.ts';
import { portalFetch, testDb } from './support/db.ts';
import { dbf, shp, zip } from '@guatu/data/gis/test-fixtures.ts';

const sql = testDb();
afterAll(() => sql.end());

// A square in 晋城 (3° zone 38, central meridian 114°E; about 112.85°E, 35.5°N), 100 m a side in the plane.
const [E, N] = [38_395_700, 3_930_400];
const corners = [[E, N], [E + 100, N], [E + 100, N + 100], [E, N + 100], [E, N]] as const;
const jzd = (form: 'zone' | 'cm') => `[属性描述]\n坐标系=2000国家大地坐标系\n几度分带=3\n计量单位=米\n带号=38\n[地块坐标]\n5,1.0000,1,测试地块,面,,工业用地,,@\n${corners.map(([e, n], i) => `J${i + 1},1,${n},${form === 'zone' ? e : e - 38_000_000}`).join('\n')}\n`;

async function parse(body: Record<string, unknown>) {
  const res = await portalFetch('/api/geometry/parse', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
}

describe('POST /api/geometry/parse', () => {
  it('lands every form of the same parcel on the same place with the same area', async () => {
    const [lonlat] = await sql<{ ring: [number, number][] }[]>`
      SELECT (ST_AsGeoJSON(ST_Transform(ST_SetSRID(ST_GeomFromText(${`POLYGON((${corners.map(([e, n]) => `${e} ${n}`).join(',')}))`}), 4526), 4490), 12)::json -> 'coordinates' -> 0) AS ring`;
    const gcj = lonlat!.ring.map(([lon, lat]) => wgs84ToGcj02(lon, lat).join(',')).join('\n');
    const forms: [string, Record<string, unknown>][] = [
      ['界址点 zone', { text: jzd('zone') }],
      ['界址点 CM', { text: jzd('cm') }],
      ['X,Y list', { text: corners.map(([e, n]) => `${n},${e}`).join('\n') }],
      ['GeoJSON crs', { text: JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'EPSG:4526' } }, features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [corners] } }] }) }],
      ['GCJ-02', { text: gcj, crs: 'GCJ02' }],
      ['KML', { text: `<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>测试地块</name><Polygon><outerBoundaryIs><LinearRing><coordinates>${lonlat!.ring.map(([lon, lat]) => `${lon},${lat},0`).join(' ')}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></kml>` }],
    ];
    // And a zipped Shapefile (outer rings clockwise, GBK attributes, a .prj of zone 38).
    const prj = new TextEncoder().encode('PROJCS["CGCS2000_3_Degree_GK_Zone_38",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000"],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",38500000.0],PARAMETER["Central_Meridian",114.0]]');
    const shapefile = zip({
      '测试.shp': shp([...corners].reverse().map((p) => [...p]), null),
      '测试.dbf': dbf([195, 251, 179, 198], [178, 226, 202, 212, 181, 216, 191, 233]),
      '测试.prj': prj,
    }, 'raw');
    const results = [];
    const form = new FormData();
    form.set('file', new File([shapefile as Uint8Array<ArrayBuffer>], '测试地块.zip'));
    const uploaded = await portalFetch('/api/geometry/parse', { method: 'POST', body: form });
    const up = (await uploaded.json()) as any;
    expect(uploaded.status, JSON.stringify(up)).toBe(200);
    expect(up).toMatchObject({ format: 'Shapefile', encoding: 'gbk', crs: { epsg: 4526 }, warnings: [] });
    expect(up.features[0].properties).toEqual({ 名称: '测试地块' });
    results.push({ name: 'Shapefile', f: up.features[0], crs: up.crs });
    for (const [name, body] of forms) {
      const r = await parse(body);
      expect(r.status, `${name}: ${JSON.stringify(r.body)}`).toBe(200);
      expect(r.body.warnings, name).toEqual([]);
      results.push({ name, f: r.body.features[0], crs: r.body.crs });
    }
    expect(results[1]!.crs).toMatchObject({ epsg: 4526 });
    expect(results[2]!.crs).toMatchObject({ epsg: 4547 });
    const metres = (a: number[], b: number[]) => Math.hypot((a[0]! - b[0]!) * 111_320 * Math.cos((a[1]! * Math.PI) / 180), (a[1]! - b[1]!) * 110_574);
    const ref = results[1]!.f;
    expect(ref.planeAreaM2).toBeCloseTo(10_000, 6);
    // 100 km from the central meridian the plane area is larger by the scale factor squared (≈ 0.03%).
    expect(Math.abs(ref.areaM2 - 10_000) / 10_000).toBeLessThan(0.001);
    expect(ref.areaMu).toBeCloseTo((ref.areaM2 * 3) / 2000, 9);
    for (const { name, f } of results) {
      const ring = f.geometry.coordinates[0] as number[][];
      // Rings may run either way round (a Shapefile's outer ring is clockwise): every corner has its twin.
      for (let i = 0; i < 4; i++) expect(Math.min(...ring.map((p) => metres(p, ref.geometry.coordinates[0][i]))), `${name} corner ${i}`).toBeLessThan(0.05);
      expect(Math.abs(f.areaM2 - ref.areaM2) / ref.areaM2, name).toBeLessThan(0.0001);
    }
  });

  it('compares a 界址点 file\'s stated area with the computed one', async () => {
    const r = await parse({ text: jzd('zone').replace('5,1.0000,', '5,1.2000,') });
    expect(r.body.warnings[0].reason).toMatch(/相差 20\.00%/);
  });

  it('gives bad input its reason', async () => {
    const swapped = await parse({ text: JSON.stringify({ type: 'Polygon', coordinates: [corners.map(([e, n]) => [n, e])] }) });
    expect([swapped.status, swapped.body.error.message]).toEqual([422, expect.stringMatching(/X\/Y 顺序反了/)]);
    expect((await parse({ text: '<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY x SYSTEM "file:///etc/passwd">]><kml>&x;</kml>' })).body.error.message).toMatch(/DOCTYPE/);
    const xian = await parse({ text: jzd('zone').replace('2000国家大地坐标系', '1980西安坐标系') });
    expect([xian.status, xian.body.error.message]).toEqual([422, expect.stringMatching(/西安80/)]);
    const open = await parse({ text: JSON.stringify({ type: 'Polygon', coordinates: [[[112.9, 35.4], [112.91, 35.4], [112.91, 35.41], [112.9, 35.41]]] }) });
    expect([open.status, open.body.error.message]).toEqual([422, expect.stringMatching(/没有闭合/)]);
    const bowtie = await parse({ text: JSON.stringify({ type: 'Polygon', coordinates: [[[112.9, 35.4], [112.91, 35.41], [112.91, 35.4], [112.9, 35.41], [112.9, 35.4]]] }) });
    expect(bowtie.status).toBe(200);
    expect(bowtie.body.warnings[0].reason).toMatch(/已自动修复/);
    const abroad = await parse({ text: '2.35,48.85\n2.36,48.85\n2.36,48.86' });
    expect(abroad.body.warnings[0].reason).toMatch(/不在本系统的行政区范围内/);
    const cm = await parse({ text: corners.map(([e, n]) => `${n},${e - 38_000_000}`).join('\n') });
    expect([cm.status, cm.body.error.message]).toEqual([422, expect.stringMatching(/不含带号/)]);
    expect((await parse({ text: '' })).status).toBe(400);
  });
});
