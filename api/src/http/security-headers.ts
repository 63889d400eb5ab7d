// Security headers for every answer: a Content Security Policy that admits the web app's one inline
// boot script by its hash, MapLibre's blob: workers and the configured basemap hosts, and nothing
// else; no framing by other sites; no MIME sniffing. CORS stays closed: no Access-Control-* header is
// ever sent, so other sites' scripts cannot read any answer.
import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Basemap } from './routes/map-config.ts';

/** The sha256 sources of the inline scripts of an HTML page, for script-src. */
export function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => `'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`);
}

/** The origins basemap tiles come from (img and fetch). */
export function basemapOrigins(basemaps: Basemap[]): string[] {
  const origins = new Set<string>();
  for (const b of basemaps) {
    for (const t of b.tiles) {
      try {
        origins.add(new URL(t.replace(/^pmtiles:\/\//, '').replace(/[{}]/g, '')).origin);
      } catch {
        // A template that is not a URL has no origin to allow.
      }
    }
  }
  return [...origins];
}

/** The Content-Security-Policy value. */
export function contentSecurityPolicy(scriptHashes: string[], tileOrigins: string[]): string {
  const tiles = tileOrigins.join(' ');
  return [
    "default-src 'self'",
    `script-src 'self' ${scriptHashes.join(' ')}`.trim(),
    // MapLibre runs its workers from blob: URLs.
    "worker-src 'self' blob:",
    "child-src 'self' blob:",
    // Svelte and MapLibre set style attributes.
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob: ${tiles}`.trim(),
    `connect-src 'self' ${tiles}`.trim(),
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; ');
}

/** Middleware adding the headers to every response. */
export function securityHeaders(csp: string): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.header('Content-Security-Policy', csp);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('X-Frame-Options', 'SAMEORIGIN');
    c.header('Referrer-Policy', 'same-origin');
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    c.header('Permissions-Policy', 'camera=(), microphone=(), payment=(), usb=(), geolocation=(self)');
    if (c.req.path.startsWith('/api/') && !c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
  };
}
