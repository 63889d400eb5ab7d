// The embedded database: PGlite with PostGIS, served on a local socket (wire-server.ts) so that
// postgres.js and pg-boss talk to it as to a server. PGlite is single-process and not power-loss
// safe (README: limits), so exactly one process opens a data directory (see lock.ts).
import { mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { startWireServer } from './wire-server.ts';

/** Where clients connect: a unix socket path, or a loopback TCP port when the path would be too long. */
export type SocketAddress = { path: string } | { host: string; port: number };

export interface EmbeddedServer {
  address: SocketAddress;
  close(): Promise<void>;
}

// sun_path is 108 bytes on Linux.
const MAX_SOCKET_PATH = 100;

async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Opens (creating on first use) the embedded database in `dataDir` and serves it on a local socket. */
export async function startEmbedded(dataDir: string, log: (line: string) => void): Promise<EmbeddedServer> {
  const pgdata = join(dataDir, 'pgdata');
  const runDir = join(dataDir, 'run');
  mkdirSync(runDir, { recursive: true, mode: 0o700 });
  const started = Date.now();
  log(`opening the embedded database in ${pgdata} (the first start initialises PostGIS and takes a while) …`);
  const db = await PGlite.create({ dataDir: pgdata, extensions: { postgis } });
  await db.exec('CREATE EXTENSION IF NOT EXISTS postgis');
  log(`embedded PostgreSQL + PostGIS ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const socketPath = join(runDir, '.s.PGSQL.5432');
  const address: SocketAddress = socketPath.length <= MAX_SOCKET_PATH
    ? { path: socketPath }
    : { host: '127.0.0.1', port: await freeLoopbackPort() };
  // We hold the data-directory lock, so a socket file still there was left by a process that died.
  if ('path' in address) rmSync(address.path, { force: true });
  const server = await startWireServer(db, address);
  return {
    address,
    close: async () => {
      await server.close();
      await db.close();
    },
  };
}
