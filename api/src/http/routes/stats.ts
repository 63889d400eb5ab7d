import { Hono } from 'hono';
import { layers } from '@guatu/data/layers.ts';
import { z } from 'zod';
import type { AppDeps } from '../app.ts';
import { HttpError } from '../errors.ts';
import { parseQuery, regionCode } from '../validate.ts';
import { regionByCode } from '../../db/regions.ts';
import { overview } from '../../db/stats.ts';
import { servedDataVersion } from '../../db/versions.ts';
import { fieldAccess } from '../../auth/principal.ts';
import { principalOf } from '../guard.ts';
import { readRegion } from '../scope.ts';
import { visibleFigures } from '../visible-fields.ts';

/** GET /api/stats/overview?region=CODE: headline figures and the child regions' ranking rows. */
export function statsRoutes(deps: AppDeps) {
  return new Hono().get('/api/stats/overview', async (c) => {
    const query = parseQuery(c, z.object({ region: regionCode.optional() }).strict());
    const region = await readRegion(c, deps.sql, query.region);
    const info = region ? await regionByCode(deps.sql, region) : null;
    if (region && !info) throw new HttpError(404, 'region_not_found', `没有行政区划代码为 ${region} 的地区`);
    const access = fieldAccess(principalOf(c));
    const [figures, dataVersion] = await Promise.all([overview(deps.sql, region ?? null), servedDataVersion(deps.sql, layers.length)]);
    return c.json({
      region: info ? { code: info.code, name: info.name, level: info.level } : null,
      dataVersion,
      asOfMonth: figures.asOfMonth,
      totals: visibleFigures(figures.totals, access),
      children: figures.children.map((row) => visibleFigures(row, access)),
    });
  });
}
