// Data versions: the list (with each one's tile state, for the time slider) and the comparison of
// two versions (new starts, completions, stalled projects) for the map's compare mode.
import { Hono } from 'hono';
import { z } from 'zod';
import { layers } from '@guatu/data/layers.ts';
import { compareVersions } from '../../db/compare.ts';
import { listDataVersions } from '../../db/versions.ts';
import type { AppDeps } from '../app.ts';
import { HttpError } from '../errors.ts';
import { readRegion } from '../scope.ts';
import { parseQuery, regionCode } from '../validate.ts';

const versionId = z.coerce.number().int().min(1).max(2 ** 53 - 1);

/** GET /api/data-versions, GET /api/data-versions/compare. */
export function versionRoutes(deps: AppDeps) {
  return new Hono()
    .get('/api/data-versions', async (c) => {
      parseQuery(c, z.object({}).strict());
      return c.json({ items: await listDataVersions(deps.sql, layers.length) });
    })
    .get('/api/data-versions/compare', async (c) => {
      const q = parseQuery(c, z.object({ from: versionId, to: versionId, region: regionCode.optional() }).strict());
      const known = new Map((await listDataVersions(deps.sql, layers.length)).map((v) => [v.id, v]));
      const [from, to] = [known.get(q.from), known.get(q.to)];
      if (!from || !to) throw new HttpError(404, 'version_not_found', `没有数据版本 ${!from ? q.from : q.to}`);
      const region = await readRegion(c, deps.sql, q.region);
      const items = await compareVersions(deps.sql, from.id, to.id, region ?? null);
      const count = (k: string) => items.filter((i) => i.change === k).length;
      return c.json({ from, to, counts: { newStart: count('new_start'), completion: count('completion'), stalled: count('stalled') }, items });
    });
}
