// The Hono application: the access guard, API routes, then the web app. Receives its dependencies;
// reads no environment.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SiteCheckRules } from '@guatu/data/site-check-rules.ts';
import { Hono } from 'hono';
import type { PgBoss } from 'pg-boss';
import type { Sql } from 'postgres';
import { identityCache } from '../auth/identity-cache.ts';
import type { Backend } from '../db/database.ts';
import { auditAction } from './audit-context.ts';
import { errorBody, handleError, HttpError } from './errors.ts';
import { guard } from './guard.ts';
import { auditRoutes } from './routes/audit.ts';
import { authRoutes } from './routes/auth.ts';
import { geometryRoutes } from './routes/geometry.ts';
import { fontRoutes } from './font-files.ts';
import { storyRoutes } from './routes/stories.ts';
import { siteCheckRoutes } from './routes/site-checks.ts';
import { healthRoutes } from './routes/health.ts';
import { importRoutes } from './routes/imports.ts';
import { basemaps, mapConfigRoutes } from './routes/map-config.ts';
import { palmRoutes } from './routes/palm.ts';
import { problemRoutes } from './routes/problems.ts';
import { projectRoutes } from './routes/projects.ts';
import { regionRoutes } from './routes/regions.ts';
import { shareRoutes } from './routes/shares.ts';
import { statsRoutes } from './routes/stats.ts';
import { tileRoutes } from './routes/tiles.ts';
import { userRoutes } from './routes/users.ts';
import { versionRoutes } from './routes/versions.ts';
import { basemapOrigins, contentSecurityPolicy, inlineScriptHashes, securityHeaders } from './security-headers.ts';
import { webRoutes } from './static.ts';

export interface AppDeps {
  sql: Sql;
  backend: Backend;
  webBuildDir: string;
  /** Where published vector tile archives live (DATA_DIR/tiles). */
  tilesDir: string;
  log: (line: string) => void;
  /** Basemaps and the 审图号 (from the configuration). */
  map: { tiandituKey: string | null; url: string | null; title: string; attribution: string; reviewNumber: string | null };
  auth: { sessionIdleMinutes: number; sessionMaxHours: number };
  /** The site check's rules (from the configuration). */
  siteCheck: SiteCheckRules;
  /** The job queue (commits enqueue tile builds in their own transaction). */
  boss: PgBoss;
}

/** Builds the application for the given dependencies. */
export function createApp(appDeps: AppDeps) {
  const deps = { ...appDeps, identities: identityCache() };
  const shell = join(deps.webBuildDir, 'index.html');
  const csp = contentSecurityPolicy(existsSync(shell) ? inlineScriptHashes(readFileSync(shell, 'utf8')) : [], basemapOrigins(basemaps(deps.map)));
  const app = new Hono();
  app.use('*', securityHeaders(csp));
  app.use('*', guard(deps));
  app.route('/', healthRoutes(deps));
  app.route('/', authRoutes(deps));
  app.route('/', regionRoutes(deps));
  app.route('/', projectRoutes(deps));
  app.route('/', statsRoutes(deps));
  app.route('/', palmRoutes(deps));
  app.route('/', mapConfigRoutes(deps));
  app.route('/', tileRoutes(deps));
  app.route('/', problemRoutes(deps));
  app.route('/', userRoutes(deps));
  app.route('/', shareRoutes(deps));
  app.route('/', auditRoutes(deps));
  app.route('/', importRoutes(deps));
  app.route('/', versionRoutes(deps));
  app.route('/', geometryRoutes(deps));
  app.route('/', siteCheckRoutes(deps));
  app.route('/', storyRoutes(deps));
  app.all('/api/*', (c) => c.json(errorBody('not_found', `没有这个接口：${c.req.method} ${c.req.path}`), 404));
  app.all('/tiles/*', (c) => c.json(errorBody('not_found', `没有这个瓦片地址：${c.req.path}`), 404));
  app.route('/', fontRoutes());
  app.route('/', webRoutes(deps.webBuildDir));
  app.onError(async (err, c) => {
    // Refusals inside a route (scope, restricted layer, someone else's link) are audited like the guard's.
    if (err instanceof HttpError && err.status === 403) {
      await auditAction(deps.sql, c, { action: 'access.denied', object: `${c.req.method} ${c.req.path}`, outcome: 'denied', detail: { code: err.code, ...(err.details && typeof err.details === 'object' ? (err.details as object) : {}) } })
        .catch((e: Error) => deps.log(`audit failed: ${e.message}`));
    }
    return handleError(err, c, deps.log);
  });
  return app;
}
