// What the import benchmarks share: a portal on its own data directory (or the DATABASE_URL server)
// with a signed-in administrator and a direct connection, the portal's memory as the OS sees it,
// waiting until the map serves a version, and writing a results file.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres, { type Sql } from 'postgres';
import { repoRoot, startPortalProcess, type PortalProcess } from '../support/portal-process.ts';
import { benchSignIn } from '../support/session.ts';

export interface BenchPortal {
  portal: PortalProcess;
  cookie: string;
  sql: Sql;
  server: boolean;
  /** The portal process's resident memory now, in MB. */
  rss(): number;
  close(): Promise<void>;
}

/** Starts a portal on `.data-bench-{name}` (demo data at `scale`, loaded by the first run). */
export async function startBenchPortal(name: string, scale: number): Promise<BenchPortal> {
  const server = process.env.DATABASE_URL;
  const dataDir = join(repoRoot, `.data-bench-${name}${server ? '-server' : ''}`);
  const portal = await startPortalProcess({ DATA_DIR: dataDir, DEMO_SCALE: String(scale), LOG_LEVEL: 'info' }, 3_600_000);
  const database: { url: string } | { socketPath: string } = server ? { url: server } : { socketPath: join(dataDir, 'run/.s.PGSQL.5432') };
  const cookie = await benchSignIn(portal.url, database);
  const sql = 'url' in database ? postgres(database.url, { max: 1, onnotice: () => {} }) : postgres({ path: database.socketPath, user: 'postgres', database: 'postgres', max: 1, onnotice: () => {} });
  return {
    portal, cookie, sql, server: !!server,
    rss: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${portal.proc.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024,
    close: async () => {
      await sql.end();
      await portal.stop();
    },
  };
}

/** Waits until the map serves data version `id` (its tiles are all published). */
export async function waitForServed(b: BenchPortal, id: number): Promise<void> {
  for (;;) {
    const health = (await (await fetch(`${b.portal.url}/api/health`, { headers: { cookie: b.cookie } })).json()) as { dataVersion: { id: number } | null };
    if (health.dataVersion?.id === id) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Prints the results and writes them to tests/bench/results/{file}. */
export function saveResults(file: string, results: unknown): void {
  console.log(JSON.stringify(results, null, 2));
  const dir = join(repoRoot, 'tests/bench/results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, file), `${JSON.stringify(results, null, 2)}\n`);
}
