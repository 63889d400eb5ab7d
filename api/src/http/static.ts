// Serves the built web app (a single-page SvelteKit build) with an index.html fallback for its routes.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';

/** Static files of the web build; hashed assets are cached for a year, the shell never. */
export function webRoutes(buildDir: string, cwd = process.cwd()) {
  const app = new Hono();
  const indexPath = join(buildDir, 'index.html');
  if (!existsSync(indexPath)) {
    return app.get('*', (c) => c.text('Web app not built: run `npm run build` (npm start does this).', 503));
  }
  const root = relative(cwd, buildDir) || '.';
  app.use('/_app/immutable/*', async (c, next) => {
    await next();
    if (c.res.status === 200) c.header('Cache-Control', 'public, max-age=31536000, immutable');
  });
  app.use('*', serveStatic({ root }));
  const shell = readFileSync(indexPath, 'utf8');
  return app.get('*', (c) => {
    c.header('Cache-Control', 'no-cache');
    return c.html(shell);
  });
}
