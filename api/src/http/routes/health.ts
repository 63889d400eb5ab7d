import { Hono } from 'hono';
import type { AppDeps } from '../app.ts';
import { currentDataVersion, postgisVersion } from '../../db/versions.ts';

/** GET /api/health: is the portal up, on which database, and which data version it serves. */
export function healthRoutes(deps: AppDeps) {
  return new Hono().get('/api/health', async (c) => {
    const [postgis, dataVersion] = await Promise.all([postgisVersion(deps.sql), currentDataVersion(deps.sql)]);
    return c.json({ status: 'ok', database: deps.backend, postgis, dataVersion });
  });
}
