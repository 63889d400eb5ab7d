// A site check from what the user gave (a file, a drawn or pasted geometry, or a project) to the
// saved answer: sites read in their CRS, transformed and repaired by PostGIS, lines and points
// widened into polygons, each site checked against every layer, a verdict and explanation each.
import type { Sql } from 'postgres';
import { shapeProblem } from '@guatu/data/gis/geometry-text.ts';
import type { GeometryFile } from '@guatu/data/gis/read-geometry-file.ts';
import { sridOf } from '@guatu/data/gis/read-geometry-file.ts';
import { checkLayers, verdictOf, type SiteCheckRules } from '@guatu/data/site-check-rules.ts';
import { m2ToMu } from '@guatu/data/units.ts';
import { bufferMetres, toCgcs2000 } from '../db/geometry.ts';
import { saveSiteCheck } from '../db/site-check-history.ts';
import { checkSite } from '../db/site-checks.ts';
import { currentDataVersion } from '../db/versions.ts';
import { HttpError } from '../http/errors.ts';

export const MAX_SITES = 50;

export interface CheckOptions {
  /** Half-width for a line site, radius for a point site (metres). */
  widthM: number | null;
  radiusM: number | null;
  sliverM2: number;
  /** Corridor widths and conflict layers (from the configuration). */
  rules: SiteCheckRules;
  excludeProject: number | null;
  title: string | null;
  createdBy: number;
  source: Record<string, unknown>;
}

/** Checks every site of a geometry file and saves the check; returns the API's answer. */
export async function runSiteCheck(sql: Sql, file: GeometryFile, o: CheckOptions) {
  if (!file.features.length) throw new HttpError(422, 'no_site', '没有读到任何选址范围');
  if (file.features.length > MAX_SITES) throw new HttpError(422, 'too_many_sites', `一次最多检查 ${MAX_SITES} 个选址，文件中有 ${file.features.length} 个`);
  // Refused here, before PostGIS: on the embedded database a PostGIS error inside an extended-protocol
  // query has been seen to leave the client connection out of step (README, limits).
  for (const f of file.features) {
    const problem = shapeProblem(f.geometry);
    if (problem) throw new HttpError(422, 'invalid_geometry', `第 ${f.index} 个选址：${problem}`, [{ feature: f.index, reason: problem }]);
  }
  const planar = file.crs.kind === 'gk';
  const transformed = await toCgcs2000(sql, file.features, sridOf(file.crs), planar).catch((e: Error) => {
    throw new HttpError(422, 'invalid_geometry', `PostGIS 无法读取选址：${e.message.slice(0, 160)}`);
  });
  const sites = [];
  for (const t of transformed) {
    const source = file.features.find((f) => f.index === t.index)!;
    if (t.empty) throw new HttpError(422, 'invalid_geometry', `第 ${t.index} 个选址是退化的几何（面积为 0 或为空）`, [{ feature: t.index, reason: '退化的几何' }]);
    const warnings: string[] = [];
    if (t.repaired) warnings.push(`选址几何无效（${t.repaired}），已自动修复`);
    if (!t.inRegion) warnings.push('选址不在本系统的行政区范围内，请核对坐标系');
    let geometry = t.geometry as { type: string };
    if (!/Polygon$/.test(geometry.type)) {
      const point = /Point$/.test(geometry.type);
      const metres = point ? o.radiusM : o.widthM;
      if (!metres) {
        throw new HttpError(400, 'width_required', point ? `第 ${t.index} 个选址是点：请给出半径（radiusM，米）` : `第 ${t.index} 个选址是线：请给出宽度（widthM，米，线两侧各一半）`);
      }
      geometry = (await bufferMetres(sql, geometry, point ? metres : metres / 2)) as { type: string };
      warnings.push(point ? `点选址按半径 ${metres} 米的圆检查` : `线选址按宽 ${metres} 米的带状范围检查`);
    }
    const measured = await checkSite(sql, geometry, { planeSrid: planar ? sridOf(file.crs) : null, excludeProject: o.excludeProject, sliverM2: o.sliverM2, corridorWidths: o.rules.corridorWidths });
    const { verdict, explanation } = verdictOf(measured.areaM2, measured.layers, o.rules.conflictLayers);
    const share = (m2: number) => (measured.areaM2 > 0 ? (m2 / measured.areaM2) * 100 : 0);
    sites.push({
      index: t.index, name: String(source.properties['名称'] ?? source.properties.name ?? '') || null,
      areaM2: measured.areaM2, areaMu: m2ToMu(measured.areaM2),
      // The plane area of the site as given (not after a round trip through EPSG:4490).
      ...(t.planeAreaM2 !== null || measured.planeAreaM2 !== null ? { planeAreaM2: t.planeAreaM2 ?? measured.planeAreaM2 } : {}),
      verdict, explanation, warnings, geometry,
      layers: measured.layers.map((l) => ({
        ...l, label: checkLayers.find((c) => c.id === l.kind)!.label,
        overlapAreaMu: m2ToMu(l.overlapAreaM2), sitePercent: share(l.overlapAreaM2),
        features: l.features.map((f) => ({ ...f, overlapAreaMu: m2ToMu(f.overlapAreaM2), sitePercent: share(f.overlapAreaM2) })),
      })),
    });
  }
  const version = await currentDataVersion(sql);
  const dataVersion = version && { id: version.id, label: version.label, month: version.month };
  const result = {
    sites, dataVersion, sliverM2: o.sliverM2,
    crs: { name: file.crs.name, source: file.crsSource }, format: file.format,
    areaBasis: planar ? `椭球面积（CGCS2000）；另列 ${file.crs.name} 投影平面面积` : '椭球面积（CGCS2000）',
    corridorWidths: o.rules.corridorWidths, conflictLayers: o.rules.conflictLayers,
  };
  const id = await saveSiteCheck(sql, {
    createdBy: o.createdBy, dataVersionId: version?.id ?? null, title: o.title, input: o.source, result, sites: sites.map((s) => s.geometry),
  });
  return { id, title: o.title, ...result };
}
