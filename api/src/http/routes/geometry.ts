// POST /api/geometry/parse: an uploaded or pasted geometry (zipped Shapefile, GeoJSON, KML/KMZ, 界址点 TXT,
// a coordinate list) in any supported CRS → EPSG:4490 GeoJSON features with their areas, stored
// nowhere. The site check and the GIS import read geometry the same way (read-geometry-file.ts).
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { m2ToMu } from '@guatu/data/units.ts';
import { shapeProblem } from '@guatu/data/gis/geometry-text.ts';
import { describeCrs, isFileProblem, readGeometryText, sridOf, statedAreaWarning, type GeometryFile } from '@guatu/data/gis/read-geometry-file.ts';
import { toCgcs2000 } from '../../db/geometry.ts';
import { ParseError, parseGeometry } from '../../imports/parse-in-worker.ts';
import type { AppDeps } from '../app.ts';
import { parseJsonBody } from '../body.ts';
import { HttpError } from '../errors.ts';

const MAX_BYTES = 20 * 1024 * 1024;
const MAX_FEATURES = 10_000;
const crsOption = z.string().max(40).optional();
const encodingOption = z.enum(['gbk', 'utf-8'], '编码应为 gbk 或 utf-8').optional();
const textBody = z.object({ text: z.string().min(1, '请粘贴坐标或 GeoJSON').max(5_000_000), crs: crsOption }).strict();
const formOptions = z.object({ crs: crsOption, encoding: encodingOption });
const workerLimits = { maxRows: MAX_FEATURES, timeoutMs: 30_000, maxHeapMb: 512 };
const ZIP_LIMITS = { maxEntries: 200, maxBytes: 300 * 1024 * 1024 };

/** Checks, transforms and measures parsed features; the answer of the route. */
async function answer(deps: AppDeps, file: GeometryFile) {
  if (file.features.length > MAX_FEATURES) throw new HttpError(422, 'too_many_features', `要素超过上限 ${MAX_FEATURES} 个`);
  for (const f of file.features) {
    const problem = shapeProblem(f.geometry);
    if (problem) throw new HttpError(422, 'invalid_geometry', `第 ${f.index} 个要素：${problem}`, [{ feature: f.index, reason: problem }]);
  }
  let out;
  try {
    out = await toCgcs2000(deps.sql, file.features, sridOf(file.crs), file.crs.kind === 'gk');
  } catch (e) {
    throw new HttpError(422, 'invalid_geometry', `PostGIS 无法读取几何：${(e as Error).message.slice(0, 160)}`);
  }
  const warnings: { feature: number; reason: string }[] = [];
  const byIndex = new Map(file.features.map((f) => [f.index, f]));
  const features = out.map((t) => {
    const source = byIndex.get(t.index)!;
    if (t.empty || (t.areaM2 !== null && t.areaM2 === 0)) throw new HttpError(422, 'invalid_geometry', `第 ${t.index} 个要素是退化的几何（面积为 0 或为空）`);
    if (t.repaired) warnings.push({ feature: t.index, reason: `几何无效（${t.repaired}），已自动修复` });
    if (!t.inRegion) warnings.push({ feature: t.index, reason: '不在本系统的行政区范围内，请核对坐标系' });
    const stated = statedAreaWarning(source.statedArea, t.planeAreaM2 ?? t.areaM2);
    if (stated) warnings.push({ feature: t.index, reason: stated });
    const properties = source.line ? { ...source.properties, 行号: source.line } : source.properties;
    return {
      type: 'Feature', geometry: t.geometry, properties,
      areaM2: t.areaM2, areaMu: t.areaM2 === null ? null : m2ToMu(t.areaM2), areaHa: t.areaM2 === null ? null : t.areaM2 / 10_000,
      ...(t.planeAreaM2 !== null ? { planeAreaM2: t.planeAreaM2 } : {}),
    };
  });
  return { format: file.format, encoding: file.encoding, crs: describeCrs(file), features, warnings };
}

/** POST /api/geometry/parse. */
export function geometryRoutes(deps: AppDeps) {
  return new Hono().post('/api/geometry/parse', bodyLimit({
    maxSize: MAX_BYTES + 64 * 1024,
    onError: (c) => c.json({ error: { code: 'body_too_large', message: `文件过大（上限 ${MAX_BYTES / 1024 / 1024} MB）`, details: null } }, 413),
  }), async (c) => {
    if (/^multipart\/form-data\b/i.test(c.req.header('content-type') ?? '')) {
      const form = await c.req.parseBody();
      if (!(form.file instanceof File)) throw new HttpError(400, 'invalid_body', '请求参数有误：file：请选择文件', [{ field: 'file', reason: '缺少文件' }]);
      const options = formOptions.safeParse({ crs: form.crs || undefined, encoding: form.encoding || undefined });
      if (!options.success) throw new HttpError(400, 'invalid_body', `请求参数有误：${options.error.issues.map((i) => `${i.path.join('.')}：${i.message}`).join('；')}`);
      const bytes = new Uint8Array(await form.file.arrayBuffer());
      if (!bytes.length) throw new HttpError(400, 'empty_file', '文件是空的');
      try {
        return c.json(await answer(deps, await parseGeometry(bytes, form.file.name.slice(0, 200), { ...options.data, zipLimits: ZIP_LIMITS }, workerLimits)));
      } catch (e) {
        if (e instanceof ParseError) throw new HttpError(422, 'unreadable_geometry', e.message);
        throw e;
      }
    }
    const body = await parseJsonBody(c, textBody, 5_100_000);
    let file: GeometryFile;
    try {
      file = readGeometryText(body.text, { crs: body.crs ?? null });
    } catch (e) {
      if (isFileProblem(e)) throw new HttpError(422, 'unreadable_geometry', e.message);
      throw e;
    }
    return c.json(await answer(deps, file));
  });
}
