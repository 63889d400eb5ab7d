// KML as Google Earth, 奥维 and AMap export it: Placemarks with a name, extended data, and a Point,
// LineString, Polygon (outer and inner boundaries) or a MultiGeometry of them. Coordinates are
// longitude,latitude[,altitude]. A document type declaration is refused outright (entity expansion
// and external entities are how XML files attack parsers); nothing else of XML is needed here.
import type { ParsedFeature } from './geometry-text.ts';

export class KmlError extends Error {}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function text(raw: string): string {
  const cdata = /^\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*$/.exec(raw);
  if (cdata) return cdata[1]!.trim();
  return raw.replace(/<[^>]+>/g, '').replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return ENTITIES[e] ?? m;
  }).trim();
}

// Element names may carry a namespace prefix (kml:Placemark).
const tag = (name: string) => `(?:[\\w-]+:)?${name}`;
const blocks = (xml: string, name: string) => [...xml.matchAll(new RegExp(`<${tag(name)}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag(name)}>`, 'g'))].map((m) => m[1]!);
const first = (xml: string, name: string) => blocks(xml, name)[0];

function coordinates(raw: string, where: string): [number, number][] {
  const out = text(raw).split(/\s+/).filter(Boolean).map((tuple) => {
    const [lon, lat] = tuple.split(',').map(Number);
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) throw new KmlError(`${where}：坐标「${tuple.slice(0, 40)}」不是“经度,纬度”`);
    return [lon!, lat!] as [number, number];
  });
  if (!out.length) throw new KmlError(`${where}：没有坐标`);
  return out;
}

function closed(ring: [number, number][]): [number, number][] {
  const [a, b] = [ring[0]!, ring.at(-1)!];
  return a[0] === b[0] && a[1] === b[1] ? ring : [...ring, a];
}

function polygon(xml: string, where: string): [number, number][][] {
  const outer = first(first(xml, 'outerBoundaryIs') ?? '', 'coordinates');
  if (outer === undefined) throw new KmlError(`${where}：面没有外边界`);
  return [closed(coordinates(outer, where)), ...blocks(xml, 'innerBoundaryIs').map((inner) => closed(coordinates(first(inner, 'coordinates') ?? '', where)))];
}

/** The Placemarks of a KML document as features (coordinates as written: the caller knows the datum). */
export function parseKml(xml: string): ParsedFeature[] {
  const head = xml.slice(0, 4096);
  if (/<!DOCTYPE/i.test(xml)) throw new KmlError('KML 文件含有 DOCTYPE 声明，出于安全原因拒绝读取；请从 Google Earth/奥维/高德重新导出');
  if (!/<(?:[\w-]+:)?kml[\s>]/i.test(head)) throw new KmlError('不是 KML 文件（没有 <kml> 根元素）');
  const features: ParsedFeature[] = [];
  blocks(xml, 'Placemark').forEach((pm, i) => {
    const where = `第 ${i + 1} 个地标`;
    const polygons = blocks(pm, 'Polygon').map((p) => polygon(p, where));
    const lines = blocks(pm, 'LineString').map((l) => coordinates(first(l, 'coordinates') ?? '', where));
    const points = blocks(pm, 'Point').map((p) => coordinates(first(p, 'coordinates') ?? '', where)[0]!);
    const geometry = polygons.length
      ? polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons }
      : lines.length
        ? lines.length === 1 ? { type: 'LineString', coordinates: lines[0] } : { type: 'MultiLineString', coordinates: lines }
        : points.length ? (points.length === 1 ? { type: 'Point', coordinates: points[0] } : { type: 'MultiPoint', coordinates: points }) : null;
    if (!geometry) throw new KmlError(`${where}没有点、线或面`);
    const properties: Record<string, unknown> = {};
    const name = first(pm, 'name');
    if (name !== undefined) properties['名称'] = text(name);
    const description = first(pm, 'description');
    if (description !== undefined) properties['描述'] = text(description).slice(0, 2000);
    for (const m of pm.matchAll(/<(?:[\w-]+:)?Data\s+name="([^"]*)"[^>]*>[\s\S]*?<(?:[\w-]+:)?value>([\s\S]*?)<\/(?:[\w-]+:)?value>/g)) properties[text(m[1]!)] = text(m[2]!);
    for (const m of pm.matchAll(/<(?:[\w-]+:)?SimpleData\s+name="([^"]*)"[^>]*>([\s\S]*?)<\/(?:[\w-]+:)?SimpleData>/g)) properties[text(m[1]!)] = text(m[2]!);
    features.push({ index: i + 1, geometry, properties });
  });
  if (!features.length) throw new KmlError('KML 中没有地标（Placemark）');
  return features;
}
