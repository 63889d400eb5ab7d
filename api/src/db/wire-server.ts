// Serves one PGlite over the PostgreSQL wire protocol to several client connections.
//
// Why not pglite-socket's server: it feeds PGlite one frontend message at a time from any
// connection, so (a) one connection's Parse can be overwritten by another's before its Bind, and a
// failed message puts the shared backend into "skip until Sync" for everybody; and (b) PGlite answers
// a failed extended-protocol message with an early ReadyForQuery (electric-sql/pglite#958), after
// which postgres.js resolves the *next* query with the failed one's empty tail: an error is lost and a
// failed write looks like a success. Both were reproduced here. This server instead hands PGlite
// whole batches (up to Sync, Flush or a simple Query), lets a connection keep the backend from its
// first extended message until its Sync and for as long as its transaction is open, and removes
// ReadyForQuery messages the client did not ask for. PGlite has also been seen to end a portal
// early with PortalSuspended although the client asked for every row (a PostGIS ST_Difference whose
// result is empty, in the middle of a result): the client would take the rows so far as the whole
// answer, or fail out of step, so that is turned into an error.
import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

const SSL_REQUEST = 80877103;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;

interface Connection {
  id: number;
  socket: Socket;
  buffer: Buffer;
  started: boolean;
  /** Complete messages received but not yet handed to PGlite. */
  pending: Buffer[];
  /** Sent extended-protocol messages since its last Sync: it must keep the backend until then. */
  unsynced: boolean;
  closed: boolean;
}

interface Batch {
  conn: Connection;
  data: Buffer;
  /** How many ReadyForQuery messages the client expects: one per Sync and per simple Query. */
  expectedReady: number;
  endsUnsynced: boolean;
}

export interface WireServer {
  close(): Promise<void>;
}

/** Splits a backend byte stream into messages and keeps only the last `keep` ReadyForQuery ones. */
export function dropUnrequestedReady(output: Buffer, keep: number): Buffer {
  const messages: Buffer[] = [];
  const readyIndexes: number[] = [];
  for (let at = 0; at < output.length; ) {
    if (at + 5 > output.length) return output; // not a clean message stream: leave it alone
    const length = output.readInt32BE(at + 1);
    const end = at + 1 + length;
    if (length < 4 || end > output.length) return output;
    if (output[at] === 0x5a) readyIndexes.push(messages.length);
    messages.push(output.subarray(at, end));
    at = end;
  }
  const drop = new Set(readyIndexes.slice(0, Math.max(0, readyIndexes.length - keep)));
  return drop.size === 0 ? output : Buffer.concat(messages.filter((_, i) => !drop.has(i)));
}

/** Does any Execute message in these frontend messages ask for a limited number of rows? */
function asksRowLimit(input: Buffer): boolean {
  for (let at = 0; at + 5 <= input.length; ) {
    const end = at + 1 + input.readInt32BE(at + 1);
    if (input[at] === 0x45) {
      const nameEnd = input.indexOf(0, at + 5);
      if (nameEnd >= 0 && nameEnd + 5 <= end && input.readInt32BE(nameEnd + 1) > 0) return true;
    }
    at = end;
  }
  return false;
}

/**
 * Turns a result PGlite cut short into an error: a PortalSuspended the client did not ask for (no row
 * limit in `input`), or the "snapshot still active" warning that comes with one (in a simple query,
 * with a CommandComplete that counts only the rows before it). What follows up to ReadyForQuery is dropped.
 */
export function failBrokenResults(output: Buffer, input: Buffer): Buffer {
  if (!output.includes(0x73) && !output.includes('AtEOXact_Snapshot')) return output;
  const limited = asksRowLimit(input);
  const messages: Buffer[] = [];
  let broken = false;
  let changed = false;
  for (let at = 0; at < output.length; ) {
    if (at + 5 > output.length) return output;
    const end = at + 1 + output.readInt32BE(at + 1);
    if (end > output.length) return output;
    const m = output.subarray(at, end);
    const type = m[0];
    at = end;
    if (type === 0x5a) {
      broken = false;
    } else if (broken) {
      changed = true;
      continue;
    } else if ((type === 0x73 && !limited) || (type === 0x4e && m.includes('AtEOXact_Snapshot'))) {
      broken = changed = true;
      messages.push(errorResponse('XX000', 'the embedded database ended a result early (PGlite: PortalSuspended or "snapshot still active")'));
      continue;
    }
    messages.push(m);
  }
  return changed ? Buffer.concat(messages) : output;
}

function errorResponse(code: string, text: string): Buffer {
  const body = Buffer.concat([Buffer.from(`SERROR\0VERROR\0C${code}\0M${text}\0`, 'utf8'), Buffer.from([0])]);
  const head = Buffer.alloc(5);
  head.write('E', 0);
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

/** Serves `db` on a unix socket path or a loopback TCP port. */
export async function startWireServer(db: PGlite, address: { path: string } | { host: string; port: number }): Promise<WireServer> {
  const queue: Batch[] = [];
  let owner: Connection | null = null;
  let running = false;
  let nextId = 1;
  const connections = new Set<Connection>();

  async function release(conn: Connection) {
    // A client that vanished mid-transaction must not leave the backend locked or half-written.
    if (owner === conn) {
      owner = null;
      if (db.isInTransaction()) await db.exec('ROLLBACK').catch(() => {});
      // Leave any half-finished extended-protocol sequence.
      await db.runExclusive(() => db.execProtocolRawStream(syncMessage(), { onRawData: () => {} })).catch(() => {});
    }
  }

  async function pump() {
    if (running) return;
    running = true;
    try {
      for (;;) {
        const index = queue.findIndex((b) => owner === null || b.conn === owner);
        if (index < 0) break;
        const batch = queue.splice(index, 1)[0]!;
        if (batch.conn.closed) continue;
        const chunks: Uint8Array[] = [];
        try {
          await db.runExclusive(() => db.execProtocolRawStream(new Uint8Array(batch.data), { onRawData: (d) => chunks.push(d.slice()) }));
        } catch (e) {
          batch.conn.socket.destroy(e as Error);
          batch.conn.closed = true;
          await release(batch.conn);
          continue;
        }
        const output = failBrokenResults(dropUnrequestedReady(Buffer.concat(chunks), batch.expectedReady), batch.data);
        if (!batch.conn.closed && output.length) batch.conn.socket.write(output);
        batch.conn.unsynced = batch.endsUnsynced;
        owner = batch.conn.unsynced || db.isInTransaction() ? batch.conn : null;
      }
    } finally {
      running = false;
    }
  }

  function enqueue(conn: Connection, expectedReady: number, endsUnsynced: boolean) {
    queue.push({ conn, data: Buffer.concat(conn.pending), expectedReady, endsUnsynced });
    conn.pending = [];
    void pump();
  }

  function onData(conn: Connection, chunk: Buffer) {
    conn.buffer = conn.buffer.length ? Buffer.concat([conn.buffer, chunk]) : chunk;
    for (;;) {
      if (!conn.started) {
        if (conn.buffer.length < 8) return;
        const length = conn.buffer.readInt32BE(0);
        if (conn.buffer.length < length) return;
        const code = conn.buffer.readInt32BE(4);
        const message = conn.buffer.subarray(0, length);
        conn.buffer = conn.buffer.subarray(length);
        if (code === SSL_REQUEST) conn.socket.write('N');
        else if (code === CANCEL_REQUEST) conn.socket.end();
        else if (code === PROTOCOL_3) {
          conn.started = true;
          conn.pending.push(Buffer.from(message));
          enqueue(conn, 1, false);
        } else conn.socket.destroy();
        continue;
      }
      if (conn.buffer.length < 5) return;
      const length = conn.buffer.readInt32BE(1);
      if (conn.buffer.length < 1 + length) return;
      const type = String.fromCharCode(conn.buffer[0]!);
      const message = Buffer.from(conn.buffer.subarray(0, 1 + length));
      conn.buffer = conn.buffer.subarray(1 + length);
      if (type === 'X') {
        conn.socket.end();
        continue;
      }
      conn.pending.push(message);
      if (type === 'S' || type === 'Q') enqueue(conn, 1, false);
      else if (type === 'H') enqueue(conn, 0, true);
    }
  }

  const server: Server = createServer((socket) => {
    const conn: Connection = { id: nextId++, socket, buffer: Buffer.alloc(0), started: false, pending: [], unsynced: false, closed: false };
    connections.add(conn);
    socket.on('data', (chunk) => onData(conn, chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      conn.closed = true;
      connections.delete(conn);
      void release(conn).then(pump);
    });
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    if ('path' in address) server.listen(address.path, () => resolveListen());
    else server.listen(address.port, address.host, () => resolveListen());
  });
  return {
    close: () =>
      new Promise<void>((done) => {
        for (const c of connections) c.socket.destroy();
        server.close(() => done());
      }),
  };
}

function syncMessage(): Uint8Array {
  return new Uint8Array([0x53, 0, 0, 0, 4]);
}
