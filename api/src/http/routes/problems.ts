// Problem updates (问题办结) by editors: only for projects inside the editor's region, audited.
import { Hono } from 'hono';
import { z } from 'zod';
import { codesOf, problemStatuses } from '@guatu/data/glossary.ts';
import { problemRef, updateProblem } from '../../db/problems.ts';
import type { AppDeps } from '../app.ts';
import { auditAction } from '../audit-context.ts';
import { parseJsonBody } from '../body.ts';
import { HttpError } from '../errors.ts';
import { checkWritable } from '../scope.ts';
import { parseParams } from '../validate.ts';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '应为 YYYY-MM-DD 日期');
const changeBody = z.object({
  status: z.enum(codesOf(problemStatuses) as [string, ...string[]]).optional(),
  feedback: z.string().trim().max(2000).nullable().optional(),
  deadline: date.nullable().optional(),
  resolvedOn: date.optional(),
}).strict().refine((b) => Object.keys(b).length > 0, { message: '没有要修改的内容' });

/** PATCH /api/problems/:id. */
export function problemRoutes(deps: AppDeps) {
  return new Hono().patch('/api/problems/:id', async (c) => {
    const { id } = parseParams(c, z.object({ id: z.coerce.number().int().min(1).max(2 ** 53 - 1) }));
    const body = await parseJsonBody(c, changeBody);
    const problem = await problemRef(deps.sql, id);
    if (!problem) throw new HttpError(404, 'problem_not_found', `没有编号为 ${id} 的问题`);
    await checkWritable(c, deps.sql, problem.regionCode, `problem:${id}`);
    try {
      await updateProblem(deps.sql, id, body);
    } catch (e) {
      // The table's CHECKs (deadline after reporting …) are the last word on consistency.
      if ((e as { code?: string }).code === '23514') throw new HttpError(422, 'invalid_change', '修改后的问题数据不一致（例如截止日期早于上报日期）');
      throw e;
    }
    await auditAction(deps.sql, c, { action: 'problem.update', object: `problem:${id}`, outcome: 'ok', detail: { projectId: problem.projectId, from: problem.status, ...body } });
    return c.json({ ok: true });
  });
}
