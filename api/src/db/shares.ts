// Share links: a random token in the link, its SHA-256 in the database, an expiry, an optional
// password (argon2id), a field profile and a region. Revoking keeps the row as a record.
import { createHash, randomBytes } from 'node:crypto';
import type { Sql } from 'postgres';
import type { FieldProfile, ShareGrant, ShareTarget } from '../auth/principal.ts';

const digest = (token: string) => createHash('sha256').update(token).digest();

export interface ShareRow {
  id: number;
  title: string;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  hasPassword: boolean;
  target: ShareTarget;
  fieldProfile: FieldProfile;
  regionScope: string | null;
  openedCount: number;
  lastOpenedAt: Date | null;
}

/** Creates a share link and returns its id and token (the only copy of the token). */
export async function createShare(
  sql: Sql,
  s: { title: string; createdBy: number; days: number; passwordHash: string | null; target: ShareTarget; fieldProfile: FieldProfile; regionScope: string | null },
): Promise<{ id: number; token: string; expiresAt: Date }> {
  const token = randomBytes(24).toString('base64url');
  const [row] = await sql<{ id: number; expiresAt: Date }[]>`
    INSERT INTO shares (token_sha256, title, created_by, expires_at, password_hash, target, field_profile, region_scope)
    VALUES (${digest(token)}, ${s.title}, ${s.createdBy}, now() + make_interval(days => ${s.days}), ${s.passwordHash},
            ${sql.json(s.target as never)}, ${s.fieldProfile}, ${s.regionScope})
    RETURNING id::int AS id, expires_at AS "expiresAt"`;
  return { id: row!.id, token, expiresAt: row!.expiresAt };
}

/** A live (unexpired, unrevoked) share by token, with its password hash; null otherwise. */
export async function liveShare(sql: Sql, token: string): Promise<(ShareGrant & { passwordHash: string | null }) | null> {
  const [row] = await sql<(ShareGrant & { passwordHash: string | null })[]>`
    SELECT id::int AS "shareId", title, target, field_profile AS "fieldProfile", region_scope::text AS "regionScope",
           expires_at AS "expiresAt", password_hash AS "passwordHash"
    FROM shares WHERE token_sha256 = ${digest(token)} AND revoked_at IS NULL AND expires_at > now()`;
  return row ?? null;
}

/** Counts one opening of a share link. */
export async function countShareOpened(sql: Sql, id: number): Promise<void> {
  await sql`UPDATE shares SET opened_count = opened_count + 1, last_opened_at = now() WHERE id = ${id}`;
}

/** Share links, newest first: all of them, or those one user created. */
export async function listShares(sql: Sql, createdBy: number | null, limit = 200): Promise<ShareRow[]> {
  return sql<ShareRow[]>`
    SELECT s.id::int AS id, s.title, u.username AS "createdBy", s.created_at AS "createdAt", s.expires_at AS "expiresAt",
           s.revoked_at AS "revokedAt", s.password_hash IS NOT NULL AS "hasPassword", s.target, s.field_profile AS "fieldProfile",
           s.region_scope::text AS "regionScope", s.opened_count AS "openedCount", s.last_opened_at AS "lastOpenedAt"
    FROM shares s JOIN users u ON u.id = s.created_by
    WHERE ${createdBy === null ? sql`TRUE` : sql`s.created_by = ${createdBy}`}
    ORDER BY s.created_at DESC, s.id DESC LIMIT ${limit}`;
}

/** The creator of a share, or null when there is no such share. */
export async function shareOwner(sql: Sql, id: number): Promise<number | null> {
  const [row] = await sql<{ createdBy: number }[]>`SELECT created_by::int AS "createdBy" FROM shares WHERE id = ${id}`;
  return row ? row.createdBy : null;
}

/** Revokes a share link (idempotent); returns false when there is no such share. */
export async function revokeShare(sql: Sql, id: number, by: number): Promise<boolean> {
  const rows = await sql`UPDATE shares SET revoked_at = coalesce(revoked_at, now()), revoked_by = coalesce(revoked_by, ${by}) WHERE id = ${id} RETURNING 1`;
  return rows.length > 0;
}
