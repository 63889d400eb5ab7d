// The import pipeline's routes: the template, an upload that becomes a preview (nothing written),
// the preview and the commit (one transaction: data version, rows, tile job), for the monthly table
// and for GIS files of every layer kind.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { monthlyTemplate } from '@guatu/data/imports/monthly-template.ts';
import { writeScope } from '../../auth/principal.ts';
import { gisKinds } from '@guatu/data/imports/gis-fields.ts';
import { commitGis } from '../../db/gis-imports.ts';
import { commitMonthly, importRecord, recentImports } from '../../db/imports.ts';
import { gisForm, gisLimits } from '../../imports/gis-request.ts';
import { previewGis, type GisRequest } from '../../imports/gis-preview.ts';
import { previewMonthly } from '../../imports/monthly-preview.ts';
import { ParseError, parseGeometry, parseTable } from '../../imports/parse-in-worker.ts';
import { enqueueTileBuild } from '../../jobs/tiles-job.ts';
import type { AppDeps } from '../app.ts';
import { auditAction } from '../audit-context.ts';
import { HttpError } from '../errors.ts';
import { signedInUser } from '../guard.ts';
import { parseParams, parseQuery } from '../validate.ts';

/** Upload limits: what a month of a city's projects needs, with room to spare. */
export const importLimits = { maxBytes: 20 * 1024 * 1024, maxRows: 100_000, timeoutMs: 60_000, maxHeapMb: 512 };

const idParam = z.object({ id: z.coerce.number().int().min(1).max(2 ** 53 - 1) });
const templateKinds = ['monthly'] as const;
const kinds = ['monthly', ...gisKinds] as const;

/** GET /api/imports/template, POST /api/imports, GET /api/imports[/:id], POST /api/imports/:id/commit. */
export function importRoutes(deps: AppDeps) {
  return new Hono()
    .get('/api/imports/template', async (c) => {
      const { kind, month } = parseQuery(c, z.object({
        kind: z.enum(templateKinds, '模板类型应为 monthly（按月调度）'),
        month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '应为 YYYY-MM').optional(),
      }).strict());
      const m = month ?? new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
      const bytes = await monthlyTemplate(m);
      c.header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      c.header('Content-Disposition', `attachment; filename="guatu-${kind}-${m}.xlsx"; filename*=UTF-8''${encodeURIComponent(`按月调度模板-${m}.xlsx`)}`);
      return c.body(bytes as Uint8Array<ArrayBuffer>);
    })
    .post('/api/imports', bodyLimit({
      maxSize: importLimits.maxBytes + 64 * 1024,
      onError: (c) => c.json({ error: { code: 'body_too_large', message: `文件过大（上限 ${importLimits.maxBytes / 1024 / 1024} MB），请拆分后再导入`, details: null } }, 413),
    }), async (c) => {
      const p = signedInUser(c);
      if (!/^multipart\/form-data\b/i.test(c.req.header('content-type') ?? '')) {
        throw new HttpError(415, 'unsupported_media_type', '请以 multipart/form-data 上传文件（字段 file、kind）');
      }
      const form = await c.req.parseBody().catch(() => {
        throw new HttpError(400, 'invalid_body', '上传内容无法解析');
      });
      const file = form.file;
      const kind = form.kind;
      if (!(file instanceof File)) throw new HttpError(400, 'invalid_body', '请求参数有误：file：请选择要上传的文件', [{ field: 'file', reason: '缺少文件' }]);
      if (!(kinds as readonly unknown[]).includes(kind)) {
        throw new HttpError(400, 'invalid_body', `请求参数有误：kind：应为 ${kinds.join('、')}`, [{ field: 'kind', reason: '不支持的导入类型' }]);
      }
      if (file.size > importLimits.maxBytes) throw new HttpError(413, 'body_too_large', `文件过大（上限 ${importLimits.maxBytes / 1024 / 1024} MB）`);
      if (file.size === 0) throw new HttpError(400, 'empty_file', '文件是空的', [{ field: 'file', reason: '文件是空的' }]);
      const filename = file.name.slice(0, 200);
      if (kind !== 'monthly') {
        const options = gisForm.safeParse(Object.fromEntries(Object.entries(form).filter(([k, v]) => k !== 'file' && typeof v === 'string' && v !== '')));
        if (!options.success) {
          const details = options.error.issues.map((i) => ({ field: i.path.join('.') || 'body', reason: i.message }));
          throw new HttpError(400, 'invalid_body', `请求参数有误：${details.map((d) => `${d.field}：${d.reason}`).join('；')}`, details);
        }
        const o = options.data;
        let parsed;
        try {
          parsed = await parseGeometry(new Uint8Array(await file.arrayBuffer()), filename, { crs: o.crs ?? null, encoding: o.encoding ?? null, zipLimits: gisLimits.zip }, gisLimits);
        } catch (e) {
          if (!(e instanceof ParseError)) throw e;
          await auditAction(deps.sql, c, { action: 'import.upload', object: filename, outcome: 'failed', detail: { kind, reason: e.message } });
          throw new HttpError(422, 'unreadable_file', e.message, [{ feature: null, field: null, value: filename, reason: e.message }]);
        }
        const request: GisRequest = { kind: o.kind, mode: o.mode, constraintKind: (o.constraintKind ?? null) as GisRequest['constraintKind'], mapping: o.mapping };
        const preview = await previewGis(deps.sql, parsed, request, { filename, createdBy: p.user.userId, writableRoot: writeScope(p) });
        await auditAction(deps.sql, c, { action: 'import.upload', object: `import:${preview.id}`, outcome: 'ok', detail: { filename, ...preview.summary } });
        return c.json(preview, 201);
      }
      let table;
      try {
        table = await parseTable(new Uint8Array(await file.arrayBuffer()), filename, importLimits);
      } catch (e) {
        if (!(e instanceof ParseError)) throw e;
        await auditAction(deps.sql, c, { action: 'import.upload', object: filename, outcome: 'failed', detail: { kind, reason: e.message } });
        throw new HttpError(422, 'unreadable_file', e.message, [{ sheet: null, row: null, column: null, value: filename, reason: e.message }]);
      }
      const preview = await previewMonthly(deps.sql, table, { filename, createdBy: p.user.userId, writableRoot: writeScope(p) });
      await auditAction(deps.sql, c, { action: 'import.upload', object: `import:${preview.id}`, outcome: 'ok', detail: { kind, filename, ...preview.summary } });
      return c.json(preview, 201);
    })
    .get('/api/imports', async (c) => {
      parseQuery(c, z.object({}).strict());
      return c.json({ items: await recentImports(deps.sql, 50) });
    })
    .get('/api/imports/:id', async (c) => {
      const { id } = parseParams(c, idParam);
      const record = await importRecord(deps.sql, id);
      if (!record || record.kind === 'demo') throw new HttpError(404, 'import_not_found', `没有编号为 ${id} 的导入`);
      return c.json(record);
    })
    .post('/api/imports/:id/commit', async (c) => {
      const p = signedInUser(c);
      const { id } = parseParams(c, idParam);
      const record = await importRecord(deps.sql, id);
      if (!record || record.kind === 'demo') throw new HttpError(404, 'import_not_found', `没有编号为 ${id} 的导入`);
      if (record.createdBy !== p.user.userId && p.user.role !== 'admin') throw new HttpError(403, 'forbidden', '只能提交自己上传的导入');
      if (record.errorCount > 0) {
        await auditAction(deps.sql, c, { action: 'import.commit', object: `import:${id}`, outcome: 'denied', detail: { errors: record.errorCount } });
        throw new HttpError(422, 'has_errors', `还有 ${record.errorCount} 个错误，改正后重新上传才能提交`);
      }
      if (record.status !== 'preview') throw new HttpError(409, 'not_a_preview', record.status === 'committed' ? '这个导入已经提交过了' : '这个导入已不能提交');
      const version = await deps.sql.begin(async (tx) => {
        const v = record.kind === 'monthly' ? await commitMonthly(tx, id) : await commitGis(tx, id);
        if (v) await enqueueTileBuild(deps.boss, tx, v.id);
        return v;
      });
      if (!version) throw new HttpError(409, 'not_a_preview', '这个导入已经提交过了');
      await auditAction(deps.sql, c, { action: 'import.commit', object: `import:${id}`, outcome: 'ok', detail: { dataVersion: version.id, month: version.month, revision: version.revision } });
      return c.json({ dataVersion: version });
    });
}
