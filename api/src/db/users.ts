// User accounts: created with an argon2id hash (never a plain password), looked up by name.
import type { Sql } from 'postgres';

export type Role = 'admin' | 'editor' | 'planner' | 'viewer';

export interface UserRow {
  id: number;
  username: string;
  displayName: string | null;
  passwordHash: string;
  role: Role;
  regionScope: string | null;
  mustChangePassword: boolean;
  disabled: boolean;
  failedLogins: number;
  lockedUntil: Date | null;
}

/** Creates a user; the caller has checked the password policy and hashed the password. */
export async function createUser(
  sql: Sql, u: { username: string; displayName?: string | null; passwordHash: string; role: Role; regionScope?: string | null; mustChangePassword?: boolean },
): Promise<number> {
  const [row] = await sql<{ id: string }[]>`
    INSERT INTO users (username, display_name, password_hash, role, region_scope, must_change_password)
    VALUES (${u.username}, ${u.displayName ?? null}, ${u.passwordHash}, ${u.role}, ${u.regionScope ?? null}, ${u.mustChangePassword ?? false})
    RETURNING id`;
  return Number(row!.id);
}

/** A user by username, or null. */
export async function findUser(sql: Sql, username: string): Promise<UserRow | null> {
  const [row] = await sql<UserRow[]>`
    SELECT id::int AS id, username, display_name AS "displayName", password_hash AS "passwordHash", role,
           region_scope::text AS "regionScope", must_change_password AS "mustChangePassword", disabled,
           failed_logins AS "failedLogins", locked_until AS "lockedUntil"
    FROM users WHERE username = ${username}`;
  return row ?? null;
}

/** Counts a failed sign-in; from `lockAfter` failures on, the account is locked for `lockMinutes`. Returns the lock's end, if any. */
export async function recordLoginFailure(sql: Sql, id: number, lockAfter: number, lockMinutes: number): Promise<Date | null> {
  const [row] = await sql<{ lockedUntil: Date | null }[]>`
    UPDATE users SET failed_logins = failed_logins + 1,
      locked_until = CASE WHEN failed_logins + 1 >= ${lockAfter} THEN now() + make_interval(mins => ${lockMinutes}) ELSE locked_until END
    WHERE id = ${id} RETURNING locked_until AS "lockedUntil"`;
  return row?.lockedUntil ?? null;
}

/** Clears the failure count after a successful sign-in. */
export async function clearLoginFailures(sql: Sql, id: number): Promise<void> {
  await sql`UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ${id}`;
}

/** Replaces a user's password hash; the password no longer needs changing. */
export async function setPassword(sql: Sql, id: number, passwordHash: string): Promise<void> {
  await sql`UPDATE users SET password_hash = ${passwordHash}, must_change_password = false, password_changed_at = now() WHERE id = ${id}`;
}
