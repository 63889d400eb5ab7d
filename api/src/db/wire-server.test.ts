// The embedded wire server against a real PGlite and real postgres.js clients: failed statements
// fail (pglite#958 lost them), parallel clients get their own answers, transactions stay whole.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropUnrequestedReady, startWireServer, type WireServer } from './wire-server.ts';

function message(type: string, body = Buffer.alloc(0)): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0);
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

describe('dropUnrequestedReady', () => {
  it('keeps the last requested ReadyForQuery messages and everything else', () => {
    const error = message('E', Buffer.from('boom\0'));
    const ready = message('Z', Buffer.from('I'));
    const out = dropUnrequestedReady(Buffer.concat([error, ready, ready]), 1);
    expect(out).toEqual(Buffer.concat([error, ready]));
    expect(dropUnrequestedReady(Buffer.concat([error, ready]), 0)).toEqual(error);
    expect(dropUnrequestedReady(Buffer.from([1, 2]), 0)).toEqual(Buffer.from([1, 2]));
  });
});

describe('wire server', () => {
  let db: PGlite;
  let server: WireServer;
  let sql: postgres.Sql;

  beforeAll(async () => {
    db = await PGlite.create();
    const path = join(mkdtempSync(join(tmpdir(), 'guatu-wire-')), '.s.PGSQL.5432');
    server = await startWireServer(db, { path });
    sql = postgres({ path, user: 'postgres', database: 'postgres', max: 4, onnotice: () => {} });
    await sql`CREATE TABLE t (id int PRIMARY KEY, amount int NOT NULL CHECK (amount >= 0))`;
    await sql`INSERT INTO t VALUES (1, 10)`;
  });
  afterAll(async () => {
    await sql.end();
    await server.close();
    await db.close();
  });

  it('reports every failed statement as an error, never as an empty success', async () => {
    let lost = 0;
    for (let i = 1; i <= 30; i++) {
      try {
        await sql`UPDATE t SET amount = ${-i} WHERE id = 1`;
        lost++;
      } catch {
        // expected
      }
    }
    expect(lost).toBe(0);
    expect((await sql`SELECT amount FROM t WHERE id = 1`)[0]!.amount).toBe(10);
  });

  it('gives each of many parallel queries its own answer, errors included', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 120 }, (_, i) => (i % 3 === 0 ? sql`SELECT 1 / 0 AS boom, ${i}::int` : sql`SELECT ${i}::int AS i, ${`x${i}`}::text AS s`)),
    );
    results.forEach((r, i) => {
      if (i % 3 === 0) expect(r.status).toBe('rejected');
      else expect(r.status === 'fulfilled' && r.value[0]).toEqual({ i, s: `x${i}` });
    });
  });

  it('keeps concurrent transactions apart and rolls back a failed one whole', async () => {
    await Promise.all(
      [2, 3, 4].map((id) => sql.begin(async (tx) => {
        await tx`INSERT INTO t VALUES (${id}, 1)`;
        await tx`SELECT pg_sleep(0.02)`;
        await tx`UPDATE t SET amount = amount + 1 WHERE id = ${id}`;
      })),
    );
    await expect(sql.begin(async (tx) => {
      await tx`INSERT INTO t VALUES (5, 1)`;
      await tx`UPDATE t SET amount = -1 WHERE id = 5`;
    })).rejects.toThrow(/check constraint/);
    const rows = await sql`SELECT id, amount FROM t ORDER BY id`;
    expect(rows.map((r) => [r.id, r.amount])).toEqual([[1, 10], [2, 2], [3, 2], [4, 2]]);
  });
});
