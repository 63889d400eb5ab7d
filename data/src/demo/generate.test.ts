import { describe, expect, it } from 'vitest';
import { codesOf, projectCategories, projectLevels, projectStages } from '../glossary.ts';
import { pointInMultiPolygon, type PolygonRings } from '../geo/planar.ts';
import { generateDemo } from './generate.ts';
import { PROVINCIAL_LAND_QUOTA_MU } from './gen-land.ts';

const demo = generateDemo();
const polygonsOf = new Map(demo.counties.map((c) => [c.code, (c.boundary as { coordinates: PolygonRings[] }).coordinates]));

describe('demo generator', () => {
  it('is deterministic for a seed', () => {
    const again = generateDemo();
    expect(again.projects.map((p) => [p.code, p.totalInvestment, p.location])).toEqual(demo.projects.map((p) => [p.code, p.totalInvestment, p.location]));
    expect(again.parcels.map((p) => p.geom)).toEqual(demo.parcels.map((p) => p.geom));
  });

  it('covers the five cities with at least 300 projects across every stage, level and category', () => {
    expect(demo.projects.length).toBeGreaterThanOrEqual(300);
    const cities = new Set(demo.projects.map((p) => demo.counties.find((c) => c.code === p.regionCode)!.cityCode));
    expect([...cities].sort()).toEqual(['140400', '140500', '140800', '140900', '371600']);
    expect(new Set(demo.projects.map((p) => p.stage))).toEqual(new Set(codesOf(projectStages)));
    expect(new Set(demo.projects.map((p) => p.level))).toEqual(new Set(codesOf(projectLevels)));
    expect(new Set(demo.projects.map((p) => p.category))).toEqual(new Set(codesOf(projectCategories)));
    expect(new Set(demo.projects.map((p) => p.code)).size).toBe(demo.projects.length);
  });

  it('places every project, station and parcel inside its own county', () => {
    for (const p of demo.projects) expect(pointInMultiPolygon(p.location, polygonsOf.get(p.regionCode)!), p.name).toBe(true);
    for (const s of demo.stations) expect(pointInMultiPolygon(s.point, polygonsOf.get(s.regionCode)!), s.name).toBe(true);
    for (const p of demo.parcels) {
      const ring = (p.geom as { coordinates: [number, number][][][] }).coordinates[0]![0]!;
      const centre: [number, number] = [(ring[0]![0] + ring[2]![0]) / 2, (ring[0]![1] + ring[2]![1]) / 2];
      expect(pointInMultiPolygon(centre, polygonsOf.get(p.regionCode)!), p.code).toBe(true);
    }
  });

  it('matches the public figures it is modelled on', () => {
    const village = demo.stations.filter((s) => s.kind === 'village_pv');
    expect(village).toHaveLength(1350);
    const connected = village.reduce((s, v) => s + v.connectedKw, 0);
    const capacity = village.reduce((s, v) => s + v.capacityKw, 0);
    expect(connected).toBe(304_480);
    expect((connected / capacity) * 100).toBeCloseTo(85.32, 2);
    const central = demo.stations.filter((s) => s.kind === 'centralised_pv');
    expect(central).toHaveLength(8);
    expect(central.filter((s) => s.gridStatus === 'fully_connected')).toHaveLength(6);
    const problems = demo.projects.flatMap((p) => p.problems);
    expect(problems).toHaveLength(222);
    expect(problems.filter((p) => p.status === 'resolved' || p.status === 'closed')).toHaveLength(196);
    expect(problems.some((p) => (p.status === 'open' || p.status === 'assigned') && p.deadline < demo.asOf)).toBe(true);
    const landDraws = demo.ledgers.filter((l) => l.factor === 'land').flatMap((l) => l.draws);
    // The first ten provincial key projects under way draw the 1,928 亩 between them.
    const provincial = new Set(demo.projects.filter((p) => p.level === 'province_key' && (p.stage === 'new_start' || p.stage === 'continuing')).slice(0, 10).map((p) => p.code));
    const provincialDraws = landDraws.filter((d) => provincial.has(d.projectCode));
    expect(provincialDraws.length).toBe(10);
    expect(Math.round(provincialDraws.reduce((s, d) => s + d.amount, 0) * 100) / 100).toBe(PROVINCIAL_LAND_QUOTA_MU);
  });

  it('has the parcels, ledgers, lines and zones the portal needs', () => {
    expect(demo.parcels.length).toBeGreaterThanOrEqual(1000);
    expect(new Set(demo.parcels.map((p) => p.status)).size).toBe(4);
    expect(demo.parcels.filter((p) => p.status === 'allocated' || p.status === 'supplied').every((p) => p.projectCode)).toBe(true);
    expect(demo.months).toHaveLength(12);
    expect(new Set(demo.lines.map((l) => l.status))).toEqual(new Set(['existing', 'building', 'planned']));
    expect(new Set(demo.zones.map((z) => z.kind))).toEqual(new Set(['urban_boundary', 'ecological_redline', 'basic_farmland', 'water_source']));
    for (const l of demo.ledgers) expect(l.granted + l.advanced - l.allocated).toBeGreaterThanOrEqual(0);
  });

  it('keeps year-to-date investment consistent with the monthly amounts', () => {
    for (const p of demo.projects) {
      const thisYear = p.months.filter((m) => m.month.startsWith('2026'));
      let sum = 0;
      for (const m of thisYear) {
        sum += m.investmentMonth;
        expect(m.investmentYtd).toBeCloseTo(sum, 1);
      }
    }
  });

  it('multiplies records with the scale factor', () => {
    const twice = generateDemo({ scale: 2 });
    expect(twice.projects.length).toBe(demo.projects.length * 2);
    expect(twice.stations.filter((s) => s.kind === 'village_pv').reduce((s, v) => s + v.connectedKw, 0)).toBe(304_480 * 2);
    expect(() => generateDemo({ scale: 0 })).toThrow(/scale/);
  });
});
