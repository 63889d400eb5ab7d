// Request bodies: JSON only (a cross-site form cannot send it without a CORS preflight: with the
// guard's origin check, the CSRF defence), bounded in size, validated with zod; 400/413/415 in Chinese.
import type { Context } from 'hono';
import { z } from 'zod';
import { HttpError } from './errors.ts';

/** Parses a JSON body of at most `maxBytes` with a schema. */
export async function parseJsonBody<S extends z.ZodType>(c: Context, schema: S, maxBytes = 16_384): Promise<z.output<S>> {
  if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
    throw new HttpError(415, 'unsupported_media_type', '请求体必须是 JSON（Content-Type: application/json）');
  }
  const text = await c.req.text();
  if (Buffer.byteLength(text) > maxBytes) throw new HttpError(413, 'body_too_large', `请求体过大（上限 ${maxBytes} 字节）`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'invalid_json', '请求体不是有效的 JSON');
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'body', reason: i.message }));
    throw new HttpError(400, 'invalid_body', `请求参数有误：${details.map((d) => `${d.field}：${d.reason}`).join('；')}`, details);
  }
  return parsed.data;
}
