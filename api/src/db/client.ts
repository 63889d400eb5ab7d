// The postgres.js client for either backend. Numeric and bigint columns come back as strings
// unless converted: the API converts them where it shapes JSON.
import postgres from 'postgres';
import type { Sql } from 'postgres';
import type { SocketAddress } from './embedded.ts';

/** Connects to the embedded socket. Prepared statements are off: all connections share one PGlite backend, where statement names would collide. */
export function connectEmbedded(address: SocketAddress): Sql {
  return postgres({
    ...('path' in address ? { path: address.path } : { host: address.host, port: address.port }),
    user: 'postgres',
    database: 'postgres',
    prepare: false,
    max: 8,
    onnotice: () => {},
  });
}

/** Connects to a PostgreSQL + PostGIS server. */
export function connectServer(url: string): Sql {
  return postgres(url, { max: 10, onnotice: () => {} });
}
