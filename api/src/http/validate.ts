// Request validation with zod. Failures become 400s whose details name each field and reason.
import type { Context } from 'hono';
import { z } from 'zod';
import { HttpError } from './errors.ts';

z.config(z.locales.zhCN());

/** Query parameters as one string each; repeated parameters are joined with commas. */
function queryRecord(c: Context): Record<string, string> {
  const all = c.req.queries();
  return Object.fromEntries(Object.entries(all).map(([k, v]) => [k, v.join(',')]));
}

function toHttpError(where: string, error: z.ZodError): HttpError {
  const details = error.issues.map((i) => ({
    field: i.path.join('.') || (i.code === 'unrecognized_keys' ? (i as { keys?: string[] }).keys?.join(',') : '') || where,
    reason: i.message,
  }));
  const summary = details.map((d) => `${d.field}：${d.reason}`).join('；');
  return new HttpError(400, `invalid_${where}`, `${where === 'query' ? '查询参数' : '请求参数'}有误：${summary}`, details);
}

/** Parses the query string with a schema or throws a 400. */
export function parseQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  const parsed = schema.safeParse(queryRecord(c));
  if (!parsed.success) throw toHttpError('query', parsed.error);
  return parsed.data;
}

/** Parses path parameters with a schema or throws a 400. */
export function parseParams<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  const parsed = schema.safeParse(c.req.param());
  if (!parsed.success) throw toHttpError('path', parsed.error);
  return parsed.data;
}

/** A comma-separated list whose items must be among `values`. */
export function csvEnum<const T extends readonly [string, ...string[]]>(values: T) {
  return z
    .string()
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(z.enum(values)).min(1, '至少需要一个取值'));
}

/** A GB/T 2260 region code. */
export const regionCode = z.string().regex(/^[1-9]\d{5}$/, '应为 6 位行政区划代码（GB/T 2260），例如 140921');
