import { Hono } from 'hono';
import { z } from 'zod';
import { codesOf, projectCategories, projectLevels, projectStages, projectTags } from '@guatu/data/glossary.ts';
import type { AppDeps } from '../app.ts';
import { HttpError } from '../errors.ts';
import { csvEnum, parseParams, parseQuery, regionCode } from '../validate.ts';
import type { ProjectFilter, ProjectSortKey } from '../../db/projects.ts';
import { listProjects, projectFile, projectSortKeys } from '../../db/projects.ts';
import { regionExists } from '../../db/regions.ts';

const enumOf = <T extends Record<string, string>>(v: T) => codesOf(v) as [string, ...string[]];

const bbox = z
  .string()
  .transform((s, ctx) => {
    const n = s.split(',').map(Number);
    const [x1, y1, x2, y2] = n;
    if (n.length !== 4 || n.some((v) => !Number.isFinite(v))) {
      ctx.addIssue({ code: 'custom', message: '应为 minLon,minLat,maxLon,maxLat 四个数' });
      return z.NEVER;
    }
    if (x1! < -180 || x2! > 180 || y1! < -90 || y2! > 90 || x1! >= x2! || y1! >= y2!) {
      ctx.addIssue({ code: 'custom', message: '经纬度范围无效（经度 -180~180，纬度 -90~90，且最小值小于最大值）' });
      return z.NEVER;
    }
    return n as [number, number, number, number];
  });

const filterShape = {
  stage: csvEnum(enumOf(projectStages)).optional(),
  level: csvEnum(enumOf(projectLevels)).optional(),
  category: csvEnum(enumOf(projectCategories)).optional(),
  tag: csvEnum(enumOf(projectTags)).optional(),
  region: regionCode.optional(),
  q: z.string().trim().min(1).max(100).optional(),
  bbox: bbox.optional(),
  minInvestment: z.coerce.number().min(0).optional(),
  maxInvestment: z.coerce.number().min(0).optional(),
};

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

/** Rejects a region filter that names no known region (a typo should not silently return nothing). */
async function checkRegion(deps: AppDeps, filter: ProjectFilter) {
  if (filter.region && !(await regionExists(deps.sql, filter.region))) {
    throw new HttpError(400, 'invalid_query', `查询参数有误：region：没有代码为 ${filter.region} 的地区`, [
      { field: 'region', reason: '未知的行政区划代码' },
    ]);
  }
}

// Enough for the whole demo region at scale 10; beyond that the map uses vector tiles.
const MAP_FEATURE_CAP = 50_000;

/** GET /api/projects, /api/projects/:id and the map's GeoJSON at /api/map/projects. */
export function projectRoutes(deps: AppDeps) {
  return new Hono()
    .get('/api/projects', async (c) => {
      const { sort, limit, offset, ...filter } = parseQuery(c, listQuery);
      await checkRegion(deps, filter);
      const key = sort.replace(/^-/, '') as ProjectSortKey;
      return c.json(await listProjects(deps.sql, filter, { key, descending: sort.startsWith('-') }, limit, offset));
    })
    .get('/api/map/projects', async (c) => {
      const filter = parseQuery(c, mapQuery);
      await checkRegion(deps, filter);
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
    .get('/api/projects/:id', async (c) => {
      const { id } = parseParams(c, z.object({ id: z.coerce.number().int().min(1).max(2 ** 53 - 1) }));
      const file = await projectFile(deps.sql, id);
      if (!file) throw new HttpError(404, 'project_not_found', `没有编号为 ${id} 的项目`);
      return c.json(file);
    });
}
