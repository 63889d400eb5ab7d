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

export interface UserListItem {
  id: number;
  username: string;
  displayName: string | null;
  role: Role;
  regionScope: string | null;
  regionName: string | null;
  disabled: boolean;
  mustChangePassword: boolean;
  lockedUntil: Date | null;
  createdAt: Date;
  lastSeenAt: Date | null;
  activeSessions: number;
}

/** Every user with when they were last seen and how many live sessions they have. */
export async function listUsers(sql: Sql): Promise<UserListItem[]> {
  return sql<UserListItem[]>`
    SELECT u.id::int AS id, u.username, u.display_name AS "displayName", u.role, u.region_scope::text AS "regionScope",
           r.name AS "regionName", u.disabled, u.must_change_password AS "mustChangePassword",
           CASE WHEN u.locked_until > now() THEN u.locked_until END AS "lockedUntil", u.created_at AS "createdAt",
           s.last_seen AS "lastSeenAt", coalesce(s.live, 0)::int AS "activeSessions"
    FROM users u
    LEFT JOIN regions r ON r.code = u.region_scope
    LEFT JOIN LATERAL (
      SELECT max(last_seen_at) AS last_seen, count(*) FILTER (WHERE expires_at > now()) AS live FROM sessions WHERE user_id = u.id
    ) s ON TRUE
    ORDER BY u.username`;
}

/** A user by id, or null. */
export async function userById(sql: Sql, id: number): Promise<UserListItem | null> {
  const rows = await listUsers(sql);
  return rows.find((u) => u.id === id) ?? null;
}

export interface UserChange {
  displayName?: string | null;
  role?: Role;
  regionScope?: string | null;
  disabled?: boolean;
  /** A new hash that the user must replace at the next sign-in. */
  temporaryPasswordHash?: string;
  unlock?: boolean;
}

/** Applies an administrator's change to a user. */
export async function updateUser(sql: Sql, id: number, change: UserChange): Promise<void> {
  const sets = [sql`id = id`];
  if (change.displayName !== undefined) sets.push(sql`display_name = ${change.displayName}`);
  if (change.role !== undefined) sets.push(sql`role = ${change.role}`);
  if (change.regionScope !== undefined) sets.push(sql`region_scope = ${change.regionScope}`);
  if (change.disabled !== undefined) sets.push(sql`disabled = ${change.disabled}`);
  if (change.temporaryPasswordHash !== undefined) {
    sets.push(sql`password_hash = ${change.temporaryPasswordHash}, must_change_password = true, password_changed_at = now()`);
  }
  if (change.unlock) sets.push(sql`failed_logins = 0, locked_until = NULL`);
  const set = sets.reduce((acc, part) => sql`${acc}, ${part}`);
  await sql`UPDATE users SET ${set} WHERE id = ${id}`;
}

/** How many enabled administrators there are (the last one cannot be demoted or disabled). */
export async function activeAdminCount(sql: Sql): Promise<number> {
  const [row] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND NOT disabled`;
  return row!.n;
}
