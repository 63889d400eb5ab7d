// The one module that reads the environment. Everything else receives a Config.
import { readFileSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { lineKinds } from '@guatu/data/glossary.ts';
import { checkLayers, defaultRules, type SiteCheckRules } from '@guatu/data/site-check-rules.ts';

/** True when a basemap URL names a PMTiles archive (its path ends in .pmtiles, a query string allowed) rather than an XYZ template. */
export function isPmtilesArchive(url: string): boolean {
  try {
    return new URL(url).pathname.endsWith('.pmtiles');
  } catch {
    return false;
  }
}

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
  TIANDITU_KEY: z.string().regex(/^[0-9a-f]{32}$/i, '天地图 key is 32 hexadecimal characters').optional(),
  BASEMAP_URL: z.string().regex(/^https?:\/\/\S+$/, 'an http(s) XYZ template with {z}/{x}/{y} or a .pmtiles URL')
    .refine((u) => isPmtilesArchive(u) || ['{z}', '{x}', '{y}'].every((p) => u.includes(p)), 'an XYZ template needs {z}, {x} and {y}; an archive ends in .pmtiles')
    .optional(),
  BASEMAP_TITLE: z.string().max(40).default('自定义底图'),
  BASEMAP_ATTRIBUTION: z.string().max(200).default(''),
  MAP_REVIEW_NUMBER: z.string().max(60).optional(),
  GUATU_ADMIN_PASSWORD: z.string().min(1).max(256).optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  SITE_CHECK_RULES: z.string().min(1).optional(),
});

// The site check's rules file: any of the defaults in data/src/site-check-rules.ts, overridden.
const rulesSchema = z.object({
  corridorWidths: z.partialRecord(z.enum(Object.keys(lineKinds) as [string, ...string[]]), z.object({
    metres: z.number().min(0).max(1000), basis: z.string().trim().min(1).max(300),
  }).strict()).optional(),
  conflictLayers: z.array(z.enum(checkLayers.map((c) => c.id) as [string, ...string[]])).max(checkLayers.length).optional(),
  sliverM2: z.number().min(0).max(10_000).optional(),
}).strict();

/** The site-check rules: the defaults, with what the file at `path` (JSON) overrides. */
export function loadSiteCheckRules(path: string | undefined): SiteCheckRules {
  if (!path) return defaultRules;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(resolve(repoRoot, path), 'utf8'));
  } catch (e) {
    throw new Error(`invalid configuration:\n  SITE_CHECK_RULES: cannot read ${path} as JSON (${(e as Error).message})`);
  }
  const parsed = rulesSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`invalid configuration:\n${parsed.error.issues.map((i) => `  SITE_CHECK_RULES ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  const r = parsed.data;
  return {
    corridorWidths: { ...defaultRules.corridorWidths, ...(r.corridorWidths as Partial<SiteCheckRules['corridorWidths']>) },
    conflictLayers: (r.conflictLayers as SiteCheckRules['conflictLayers'] | undefined) ?? defaultRules.conflictLayers,
    sliverM2: r.sliverM2 ?? defaultRules.sliverM2,
  };
}

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
  /** Basemaps beyond the offline default; the 天地图 key stays on the server until a page asks for the map config. */
  basemap: { tiandituKey: string | null; url: string | null; title: string; attribution: string };
  /** 审图号 shown on the map, when the deployment has one. */
  reviewNumber: string | null;
  /** The first administrator's password, when the operator chose one. */
  adminPassword: string | null;
  auth: { sessionIdleMinutes: number; sessionMaxHours: number };
  /** Corridor widths, conflict layers and the sliver tolerance of the site check. */
  siteCheck: SiteCheckRules;
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
    basemap: { tiandituKey: e.TIANDITU_KEY ?? null, url: e.BASEMAP_URL ?? null, title: e.BASEMAP_TITLE, attribution: e.BASEMAP_ATTRIBUTION },
    reviewNumber: e.MAP_REVIEW_NUMBER ?? null,
    adminPassword: e.GUATU_ADMIN_PASSWORD ?? null,
    auth: { sessionIdleMinutes: e.SESSION_IDLE_MINUTES, sessionMaxHours: e.SESSION_MAX_HOURS },
    siteCheck: loadSiteCheckRules(e.SITE_CHECK_RULES),
  };
}
