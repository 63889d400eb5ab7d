// Geometries typed or pasted by people, and GeoJSON files: a coordinate list (one "a,b" pair per
// line, longitude/latitude or Gauss-Krüger X/Y in either order — the digit counts tell), and GeoJSON
// (a FeatureCollection, a Feature or a bare geometry; RFC 7946, or with an old-style `crs` member).
// Positions come out in GIS order with the CRS they are in; nothing is transformed here.
import { CrsError, crsFromCoordinates, parseCrs, type Crs } from './crs.ts';

export interface ParsedFeature {
  /** 1-based position in the file, for messages. */
  index: number;
  geometry: { type: string; coordinates: unknown };
  properties: Record<string, unknown>;
}

export class GeometryTextError extends Error {}

const digits = (n: number) => String(Math.floor(Math.abs(n))).length;

/** A pasted list of points as one polygon (closed if it was not), with its CRS. */
export function parseCoordinateList(text: string, crs?: Crs): { crs: Crs; features: ParsedFeature[] } {
  const points: [number, number][] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) return;
    const parts = line.split(/[\s,，;；]+/).filter(Boolean);
    const nums = parts.slice(-2).map(Number);
    if (parts.length < 2 || nums.some((n) => !Number.isFinite(n))) throw new GeometryTextError(`第 ${i + 1} 行不是“两个数”的坐标：${raw.trim().slice(0, 60)}`);
    let [a, b] = nums as [number, number];
    // Surveyors write X (northing, 7 digits) first; GIS order is the easting (8 or 6 digits) first.
    if (digits(a) === 7 && (digits(b) === 8 || digits(b) === 6)) [a, b] = [b, a];
    points.push([a, b]);
  });
  if (points.length < 3) throw new GeometryTextError('至少需要 3 个坐标点才能构成一个面');
  const ring = points[0]![0] === points.at(-1)![0] && points[0]![1] === points.at(-1)![1] ? points : [...points, points[0]!];
  if (ring.length < 4) throw new GeometryTextError('至少需要 3 个不同的坐标点才能构成一个面');
  return { crs: crs ?? crsFromCoordinates(points), features: [{ index: 1, geometry: { type: 'Polygon', coordinates: [ring] }, properties: {} }] };
}

const GEOMETRY_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon']);

/** Every position of a GeoJSON coordinates array, flattened. */
export function positions(value: unknown, out: [number, number][] = []): [number, number][] {
  if (Array.isArray(value) && typeof value[0] === 'number') out.push([value[0], value[1] as number]);
  else if (Array.isArray(value)) for (const v of value) positions(v, out);
  return out;
}

/** A GeoJSON document's features and their CRS (the `crs` member, the user's choice, or the magnitudes). */
export function parseGeoJson(text: string, crs?: Crs): { crs: Crs; features: ParsedFeature[] } {
  let doc: any;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new GeometryTextError(`不是有效的 JSON：${(e as Error).message.slice(0, 100)}`);
  }
  const list: any[] = doc?.type === 'FeatureCollection' ? doc.features ?? [] : doc?.type === 'Feature' ? [doc] : GEOMETRY_TYPES.has(doc?.type) ? [{ type: 'Feature', geometry: doc, properties: {} }] : [];
  if (!Array.isArray(list) || list.length === 0) throw new GeometryTextError('GeoJSON 中没有要素（应为 FeatureCollection、Feature 或几何对象）');
  const features: ParsedFeature[] = list.map((f, i) => {
    const g = f?.geometry;
    if (!g || !GEOMETRY_TYPES.has(g.type)) throw new GeometryTextError(`第 ${i + 1} 个要素没有几何或几何类型不支持（${g?.type ?? '空'}）`);
    const pts = positions(g.coordinates);
    if (!pts.length || pts.some(([x, y]) => !Number.isFinite(x) || !Number.isFinite(y))) throw new GeometryTextError(`第 ${i + 1} 个要素的坐标为空或不是数字`);
    return { index: i + 1, geometry: { type: g.type, coordinates: g.coordinates }, properties: f.properties && typeof f.properties === 'object' ? f.properties : {} };
  });
  if (crs) return { crs, features };
  const named = doc?.crs?.properties?.name as string | undefined;
  if (named) {
    const code = /EPSG:{1,2}(\d+)/i.exec(named)?.[1] ?? (/CRS84$/i.test(named) ? '4326' : null);
    if (!code) throw new CrsError(`无法识别 GeoJSON 的 crs「${named}」，请在导入时指定坐标系`);
    return { crs: parseCrs(`EPSG:${code}`), features };
  }
  return { crs: crsFromCoordinates(features.flatMap((f) => positions(f.geometry.coordinates).slice(0, 50))), features };
}

/** Why a geometry cannot be read as it is (unclosed or too short rings, too short lines); null when it can. */
export function shapeProblem(g: { type: string; coordinates: unknown }): string | null {
  const rings = (polygon: unknown) => (Array.isArray(polygon) ? polygon : []) as [number, number][][];
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? (g.coordinates as unknown[]) : [];
  for (const polygon of polygons) {
    for (const ring of rings(polygon)) {
      if (!Array.isArray(ring) || ring.length < 4) return '面的边界少于 3 个不同的点';
      const [a, b] = [ring[0]!, ring.at(-1)!];
      if (a[0] !== b[0] || a[1] !== b[1]) return '面的边界没有闭合（首尾点不同）';
    }
  }
  const lines = g.type === 'LineString' ? [g.coordinates] : g.type === 'MultiLineString' ? (g.coordinates as unknown[]) : [];
  for (const line of lines) if (!Array.isArray(line) || line.length < 2) return '线少于 2 个点';
  return null;
}
