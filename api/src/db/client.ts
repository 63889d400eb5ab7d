// The postgres.js client for either backend. Numeric and bigint columns come back as strings
// unless converted: the API converts them where it shapes JSON.
import postgres from 'postgres';
import type { Sql } from 'postgres';
import type { SocketAddress } from './embedded.ts';

// A string bound to a json parameter is taken as JSON text already (pg-boss binds
// JSON.stringify(...) to json_to_recordset($1)); postgres.js would otherwise encode it again.
const types = {
  json: {
    to: 114,
    from: [114, 3802],
    serialize: (x: unknown) => (typeof x === 'string' ? x : JSON.stringify(x)),
    parse: (x: string) => JSON.parse(x) as unknown,
  },
};

/**
 * Connects to the embedded socket. Every connection shares the one PGlite backend, and the socket
 * server interleaves their messages between queries: unnamed statements of two connections would
 * overwrite each other between Parse and Bind. postgres.js's named statements (a random prefix per
 * connection) cannot collide, so preparing stays on; connections are kept for the process's life
 * so that re-connections do not leave orphaned statements behind in the shared backend.
 */
export function connectEmbedded(address: SocketAddress): Sql {
  return postgres({
    ...('path' in address ? { path: address.path } : { host: address.host, port: address.port }),
    user: 'postgres',
    database: 'postgres',
    prepare: true,
    max: 4,
    idle_timeout: 0,
    max_lifetime: null,
    types,
    onnotice: () => {},
  });
}

/** Connects to a PostgreSQL + PostGIS server. */
export function connectServer(url: string): Sql {
  return postgres(url, { max: 10, types, onnotice: () => {} });
}
