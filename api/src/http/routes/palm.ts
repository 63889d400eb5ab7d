// The palm map's reads beside the project list: search, the legend's live counts, factor resources
// (要素保障) and the energy view.
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../app.ts';
import { HttpError } from '../errors.ts';
import { checkRegion, filterShape, toFilter } from '../project-filter.ts';
import { parseQuery, regionCode } from '../validate.ts';
import { energyByRegion } from '../../db/energy.ts';
import { availableStandardLand, ledgers, ledgerYears } from '../../db/factors.ts';
import { layerCounts } from '../../db/layer-counts.ts';
import { regionExists } from '../../db/regions.ts';
import { search } from '../../db/search.ts';
import { fieldAccess } from '../../auth/principal.ts';
import { principalOf } from '../guard.ts';
import { readRegion } from '../scope.ts';
import { visibleStandardLand } from '../visible-fields.ts';

const searchQuery = z.object({ q: z.string().trim().min(1, '请输入要搜索的名称或编码').max(100), limit: z.coerce.number().int().min(1).max(20).default(6) }).strict();
const regionQuery = z.object({ region: regionCode.optional() }).strict();
const factorQuery = z.object({ region: regionCode.optional(), year: z.coerce.number().int().min(2000).max(2100).optional() }).strict();

async function knownRegion(deps: AppDeps, region: string | undefined) {
  if (region && !(await regionExists(deps.sql, region))) throw new HttpError(404, 'region_not_found', `没有行政区划代码为 ${region} 的地区`);
}

/** GET /api/search, /api/layers/counts, /api/factors, /api/stats/energy. */
export function palmRoutes(deps: AppDeps) {
  return new Hono()
    .get('/api/search', async (c) => {
      const { q, limit } = parseQuery(c, searchQuery);
      return c.json({ q, items: await search(deps.sql, q, limit, (await readRegion(c, deps.sql, undefined)) ?? null) });
    })
    .get('/api/layers/counts', async (c) => {
      const filter = toFilter(parseQuery(c, z.object(filterShape).strict()));
      await checkRegion(deps.sql, filter);
      filter.region = await readRegion(c, deps.sql, filter.region);
      const { constraint_zones, ...counts } = await layerCounts(deps.sql, filter);
      return c.json(fieldAccess(principalOf(c)).constraints ? { ...counts, constraint_zones } : counts);
    })
    .get('/api/factors', async (c) => {
      const query = parseQuery(c, factorQuery);
      await knownRegion(deps, query.region);
      const region = await readRegion(c, deps.sql, query.region);
      const { year } = query;
      const years = await ledgerYears(deps.sql);
      const chosen = year ?? years[0] ?? new Date().getFullYear();
      const [rows, land] = await Promise.all([ledgers(deps.sql, region ?? null, chosen), availableStandardLand(deps.sql, region ?? null)]);
      return c.json({ year: chosen, years, ledgers: rows, standardLand: visibleStandardLand(land, fieldAccess(principalOf(c))) });
    })
    .get('/api/stats/energy', async (c) => {
      const query = parseQuery(c, regionQuery);
      await knownRegion(deps, query.region);
      return c.json(await energyByRegion(deps.sql, (await readRegion(c, deps.sql, query.region)) ?? null));
    });
}
