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
