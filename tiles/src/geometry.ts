// Geometry for tiling: lon/lat to Web Mercator world coordinates (0..1), Douglas–Peucker
// simplification, and clipping of points, lines and polygons to a tile's box plus buffer.

export type XY = [number, number];

export interface SourceGeometry {
  type: 'Point' | 'MultiPoint' | 'LineString' | 'MultiLineString' | 'Polygon' | 'MultiPolygon';
  coordinates: unknown;
}

/** A feature in world coordinates: one part per point or line; polygons as rings with counts. */
export interface WorldFeature {
  id: number;
  kind: 'point' | 'line' | 'polygon';
  parts: XY[][];
  ringCounts: number[];
  bbox: [number, number, number, number];
  properties: Record<string, string | number | boolean | null>;
}

const MAX_LAT = 85.0511287798;

/** CGCS2000/WGS84 lon/lat to Web Mercator world coordinates in 0..1 (y down). */
export function toWorld(lon: number, lat: number): XY {
  const phi = (Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * Math.PI) / 180;
  return [(lon + 180) / 360, 0.5 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / (2 * Math.PI)];
}

/** World coordinates back to lon/lat. */
export function toLonLat([x, y]: XY): XY {
  return [x * 360 - 180, (Math.atan(Math.exp((0.5 - y) * 2 * Math.PI)) * 360) / Math.PI - 90];
}

/** Projects a GeoJSON geometry; returns null for empty or unsupported geometry. */
export function projectFeature(id: number, geometry: SourceGeometry, properties: WorldFeature['properties']): WorldFeature | null {
  const ring = (r: number[][]) => r.map(([lon, lat]) => toWorld(lon!, lat!));
  let kind: WorldFeature['kind'];
  let parts: XY[][] = [];
  const ringCounts: number[] = [];
  switch (geometry.type) {
    case 'Point': kind = 'point'; parts = [[toWorld(...(geometry.coordinates as XY))]]; break;
    case 'MultiPoint': kind = 'point'; parts = (geometry.coordinates as XY[]).map((p) => [toWorld(...p)]); break;
    case 'LineString': kind = 'line'; parts = [ring(geometry.coordinates as number[][])]; break;
    case 'MultiLineString': kind = 'line'; parts = (geometry.coordinates as number[][][]).map(ring); break;
    case 'Polygon': kind = 'polygon'; parts = (geometry.coordinates as number[][][]).map(ring); ringCounts.push(parts.length); break;
    case 'MultiPolygon':
      kind = 'polygon';
      for (const poly of geometry.coordinates as number[][][][]) {
        parts.push(...poly.map(ring));
        ringCounts.push(poly.length);
      }
      break;
    default: return null;
  }
  if (parts.length === 0) return null;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const part of parts) for (const [x, y] of part) {
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (x > maxX) maxX = x;
    if (y > maxY) maxY = y;
  }
  return { id, kind, parts, ringCounts, bbox: [minX, minY, maxX, maxY], properties };
}

function segmentDistanceSq(p: XY, a: XY, b: XY): number {
  let [x, y] = a;
  let dx = b[0] - x;
  let dy = b[1] - y;
  if (dx !== 0 || dy !== 0) {
    const t = ((p[0] - x) * dx + (p[1] - y) * dy) / (dx * dx + dy * dy);
    if (t > 1) [x, y] = b;
    else if (t > 0) {
      x += dx * t;
      y += dy * t;
    }
  }
  dx = p[0] - x;
  dy = p[1] - y;
  return dx * dx + dy * dy;
}

/** Douglas–Peucker simplification keeping the end points; rings keep at least 4 points. */
export function simplify(points: XY[], tolerance: number, minPoints = 2): XY[] {
  if (points.length <= minPoints || tolerance <= 0) return points;
  const keep = new Uint8Array(points.length);
  keep[0] = keep[points.length - 1] = 1;
  const stack: [number, number][] = [[0, points.length - 1]];
  const tolSq = tolerance * tolerance;
  while (stack.length) {
    const [first, last] = stack.pop()!;
    let maxSq = 0;
    let index = -1;
    for (let i = first + 1; i < last; i++) {
      const d = segmentDistanceSq(points[i]!, points[first]!, points[last]!);
      if (d > maxSq) {
        maxSq = d;
        index = i;
      }
    }
    if (index > 0 && maxSq > tolSq) {
      keep[index] = 1;
      stack.push([first, index], [index, last]);
    }
  }
  const out = points.filter((_, i) => keep[i]);
  return out.length >= minPoints ? out : points;
}

/** Clips a polygon ring to a box (Sutherland–Hodgman); returns a closed ring or []. */
export function clipRing(ring: XY[], x0: number, y0: number, x1: number, y1: number): XY[] {
  let out = ring;
  const edges: [(p: XY) => boolean, (a: XY, b: XY) => XY][] = [
    [(p) => p[0] >= x0, (a, b) => [x0, a[1] + ((b[1] - a[1]) * (x0 - a[0])) / (b[0] - a[0])]],
    [(p) => p[0] <= x1, (a, b) => [x1, a[1] + ((b[1] - a[1]) * (x1 - a[0])) / (b[0] - a[0])]],
    [(p) => p[1] >= y0, (a, b) => [a[0] + ((b[0] - a[0]) * (y0 - a[1])) / (b[1] - a[1]), y0]],
    [(p) => p[1] <= y1, (a, b) => [a[0] + ((b[0] - a[0]) * (y1 - a[1])) / (b[1] - a[1]), y1]],
  ];
  for (const [inside, cut] of edges) {
    if (out.length === 0) return [];
    const input = out;
    out = [];
    for (let i = 0; i < input.length; i++) {
      const cur = input[i]!;
      const prev = input[(i + input.length - 1) % input.length]!;
      if (inside(cur)) {
        if (!inside(prev)) out.push(cut(prev, cur));
        out.push(cur);
      } else if (inside(prev)) out.push(cut(prev, cur));
    }
  }
  if (out.length < 3) return [];
  const first = out[0]!;
  const last = out[out.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) out.push([first[0], first[1]]);
  return out;
}

/** Clips a polyline to a box (Liang–Barsky per segment); returns the pieces inside. */
export function clipLine(line: XY[], x0: number, y0: number, x1: number, y1: number): XY[][] {
  const pieces: XY[][] = [];
  let current: XY[] = [];
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1]!;
    const b = line[i]!;
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    let t0 = 0;
    let t1 = 1;
    let visible = true;
    for (const [p, q] of [[-dx, a[0] - x0], [dx, x1 - a[0]], [-dy, a[1] - y0], [dy, y1 - a[1]]] as [number, number][]) {
      if (p === 0) {
        if (q < 0) visible = false;
      } else {
        const r = q / p;
        if (p < 0) t0 = Math.max(t0, r);
        else t1 = Math.min(t1, r);
      }
    }
    if (!visible || t0 > t1) {
      if (current.length >= 2) pieces.push(current);
      current = [];
      continue;
    }
    const start: XY = [a[0] + t0 * dx, a[1] + t0 * dy];
    const end: XY = [a[0] + t1 * dx, a[1] + t1 * dy];
    if (current.length === 0) current.push(start);
    current.push(end);
    if (t1 < 1) {
      pieces.push(current);
      current = [];
    }
  }
  if (current.length >= 2) pieces.push(current);
  return pieces;
}
