import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { describe, expect, it } from 'vitest';
import { encodeTile, signedArea2, type TileLayer } from './mvt.ts';

const fixture: TileLayer[] = [
  {
    name: 'projects',
    extent: 4096,
    features: [
      { id: 7, type: 'point', parts: [[[100, 200]]], properties: { name: '忻雄高铁', stage: 'new_start', totalInvestment: 2_760_000, key: true, rate: 0.8532, delta: -3 } },
      { id: 8, type: 'point', parts: [[[300, 400]]], properties: { name: '定襄法兰', stage: 'new_start', empty: null } },
    ],
  },
  {
    name: 'land_parcels',
    extent: 4096,
    features: [
      {
        id: 1,
        type: 'polygon',
        // Exterior given anticlockwise on screen and a hole given clockwise: the encoder must flip both.
        parts: [
          [[0, 0], [0, 1000], [1000, 1000], [1000, 0], [0, 0]],
          [[200, 200], [800, 200], [800, 800], [200, 800], [200, 200]],
        ],
        ringCounts: [2],
        properties: { status: 'available' },
      },
      { id: 2, type: 'polygon', parts: [[[5, 5], [5, 5], [5, 5]]], properties: { status: 'degenerate' } },
    ],
  },
  {
    name: 'transport_lines',
    extent: 4096,
    features: [{ id: 3, type: 'line', parts: [[[0, 0], [10, 10], [10, 10], [20, 0]], [[50, 50], [60, 60]]], properties: { kind: 'railway' } }],
  },
];

function decode(bytes: Uint8Array) {
  return new VectorTile(new PbfReader(bytes));
}

describe('MVT encoding', () => {
  const bytes = encodeTile(fixture)!;
  const tile = decode(bytes);

  it('writes layers, ids and typed properties that a standard decoder reads back', () => {
    expect(Object.keys(tile.layers).sort()).toEqual(['land_parcels', 'projects', 'transport_lines']);
    const projects = tile.layers.projects!;
    expect(projects.version).toBe(2);
    expect(projects.extent).toBe(4096);
    expect(projects.length).toBe(2);
    const f = projects.feature(0);
    expect(f.id).toBe(7);
    expect(f.type).toBe(1);
    expect(f.properties).toEqual({ name: '忻雄高铁', stage: 'new_start', totalInvestment: 2_760_000, key: true, rate: 0.8532, delta: -3 });
    expect(f.loadGeometry()[0]![0]).toMatchObject({ x: 100, y: 200 });
    expect(projects.feature(1).properties).toEqual({ name: '定襄法兰', stage: 'new_start' });
  });

  it('winds exteriors clockwise and holes anticlockwise on screen, and drops degenerate polygons', () => {
    const parcels = tile.layers.land_parcels!;
    expect(parcels.length).toBe(1);
    const rings = parcels.feature(0).loadGeometry().map((r) => r.map((p) => [p.x, p.y] as [number, number]));
    expect(rings).toHaveLength(2);
    expect(signedArea2(rings[0]!.slice(0, -1))).toBeGreaterThan(0);
    expect(signedArea2(rings[1]!.slice(0, -1))).toBeLessThan(0);
    const geojson = parcels.feature(0).toGeoJSON(0, 0, 0);
    expect(geojson.geometry.type).toBe('Polygon');
  });

  it('keeps multi-part lines and removes repeated points', () => {
    const line = tile.layers.transport_lines!.feature(0);
    const parts = line.loadGeometry();
    expect(parts).toHaveLength(2);
    expect(parts[0]!.map((p) => [p.x, p.y])).toEqual([[0, 0], [10, 10], [20, 0]]);
  });

  it('returns null for a tile with nothing drawable', () => {
    expect(encodeTile([{ name: 'x', extent: 4096, features: [] }])).toBeNull();
  });

  it('is byte-for-byte stable (golden tile)', () => {
    expect(Buffer.from(bytes).toString('base64')).toMatchSnapshot();
  });
});
