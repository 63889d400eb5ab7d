// The site-selection check: POST /api/site-checks (a drawn or pasted geometry, an uploaded file, or
// a project's site), GET /api/site-checks/:id (the saved answer), GET /api/site-checks/:id/report
// (the printable A4 report).
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { isFileProblem, readGeometryText, type GeometryFile } from '@guatu/data/gis/read-geometry-file.ts';
import { DEFAULT_SLIVER_M2 } from '@guatu/data/site-check-rules.ts';
import { siteCheckRecord } from '../../db/site-check-history.ts';
import { projectSite } from '../../db/projects.ts';
import { ParseError, parseGeometry } from '../../imports/parse-in-worker.ts';
import { MAX_SITES, runSiteCheck } from '../../site-checks/run-check.ts';
import { siteCheckReport } from '../../site-checks/report-html.ts';
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

/** POST /api/site-checks, GET /api/site-checks/:id, GET /api/site-checks/:id/report. */
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
        widthM: o.widthM ?? null, radiusM: o.radiusM ?? null, sliverM2: o.sliverM2 ?? DEFAULT_SLIVER_M2, excludeProject,
        title: o.title ?? null, createdBy: p.user.userId, source: { ...source, crs: o.crs ?? null, widthM: o.widthM ?? null, radiusM: o.radiusM ?? null },
      });
      await auditAction(deps.sql, c, { action: 'site_check.run', object: `site_check:${answer.id}`, outcome: 'ok', detail: { sites: answer.sites.length, verdicts: answer.sites.map((s) => s.verdict) } });
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
      return c.html(siteCheckReport(record));
    });
}
