// Errors the API answers with: always JSON `{ error: { code, message, details } }`, message in Chinese.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** An error with an HTTP status that is safe to show to the client. */
export class HttpError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: string;
  readonly details: unknown;
  constructor(status: ContentfulStatusCode, code: string, message: string, details: unknown = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** The JSON body of an error response. */
export function errorBody(code: string, message: string, details: unknown = null) {
  return { error: { code, message, details } };
}

/** Hono onError: known errors keep their status; anything else is a 500 without internals. */
export function handleError(err: Error, c: Context, log: (line: string) => void) {
  if (err instanceof HttpError) return c.json(errorBody(err.code, err.message, err.details), err.status);
  log(`unhandled error on ${c.req.method} ${c.req.path}: ${err.stack ?? err.message}`);
  return c.json(errorBody('internal', '服务器内部错误，请稍后重试。'), 500);
}
