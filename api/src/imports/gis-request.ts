// The options of a GIS upload (multipart fields beside the file), validated with reasons in Chinese,
// and the limits a GIS file is read under.
import { z } from 'zod';
import { codesOf, constraintKinds } from '@guatu/data/glossary.ts';
import { gisKinds } from '@guatu/data/imports/gis-fields.ts';

/** GIS files: a county's parcels or a city's farmland in one file; inflated in the parse worker under these caps. */
export const gisLimits = { maxBytes: 20 * 1024 * 1024, maxRows: 100_000, timeoutMs: 120_000, maxHeapMb: 1024, zip: { maxEntries: 200, maxBytes: 400 * 1024 * 1024 } };

/** The form fields of a GIS upload. */
export const gisForm = z.object({
  kind: z.enum(gisKinds),
  crs: z.string().max(40).optional(),
  encoding: z.enum(['gbk', 'utf-8'], '编码应为 gbk 或 utf-8').optional(),
  mode: z.enum(['replace', 'upsert'], '导入方式应为 replace（覆盖）或 upsert（按编号更新）').default('upsert'),
  constraintKind: z.enum(codesOf(constraintKinds) as [string, ...string[]], `管控区类型应为 ${codesOf(constraintKinds).join('、')}`).optional(),
  mapping: z.string().max(20_000).optional().transform((text, ctx) => {
    if (!text) return null;
    try {
      return z.record(z.string().max(40), z.string().max(200).nullable()).parse(JSON.parse(text));
    } catch {
      ctx.addIssue({ code: 'custom', message: '字段对应应为 JSON 对象，如 {"code":"DKBH"}' });
      return z.NEVER;
    }
  }),
}).superRefine((f, ctx) => {
  if (f.kind === 'constraints' && !f.constraintKind) ctx.addIssue({ code: 'custom', path: ['constraintKind'], message: '导入管控区须选择类型（基本农田、生态保护红线、城镇开发边界或其他）' });
  if (f.kind !== 'constraints' && f.constraintKind) ctx.addIssue({ code: 'custom', path: ['constraintKind'], message: '只有管控区导入可以选择管控区类型' });
  if (f.kind === 'regions' && f.mode === 'replace') {
    ctx.addIssue({ code: 'custom', path: ['mode'], message: '行政区只能按代码更新，不能覆盖：删除行政区会使项目和地块失去所属区域' });
  }
});
