// County geometry for the demo generator: where a county's seat is and how to find points,
// parks and small shapes inside it.
import type { Position, PolygonRings } from '../geo/planar.ts';
import { bboxOf, metresPerDegree, pointInMultiPolygon } from '../geo/planar.ts';
import type { Random } from './random.ts';

/** A county of the demo region with its boundary (lon/lat rings). */
export interface County {
  code: string;
  name: string;
  cityCode: string;
  polygons: PolygonRings[];
  bbox: [number, number, number, number];
  /** A point well inside the county standing in for the county seat. */
  seat: Position;
}

/** The county name without its 县/市/区 suffix, for project names (定襄县 → 定襄). */
export function shortName(name: string): string {
  return name.length > 2 ? name.replace(/(县|市|区)$/, '') : name;
}

/** Builds a County, choosing as its seat the interior point closest to the centre of its bbox. */
export function makeCounty(code: string, name: string, cityCode: string, polygons: PolygonRings[]): County {
  const bbox = bboxOf(polygons);
  const centre: Position = [(bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2];
  let seat = centre;
  if (!pointInMultiPolygon(centre, polygons)) {
    // Walk a fine grid outward from the centre; the first interior point wins.
    let best: Position | null = null;
    let bestD = Infinity;
    const n = 40;
    for (let i = 0; i <= n; i++) {
      for (let j = 0; j <= n; j++) {
        const p: Position = [bbox[0] + ((bbox[2] - bbox[0]) * i) / n, bbox[1] + ((bbox[3] - bbox[1]) * j) / n];
        const d = (p[0] - centre[0]) ** 2 + (p[1] - centre[1]) ** 2;
        if (d < bestD && pointInMultiPolygon(p, polygons)) {
          best = p;
          bestD = d;
        }
      }
    }
    if (!best) throw new Error(`county ${code} has no interior point`);
    seat = best;
  }
  return { code, name, cityCode, polygons, bbox, seat };
}

/** A uniformly random point inside the county (rejection sampling on its bbox). */
export function randomPointIn(county: County, random: Random): Position {
  const [minX, minY, maxX, maxY] = county.bbox;
  for (let i = 0; i < 10_000; i++) {
    const p: Position = [random.range(minX, maxX), random.range(minY, maxY)];
    if (pointInMultiPolygon(p, county.polygons)) return p;
  }
  return county.seat;
}

/** A random point within `radiusM` metres of `centre` that is inside the county. */
export function randomPointNear(county: County, centre: Position, radiusM: number, random: Random): Position {
  const m = metresPerDegree(centre[1]);
  for (let i = 0; i < 200; i++) {
    const r = radiusM * Math.sqrt(random.next());
    const a = random.range(0, 2 * Math.PI);
    const p: Position = [centre[0] + (r * Math.cos(a)) / m.lon, centre[1] + (r * Math.sin(a)) / m.lat];
    if (pointInMultiPolygon(p, county.polygons)) return p;
  }
  return randomPointIn(county, random);
}

/** Offsets a point by metres east and north. */
export function offset(p: Position, eastM: number, northM: number): Position {
  const m = metresPerDegree(p[1]);
  return [p[0] + eastM / m.lon, p[1] + northM / m.lat];
}

/** A closed rectangle ring of the given size (metres), rotated by `angle` radians about its centre. */
export function rectangle(centre: Position, widthM: number, heightM: number, angle: number): Position[] {
  const corners: [number, number][] = [
    [-widthM / 2, -heightM / 2],
    [widthM / 2, -heightM / 2],
    [widthM / 2, heightM / 2],
    [-widthM / 2, heightM / 2],
  ];
  const ring = corners.map(([x, y]) =>
    offset(centre, x * Math.cos(angle) - y * Math.sin(angle), x * Math.sin(angle) + y * Math.cos(angle)),
  );
  return roundRing([...ring, ring[0]!]);
}

/** A closed, simple, star-shaped ring: irregular but never self-intersecting. */
export function blob(centre: Position, radiusM: number, random: Random, vertices = 28): Position[] {
  const ring: Position[] = [];
  let r = radiusM;
  for (let i = 0; i < vertices; i++) {
    r = Math.min(radiusM * 1.3, Math.max(radiusM * 0.55, r * random.range(0.85, 1.17)));
    const a = (2 * Math.PI * i) / vertices;
    ring.push(offset(centre, r * Math.cos(a), r * Math.sin(a)));
  }
  return roundRing([...ring, ring[0]!]);
}

/** Rounds coordinates to 7 decimals (~1 cm), the precision the demo needs. */
export function roundRing(ring: Position[]): Position[] {
  return ring.map(([x, y]) => [Number(x.toFixed(7)), Number(y.toFixed(7))]);
}
