// The project filter as query parameters (stage, level, category, tag, region, q, bbox, investment
// range, year, near + radiusKm): parsed once here for every route that filters projects.
import type { Sql } from 'postgres';
import { z } from 'zod';
import { codesOf, projectCategories, projectLevels, projectStages, projectTags } from '@guatu/data/glossary.ts';
import { HttpError } from './errors.ts';
import { csvEnum, regionCode } from './validate.ts';
import type { ProjectFilter } from '../db/projects.ts';
import { regionExists } from '../db/regions.ts';

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

const point = z
  .string()
  .transform((s, ctx) => {
    const n = s.split(',').map(Number);
    if (n.length !== 2 || n.some((v) => !Number.isFinite(v)) || Math.abs(n[0]!) > 180 || Math.abs(n[1]!) > 90) {
      ctx.addIssue({ code: 'custom', message: '应为 经度,纬度（例如 112.55,37.87）' });
      return z.NEVER;
    }
    return n as [number, number];
  });

/** The project filter's query parameters, shared by the list, the map and the legend counts. */
export const filterShape = {
  stage: csvEnum(enumOf(projectStages)).optional(),
  level: csvEnum(enumOf(projectLevels)).optional(),
  category: csvEnum(enumOf(projectCategories)).optional(),
  tag: csvEnum(enumOf(projectTags)).optional(),
  region: regionCode.optional(),
  q: z.string().trim().min(1).max(100).optional(),
  bbox: bbox.optional(),
  minInvestment: z.coerce.number().min(0).optional(),
  maxInvestment: z.coerce.number().min(0).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  late: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  near: point.optional(),
  radiusKm: z.coerce.number().gt(0).max(500).default(10),
};

/** The query's filter in the shape the database module takes. */
export function toFilter<T extends { near?: [number, number]; radiusKm: number }>(q: T): Omit<T, 'near' | 'radiusKm'> & ProjectFilter {
  const { near, radiusKm, ...rest } = q;
  return { ...rest, ...(near ? { near: { lon: near[0], lat: near[1], km: radiusKm } } : {}) };
}

/** Rejects a region filter that names no known region (a typo should not silently return nothing). */
export async function checkRegion(sql: Sql, filter: { region?: string | undefined }) {
  if (filter.region && !(await regionExists(sql, filter.region))) {
    throw new HttpError(400, 'invalid_query', `查询参数有误：region：没有代码为 ${filter.region} 的地区`, [
      { field: 'region', reason: '未知的行政区划代码' },
    ]);
  }
}

