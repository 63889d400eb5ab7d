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

/** GETs a path of the test portal and returns status and parsed JSON. */
export async function api<T = any>(path: string): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await fetch(`${inject('baseUrl')}${path}`);
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T, headers: response.headers };
}
