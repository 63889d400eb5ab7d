// The site-selection check: POST /api/site-checks (a drawn or pasted geometry, an uploaded file, or
// a project's site), POST /api/site-checks/batch (every project of a filter), GET /api/site-checks/:id
// (the saved answer), GET /api/site-checks/:id/report (the printable A4 report; ?format=pdf: a PDF file)
// and /export (.xlsx).
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { isFileProblem, readGeometryText, type GeometryFile } from '@guatu/data/gis/read-geometry-file.ts';
import { siteCheckRecord } from '../../db/site-check-history.ts';
import { projectSite } from '../../db/projects.ts';
import { ParseError, parseGeometry } from '../../imports/parse-in-worker.ts';
import { MAX_SITES, runSiteCheck } from '../../site-checks/run-check.ts';
import { siteCheckReport } from '../../site-checks/report-html.ts';
import { siteCheckPdf } from '../../site-checks/report-pdf.ts';
import { runBatchCheck, type BatchRow } from '../../site-checks/run-batch.ts';
import { siteChecksWorkbook, type SiteCheckRow } from '@guatu/data/exports/site-checks-xlsx.ts';
import type { CheckLayerId, Verdict } from '@guatu/data/site-check-rules.ts';
import { checkRegion, filterShape, toFilter } from '../project-filter.ts';
import { readRegion } from '../scope.ts';
import { parseQuery } from '../validate.ts';
import type { AppDeps } from '../app.ts';
import { auditAction } from '../audit-context.ts';
import { parseJsonBody } from '../body.ts';
import { HttpError } from '../errors.ts';
import { signedInUser } from '../guard.ts';
import { parseParams } from '../validate.ts';

const MAX_BYTES = 20 * 1024 * 1024;
const workerLimits = { maxRows: MAX_SITES, timeoutMs: 30_000, maxHeapMb: 512 };
const ZIP_LIMITS = { maxEntries: 200, maxBytes: 300 * 1024 * 1024 };
const idParam = z.object({ id: z.coerce.number().int().min(1).max(2 ** 53 - 1) });
const metres = (max: number) => z.coerce.number().positive('应大于 0').max(max, `不超过 ${max} 米`).optional();
const options = {
  crs: z.string().max(40).optional(),
  widthM: metres(2000),
  radiusM: metres(10_000),
  sliverM2: z.coerce.number().min(0).max(10_000).optional(),
  title: z.string().trim().max(100).optional(),
};
const jsonBody = z.object({
  geometry: z.record(z.string(), z.unknown()).optional(),
  text: z.string().min(1).max(5_000_000).optional(),
  projectId: z.number().int().min(1).optional(),
  ...options,
}).strict().refine((b) => [b.geometry, b.text, b.projectId].filter((x) => x !== undefined).length === 1, '请给出 geometry（GeoJSON）、text（坐标串、界址点文本）或 projectId 之一');
const formBody = z.object({ encoding: z.enum(['gbk', 'utf-8']).optional(), ...options });
const batchQuery = z.object(filterShape).strict();
const batchBody = z.object({ sliverM2: options.sliverM2, title: options.title }).strict();

type SavedSite = { index: number; name: string | null; areaMu: number; verdict: Verdict; explanation: string; layers: { kind: CheckLayerId; overlapAreaMu: number }[] };

/** A saved check's rows for the export: a batch's projects, or a single check's sites. */
function exportRows(result: Record<string, unknown>): SiteCheckRow[] {
  if (result.kind === 'batch') return (result.rows as BatchRow[]).map((r) => ({ ...r, regionName: r.regionName }));
  return (result.sites as SavedSite[]).map((s) => ({
    code: `选址 ${s.index}`, name: s.name ?? '', regionName: null, areaMu: s.areaMu, verdict: s.verdict, explanation: s.explanation,
    overlapMu: Object.fromEntries(s.layers.filter((l) => l.overlapAreaMu > 0).map((l) => [l.kind, l.overlapAreaMu])),
  }));
}

/** POST /api/site-checks and /batch, GET /api/site-checks/:id, /report and /export. */
export function siteCheckRoutes(deps: AppDeps) {
  return new Hono()
    .post('/api/site-checks', bodyLimit({
      maxSize: MAX_BYTES + 64 * 1024,
      onError: (c) => c.json({ error: { code: 'body_too_large', message: `文件过大（上限 ${MAX_BYTES / 1024 / 1024} MB）`, details: null } }, 413),
    }), async (c) => {
      const p = signedInUser(c);
      let file: GeometryFile;
      let o: z.infer<typeof formBody>;
      let excludeProject: number | null = null;
      let source: Record<string, unknown>;
      if (/^multipart\/form-data\b/i.test(c.req.header('content-type') ?? '')) {
        const form = await c.req.parseBody();
        if (!(form.file instanceof File)) throw new HttpError(400, 'invalid_body', '请求参数有误：file：请选择文件', [{ field: 'file', reason: '缺少文件' }]);
        const parsed = formBody.safeParse(Object.fromEntries(Object.entries(form).filter(([k, v]) => k !== 'file' && typeof v === 'string' && v !== '')));
        if (!parsed.success) throw new HttpError(400, 'invalid_body', `请求参数有误：${parsed.error.issues.map((i) => `${i.path.join('.')}：${i.message}`).join('；')}`);
        o = parsed.data;
        const bytes = new Uint8Array(await form.file.arrayBuffer());
        if (!bytes.length) throw new HttpError(400, 'empty_file', '文件是空的');
        try {
          file = await parseGeometry(bytes, form.file.name.slice(0, 200), { crs: o.crs ?? null, encoding: o.encoding ?? null, zipLimits: ZIP_LIMITS }, workerLimits);
        } catch (e) {
          if (e instanceof ParseError) throw new HttpError(422, 'unreadable_geometry', e.message);
          throw e;
        }
        source = { kind: 'file', filename: form.file.name.slice(0, 200) };
      } else {
        const body = await parseJsonBody(c, jsonBody, 5_100_000);
        o = body;
        let geometry = body.geometry;
        if (body.projectId) {
          const site = await projectSite(deps.sql, body.projectId);
          if (!site) throw new HttpError(404, 'project_not_found', `没有编号为 ${body.projectId} 的项目`);
          geometry = { type: 'Feature', properties: { 名称: site.name }, geometry: site.geometry };
          excludeProject = body.projectId;
        }
        try {
          // Pasted text says its own CRS or is detected; a GeoJSON geometry is EPSG:4490 unless crs says otherwise.
          file = body.text !== undefined
            ? readGeometryText(body.text, { crs: body.crs ?? null })
            : readGeometryText(JSON.stringify(geometry), { crs: body.projectId ? 'EPSG:4490' : (body.crs ?? 'EPSG:4490') });
        } catch (e) {
          if (isFileProblem(e)) throw new HttpError(422, 'unreadable_geometry', e.message);
          throw e;
        }
        source = body.projectId ? { kind: 'project', projectId: body.projectId } : { kind: body.text !== undefined ? 'text' : 'geometry' };
      }
      const answer = await runSiteCheck(deps.sql, file, {
        widthM: o.widthM ?? null, radiusM: o.radiusM ?? null, sliverM2: o.sliverM2 ?? deps.siteCheck.sliverM2, rules: deps.siteCheck, excludeProject,
        title: o.title ?? null, createdBy: p.user.userId, source: { ...source, crs: o.crs ?? null, widthM: o.widthM ?? null, radiusM: o.radiusM ?? null },
      });
      await auditAction(deps.sql, c, { action: 'site_check.run', object: `site_check:${answer.id}`, outcome: 'ok', detail: { sites: answer.sites.length, verdicts: answer.sites.map((s) => s.verdict) } });
      return c.json(answer, 201);
    })
    .post('/api/site-checks/batch', async (c) => {
      const p = signedInUser(c);
      const filter = toFilter(parseQuery(c, batchQuery));
      await checkRegion(deps.sql, filter);
      filter.region = await readRegion(c, deps.sql, filter.region);
      const o = await parseJsonBody(c, batchBody, 10_000);
      const answer = await runBatchCheck(deps.sql, filter, { sliverM2: o.sliverM2 ?? deps.siteCheck.sliverM2, rules: deps.siteCheck, title: o.title ?? null, createdBy: p.user.userId, query: c.req.query() });
      await auditAction(deps.sql, c, { action: 'site_check.batch', object: `site_check:${answer.id}`, outcome: 'ok', detail: { projects: answer.rows.length, counts: answer.counts, query: c.req.query() } });
      return c.json(answer, 201);
    })
    .get('/api/site-checks/:id', async (c) => {
      const { id } = parseParams(c, idParam);
      const record = await siteCheckRecord(deps.sql, id);
      if (!record) throw new HttpError(404, 'site_check_not_found', `没有编号为 ${id} 的选址检查`);
      return c.json({ id: record.id, title: record.title, createdAt: record.createdAt, createdBy: record.createdByName, input: record.input, ...record.result });
    })
    .get('/api/site-checks/:id/report', async (c) => {
      const { id } = parseParams(c, idParam);
      const record = await siteCheckRecord(deps.sql, id);
      if (!record) throw new HttpError(404, 'site_check_not_found', `没有编号为 ${id} 的选址检查`);
      if (record.result.kind === 'batch') throw new HttpError(400, 'batch_has_no_report', '批量检查请导出表格（/export）');
      const { format } = parseQuery(c, z.object({ format: z.enum(['html', 'pdf']).default('html') }).strict());
      if (format === 'html') return c.html(siteCheckReport(record));
      c.header('Content-Type', 'application/pdf');
      c.header('Content-Disposition', `attachment; filename="guatu-site-check-${id}.pdf"; filename*=UTF-8''${encodeURIComponent(`选址冲突分析报告-${id}.pdf`)}`);
      return c.body((await siteCheckPdf(record)) as Uint8Array<ArrayBuffer>);
    })
    .get('/api/site-checks/:id/export', async (c) => {
      const { id } = parseParams(c, idParam);
      const record = await siteCheckRecord(deps.sql, id);
      if (!record) throw new HttpError(404, 'site_check_not_found', `没有编号为 ${id} 的选址检查`);
      const version = (record.result.dataVersion as { label: string } | null)?.label ?? '—';
      const bytes = await siteChecksWorkbook(exportRows(record.result), `${record.title || (record.result.kind === 'batch' ? '项目选址批量检查' : '选址冲突分析')}（编号 ${id}，数据版本 ${version}）`);
      c.header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      c.header('Content-Disposition', `attachment; filename="guatu-site-check-${id}.xlsx"; filename*=UTF-8''${encodeURIComponent(`选址冲突分析-${id}.xlsx`)}`);
      return c.body(bytes as Uint8Array<ArrayBuffer>);
    });
}
