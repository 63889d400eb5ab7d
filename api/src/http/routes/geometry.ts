// POST /api/geometry/parse: an uploaded or pasted geometry (zipped Shapefile, GeoJSON, KML/KMZ, 界址点 TXT,
// a coordinate list)
// in any supported CRS → EPSG:4490 GeoJSON features with their areas, stored nowhere. The site
// check and the GIS import read geometry the same way.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { m2ToMu } from '@guatu/data/units.ts';
import { CrsError, crsFromCoordinates, parseCrs, type Crs } from '@guatu/data/gis/crs.ts';
import { readShapefileZip, ShapefileError } from '@guatu/data/gis/shapefile.ts';
import { readZip, ZipError } from '@guatu/data/gis/zip.ts';
import { bd09ToWgs84, gcj02ToWgs84 } from '@guatu/data/geo/gcj02.ts';
import { GeometryTextError, positions, parseCoordinateList, parseGeoJson, shapeProblem, type ParsedFeature } from '@guatu/data/gis/geometry-text.ts';
import { JzdError, parseJzd } from '@guatu/data/gis/jzd-txt.ts';
import { KmlError, parseKml } from '@guatu/data/gis/kml.ts';
import { decodeText } from '@guatu/data/imports/read-table.ts';
import { toCgcs2000 } from '../../db/geometry.ts';
import type { AppDeps } from '../app.ts';
import { parseJsonBody } from '../body.ts';
import { HttpError } from '../errors.ts';

const MAX_BYTES = 20 * 1024 * 1024;
const MAX_FEATURES = 10_000;
const textBody = z.object({ text: z.string().min(1, '请粘贴坐标或 GeoJSON').max(5_000_000), crs: z.string().max(40).optional() }).strict();

type Parsed = { crs: Crs; features: (ParsedFeature & { statedArea?: number | null })[]; format: string; encoding?: string | null };

// Inflated here, on the request: kept small until GIS imports move to the parse worker.
const ZIP_LIMITS = { maxEntries: 200, maxBytes: 200 * 1024 * 1024 };

/** Reads text in whichever format it is in. */
function parseText(text: string, crs: Crs | undefined): Parsed {
  const t = text.trim();
  if (t.startsWith('{')) return { ...parseGeoJson(t, crs), format: 'GeoJSON' };
  if (/\[地块坐标\]/.test(t)) {
    const f = parseJzd(t);
    return {
      crs: crs ?? f.crs, format: '界址点 TXT',
      features: f.parcels.map((p, i) => ({ index: i + 1, geometry: { type: 'Polygon', coordinates: p.rings }, properties: { 编号: p.code, 名称: p.name, 用途: p.use, 行号: p.line }, statedArea: p.statedArea })),
    };
  }
  // KML is longitude/latitude on WGS84 unless the user says it came from AMap (GCJ02) or Baidu (BD09).
  if (t.startsWith('<')) return { crs: crs ?? parseCrs('EPSG:4326'), features: parseKml(t), format: 'KML' };
  return { ...parseCoordinateList(t, crs), format: '坐标串' };
}

/** Web-map datums are converted here (PostGIS does not know them); the result is treated as EPSG:4490. */
function unshift(features: ParsedFeature[], crs: Crs): ParsedFeature[] {
  if (crs.kind !== 'gcj02' && crs.kind !== 'bd09') return features;
  const convert = crs.kind === 'gcj02' ? gcj02ToWgs84 : bd09ToWgs84;
  const walk = (v: unknown): unknown => (Array.isArray(v) && typeof v[0] === 'number' ? convert(v[0], v[1] as number) : Array.isArray(v) ? v.map(walk) : v);
  return features.map((f) => ({ ...f, geometry: { ...f.geometry, coordinates: walk(f.geometry.coordinates) } }));
}

/** The stated 地块面积 of a 界址点 file in m²: the format does not fix the unit, so the one closest to the computed area is taken (公顷, m², 亩). */
function statedAreaM2(stated: number, computed: number): number {
  return [stated * 10_000, stated, (stated * 2000) / 3].sort((a, b) => Math.abs(a - computed) - Math.abs(b - computed))[0]!;
}


/** Parse failures that are the file's fault become 422s with their reason. */
function readable(e: unknown): unknown {
  if (e instanceof CrsError || e instanceof GeometryTextError || e instanceof JzdError || e instanceof KmlError || e instanceof ShapefileError) {
    return new HttpError(422, 'unreadable_geometry', e.message);
  }
  return e;
}

/** A zipped Shapefile, or a KMZ (a zip with a .kml inside). */
function readArchive(bytes: Uint8Array, filename: string, encoding: 'gbk' | 'utf-8' | null, choice: string | undefined): Parsed {
  try {
    const crs = choice ? parseCrs(choice) : undefined;
    if (/\.kmz$/i.test(filename)) {
      const kml = readZip(bytes, ZIP_LIMITS).find((e) => /\.kml$/i.test(e.name));
      if (!kml) throw new KmlError('KMZ 中没有 .kml 文件');
      return { crs: crs ?? parseCrs('EPSG:4326'), features: parseKml(new TextDecoder().decode(kml.read())), format: 'KMZ', encoding: 'utf-8' };
    }
    const shape = readShapefileZip(bytes, encoding, ZIP_LIMITS);
    const features = shape.features;
    if (!features.length) throw new ShapefileError('Shapefile 中没有要素');
    const sample = features.slice(0, 50).flatMap((f) => positions(f.geometry.coordinates).slice(0, 5));
    return { crs: crs ?? shape.crs ?? crsFromCoordinates(sample), features, format: 'Shapefile', encoding: shape.encoding };
  } catch (e) {
    if (e instanceof ZipError) throw new HttpError(422, 'unreadable_geometry', e.message);
    throw readable(e);
  }
}

/** Checks, transforms and measures parsed features; the answer of the route. */
async function answer(deps: AppDeps, parsed: Parsed) {
  if (parsed.features.length > MAX_FEATURES) throw new HttpError(422, 'too_many_features', `要素超过上限 ${MAX_FEATURES} 个`);
  for (const f of parsed.features) {
    const problem = shapeProblem(f.geometry);
    if (problem) throw new HttpError(422, 'invalid_geometry', `第 ${f.index} 个要素：${problem}`, [{ feature: f.index, reason: problem }]);
  }
  const crs = parsed.crs;
  const srid = crs.kind === 'gk' || crs.kind === 'geographic' ? crs.epsg : 4490;
  let out;
  try {
    out = await toCgcs2000(deps.sql, unshift(parsed.features, crs), srid, crs.kind === 'gk');
  } catch (e) {
    throw new HttpError(422, 'invalid_geometry', `PostGIS 无法读取几何：${(e as Error).message.slice(0, 160)}`);
  }
  const warnings: { feature: number; reason: string }[] = [];
  const byIndex = new Map(parsed.features.map((f) => [f.index, f]));
  const features = out.map((t) => {
    const source = byIndex.get(t.index)!;
    if (t.empty || (t.areaM2 !== null && t.areaM2 === 0)) throw new HttpError(422, 'invalid_geometry', `第 ${t.index} 个要素是退化的几何（面积为 0 或为空）`);
    if (t.repaired) warnings.push({ feature: t.index, reason: `几何无效（${t.repaired}），已自动修复` });
    if (!t.inRegion) warnings.push({ feature: t.index, reason: '不在本系统的行政区范围内，请核对坐标系' });
    if (source.statedArea && t.areaM2) {
      const area = t.planeAreaM2 ?? t.areaM2;
      const stated = statedAreaM2(source.statedArea, area);
      const diff = Math.abs(stated - area) / area;
      if (diff > 0.005) warnings.push({ feature: t.index, reason: `文件中的地块面积与计算面积相差 ${(diff * 100).toFixed(2)}%（${stated.toFixed(2)} m² 对 ${area.toFixed(2)} m²）` });
    }
    return {
      type: 'Feature', geometry: t.geometry, properties: source.properties,
      areaM2: t.areaM2, areaMu: t.areaM2 === null ? null : m2ToMu(t.areaM2), areaHa: t.areaM2 === null ? null : t.areaM2 / 10_000,
      ...(t.planeAreaM2 !== null ? { planeAreaM2: t.planeAreaM2 } : {}),
    };
  });
  return { format: parsed.format, encoding: parsed.encoding, crs: { name: crs.name, ...('epsg' in crs ? { epsg: crs.epsg } : { kind: crs.kind }) }, features, warnings };
}

/** POST /api/geometry/parse. */
export function geometryRoutes(deps: AppDeps) {
  return new Hono().post('/api/geometry/parse', bodyLimit({
    maxSize: MAX_BYTES + 64 * 1024,
    onError: (c) => c.json({ error: { code: 'body_too_large', message: `文件过大（上限 ${MAX_BYTES / 1024 / 1024} MB）`, details: null } }, 413),
  }), async (c) => {
    let text: string;
    let choice: string | undefined;
    let encoding: string | null = null;
    if (/^multipart\/form-data\b/i.test(c.req.header('content-type') ?? '')) {
      const form = await c.req.parseBody();
      if (!(form.file instanceof File)) throw new HttpError(400, 'invalid_body', '请求参数有误：file：请选择文件', [{ field: 'file', reason: '缺少文件' }]);
      if (/\.(shp|dbf|shx)$/i.test(form.file.name)) throw new HttpError(400, 'unsupported_format', 'Shapefile 请把 .shp、.shx、.dbf、.prj（和 .cpg）一起压缩成 .zip 再上传');
      const bytes = new Uint8Array(await form.file.arrayBuffer());
      if (!bytes.length) throw new HttpError(400, 'empty_file', '文件是空的');
      choice = typeof form.crs === 'string' && form.crs ? form.crs : undefined;
      const chosenEncoding = form.encoding === 'gbk' || form.encoding === 'utf-8' ? form.encoding : null;
      if (bytes[0] === 0x50 && bytes[1] === 0x4b) return c.json(await answer(deps, readArchive(bytes, form.file.name, chosenEncoding, choice)));
      const decoded = form.encoding === 'gbk' ? { text: new TextDecoder('gbk').decode(bytes), encoding: 'gbk' as const } : decodeText(bytes);
      ({ text } = decoded);
      encoding = decoded.encoding;
    } else {
      const body = await parseJsonBody(c, textBody, 5_100_000);
      text = body.text;
      choice = body.crs;
    }
    let parsed: Parsed;
    try {
      parsed = { ...parseText(text, choice ? parseCrs(choice) : undefined), encoding };
    } catch (e) {
      throw readable(e);
    }
    return c.json(await answer(deps, parsed));
  });
}
