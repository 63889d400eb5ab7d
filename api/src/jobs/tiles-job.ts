// The "tiles" queue: one job builds the vector tiles of one data version. Jobs of the same version
// are singletons (stately policy keyed by version); the worker keeps a heartbeat, a job that stops
// beating expires and is retried with backoff; a failed build leaves the previous version served.
import type { PgBoss } from 'pg-boss';
import type { Sql } from 'postgres';
import { layers } from '@guatu/data/layers.ts';
import { servedTileVersion } from '../db/tile-builds.ts';
import { buildVersionTiles, pruneTileVersions } from '../tiles/build-version.ts';
import { bossDb, type SqlRunner } from './queue.ts';

export const TILES_QUEUE = 'tiles';

export interface TilesJobData {
  dataVersionId: number;
}

/** Creates the queue with its policy, or updates it; true when it was created. */
export async function ensureTilesQueue(boss: PgBoss): Promise<boolean> {
  const options = {
    retryLimit: 4,
    retryDelay: 15,
    retryBackoff: true,
    retryDelayMax: 600,
    // Longer than the longest build measured (scale 100 on this machine), with room to spare.
    expireInSeconds: 3 * 3600,
    heartbeatSeconds: 30,
  };
  const existing = await boss.getQueue(TILES_QUEUE);
  if (existing) {
    await boss.updateQueue(TILES_QUEUE, options);
    // updateQueue drops the queue from pg-boss's cache; a send inside an open transaction would then
    // look it up on pg-boss's own pool, which the embedded database (one transaction at a time)
    // never serves while that transaction waits. Any read by queue name fills the cache again.
    await boss.getJobById(TILES_QUEUE, '00000000-0000-0000-0000-000000000000');
    return false;
  }
  await boss.createQueue(TILES_QUEUE, { ...options, policy: 'stately' });
  return true;
}

/** Enqueues a build of a version, inside `runner`'s transaction when it is one. */
export async function enqueueTileBuild(boss: PgBoss, runner: SqlRunner, dataVersionId: number): Promise<string | null> {
  return boss.send(TILES_QUEUE, { dataVersionId } satisfies TilesJobData, { singletonKey: `v${dataVersionId}`, db: bossDb(runner) });
}

/**
 * Fails the tile jobs a dead process left active, so that they are retried now rather than after
 * their heartbeat runs out. Only safe where no other process works this queue (the embedded database).
 */
export async function recoverInterruptedJobs(boss: PgBoss, log: (line: string) => void): Promise<void> {
  const orphans = (await boss.findJobs<TilesJobData>(TILES_QUEUE)).filter((j) => j.state === 'active');
  if (orphans.length === 0) return;
  await boss.fail(TILES_QUEUE, orphans.map((j) => j.id), { reason: 'interrupted: the process stopped during the build' });
  log(`tiles: ${orphans.length} interrupted job(s) handed back for retry`);
}

/** Runs the worker in this process; after each build, versions beyond `retention` lose their tiles. */
export async function workTileBuilds(boss: PgBoss, sql: Sql, tilesDir: string, retention: number, log: (line: string) => void): Promise<void> {
  await boss.work<TilesJobData>(TILES_QUEUE, { pollingIntervalSeconds: 1, batchSize: 1 }, async ([job]) => {
    if (!job) return;
    log(`tiles: job ${job.id} builds data version ${job.data.dataVersionId}`);
    await buildVersionTiles(sql, tilesDir, job.data.dataVersionId, log);
    pruneTileVersions(tilesDir, retention, await servedTileVersion(sql, layers.length), log);
  });
}
