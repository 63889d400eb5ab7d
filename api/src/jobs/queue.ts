// The job queue: pg-boss on the system-of-record database. pg-boss keeps its own small pool (it runs
// its own transactions); jobs are enqueued through postgres.js so that an enqueue can sit inside
// the transaction that makes the job necessary.
import { PgBoss } from 'pg-boss';
import type { Sql, TransactionSql } from 'postgres';
import type { Backend, ConnectionInfo } from '../db/database.ts';

/** Something that runs SQL: the pool or an open transaction. */
export type SqlRunner = Sql | TransactionSql;

/** pg-boss's database interface on postgres.js (or an open transaction of it), for sending jobs. */
export function bossDb(sql: SqlRunner) {
  return {
    executeSql: async (text: string, values?: unknown[]) => {
      const rows = values && values.length
        ? await sql.unsafe(text, values as never[])
        : await sql.unsafe(text).simple();
      return { rows: Array.isArray(rows) ? [...rows] : [] };
    },
  };
}

/**
 * Starts pg-boss (creating or migrating its schema) and makes sure the queues exist. pg-boss reads
 * its queue list once at start and afterwards only on a timer; a queue created later would be looked
 * up on its own pool at the first send, and inside an open transaction on the embedded database
 * (which serves one transaction at a time) that look-up would wait forever. So when `ensureQueues`
 * created a queue, pg-boss is restarted to start with a complete list.
 */
export async function startBoss(
  connection: ConnectionInfo, backend: Backend, log: (line: string) => void, ensureQueues: (boss: PgBoss) => Promise<boolean>,
): Promise<PgBoss> {
  const start = async () => {
    const boss = new PgBoss({
      ...connection, max: 3, backend: backend === 'embedded' ? 'pglite' : 'postgres', schema: 'pgboss',
      // The embedded database serves one transaction at a time: a long one (a large import) makes
      // pg-boss wait for a connection; waiting is right, timing out would only log errors.
      connectionTimeoutMillis: backend === 'embedded' ? 600_000 : 30_000,
    });
    boss.on('error', (e: Error) => log(`job queue error: ${e.message}`));
    await boss.start();
    return boss;
  };
  const boss = await start();
  if (!(await ensureQueues(boss))) return boss;
  await boss.stop({ graceful: false });
  return start();
}
