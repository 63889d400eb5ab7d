// The Hono application: API routes, then the web app. Receives its dependencies; reads no environment.
import { Hono } from 'hono';
import type { Sql } from 'postgres';
import type { Backend } from '../db/database.ts';
import { errorBody, handleError } from './errors.ts';
import { authRoutes } from './routes/auth.ts';
import { healthRoutes } from './routes/health.ts';
import { mapConfigRoutes } from './routes/map-config.ts';
import { palmRoutes } from './routes/palm.ts';
import { projectRoutes } from './routes/projects.ts';
import { regionRoutes } from './routes/regions.ts';
import { statsRoutes } from './routes/stats.ts';
import { tileRoutes } from './routes/tiles.ts';
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
}

/** Builds the application for the given dependencies. */
export function createApp(deps: AppDeps) {
  const app = new Hono();
  app.use('*', async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'same-origin');
    if (c.req.path.startsWith('/api/') && !c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
  });
  app.route('/', healthRoutes(deps));
  app.route('/', authRoutes(deps));
  app.route('/', regionRoutes(deps));
  app.route('/', projectRoutes(deps));
  app.route('/', statsRoutes(deps));
  app.route('/', palmRoutes(deps));
  app.route('/', mapConfigRoutes(deps));
  app.route('/', tileRoutes(deps));
  app.all('/api/*', (c) => c.json(errorBody('not_found', `没有这个接口：${c.req.method} ${c.req.path}`), 404));
  app.all('/tiles/*', (c) => c.json(errorBody('not_found', `没有这个瓦片地址：${c.req.path}`), 404));
  app.route('/', webRoutes(deps.webBuildDir));
  app.onError((err, c) => handleError(err, c, deps.log));
  return app;
}
