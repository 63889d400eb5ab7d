import { describe, expect, it } from 'vitest';
import { parseCoordinateList, parseGeoJson } from './geometry-text.ts';

describe('pasted coordinates and GeoJSON', () => {
  it('closes a pasted ring and reads X,Y in either order', () => {
    const lonlat = parseCoordinateList('112.90,35.45\n112.91 35.45\n112.91，35.46');
    expect(lonlat.crs).toMatchObject({ epsg: 4490 });
    expect((lonlat.features[0]!.geometry.coordinates as number[][][])[0]).toHaveLength(4);
    const xy = parseCoordinateList('J1 3930000 38500000\nJ2 3930000 38500100\nJ3 3930100 38500100');
    expect(xy.crs).toMatchObject({ epsg: 4526 });
    expect((xy.features[0]!.geometry.coordinates as number[][][])[0]![0]).toEqual([38500000, 3930000]);
    expect(() => parseCoordinateList('112.9,35.4\n112.91,35.4')).toThrow(/至少需要 3 个/);
    expect(() => parseCoordinateList('112.9,35.4\nabc\n112.9,35.5')).toThrow(/第 2 行/);
  });

  it('reads FeatureCollections, single features and geometries, with or without a crs member', () => {
    const square = { type: 'Polygon', coordinates: [[[38500000, 3930000], [38500100, 3930000], [38500100, 3930100], [38500000, 3930100], [38500000, 3930000]]] };
    expect(parseGeoJson(JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4526' } }, features: [{ type: 'Feature', geometry: square, properties: { 名称: '地块' } }] })))
      .toMatchObject({ crs: { epsg: 4526 }, features: [{ index: 1, properties: { 名称: '地块' } }] });
    expect(parseGeoJson(JSON.stringify(square)).crs).toMatchObject({ epsg: 4526 });
    expect(parseGeoJson(JSON.stringify({ type: 'Feature', geometry: { type: 'Point', coordinates: [112.9, 35.4] }, properties: null })).crs).toMatchObject({ epsg: 4490 });
    expect(() => parseGeoJson('{"type":"FeatureCollection","features":[]}')).toThrow(/没有要素/);
    expect(() => parseGeoJson('{"type":"Feature","geometry":{"type":"Circle"}}')).toThrow(/第 1 个要素/);
    expect(() => parseGeoJson('{oops')).toThrow(/不是有效的 JSON/);
  });
});
