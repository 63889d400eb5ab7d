import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../app.ts';
import { HttpError } from '../errors.ts';
import { parseQuery, regionCode } from '../validate.ts';
import { regionByCode } from '../../db/regions.ts';
import { overview } from '../../db/stats.ts';
import { currentDataVersion } from '../../db/versions.ts';

/** GET /api/stats/overview?region=CODE: headline figures and the child regions' ranking rows. */
export function statsRoutes(deps: AppDeps) {
  return new Hono().get('/api/stats/overview', async (c) => {
    const { region } = parseQuery(c, z.object({ region: regionCode.optional() }).strict());
    const info = region ? await regionByCode(deps.sql, region) : null;
    if (region && !info) throw new HttpError(404, 'region_not_found', `没有行政区划代码为 ${region} 的地区`);
    const [figures, dataVersion] = await Promise.all([overview(deps.sql, region ?? null), currentDataVersion(deps.sql)]);
    return c.json({
      region: info ? { code: info.code, name: info.name, level: info.level } : null,
      dataVersion,
      ...figures,
    });
  });
}
