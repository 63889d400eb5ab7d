import { describe, expect, it } from 'vitest';
import { parseKml } from './kml.ts';

const doc = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document>${body}</Document></kml>`;

describe('KML', () => {
  it('reads polygons with holes, lines, points, names and extended data', () => {
    const features = parseKml(doc(`
      <Placemark><name><![CDATA[一号地块 & 附属]]></name>
        <ExtendedData><Data name="用途"><value>工业用地</value></Data><SchemaData><SimpleData name="编号">A-01</SimpleData></SchemaData></ExtendedData>
        <Polygon><outerBoundaryIs><LinearRing><coordinates>112.90,35.45,0 112.91,35.45,0 112.91,35.46,0 112.90,35.46,0</coordinates></LinearRing></outerBoundaryIs>
        <innerBoundaryIs><LinearRing><coordinates>112.902,35.452 112.903,35.452 112.903,35.453 112.902,35.452</coordinates></LinearRing></innerBoundaryIs></Polygon>
      </Placemark>
      <Placemark><name>晋阳高速 &amp; 连接线</name><LineString><coordinates>112.8,35.4 112.9,35.5</coordinates></LineString></Placemark>
      <kml:Placemark><kml:name>站点</kml:name><kml:Point><kml:coordinates>112.85,35.49</kml:coordinates></kml:Point></kml:Placemark>`));
    expect(features.map((f) => [f.geometry.type, f.properties['名称']])).toEqual([['Polygon', '一号地块 & 附属'], ['LineString', '晋阳高速 & 连接线'], ['Point', '站点']]);
    const rings = features[0]!.geometry.coordinates as number[][][];
    expect(rings).toHaveLength(2);
    expect(rings[0]).toHaveLength(5);
    expect(rings[0]![4]).toEqual([112.9, 35.45]);
    expect(features[0]!.properties).toMatchObject({ 用途: '工业用地', 编号: 'A-01' });
  });

  it('refuses a DOCTYPE, non-KML, empty documents and bad coordinates', () => {
    expect(() => parseKml('<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY x SYSTEM "file:///etc/passwd">]><kml>&x;</kml>')).toThrow(/DOCTYPE/);
    expect(() => parseKml('<gpx></gpx>')).toThrow(/不是 KML/);
    expect(() => parseKml(doc(''))).toThrow(/没有地标/);
    expect(() => parseKml(doc('<Placemark><Point><coordinates>abc</coordinates></Point></Placemark>'))).toThrow(/第 1 个地标/);
  });
});
