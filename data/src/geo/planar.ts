// Small planar helpers on lon/lat rings, used only to place demo records inside counties.
// Official areas and spatial answers always come from PostGIS.

export type Position = [number, number];
export type Ring = Position[];
/** A polygon as rings (outer first), as in GeoJSON. */
export type PolygonRings = Ring[];

/** Even-odd ray casting: is the point inside the ring? */
export function pointInRing(point: Position, ring: Ring): boolean {
  const [x, y] = point;
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Is the point inside any polygon of a multipolygon (outer ring in, no hole containing it)? */
export function pointInMultiPolygon(point: Position, polygons: PolygonRings[]): boolean {
  return polygons.some(
    (rings) => pointInRing(point, rings[0]!) && !rings.slice(1).some((hole) => pointInRing(point, hole)),
  );
}

/** The bounding box [minLon, minLat, maxLon, maxLat] of a multipolygon. */
export function bboxOf(polygons: PolygonRings[]): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const rings of polygons) {
    for (const [x, y] of rings[0]!) {
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
  }
  return [minX, minY, maxX, maxY];
}

/** Metres per degree of longitude and latitude near a latitude (spherical approximation). */
export function metresPerDegree(lat: number): { lon: number; lat: number } {
  const latM = 111_320;
  return { lon: latM * Math.cos((lat * Math.PI) / 180), lat: latM };
}
