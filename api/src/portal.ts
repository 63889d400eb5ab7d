// Starts the whole portal: database, migrations, demo data on an empty database, HTTP server.
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { Config } from './config.ts';
import { openDatabase } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { currentDataVersion, isEmpty } from './db/versions.ts';
import { ensureTilesQueue, enqueueTileBuild, recoverInterruptedJobs, workTileBuilds } from './jobs/tiles-job.ts';
import { startBoss } from './jobs/queue.ts';
import { publishedLayers } from './db/tile-builds.ts';
import { layers } from '@guatu/data/layers.ts';
import { sweepInterruptedBuilds } from './tiles/build-version.ts';
import { createApp } from './http/app.ts';
import { loadDemo } from './demo.ts';
import { ensureFirstAdmin } from './auth/first-admin.ts';

export interface Portal {
  url: string;
  close(): Promise<void>;
}

/** Brings the portal up; `log` receives the progress lines shown in the console. */
export async function startPortal(config: Config, log: (line: string) => void): Promise<Portal> {
  const db = await openDatabase(config, log);
  try {
    const applied = await migrate(db.sql, undefined, log);
    log(applied.length ? `database schema migrated (${applied.length} migration(s))` : 'database schema up to date');
    await ensureFirstAdmin(db.sql, config.adminPassword, log);
    const tilesDir = join(config.dataDir, 'tiles');
    const boss = await startBoss(db.connection, db.backend, log, ensureTilesQueue);
    if (config.demoData && (await isEmpty(db.sql))) await loadDemo(db.sql, boss, config.demoScale, log);
    // Only the embedded database is known to have no other portal building tiles right now.
    if (db.backend === 'embedded') {
      await sweepInterruptedBuilds(db.sql, tilesDir, log);
      await recoverInterruptedJobs(boss, log);
    }
    const app = createApp({
      sql: db.sql, backend: db.backend, webBuildDir: config.webBuildDir, tilesDir, log,
      map: { ...config.basemap, reviewNumber: config.reviewNumber }, auth: config.auth, siteCheck: config.siteCheck, boss,
    });
    const server = await new Promise<ReturnType<typeof serve>>((resolveServer, reject) => {
      const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolveServer(s));
      s.once('error', reject);
    });
    const { port } = server.address() as AddressInfo;
    // The current version without tiles (first start, an interrupted build) gets a build job.
    const version = await currentDataVersion(db.sql);
    if (version && (await publishedLayers(db.sql, version.id)).size < layers.length) {
      await enqueueTileBuild(boss, db.sql, version.id);
    }
    await workTileBuilds(boss, db.sql, tilesDir, config.tileRetention, log);
    const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
    return {
      url,
      close: async () => {
        await new Promise<void>((done) => server.close(() => done()));
        await boss.stop({ graceful: true, timeout: 10_000 });
        await db.close();
      },
    };
  } catch (e) {
    await db.close();
    throw e;
  }
}
