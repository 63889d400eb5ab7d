// One portal for the whole test run: on the embedded database in a fresh temporary data directory,
// or on the PostgreSQL server named by DATABASE_URL (CI runs the suite once each way).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { saveArtifact, startPortalProcess, type PortalProcess } from './portal-process.ts';
import { ADMIN_PASSWORD, signIn } from './session.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    backend: 'embedded' | 'server';
    /** How tests reach the database directly: a unix socket path (embedded) or a URL (server). */
    database: { socketPath: string } | { url: string };
    /** The shared portal's data directory (locked by it when embedded). */
    dataDir: string;
    /** A signed-in administrator's `Cookie` header for the shared portal. */
    adminCookie: string;
  }
}

let portal: PortalProcess | null = null;
let dataDir: string | null = null;

export async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  dataDir = mkdtempSync(join(tmpdir(), 'guatu-test-'));
  portal = await startPortalProcess({ DATA_DIR: dataDir, GUATU_ADMIN_PASSWORD: ADMIN_PASSWORD, ...(url ? { DATABASE_URL: url } : {}) });
  project.provide('baseUrl', portal.url);
  project.provide('backend', url ? 'server' : 'embedded');
  project.provide('dataDir', dataDir);
  project.provide('adminCookie', await signIn(portal.url, 'admin', ADMIN_PASSWORD));
  project.provide('database', url ? { url } : { socketPath: join(dataDir, 'run/.s.PGSQL.5432') });
}

export async function teardown() {
  if (portal) {
    await portal.stop();
    saveArtifact('portal.log', portal.output());
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
