// Direct database access for tests, to check API answers against independent SQL.
import postgres, { type Sql } from 'postgres';
import { inject } from 'vitest';

/** Connects to the test run's database (embedded socket or server URL). */
export function testDb(): Sql {
  const database = inject('database');
  return 'url' in database
    ? postgres(database.url, { max: 2, onnotice: () => {} })
    : postgres({ path: database.socketPath, user: 'postgres', database: 'postgres', max: 1, idle_timeout: 0, max_lifetime: null, onnotice: () => {} });
}

/** Fetches a path of the shared test portal as its signed-in administrator (or with `init`'s own cookie). */
export function portalFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has('cookie')) headers.set('cookie', inject('adminCookie'));
  return fetch(`${inject('baseUrl')}${path}`, { ...init, headers });
}

/** GETs a path of the test portal (as the administrator unless a cookie is given) and returns status and parsed JSON. */
export async function api<T = any>(path: string, cookie?: string): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await portalFetch(path, cookie === undefined ? {} : { headers: { cookie } });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T, headers: response.headers };
}

/** Waits until the shared portal serves tiles (built in the background after start) and returns the version. */
export async function servedTiles(timeoutMs = 240_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await api('/api/tile-builds');
    if (body.servedVersion) return body.servedVersion as number;
    if (body.items.some((b: any) => b.status === 'failed')) throw new Error(`tile build failed: ${JSON.stringify(body.items)}`);
    if (Date.now() > deadline) throw new Error('tiles were not built in time');
    await new Promise((r) => setTimeout(r, 1000));
  }
}
