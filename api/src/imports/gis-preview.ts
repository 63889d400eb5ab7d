// The GIS preview: map the file's attributes to the layer's fields, check every feature (shape,
// geometry type, fields, duplicate codes), stage the geometry in PostGIS (transformed, repaired,
// measured, placed in a county), then check what needs the database (out of region, outside the
// importer's regions, unknown projects, region hierarchy) and count what a commit would change.
import type { Sql } from 'postgres';
import { shapeProblem } from '@guatu/data/gis/geometry-text.ts';
import { describeCrs, sridOf, statedAreaWarning, type GeometryFile } from '@guatu/data/gis/read-geometry-file.ts';
import {
  autoMapping, geometryProblem, gisKindSpecs, mappingProblems, readFeatureFields, regionHierarchy,
  type FeatureIssue, type FieldMapping, type GisKind,
} from '@guatu/data/imports/gis-fields.ts';
import { constraintKinds } from '@guatu/data/glossary.ts';
import { m2ToHectare, m2ToMu } from '@guatu/data/units.ts';
import {
  discardStalePreviews, existingCodes, finishPreview, projectIds, rememberedMapping, replacedCount, stagedFeatures, stagedSample, stageFeatures,
  type GisImportOptions, type StagedInput,
} from '../db/gis-imports.ts';
import { regionSets, savePreview } from '../db/imports.ts';

/** What the user chose on the upload form. */
export interface GisRequest {
  kind: GisKind;
  mode: 'replace' | 'upsert';
  constraintKind: keyof typeof constraintKinds | null;
  /** The user's field mapping; fields it leaves out are mapped automatically. */
  mapping: FieldMapping | null;
}

// At most this many problems, features and sample shapes travel in an answer; counts are complete.
const LIST_CAP = 1_000;
const SAMPLE = 300;

/** Checks and stages a GIS file as a preview; returns its id and what the client is shown. */
export async function previewGis(sql: Sql, file: GeometryFile, request: GisRequest, p: { filename: string; createdBy: number; writableRoot: string | null }) {
  const { kind } = request;
  await discardStalePreviews(sql);
  const remembered = await rememberedMapping(sql, kind);
  const mapping = { ...autoMapping(kind, file.attributes, remembered), ...pick(request.mapping, kind) };
  const unmapped = mappingProblems(kind, mapping, file.attributes);
  const errors: FeatureIssue[] = unmapped.map((m) => ({ feature: 0, field: m.field, value: '', reason: m.reason }));
  const warnings: FeatureIssue[] = [];
  const silenced = new Set(unmapped.map((m) => m.field));
  const options: GisImportOptions = {
    kind, mode: request.mode, constraintKind: request.constraintKind, mapping, crs: file.crs.name, encoding: file.encoding, writableRoot: p.writableRoot,
  };
  const regions = await regionSets(sql, p.writableRoot);
  const id = await savePreview(sql, { kind, filename: p.filename, month: null, createdBy: p.createdBy, rows: [], errors: [], warnings: [], summary: {}, options, sourceCrs: file.crs.name });

  // What can be checked without the database.
  const firstByCode = new Map<string, number>();
  const fileRegionCodes = kind === 'regions' ? new Set(file.features.map((f) => String(f.properties[mapping.code ?? ''] ?? '').trim().replace(/\.0+$/, ''))) : new Set<string>();
  const staged: StagedInput[] = [];
  const bad = new Set<number>();
  for (const f of file.features) {
    const fail = (field: string | null, value: string, reason: string) => {
      errors.push({ feature: f.index, field, value, reason });
      bad.add(f.index);
    };
    const shape = shapeProblem(f.geometry) ?? geometryProblem(kind, f.geometry.type);
    if (shape) fail(null, f.geometry.type, shape);
    const read = readFeatureFields(kind, f.properties, mapping, f.index);
    for (const e of read.errors) if (!silenced.has(e.field ?? '')) fail(e.field, e.value, e.reason);
    let code = typeof read.values.code === 'string' ? read.values.code : null;
    if (kind === 'constraints' && !code) code = `${request.constraintKind}-${id}-${f.index}`;
    if (kind === 'regions' && code) Object.assign(read.values, regionPlace(code, regions.all, fileRegionCodes));
    if (code) {
      const first = firstByCode.get(code);
      if (first !== undefined) fail(gisKindSpecs[kind].fields[0]!.label, code, `编号 ${code} 与第 ${first} 个要素重复`);
      else firstByCode.set(code, f.index);
    }
    if (!shape) staged.push({ feature: f.index, code, fields: read.values, geometry: f.geometry, statedArea: f.statedArea ?? null });
  }
  if (kind === 'constraints' && mapping.code === null) {
    warnings.push({ feature: 0, field: '编号', value: '', reason: '文件没有编号字段，已按要素顺序生成编号；再次导入同一图层请用“覆盖”，否则会重复' });
  }

  try {
    await stageFeatures(sql, id, staged, sridOf(file.crs), file.crs.kind === 'gk');
  } catch (e) {
    errors.push({ feature: 0, field: null, value: '', reason: `PostGIS 无法读取几何：${(e as Error).message.slice(0, 160)}` });
  }
  const features = await stagedFeatures(sql, id);
  const codes = [...firstByCode.keys()];
  const existing = await existingCodes(sql, kind, codes);
  const projectCodes = [...new Set(staged.map((s) => s.fields.project).filter((c): c is string => typeof c === 'string'))];
  const projects = await projectIds(sql, projectCodes);

  const byFeature = new Map(staged.map((x) => [x.feature, x]));
  for (const s of features) {
    const source = byFeature.get(s.feature)!;
    const fail = (field: string | null, value: string, reason: string) => {
      errors.push({ feature: s.feature, field, value, reason });
      bad.add(s.feature);
    };
    if (s.empty || s.degenerate) {
      fail(null, '', s.empty ? '退化的几何：修复后没有剩下任何面积或长度（点共线或重合）' : '退化的几何：面积或长度为 0');
      continue;
    }
    if (s.repaired) warnings.push({ feature: s.feature, field: null, value: '', reason: `几何无效（${s.repaired}），已自动修复` });
    const stated = statedAreaWarning(s.statedArea, s.planeAreaM2 ?? s.areaM2);
    if (stated) warnings.push({ feature: s.feature, field: '地块面积', value: String(s.statedArea), reason: stated });
    const project = source.fields.project;
    if (typeof project === 'string' && !projects.has(project)) fail('项目编号（关联项目）', project, `没有编号为 ${project} 的项目`);
    if (kind === 'regions') {
      regionChecks(s.code, source, s.inChina, regions.writable, existing.has(s.code ?? ''), fail);
      continue;
    }
    if (!s.regionCode) {
      fail(null, '', `不在本系统的行政区范围内（按 ${file.crs.name} 读取），请核对坐标系和带号`);
      continue;
    }
    if (regions.writable && !regions.writable.has(s.regionCode)) fail(null, s.regionCode, `位于 ${s.regionCode}，不在您的数据范围内，不能导入`);
    const known = s.code ? existing.get(s.code) : undefined;
    if (known && regions.writable && (!known.regionCode || !regions.writable.has(known.regionCode))) {
      fail('编号', s.code!, `编号 ${s.code} 已属于 ${known.regionCode ?? '其他区域'}，不在您的数据范围内`);
    }
    if (known && kind === 'constraints' && known.kind !== request.constraintKind) {
      warnings.push({ feature: s.feature, field: '编号', value: s.code!, reason: `编号 ${s.code} 现为${constraintKinds[known.kind as keyof typeof constraintKinds] ?? known.kind}，提交后改为${constraintKinds[request.constraintKind!]}` });
    }
  }

  errors.sort((a, b) => a.feature - b.feature);
  warnings.sort((a, b) => a.feature - b.feature);
  const removed = request.mode === 'replace' && kind !== 'regions' ? await replacedCount(sql, kind, codes, p.writableRoot, request.constraintKind) : 0;
  const valid = features.filter((f) => !bad.has(f.feature));
  const summary = {
    kind, mode: request.mode, constraintKind: request.constraintKind, format: file.format, encoding: file.encoding, crs: describeCrs(file),
    features: file.features.length, valid: valid.length, errors: errors.length, warnings: warnings.length,
    new: valid.filter((f) => !existing.has(f.code ?? '')).length, updated: valid.filter((f) => existing.has(f.code ?? '')).length, removed,
    areaM2: valid.reduce((sum, f) => sum + (f.areaM2 ?? 0), 0),
  };
  await finishPreview(sql, id, { errors: errors.slice(0, LIST_CAP), warnings: warnings.slice(0, LIST_CAP), errorCount: errors.length, summary });
  const { sample, bbox } = await stagedSample(sql, id, SAMPLE);
  return {
    id, status: 'preview' as const, kind, errors: errors.slice(0, LIST_CAP), warnings: warnings.slice(0, LIST_CAP), summary,
    attributes: file.attributes, mapping,
    fields: gisKindSpecs[kind].fields.map((f) => ({ key: f.key, label: f.label, required: f.required })),
    features: features.slice(0, LIST_CAP).map((f) => ({
      feature: f.feature, code: f.code, name: f.name, regionCode: f.regionCode, regionName: f.regionName, change: existing.has(f.code ?? '') ? 'updated' : 'new', ok: !bad.has(f.feature),
      areaM2: f.areaM2, areaMu: f.areaM2 === null ? null : m2ToMu(f.areaM2), areaHa: f.areaM2 === null ? null : m2ToHectare(f.areaM2),
      ...(f.planeAreaM2 !== null ? { planeAreaM2: f.planeAreaM2 } : {}),
    })),
    sample, bbox,
  };
}

/** Only the mapping entries of the kind's fields (a stale or hostile key does nothing). */
function pick(mapping: FieldMapping | null, kind: GisKind): FieldMapping {
  const out: FieldMapping = {};
  if (!mapping) return out;
  for (const f of gisKindSpecs[kind].fields) if (f.key in mapping) out[f.key] = mapping[f.key] || null;
  return out;
}

/** A region's level and parent, from its code: the nearest implied parent that exists already or comes in the same file. */
function regionPlace(code: string, known: Set<string>, inFile: Set<string>): { level: string; parent: string | null } {
  const { level, parents } = regionHierarchy(code);
  return { level, parent: parents.find((c) => known.has(c) || inFile.has(c)) ?? null };
}

function regionChecks(
  code: string | null, source: StagedInput, inChina: boolean, writable: Set<string> | null, known: boolean,
  fail: (field: string | null, value: string, reason: string) => void,
): void {
  if (!inChina) return fail(null, '', '边界不在中国范围内，请核对坐标系');
  if (!code) return;
  const parent = source.fields.parent as string | null;
  if (source.fields.level !== 'province' && !parent) {
    return fail('行政区划代码', code, `上级行政区 ${regionHierarchy(code).parents.join(' 或 ')} 不存在，请先导入上级或放在同一文件中`);
  }
  const inScope = (c: string | null) => !writable || (c !== null && writable.has(c));
  if (!(known ? inScope(code) : inScope(parent))) fail('行政区划代码', code, '不在您的数据范围内，不能导入');
}
