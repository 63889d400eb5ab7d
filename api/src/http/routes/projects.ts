import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../app.ts';
import { HttpError } from '../errors.ts';
import { checkRegion, filterShape, toFilter } from '../project-filter.ts';
import { parseParams, parseQuery } from '../validate.ts';
import type { ProjectSortKey } from '../../db/projects.ts';
import { exportFieldAccess, fieldAccess } from '../../auth/principal.ts';
import { principalOf } from '../guard.ts';
import { checkReadable, readRegion } from '../scope.ts';
import { visibleProjectFile } from '../visible-fields.ts';
import { exportRows, listProjects, projectFile, projectIds, projectSortKeys } from '../../db/projects.ts';
import { projectsWorkbook } from '@guatu/data/exports/projects-xlsx.ts';
import { auditAction } from '../audit-context.ts';

const sortPattern = new RegExp(`^-?(${Object.keys(projectSortKeys).join('|')})$`);
const listQuery = z
  .object({
    ...filterShape,
    sort: z.string().regex(sortPattern, `应为 ${Object.keys(projectSortKeys).join('、')} 之一，前加 - 表示降序`).default('-totalInvestment'),
    limit: z.coerce.number().int().min(1).max(1000).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict()
  .refine((q) => q.minInvestment === undefined || q.maxInvestment === undefined || q.minInvestment <= q.maxInvestment, {
    message: 'minInvestment 不能大于 maxInvestment', path: ['minInvestment'],
  });
const mapQuery = z.object(filterShape).strict();

// Enough for the whole demo region at scale 10; beyond that the map uses vector tiles.
const MAP_FEATURE_CAP = 50_000;
const EXPORT_CAP = 50_000;

/** GET /api/projects, /api/projects/ids, /api/projects/:id and the map's GeoJSON at /api/map/projects. */
export function projectRoutes(deps: AppDeps) {
  return new Hono()
    .get('/api/projects', async (c) => {
      const { sort, limit, offset, ...query } = parseQuery(c, listQuery);
      const filter = toFilter(query);
      await checkRegion(deps.sql, filter);
      filter.region = await readRegion(c, deps.sql, filter.region);
      const key = sort.replace(/^-/, '') as ProjectSortKey;
      return c.json(await listProjects(deps.sql, filter, { key, descending: sort.startsWith('-') }, limit, offset));
    })
    .get('/api/projects/ids', async (c) => {
      const filter = toFilter(parseQuery(c, mapQuery));
      await checkRegion(deps.sql, filter);
      filter.region = await readRegion(c, deps.sql, filter.region);
      return c.json(await projectIds(deps.sql, filter, MAP_FEATURE_CAP));
    })
    .get('/api/map/projects', async (c) => {
      const filter = toFilter(parseQuery(c, mapQuery));
      await checkRegion(deps.sql, filter);
      filter.region = await readRegion(c, deps.sql, filter.region);
      const { items, total } = await listProjects(deps.sql, filter, { key: 'totalInvestment', descending: true }, MAP_FEATURE_CAP, 0);
      return c.json({
        type: 'FeatureCollection',
        total,
        features: items.map((p) => ({
          type: 'Feature',
          id: p.id,
          properties: { id: p.id, code: p.code, name: p.name, stage: p.stage, level: p.level, category: p.category, regionName: p.regionName, totalInvestment: p.totalInvestment },
          geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
        })),
      });
    })
    .get('/api/projects/export', async (c) => {
      const filter = toFilter(parseQuery(c, mapQuery));
      await checkRegion(deps.sql, filter);
      filter.region = await readRegion(c, deps.sql, filter.region);
      const access = exportFieldAccess(principalOf(c));
      const rows = await exportRows(deps.sql, filter, EXPORT_CAP);
      // The export carries no more than the screen: internal fields only for those who may see them.
      const items = rows.map(({ responsibleLeader, ...r }) => (access.leaders ? { ...r, responsibleLeader } : r));
      const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
      const bytes = await projectsWorkbook(items, `重点项目清单（${today} 导出，${rows.length} 个）`, access.leaders);
      await auditAction(deps.sql, c, { action: 'export.projects', object: null, outcome: 'ok', detail: { rows: rows.length, query: c.req.query() } });
      c.header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      c.header('Content-Disposition', `attachment; filename="guatu-projects-${today}.xlsx"; filename*=UTF-8''${encodeURIComponent(`重点项目清单-${today}.xlsx`)}`);
      return c.body(bytes as Uint8Array<ArrayBuffer>);
    })
    .get('/api/projects/:id', async (c) => {
      const { id } = parseParams(c, z.object({ id: z.coerce.number().int().min(1).max(2 ** 53 - 1) }));
      const file = await projectFile(deps.sql, id);
      if (!file) throw new HttpError(404, 'project_not_found', `没有编号为 ${id} 的项目`);
      await checkReadable(c, deps.sql, file.regionCode, `project:${id}`);
      return c.json(visibleProjectFile(file, fieldAccess(principalOf(c))));
    });
}
