import { Hono } from 'hono';
import { layers } from '@guatu/data/layers.ts';
import type { AppDeps } from '../app.ts';
import { servedDataVersion, postgisVersion } from '../../db/versions.ts';

/** GET /api/health: is the portal up, on which database, and which data version it serves. */
export function healthRoutes(deps: AppDeps) {
  return new Hono().get('/api/health', async (c) => {
    const [postgis, dataVersion] = await Promise.all([postgisVersion(deps.sql), servedDataVersion(deps.sql, layers.length)]);
    return c.json({ status: 'ok', database: deps.backend, postgis, dataVersion });
  });
}
