import { describe, expect, it } from 'vitest';
import { readShapefileZip, ShapefileError } from './shapefile.ts';
import { readZip } from './zip.ts';
import { dbf, shp, zip } from './test-fixtures.ts';

const LIMITS = { maxEntries: 100, maxBytes: 10 * 1024 * 1024 };
const GBK: Record<string, number[]> = {
  测试地块: [178, 226, 202, 212, 181, 216, 191, 233], 名称: [195, 251, 179, 198], 工业用地: [185, 164, 210, 181, 211, 195, 181, 216],
};

const PRJ = new TextEncoder().encode('PROJCS["CGCS2000_3_Degree_GK_Zone_38",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000"],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",38500000.0],PARAMETER["Central_Meridian",114.0]]');
const utf8 = (s: string) => [...new TextEncoder().encode(s)];

describe('zipped Shapefiles', () => {
  it('reads a polygon with its hole, the .prj, and GBK names by .cpg, by the language byte and by detection', () => {
    const gbkDbf = dbf(GBK['名称']!, GBK['测试地块']!);
    const byCpg = readShapefileZip(zip({ 'a.shp': shp(), 'a.shx': new Uint8Array(100), 'a.dbf': gbkDbf, 'a.cpg': new TextEncoder().encode('936'), 'a.prj': PRJ }), null, LIMITS);
    expect(byCpg.crs).toMatchObject({ epsg: 4526 });
    expect(byCpg.encoding).toBe('gbk');
    expect(byCpg.features[0]!.properties).toEqual({ 名称: '测试地块' });
    expect(byCpg.features[0]!.geometry.type).toBe('Polygon');
    expect((byCpg.features[0]!.geometry.coordinates as unknown[]).length).toBe(2);
    expect(readShapefileZip(zip({ 'a.shp': shp(), 'a.dbf': dbf(GBK['名称']!, GBK['工业用地']!, 0x4d) }), null, LIMITS).features[0]!.properties).toEqual({ 名称: '工业用地' });
    expect(readShapefileZip(zip({ 'a.shp': shp(), 'a.dbf': dbf(GBK['名称']!, GBK['工业用地']!) }), null, LIMITS).encoding).toBe('gbk');
    const u = readShapefileZip(zip({ 'a.shp': shp(), 'a.dbf': dbf(utf8('名称'), utf8('测试地块')) }), null, LIMITS);
    expect([u.encoding, u.features[0]!.properties['名称'], u.crs]).toEqual(['utf-8', '测试地块', null]);
    // The user's choice wins.
    expect(readShapefileZip(zip({ 'a.shp': shp(), 'a.dbf': dbf(utf8('名称'), utf8('测试地块')), 'a.cpg': new TextEncoder().encode('GBK') }), 'utf-8', LIMITS).features[0]!.properties['名称']).toBe('测试地块');
  });

  it('refuses broken zips, unsafe paths, bombs, missing parts and several layers', () => {
    const shpFiles = { 'a.shp': shp(), 'a.dbf': dbf(utf8('n'), utf8('v')) };
    expect(() => readShapefileZip(new Uint8Array([1, 2, 3]), null, LIMITS)).toThrow(/不是有效的 zip/);
    expect(() => readZip(zip({ '../evil.shp': shp() }), LIMITS)).toThrow(/不安全的路径/);
    expect(() => readZip(zip({ '/etc/x.shp': shp() }), LIMITS)).toThrow(/不安全的路径/);
    const bomb = zip({ 'a.shp': new Uint8Array(20 * 1024 * 1024), 'a.dbf': dbf(utf8('n'), utf8('v')) });
    expect(bomb.length).toBeLessThan(100_000);
    expect(() => readShapefileZip(bomb, null, LIMITS)).toThrow(/解压后超过上限/);
    expect(() => readShapefileZip(zip({ 'a.shp': shp() }), null, LIMITS)).toThrow(/缺少 a\.dbf/);
    expect(() => readShapefileZip(zip({ ...shpFiles, 'b.shp': shp(), 'b.dbf': dbf(utf8('n'), utf8('v')) }), null, LIMITS)).toThrow(/2 个图层/);
    expect(() => readShapefileZip(zip({ 'a.dbf': dbf(utf8('n'), utf8('v')) }), null, LIMITS)).toThrow(ShapefileError);
    expect(() => readShapefileZip(zip({ 'a.shp': new Uint8Array(50), 'a.dbf': dbf(utf8('n'), utf8('v')) }), null, LIMITS)).toThrow(/文件头无效/);
  });
});
