// Server-side sessions: a random token goes to the browser in a cookie, only its SHA-256 is stored.
// A session ends after `idle` minutes without a request or `absolute` hours after sign-in.
import { createHash, randomBytes } from 'node:crypto';
import type { Sql } from 'postgres';
import type { Role } from './users.ts';

export interface SessionUser {
  userId: number;
  username: string;
  displayName: string | null;
  role: Role;
  regionScope: string | null;
  mustChangePassword: boolean;
  expiresAt: Date;
}

const digest = (token: string) => createHash('sha256').update(token).digest();

/** Opens a session and returns its token (the only copy). */
export async function createSession(sql: Sql, userId: number, s: { absoluteHours: number; address: string | null; userAgent: string | null }): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await sql`
    INSERT INTO sessions (token_sha256, user_id, expires_at, address, user_agent)
    VALUES (${digest(token)}, ${userId}, now() + make_interval(hours => ${s.absoluteHours}), ${s.address}, ${s.userAgent?.slice(0, 300) ?? null})`;
  return token;
}

/** The signed-in user of a live session (and marks it used), or null when unknown, idle or expired. */
export async function sessionUser(sql: Sql, token: string, idleMinutes: number): Promise<SessionUser | null> {
  const [row] = await sql<SessionUser[]>`
    UPDATE sessions s SET last_seen_at = now()
    FROM users u
    WHERE s.token_sha256 = ${digest(token)} AND u.id = s.user_id AND NOT u.disabled
      AND s.expires_at > now() AND s.last_seen_at > now() - make_interval(mins => ${idleMinutes})
    RETURNING u.id::int AS "userId", u.username, u.display_name AS "displayName", u.role, u.region_scope::text AS "regionScope",
      u.must_change_password AS "mustChangePassword", s.expires_at AS "expiresAt"`;
  return row ?? null;
}

/** Ends one session. */
export async function endSession(sql: Sql, token: string): Promise<void> {
  await sql`DELETE FROM sessions WHERE token_sha256 = ${digest(token)}`;
}

/** Ends every session of a user ("sign out everywhere", or an admin ending them); returns how many. */
export async function endUserSessions(sql: Sql, userId: number): Promise<number> {
  const rows = await sql`DELETE FROM sessions WHERE user_id = ${userId} RETURNING 1`;
  return rows.length;
}
