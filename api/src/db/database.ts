// Opens the system of record: the embedded PGlite (default) or a PostgreSQL server (DATABASE_URL).
import type { Sql } from 'postgres';
import type { Config } from '../config.ts';
import { connectEmbedded, connectServer } from './client.ts';
import { startEmbedded } from './embedded.ts';
import { acquireDataDirLock } from './lock.ts';

export type Backend = 'embedded' | 'server';

export interface Database {
  sql: Sql;
  backend: Backend;
  close(): Promise<void>;
}

/** Opens the configured database; for the embedded one, takes the data-directory lock first. */
export async function openDatabase(config: Config, log: (line: string) => void): Promise<Database> {
  if (config.databaseUrl) {
    const sql = connectServer(config.databaseUrl);
    await sql`SELECT 1`;
    log('connected to the PostgreSQL server from DATABASE_URL');
    return { sql, backend: 'server', close: () => sql.end({ timeout: 5 }) };
  }
  const lock = acquireDataDirLock(config.dataDir);
  try {
    const embedded = await startEmbedded(config.dataDir, log);
    const sql = connectEmbedded(embedded.address);
    return {
      sql,
      backend: 'embedded',
      close: async () => {
        try {
          await sql.end({ timeout: 5 });
          await embedded.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (e) {
    lock.release();
    throw e;
  }
}
