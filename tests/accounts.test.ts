// The account tables of access control, on the real database: users keep only argon2id hashes and
// valid roles and scopes, and the audit trail cannot be edited or deleted.
import { afterAll, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '@guatu/api/auth/password.ts';
import { recordAudit } from '@guatu/api/db/audit.ts';
import { createUser, findUser } from '@guatu/api/db/users.ts';
import { testDb } from './support/db.ts';

const sql = testDb();
afterAll(() => sql.end());
const suffix = `${process.pid}${Date.now() % 100000}`;

describe('accounts', () => {
  it('stores a user with an argon2id hash, a role and a region scope', async () => {
    const username = `wang${suffix}`;
    const id = await createUser(sql, { username, passwordHash: await hashPassword('Changzhi#2026!'), role: 'editor', regionScope: '140403' });
    const user = (await findUser(sql, username))!;
    expect(user).toMatchObject({ id, role: 'editor', regionScope: '140403', disabled: false, failedLogins: 0 });
    expect(await verifyPassword(user.passwordHash, 'Changzhi#2026!')).toBe(true);
  });

  it('refuses a plain password, an unknown role, an unknown region and a duplicate name', async () => {
    const hashed = await hashPassword('Changzhi#2026!');
    await expect(createUser(sql, { username: `li${suffix}`, passwordHash: 'Changzhi#2026!', role: 'viewer' })).rejects.toThrow(/password_hash/);
    await expect(createUser(sql, { username: `li${suffix}`, passwordHash: hashed, role: 'root' as never })).rejects.toThrow(/role/);
    await expect(createUser(sql, { username: `li${suffix}`, passwordHash: hashed, role: 'viewer', regionScope: '999999' })).rejects.toThrow(/region_scope|foreign key/);
    await createUser(sql, { username: `li${suffix}`, passwordHash: hashed, role: 'viewer' });
    await expect(createUser(sql, { username: `li${suffix}`, passwordHash: hashed, role: 'viewer' })).rejects.toThrow(/unique|duplicate/);
  });

  it('keeps the audit trail append-only', async () => {
    const action = `test.append_only.${suffix}`;
    await recordAudit(sql, { userId: null, username: 'anonymous', address: '127.0.0.1', action, outcome: 'denied', detail: { reason: 'test' } });
    const [row] = await sql`SELECT id, outcome, detail FROM audit_log WHERE action = ${action}`;
    expect(row).toMatchObject({ outcome: 'denied', detail: { reason: 'test' } });
    await expect(sql`UPDATE audit_log SET outcome = 'ok' WHERE id = ${row!.id}`).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log WHERE id = ${row!.id}`).rejects.toThrow(/append-only/);
    const [still] = await sql`SELECT outcome FROM audit_log WHERE id = ${row!.id}`;
    expect(still!.outcome).toBe('denied');
  });
});
