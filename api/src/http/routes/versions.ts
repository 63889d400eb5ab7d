// Data versions: the list (with each one's tile state, for the time slider), restoring an earlier
// monthly revision, and the comparison of two versions (new starts, completions, stalled projects).
import { Hono } from 'hono';
import { z } from 'zod';
import { layers } from '@guatu/data/layers.ts';
import { compareVersions } from '../../db/compare.ts';
import { listDataVersions } from '../../db/versions.ts';
import type { AppDeps } from '../app.ts';
import { HttpError } from '../errors.ts';
import { readRegion } from '../scope.ts';
import { parseParams, parseQuery, regionCode } from '../validate.ts';
import { writeScope } from '../../auth/principal.ts';
import { restoreMonthly } from '../../db/imports.ts';
import { enqueueTileBuild } from '../../jobs/tiles-job.ts';
import { auditAction } from '../audit-context.ts';
import { principalOf } from '../guard.ts';

const versionId = z.coerce.number().int().min(1).max(2 ** 53 - 1);

/** GET /api/data-versions, POST /api/data-versions/:id/restore, GET /api/data-versions/compare. */
export function versionRoutes(deps: AppDeps) {
  return new Hono()
    .get('/api/data-versions', async (c) => {
      parseQuery(c, z.object({}).strict());
      return c.json({ items: await listDataVersions(deps.sql, layers.length) });
    })
    .post('/api/data-versions/:id/restore', async (c) => {
      const { id } = parseParams(c, z.object({ id: versionId }));
      const p = principalOf(c);
      // A month's data spans every county: restoring it is for editors of the whole deployment.
      if (writeScope(p)) throw new HttpError(403, 'forbidden', '恢复整月数据需要全域编辑权限（您的账号限定在一个地区）');
      const version = await deps.sql.begin(async (tx) => {
        const v = await restoreMonthly(tx, id);
        if (v) await enqueueTileBuild(deps.boss, tx, v.id);
        return v;
      });
      if (!version) throw new HttpError(404, 'version_not_restorable', `数据版本 ${id} 不是按月导入的版本，不能恢复`);
      await auditAction(deps.sql, c, { action: 'import.restore', object: `version:${id}`, outcome: 'ok', detail: { newVersion: version.id, month: version.month, revision: version.revision } });
      return c.json({ dataVersion: version });
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
