// The audit trail: one append-only row per sign-in, failure, import, edit, export, site check and
// share-link use. Nothing in the application updates or deletes these rows (the table refuses it).
import type { Sql } from 'postgres';

export interface AuditEntry {
  userId: number | null;
  username: string | null;
  address: string | null;
  action: string;
  object?: string | null;
  outcome: 'ok' | 'denied' | 'failed';
  detail?: Record<string, unknown>;
}

/** Appends one row to the audit trail. */
export async function recordAudit(sql: Sql, e: AuditEntry): Promise<void> {
  await sql`
    INSERT INTO audit_log (user_id, username, address, action, object, outcome, detail)
    VALUES (${e.userId}, ${e.username}, ${e.address}, ${e.action}, ${e.object ?? null}, ${e.outcome}, ${sql.json((e.detail ?? {}) as never)})`;
}

export interface AuditQuery {
  from?: Date;
  to?: Date;
  username?: string;
  /** An action, or a prefix ending in '.' (e.g. `auth.`). */
  action?: string;
  outcome?: AuditEntry['outcome'];
  /** Text in the object or the address. */
  q?: string;
}

export interface AuditRow {
  id: number;
  at: Date;
  username: string | null;
  address: string | null;
  action: string;
  object: string | null;
  outcome: AuditEntry['outcome'];
  detail: Record<string, unknown>;
}

function auditConditions(sql: Sql, f: AuditQuery) {
  const parts = [sql`TRUE`];
  if (f.from) parts.push(sql`at >= ${f.from}`);
  if (f.to) parts.push(sql`at < ${f.to}`);
  if (f.username) parts.push(sql`username = ${f.username}`);
  if (f.action) parts.push(f.action.endsWith('.') ? sql`starts_with(action, ${f.action})` : sql`action = ${f.action}`);
  if (f.outcome) parts.push(sql`outcome = ${f.outcome}`);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    parts.push(sql`(object ILIKE ${like} OR address ILIKE ${like})`);
  }
  return parts.reduce((acc, part) => sql`${acc} AND ${part}`);
}

/** One page of the audit trail, newest first, with the total count. */
export async function listAudit(sql: Sql, f: AuditQuery, limit: number, offset: number): Promise<{ items: AuditRow[]; total: number }> {
  const where = auditConditions(sql, f);
  const [items, [count]] = await Promise.all([
    sql<AuditRow[]>`
      SELECT id::int AS id, at, username, address, action, object, outcome, detail FROM audit_log
      WHERE ${where} ORDER BY at DESC, id DESC LIMIT ${limit} OFFSET ${offset}`,
    sql<{ n: number }[]>`SELECT count(*)::int AS n FROM audit_log WHERE ${where}`,
  ]);
  return { items: [...items], total: count!.n };
}

/** Every matching row, oldest first, in batches (for the export). */
export async function* auditRows(sql: Sql, f: AuditQuery, batch = 5_000): AsyncGenerator<AuditRow[]> {
  const where = auditConditions(sql, f);
  let after = 0;
  for (;;) {
    const rows = await sql<AuditRow[]>`
      SELECT id::int AS id, at, username, address, action, object, outcome, detail FROM audit_log
      WHERE ${where} AND id > ${after} ORDER BY id LIMIT ${batch}`;
    if (!rows.length) return;
    yield [...rows];
    after = rows.at(-1)!.id;
  }
}
