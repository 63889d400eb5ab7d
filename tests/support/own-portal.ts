// A portal of a test's own, on its own data (a fresh embedded data directory, or a fresh database on
// the CI server), for tests that change data the shared portal's other tests check.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres, { type Sql } from 'postgres';
import { connectEmbedded, connectServer } from '@guatu/api/db/client.ts';
import type { ConnectionInfo } from '@guatu/api/db/database.ts';
import { startPortalProcess, type PortalProcess } from './portal-process.ts';

export interface OwnPortal {
  portal: PortalProcess;
  /** The portal's database, with the portal's own client settings. */
  db: Sql;
  /** How another client (pg-boss) reaches the same database. */
  connection: ConnectionInfo;
  dataDir: string;
  close(): Promise<void>;
}

/** Starts a portal on fresh data; `name` keeps concurrent test files apart. */
export async function startOwnPortal(name: string, backend: 'embedded' | 'server', env: Record<string, string> = {}): Promise<OwnPortal> {
  const dataDir = mkdtempSync(join(tmpdir(), `guatu-${name}-`));
  const dbName = `guatu_${name}_${process.pid}`;
  if (backend === 'server') {
    const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${dbName}`;
    const portal = await startPortalProcess({ DATA_DIR: dataDir, DATABASE_URL: url.toString(), ...env });
    return own(portal, connectServer(url.toString()), { connectionString: url.toString() }, dataDir, dbName);
  }
  const portal = await startPortalProcess({ DATA_DIR: dataDir, ...env });
  const connection = { host: join(dataDir, 'run'), port: 5432, user: 'postgres', database: 'postgres' };
  return own(portal, connectEmbedded({ path: join(dataDir, 'run/.s.PGSQL.5432') }), connection, dataDir, null);
}

function own(portal: PortalProcess, db: Sql, connection: ConnectionInfo, dataDir: string, dbName: string | null): OwnPortal {
  return {
    portal, db, connection, dataDir,
    close: async () => {
      await db.end();
      await portal.stop();
      rmSync(dataDir, { recursive: true, force: true });
      if (dbName) {
        const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
        await admin.unsafe(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
        await admin.end();
      }
    },
  };
}
