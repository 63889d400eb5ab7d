// The audit trail for administrators: browse with filters, and export as CSV (the export is audited).
import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { z } from 'zod';
import { auditRows, listAudit, type AuditQuery } from '../../db/audit.ts';
import type { AppDeps } from '../app.ts';
import { auditAction } from '../audit-context.ts';
import { csvLine } from '../csv.ts';
import { parseQuery } from '../validate.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '应为 YYYY-MM-DD 日期').transform((s, ctx) => {
  const d = new Date(`${s}T00:00:00+08:00`);
  if (Number.isNaN(d.getTime())) {
    ctx.addIssue({ code: 'custom', message: '不是有效日期' });
    return z.NEVER;
  }
  return d;
});
const filterShape = {
  from: day.optional(),
  // Inclusive: the whole day of `to` (Beijing time).
  to: day.transform((d) => new Date(d.getTime() + 86_400_000)).optional(),
  username: z.string().trim().min(1).max(64).optional(),
  action: z.string().trim().regex(/^[a-z_.]{1,64}$/, '应为动作名或以 . 结尾的前缀，例如 auth.').optional(),
  outcome: z.enum(['ok', 'denied', 'failed']).optional(),
  q: z.string().trim().min(1).max(100).optional(),
};
const listQuery = z.object({ ...filterShape, limit: z.coerce.number().int().min(1).max(500).default(100), offset: z.coerce.number().int().min(0).max(10_000_000).default(0) }).strict();

const timeText = (d: Date) => d.toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' });

/** GET /api/audit, GET /api/audit/export. */
export function auditRoutes(deps: AppDeps) {
  return new Hono()
    .get('/api/audit', async (c) => {
      const { limit, offset, ...filter } = parseQuery(c, listQuery);
      return c.json(await listAudit(deps.sql, filter as AuditQuery, limit, offset));
    })
    .get('/api/audit/export', async (c) => {
      const filter = parseQuery(c, z.object(filterShape).strict()) as AuditQuery;
      await auditAction(deps.sql, c, { action: 'audit.export', object: null, outcome: 'ok', detail: { filter } });
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="guatu-audit-${new Date().toISOString().slice(0, 10)}.csv"`);
      return stream(c, async (out) => {
        // The BOM makes Excel read the Chinese text as UTF-8.
        await out.write(`\uFEFF${csvLine(['时间', '用户', '地址', '动作', '对象', '结果', '详情'])}`);
        for await (const rows of auditRows(deps.sql, filter)) {
          await out.write(rows.map((r) => csvLine([timeText(r.at), r.username, r.address, r.action, r.object, r.outcome, JSON.stringify(r.detail)])).join(''));
        }
      });
    });
}
