// Builds the whole demo dataset from the committed county boundaries and a seed. Pure: the same
// seed and scale give the same records on every machine.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PolygonRings } from '../geo/planar.ts';
import type { DemoCounty, DemoDataset } from './dataset.ts';
import { monthsEndingAt } from './dates.ts';
import { generateLedgers, generateParcels, generateParks } from './gen-land.ts';
import { generateLines, generateZones } from './gen-network.ts';
import { generateProjects } from './gen-projects.ts';
import { generateStations } from './gen-energy.ts';
import { makeCounty } from './places.ts';
import { createRandom } from './random.ts';

/** The date the demo figures stand at (the data office's last monthly report). */
export const DEMO_AS_OF = '2026-11-20';
export const DEMO_SEED = 20261120;
export const DEMO_MONTHS = 12;

export const boundariesPath = fileURLToPath(new URL('../../demo/boundaries.geojson', import.meta.url));

interface BoundaryFile {
  features: { properties: { code: string; name: string; parentCode: string }; geometry: { coordinates: PolygonRings[] } }[];
}

/** Reads the committed county boundaries. */
export function readCountyBoundaries(): DemoCounty[] {
  const file = JSON.parse(readFileSync(boundariesPath, 'utf8')) as BoundaryFile;
  return file.features.map((f) => ({
    code: f.properties.code,
    name: f.properties.name,
    cityCode: f.properties.parentCode,
    boundary: { type: 'MultiPolygon', coordinates: f.geometry.coordinates },
  }));
}

export interface GenerateOptions {
  /** Multiplies the generated records (1, 10, 100 …) for benchmarks. */
  scale?: number;
  seed?: number;
  asOf?: string;
}

/** Generates the demo dataset. */
export function generateDemo(options: GenerateOptions = {}): DemoDataset {
  const scale = options.scale ?? 1;
  if (!Number.isInteger(scale) || scale < 1 || scale > 1000) throw new Error(`scale must be an integer 1–1000, got ${scale}`);
  const asOf = options.asOf ?? DEMO_AS_OF;
  const random = createRandom(options.seed ?? DEMO_SEED);
  const demoCounties = readCountyBoundaries();
  const counties = demoCounties.map((c) =>
    makeCounty(c.code, c.name, c.cityCode, c.boundary.type === 'MultiPolygon' ? c.boundary.coordinates : []),
  );
  const months = monthsEndingAt(asOf, DEMO_MONTHS);
  const parks = generateParks(counties, random);
  const projects = generateProjects({ counties, parks, random, scale, asOf, months });
  const parcels = generateParcels(counties, parks, projects, scale, random);
  const ledgers = generateLedgers(counties, projects, Number(asOf.slice(0, 4)), random);
  const stations = generateStations(counties, projects, scale, asOf, random);
  const lines = generateLines(counties, projects, scale, random);
  const zones = generateZones(counties, scale, random);
  return { asOf, months, counties: demoCounties, projects, parcels, ledgers, stations, lines, zones };
}
