import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../app.ts';
import { HttpError } from '../errors.ts';
import { parseParams, parseQuery, regionCode } from '../validate.ts';
import { regionBoundaries, regionByCode, regionTree } from '../../db/regions.ts';

/** GET /api/regions (tree), /api/regions/boundaries (GeoJSON for the map), /api/regions/:code. */
export function regionRoutes(deps: AppDeps) {
  return new Hono()
    .get('/api/regions', async (c) => {
      parseQuery(c, z.object({}).strict());
      return c.json({ items: await regionTree(deps.sql) });
    })
    .get('/api/regions/boundaries', async (c) => {
      const { level } = parseQuery(c, z.object({ level: z.enum(['city', 'county']).default('county') }).strict());
      return c.json(await regionBoundaries(deps.sql, level));
    })
    .get('/api/regions/:code', async (c) => {
      const { code } = parseParams(c, z.object({ code: regionCode }));
      const region = await regionByCode(deps.sql, code);
      if (!region) throw new HttpError(404, 'region_not_found', `没有行政区划代码为 ${code} 的地区`);
      return c.json(region);
    });
}
