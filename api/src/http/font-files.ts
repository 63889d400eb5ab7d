// The bundled Noto Sans SC at a stable address, for pages the API renders itself (the site-check
// report): the web build's copies have hashed names the API cannot know. Only the package's
// stylesheets and font files, by a strict name pattern.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Hono } from 'hono';

const fontDir = dirname(createRequire(import.meta.url).resolve('@fontsource/noto-sans-sc/package.json'));

/** GET /fonts/noto-sans-sc/{name}.css and /fonts/noto-sans-sc/files/{name}.woff2|woff. */
export function fontRoutes() {
  const send = async (path: string, type: string) => {
    const body = await readFile(path).catch(() => null);
    if (!body) return new Response('not found', { status: 404 });
    return new Response(body, { headers: { 'content-type': type, 'cache-control': 'public, max-age=604800' } });
  };
  return new Hono()
    .get('/fonts/noto-sans-sc/:name{[a-z0-9-]+\\.css}', (c) => send(join(fontDir, c.req.param('name')), 'text/css; charset=utf-8'))
    .get('/fonts/noto-sans-sc/files/:name{[a-z0-9-]+\\.woff2?}', (c) => {
      const name = c.req.param('name');
      return send(join(fontDir, 'files', name), name.endsWith('.woff2') ? 'font/woff2' : 'font/woff');
    });
}
