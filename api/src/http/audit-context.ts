// Audit rows for the request at hand: who (from the guard), from where, and what happened.
import type { Context } from 'hono';
import type { Sql } from 'postgres';
import { auditIdentity } from '../auth/principal.ts';
import { recordAudit, type AuditEntry } from '../db/audit.ts';
import { clientAddress } from './client-address.ts';
import { principalOf } from './guard.ts';

/** Records an action of the request's principal. */
export function auditAction(sql: Sql, c: Context, e: Pick<AuditEntry, 'action' | 'object' | 'outcome' | 'detail'>): Promise<void> {
  return recordAudit(sql, { ...auditIdentity(principalOf(c)), address: clientAddress(c), ...e });
}
