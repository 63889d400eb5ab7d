// A batch site check: every project of a filter (a region, stages …) whose site is drawn, checked
// against every layer (its own parcels and itself excluded), one row per project with the verdict and
// the 亩 on each layer; saved like a single check, so that its link and export reopen it.
import type { Sql } from 'postgres';
import { verdictOf, type CheckLayerId, type SiteCheckRules, type Verdict } from '@guatu/data/site-check-rules.ts';
import { m2ToMu } from '@guatu/data/units.ts';
import { projectSites, type ProjectFilter } from '../db/projects.ts';
import { saveSiteCheck } from '../db/site-check-history.ts';
import { checkSite } from '../db/site-checks.ts';
import { currentDataVersion } from '../db/versions.ts';
import { HttpError } from '../http/errors.ts';

/** The most projects one request checks (13 ms each on the embedded database at scale 100, bench:site-check). */
export const MAX_BATCH = 500;

export interface BatchRow {
  projectId: number;
  code: string;
  name: string;
  regionName: string;
  areaMu: number;
  verdict: Verdict;
  explanation: string;
  /** 亩 overlapping each layer that is hit (for the urban boundary: outside it). */
  overlapMu: Partial<Record<CheckLayerId, number>>;
}

const order: Record<Verdict, number> = { conflict: 0, attention: 1, clear: 2 };

/** Checks the filter's projects and saves the batch; returns the API's answer. */
export async function runBatchCheck(sql: Sql, filter: ProjectFilter, o: { sliverM2: number; rules: SiteCheckRules; title: string | null; createdBy: number; query: Record<string, string> }) {
  const { items, sited, withoutSite } = await projectSites(sql, filter, MAX_BATCH);
  if (sited > MAX_BATCH) {
    throw new HttpError(422, 'too_many_projects', `筛选出 ${sited} 个已绘制用地范围的项目，一次最多检查 ${MAX_BATCH} 个：请按地区、阶段或类别缩小范围`);
  }
  if (!items.length) throw new HttpError(422, 'no_sites', withoutSite ? `筛选出的 ${withoutSite} 个项目都没有绘制用地范围，无法检查` : '没有符合条件的项目');
  const rows: BatchRow[] = [];
  for (const p of items) {
    const m = await checkSite(sql, p.geometry, { planeSrid: null, excludeProject: p.id, sliverM2: o.sliverM2, distances: false, corridorWidths: o.rules.corridorWidths });
    const { verdict, explanation } = verdictOf(m.areaM2, m.layers, o.rules.conflictLayers);
    const overlapMu = Object.fromEntries(m.layers.filter((l) => l.overlapAreaM2 > 0).map((l) => [l.kind, m2ToMu(l.overlapAreaM2)]));
    rows.push({ projectId: p.id, code: p.code, name: p.name, regionName: p.regionName, areaMu: m2ToMu(m.areaM2), verdict, explanation, overlapMu });
  }
  rows.sort((a, b) => order[a.verdict] - order[b.verdict] || a.code.localeCompare(b.code));
  const version = await currentDataVersion(sql);
  const dataVersion = version && { id: version.id, label: version.label, month: version.month };
  const counts = { conflict: 0, attention: 0, clear: 0 };
  for (const r of rows) counts[r.verdict]++;
  const result = { kind: 'batch' as const, rows, counts, withoutSite, dataVersion, sliverM2: o.sliverM2, filter: o.query, corridorWidths: o.rules.corridorWidths, conflictLayers: o.rules.conflictLayers };
  const id = await saveSiteCheck(sql, {
    createdBy: o.createdBy, dataVersionId: version?.id ?? null, title: o.title, input: { kind: 'batch', filter: o.query }, result, sites: items.map((p) => p.geometry),
  });
  return { id, title: o.title, ...result };
}
