// Loads the demo region into an empty database, with progress in the console.
import type { Sql } from 'postgres';
import { DEMO_SEED, generateDemo } from '@guatu/data/demo/generate.ts';
import { seedDemo } from '@guatu/data/demo/seed.ts';

/** Generates and inserts the demo region (marked as demo data everywhere). */
export async function loadDemo(sql: Sql, scale: number, log: (line: string) => void): Promise<void> {
  const started = Date.now();
  log(`empty database: loading the demo region (scale ${scale}) …`);
  const data = generateDemo({ scale, seed: DEMO_SEED });
  const summary = await seedDemo(sql, data, { scale, seed: DEMO_SEED }, log);
  log(
    `demo region loaded in ${((Date.now() - started) / 1000).toFixed(1)} s: ${summary.regions} regions, ` +
      `${summary.projects} projects, ${summary.parcels} parcels, ${summary.stations} stations, ` +
      `${summary.lines} lines, ${summary.zones} constraint zones`,
  );
}
