// The one module that reads the environment. Everything else receives a Config.
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The repository root (parent of api/). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('.data'),
  DATABASE_URL: z.string().url().optional(),
  DEMO_DATA: z.enum(['auto', 'off']).default('auto'),
  DEMO_SCALE: z.coerce.number().int().min(1).max(1000).default(1),
  WEB_BUILD_DIR: z.string().min(1).default('web/build'),
  TILE_RETENTION: z.coerce.number().int().min(1).max(1000).default(36),
  LOG_LEVEL: z.enum(['silent', 'info', 'debug']).default('info'),
});

export interface Config {
  port: number;
  host: string;
  /** Absolute path of the folder that holds the embedded database and the tiles. */
  dataDir: string;
  /** A real PostgreSQL + PostGIS server; when absent the embedded database is used. */
  databaseUrl: string | null;
  /** Load the demo region into an empty database at start. */
  demoData: boolean;
  demoScale: number;
  /** Absolute path of the built web app served at /. */
  webBuildDir: string;
  /** How many data versions keep their tiles on disk (the time slider shows those). */
  tileRetention: number;
  logLevel: 'silent' | 'info' | 'debug';
}

/** Reads and validates the configuration from an environment; throws a readable error when invalid. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(repoRoot, e.DATA_DIR),
    databaseUrl: e.DATABASE_URL ?? null,
    demoData: e.DEMO_DATA === 'auto',
    demoScale: e.DEMO_SCALE,
    webBuildDir: resolve(repoRoot, e.WEB_BUILD_DIR),
    tileRetention: e.TILE_RETENTION,
    logLevel: e.LOG_LEVEL,
  };
}
