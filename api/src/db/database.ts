// Opens the system of record: the embedded PGlite (default) or a PostgreSQL server (DATABASE_URL).
import { dirname } from 'node:path';
import type { Sql } from 'postgres';
import type { Config } from '../config.ts';
import { connectEmbedded, connectServer } from './client.ts';
import { startEmbedded } from './embedded.ts';
import { acquireDataDirLock } from './lock.ts';

export type Backend = 'embedded' | 'server';

/** How another client library (pg-boss's own pool) reaches the same database. */
export type ConnectionInfo = { connectionString: string } | { host: string; port: number; user: string; database: string };

export interface Database {
  sql: Sql;
  backend: Backend;
  connection: ConnectionInfo;
  close(): Promise<void>;
}

/** Opens the configured database; for the embedded one, takes the data-directory lock first. */
export async function openDatabase(config: Config, log: (line: string) => void): Promise<Database> {
  if (config.databaseUrl) {
    const sql = connectServer(config.databaseUrl);
    await sql`SELECT 1`;
    log('connected to the PostgreSQL server from DATABASE_URL');
    return { sql, backend: 'server', connection: { connectionString: config.databaseUrl }, close: () => sql.end({ timeout: 5 }) };
  }
  const lock = acquireDataDirLock(config.dataDir);
  try {
    const embedded = await startEmbedded(config.dataDir, log);
    const sql = connectEmbedded(embedded.address);
    // libpq-style clients find a unix socket as {directory}/.s.PGSQL.{port}.
    const connection: ConnectionInfo = 'path' in embedded.address
      ? { host: dirname(embedded.address.path), port: Number(embedded.address.path.split('.').pop()), user: 'postgres', database: 'postgres' }
      : { host: embedded.address.host, port: embedded.address.port, user: 'postgres', database: 'postgres' };
    return {
      sql,
      backend: 'embedded',
      connection,
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
