// Signing in for tests: the shared portal's administrator (its password is set through
// GUATU_ADMIN_PASSWORD, as an operator would) and test users of any role, created in the database.
import type { Sql } from 'postgres';
import { hashPassword } from '@guatu/api/auth/password.ts';
import { createUser, type Role } from '@guatu/api/db/users.ts';

/** The test portals' administrator password (only ever used on throw-away test databases). */
export const ADMIN_PASSWORD = 'Guatu-Test#2026-admin';
export const USER_PASSWORD = 'Jincheng#2026!';

/** Signs in and returns the `Cookie` header value of the new session. */
export async function signIn(baseUrl: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in as ${username} failed: ${res.status} ${await res.text()}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

let counter = 0;

/** Creates a user with a unique name and signs in; returns the cookie, the name and the id. */
export async function testUser(sql: Sql, baseUrl: string, role: Role, regionScope: string | null = null, prefix: string = role) {
  const username = `${prefix}${process.pid}x${Date.now() % 1_000_000}x${counter++}`.toLowerCase();
  const id = await createUser(sql, { username, passwordHash: await hashPassword(USER_PASSWORD), role, regionScope });
  return { id, username, cookie: await signIn(baseUrl, username, USER_PASSWORD) };
}

/**
 * Signs in to a portal whose database the caller can reach (benchmarks reuse data directories
 * whose administrator password is unknown): a `bench` administrator is created or reset first.
 */
export async function benchSignIn(baseUrl: string, database: { socketPath: string } | { url: string }): Promise<string> {
  const postgres = (await import('postgres')).default;
  const sql = 'url' in database ? postgres(database.url, { max: 1, onnotice: () => {} }) : postgres({ path: database.socketPath, user: 'postgres', database: 'postgres', max: 1, onnotice: () => {} });
  try {
    const hash = await hashPassword(USER_PASSWORD);
    const [row] = await sql`UPDATE users SET password_hash = ${hash}, must_change_password = false, disabled = false, failed_logins = 0, locked_until = NULL, role = 'admin' WHERE username = 'bench' RETURNING id`;
    if (!row) await createUser(sql, { username: 'bench', passwordHash: hash, role: 'admin' });
  } finally {
    await sql.end();
  }
  return signIn(baseUrl, 'bench', USER_PASSWORD);
}
