// The first administrator: created once, on the first start, as `admin` — with the operator's
// password from the configuration, or a generated one printed once that must be changed at the
// first sign-in. There is never a default password.
import type { Sql } from 'postgres';
import { recordAudit } from '../db/audit.ts';
import { createUser } from '../db/users.ts';
import { generatePassword, hashPassword } from './password.ts';

/** Creates `admin` when the deployment has no administrator yet. */
export async function ensureFirstAdmin(sql: Sql, configured: string | null, log: (line: string) => void): Promise<void> {
  const [row] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM users WHERE role = 'admin'`;
  if (row!.n > 0) return;
  const password = configured ?? generatePassword();
  const id = await createUser(sql, { username: 'admin', displayName: '系统管理员', passwordHash: await hashPassword(password), role: 'admin', mustChangePassword: configured === null });
  await recordAudit(sql, { userId: id, username: 'admin', address: null, action: 'user.create_first_admin', object: 'admin', outcome: 'ok', detail: { passwordFrom: configured ? 'GUATU_ADMIN_PASSWORD' : 'generated' } });
  if (configured) log('first administrator "admin" created with the password from GUATU_ADMIN_PASSWORD');
  else log(`first administrator created — username: admin  password: ${password}  (shown once; it must be changed at the first sign-in)`);
}
