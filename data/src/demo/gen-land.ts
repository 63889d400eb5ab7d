// Demo factor resources: land parcels laid out in industrial parks, and quota ledgers per county
// with the projects drawing on them.
import type { LandUse, ParcelKind, ParcelStatus, QuotaFactor } from '../glossary.ts';
import { codesOf, quotaFactors, quotaUnits } from '../glossary.ts';
import type { Position } from '../geo/planar.ts';
import { pointInMultiPolygon } from '../geo/planar.ts';
import type { DemoLedger, DemoParcel, DemoProject } from './dataset.ts';
import type { County } from './places.ts';
import { offset, randomPointNear, rectangle, shortName } from './places.ts';
import type { Random } from './random.ts';

export const PARCELS_PER_SCALE = 1_100;
/** Public figure: 1,928 亩 of land quota for 10 provincial key projects. */
export const PROVINCIAL_LAND_QUOTA_MU = 1_928;
export const PROVINCIAL_LAND_QUOTA_PROJECTS = 10;

const CELL_M = 560;
const kindWeights: Record<ParcelKind, number> = { standard_land: 30, new_quota: 45, stock_land: 25 };
const statusWeights: Record<ParcelStatus, number> = { available: 40, reserved: 15, allocated: 25, supplied: 20 };
const useWeights: Record<LandUse, number> = { industrial: 60, logistics: 12, commercial: 8, public: 6, infrastructure: 6, energy: 8 };
const servicesByKind: Record<ParcelKind, readonly string[]> = {
  standard_land: ['七通一平', '五通一平'],
  new_quota: ['三通一平', '五通一平'],
  stock_land: ['三通一平', '净地'],
};

/** Picks 1–3 industrial park centres per county, near its seat. */
export function generateParks(counties: County[], random: Random): Map<string, Position[]> {
  return new Map(
    counties.map((c) => [c.code, Array.from({ length: random.int(1, 3) }, () => randomPointNear(c, c.seat, 12_000, random))]),
  );
}

/** The i-th cell of a square spiral around the origin: parcels fill a park outward without overlap. */
function spiralCell(i: number): [number, number] {
  if (i === 0) return [0, 0];
  const k = Math.ceil((Math.sqrt(i + 1) - 1) / 2);
  const side = 2 * k;
  const start = (2 * k - 1) ** 2;
  const t = i - start;
  if (t < side) return [k, -k + 1 + t];
  if (t < 2 * side) return [k - 1 - (t - side), k];
  if (t < 3 * side) return [-k, k - 1 - (t - 2 * side)];
  return [-k + 1 + (t - 3 * side), -k];
}

/** Generates land parcels in the parks; allocated and supplied ones belong to a project of their county. */
export function generateParcels(
  counties: County[], parks: Map<string, Position[]>, projects: DemoProject[], scale: number, random: Random,
): DemoParcel[] {
  const takers = new Map<string, DemoProject[]>();
  for (const p of projects) {
    if (p.stage === 'reserve' || !['industry', 'energy', 'services', 'agriculture'].includes(p.category)) continue;
    takers.set(p.regionCode, [...(takers.get(p.regionCode) ?? []), p]);
  }
  const cellsUsed = new Map<Position, number>();
  const angles = new Map<Position, number>();
  const parcels: DemoParcel[] = [];
  for (let i = 0; parcels.length < PARCELS_PER_SCALE * scale; i++) {
    const county = counties[i % counties.length]!;
    const park = random.pick(parks.get(county.code)!);
    const cell = cellsUsed.get(park) ?? 0;
    cellsUsed.set(park, cell + 1);
    if (!angles.has(park)) angles.set(park, random.range(0, Math.PI / 2));
    const angle = angles.get(park)!;
    const [cx, cy] = spiralCell(cell);
    const east = cx * CELL_M * Math.cos(angle) - cy * CELL_M * Math.sin(angle);
    const north = cx * CELL_M * Math.sin(angle) + cy * CELL_M * Math.cos(angle);
    const centre = offset(park, east, north);
    if (!pointInMultiPolygon(centre, county.polygons)) continue;
    const kind = random.weighted(kindWeights);
    let status = random.weighted(statusWeights);
    const candidates = takers.get(county.code) ?? [];
    const project = status === 'allocated' || status === 'supplied' ? (candidates.length ? random.pick(candidates) : null) : null;
    if (!project && (status === 'allocated' || status === 'supplied')) status = 'reserved';
    const w = random.range(140, CELL_M - 60);
    const h = random.range(140, CELL_M - 60);
    const n = parcels.length + 1;
    parcels.push({
      code: `${county.code}-${kind === 'standard_land' ? 'BZD' : kind === 'new_quota' ? 'XZ' : 'CL'}-${String(n).padStart(6, '0')}`,
      name: `${shortName(county.name)}${kind === 'standard_land' ? '标准地' : '地块'}${n}号`,
      kind,
      landUse: kind === 'standard_land' ? 'industrial' : random.weighted(useWeights),
      status,
      regionCode: county.code,
      projectCode: project?.code ?? null,
      areaM2: w * h,
      services: random.pick(servicesByKind[kind]),
      priceWanPerMu: kind === 'standard_land' || status === 'available' ? Math.round(random.range(8, 45) * 10) / 10 : null,
      plotRatioMin: kind === 'standard_land' ? Math.round(random.range(1.0, 1.5) * 10) / 10 : null,
      geom: { type: 'MultiPolygon', coordinates: [[rectangle(centre, w, h, angle)]] },
    });
  }
  return parcels;
}

const grantedRange: Record<QuotaFactor, [number, number]> = {
  land: [300, 2_000], energy: [50_000, 500_000], emission: [50, 800], water: [100, 2_000], funds: [20_000, 200_000],
};

function needOf(p: DemoProject, factor: QuotaFactor): number {
  switch (factor) {
    case 'land': return p.needLandMu;
    case 'energy': return p.needEnergyTce;
    case 'emission': return p.needEmissionT;
    case 'water': return p.needWater10kM3;
    case 'funds': return p.tags.includes('special_bond') ? Math.round(p.annualPlan * 0.4) : 0;
  }
}

/** Spreads `total` over weights in hundredths so that the parts add up to it exactly. */
function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const cents = weights.map((w) => Math.floor((total * 100 * w) / sum));
  let rest = Math.round(total * 100) - cents.reduce((a, b) => a + b, 0);
  for (let i = 0; rest > 0; i = (i + 1) % cents.length, rest--) cents[i]! += 1;
  return cents.map((c) => c / 100);
}

/** Ledgers per county for the plan year and the year before; projects under way draw this year. */
export function generateLedgers(counties: County[], projects: DemoProject[], planYear: number, random: Random): DemoLedger[] {
  const drawing = projects.filter((p) => p.stage === 'new_start' || p.stage === 'continuing');
  const draws = new Map<string, { projectCode: string; amount: number }[]>();
  const key = (region: string, factor: QuotaFactor) => `${region}/${factor}`;
  const provincial = drawing.filter((p) => p.level === 'province_key').slice(0, PROVINCIAL_LAND_QUOTA_PROJECTS);
  const provincialLand = apportion(PROVINCIAL_LAND_QUOTA_MU, provincial.map((p) => p.needLandMu));
  for (const p of drawing) {
    for (const factor of codesOf(quotaFactors)) {
      const i = factor === 'land' ? provincial.indexOf(p) : -1;
      const amount = i >= 0 ? provincialLand[i]! : Math.round(needOf(p, factor) * random.range(0.3, 1) * 100) / 100;
      if (amount <= 0) continue;
      const k = key(p.regionCode, factor);
      draws.set(k, [...(draws.get(k) ?? []), { projectCode: p.code, amount }]);
    }
  }
  const ledgers: DemoLedger[] = [];
  for (const c of counties) {
    for (const year of [planYear - 1, planYear]) {
      for (const factor of codesOf(quotaFactors)) {
        const [lo, hi] = grantedRange[factor];
        const granted = Math.round(random.range(lo, hi));
        const ds = year === planYear ? (draws.get(key(c.code, factor)) ?? []) : [];
        const allocated = year === planYear
          ? Math.round(ds.reduce((s, d) => s + d.amount, 0) * 100) / 100
          : Math.round(granted * random.range(0.6, 1.0));
        // Over-drawn ledgers borrow from next year's quota (预支), as counties do.
        const advanced = allocated > granted ? Math.ceil(allocated - granted + granted * random.range(0, 0.05)) : 0;
        ledgers.push({ regionCode: c.code, year, factor, unit: quotaUnits[factor], granted, allocated, advanced, draws: ds });
      }
    }
  }
  return ledgers;
}
