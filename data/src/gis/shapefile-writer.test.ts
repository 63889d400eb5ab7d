import { describe, expect, it } from 'vitest';
import { readShapefileZip } from './shapefile.ts';
import { encodeGbk, writeShapefile, type WritableFeature } from './shapefile-writer.ts';
import { zip } from './test-fixtures.ts';

const limits = { maxEntries: 10, maxBytes: 10_000_000 };
const square = (x: number, y: number, d: number) => [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]];

describe('writeShapefile', () => {
  it('encodes GBK as the platform decodes it', () => {
    expect(new TextDecoder('gbk').decode(encodeGbk('地块 A-1 临渭区'))).toBe('地块 A-1 临渭区');
  });

  const features: WritableFeature[] = [
    { geometry: { type: 'Polygon', coordinates: [square(38_500_000, 3_930_000, 100), square(38_500_040, 3_930_040, 20)] }, properties: { DKBH: 'A-1', DKMC: '东区一号地块', MJ: 1.5 } },
    { geometry: { type: 'MultiPolygon', coordinates: [[square(0, 0, 10)], [square(20, 0, 10)]] }, properties: { DKBH: 'A-2', DKMC: null, MJ: 12 } },
  ];

  for (const [encoding, cpg, languageByte] of [['gbk', true, 0], ['gbk', false, 0x4d], ['utf-8', true, 0]] as const) {
    it(`round-trips polygons with holes and ${encoding} attributes (${cpg ? '.cpg' : `language byte ${languageByte}`})`, () => {
      const files = writeShapefile('地块', features, { encoding, cpg, languageByte });
      const read = readShapefileZip(zip(files), null, limits);
      expect(read.encoding).toBe(encoding);
      expect(read.features.map((f) => f.properties)).toEqual([{ DKBH: 'A-1', DKMC: '东区一号地块', MJ: 1.5 }, { DKBH: 'A-2', DKMC: '', MJ: 12 }]);
      expect(read.features[0]!.geometry.type).toBe('Polygon');
      expect((read.features[0]!.geometry.coordinates as number[][][]).length).toBe(2);
      expect(read.features[1]!.geometry.type).toBe('MultiPolygon');
    });
  }

  it('writes points and lines', () => {
    const points = readShapefileZip(zip(writeShapefile('p', [{ geometry: { type: 'Point', coordinates: [112.5, 35.1] }, properties: { BH: 'S1' } }], { encoding: 'utf-8', cpg: true })), null, limits);
    expect(points.features[0]!.geometry).toEqual({ type: 'Point', coordinates: [112.5, 35.1] });
    const lines = readShapefileZip(zip(writeShapefile('l', [{ geometry: { type: 'LineString', coordinates: [[1, 2], [3, 4]] }, properties: { BH: 'L1' } }], { encoding: 'utf-8', cpg: true })), null, limits);
    expect(lines.features[0]!.geometry).toEqual({ type: 'LineString', coordinates: [[1, 2], [3, 4]] });
  });
});
