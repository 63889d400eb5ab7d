// Loads the demo region into an empty database, with progress in the console.
import type { PgBoss } from 'pg-boss';
import type { Sql } from 'postgres';
import { DEMO_SEED, generateDemo } from '@guatu/data/demo/generate.ts';
import { seedDemo, type SeedSummary } from '@guatu/data/demo/seed.ts';
import { enqueueTileBuild } from './jobs/tiles-job.ts';

/** Generates and inserts the demo region (marked as demo data everywhere) and, in the same transaction, its tile build. */
export async function loadDemo(sql: Sql, boss: PgBoss, scale: number, log: (line: string) => void): Promise<void> {
  const started = Date.now();
  log(`empty database: loading the demo region (scale ${scale}) …`);
  const data = generateDemo({ scale, seed: DEMO_SEED });
  const summary = (await sql.begin(async (tx) => {
    const result = await seedDemo(tx, data, { scale, seed: DEMO_SEED }, log);
    await enqueueTileBuild(boss, tx, result.dataVersionId);
    return result;
  })) as SeedSummary;
  log(
    `demo region loaded in ${((Date.now() - started) / 1000).toFixed(1)} s: ${summary.regions} regions, ` +
      `${summary.projects} projects, ${summary.parcels} parcels, ${summary.stations} stations, ` +
      `${summary.lines} lines, ${summary.zones} constraint zones`,
  );
}
