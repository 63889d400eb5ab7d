// The public API contract of the foundation, checked against independent SQL on the same database.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { api, testDb } from './support/db.ts';

const sql = testDb();
afterAll(() => sql.end());

describe('GET /api/health', () => {
  it('answers ok with the backend, PostGIS and the data version', async () => {
    const { status, body } = await api('/api/health');
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.database).toBe(inject('backend'));
    expect(body.postgis).toMatch(/^3\./);
    expect(body.dataVersion).toMatchObject({ month: '2026-11', isDemo: true });
  });
});

describe('GET /api/regions', () => {
  it('returns the tree: provinces → the five cities → their counties', async () => {
    const { body } = await api('/api/regions');
    const cities = body.items.flatMap((p: any) => p.children);
    expect(cities.map((c: any) => c.name).sort()).toEqual(['忻州市', '晋城市', '滨州市', '运城市', '长治市'].sort());
    const xinzhou = cities.find((c: any) => c.code === '140900');
    expect(xinzhou.children.map((c: any) => c.name)).toContain('定襄县');
  });

  it('returns one region with its boundary and children', async () => {
    const { status, body } = await api('/api/regions/140921');
    expect(status).toBe(200);
    expect(body).toMatchObject({ code: '140921', name: '定襄县', level: 'county', parentCode: '140900' });
    expect(body.boundary.type).toBe('MultiPolygon');
    const city = await api('/api/regions/140900');
    expect(city.body.children).toHaveLength(14);
  });

  it('derives city outlines from their counties', async () => {
    const [row] = await sql`
      SELECT abs(ST_Area(c.boundary::geography) - (SELECT sum(ST_Area(k.boundary::geography)) FROM regions k WHERE k.parent_code = c.code)) / ST_Area(c.boundary::geography) AS rel
      FROM regions c WHERE c.code = '140500'`;
    expect(Number(row!.rel)).toBeLessThan(0.01);
  });

  it('refuses malformed codes with 400 and unknown ones with 404', async () => {
    expect((await api('/api/regions/12ab')).status).toBe(400);
    const unknown = await api('/api/regions/999999');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('region_not_found');
  });
});

describe('GET /api/projects', () => {
  it('lists at least 300 projects with the contract fields', async () => {
    const { body } = await api('/api/projects?limit=5');
    expect(body.total).toBeGreaterThanOrEqual(300);
    expect(body.items).toHaveLength(5);
    for (const key of ['id', 'code', 'name', 'stage', 'level', 'category', 'regionCode', 'totalInvestment', 'lon', 'lat']) {
      expect(body.items[0]).toHaveProperty(key);
    }
    expect(typeof body.items[0].totalInvestment).toBe('number');
  });

  it('filters by each parameter exactly as SQL counts', async () => {
    const cases: [string, Promise<{ n: number }[]>][] = [
      ['stage=new_start', sql`SELECT count(*)::int AS n FROM projects WHERE stage = 'new_start'`],
      ['stage=completed,operating', sql`SELECT count(*)::int AS n FROM projects WHERE stage IN ('completed', 'operating')`],
      ['level=province_key', sql`SELECT count(*)::int AS n FROM projects WHERE level = 'province_key'`],
      ['category=energy', sql`SELECT count(*)::int AS n FROM projects WHERE category = 'energy'`],
      ['tag=special_bond', sql`SELECT count(*)::int AS n FROM projects WHERE 'special_bond' = ANY(tags)`],
      ['region=140900', sql`SELECT count(*)::int AS n FROM projects p JOIN regions r ON r.code = p.region_code WHERE r.parent_code = '140900'`],
      ['region=140921', sql`SELECT count(*)::int AS n FROM projects WHERE region_code = '140921'`],
      ['region=140000', sql`SELECT count(*)::int AS n FROM projects WHERE region_code LIKE '14%'`],
      ['minInvestment=100000&maxInvestment=500000', sql`SELECT count(*)::int AS n FROM projects WHERE total_investment BETWEEN 100000 AND 500000`],
      ['bbox=112,38,113,39', sql`SELECT count(*)::int AS n FROM projects WHERE ST_X(location) BETWEEN 112 AND 113 AND ST_Y(location) BETWEEN 38 AND 39`],
      ['q=高铁', sql`SELECT count(*)::int AS n FROM projects WHERE name LIKE '%高铁%' OR code LIKE '%高铁%'`],
    ];
    for (const [qs, expected] of cases) {
      const [{ n }] = (await expected) as [{ n: number }];
      expect(n, qs).toBeGreaterThan(0);
      expect((await api(`/api/projects?${qs}&limit=1`)).body.total, qs).toBe(n);
    }
  });

  it('finds a project by its code and treats % and _ in text as literal', async () => {
    const [p] = await sql`SELECT code, name FROM projects ORDER BY id LIMIT 1`;
    const { body } = await api(`/api/projects?q=${encodeURIComponent(p!.code)}`);
    expect(body.items.map((i: any) => i.code)).toEqual([p!.code]);
    expect((await api('/api/projects?q=%25')).body.total).toBe(0);
  });

  it('sorts and pages', async () => {
    const desc = (await api('/api/projects?sort=-totalInvestment&limit=20')).body.items.map((i: any) => i.totalInvestment);
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    const asc = (await api('/api/projects?sort=name&limit=10')).body.items;
    const page2 = (await api('/api/projects?sort=name&limit=10&offset=10')).body.items;
    expect(new Set([...asc, ...page2].map((i: any) => i.id)).size).toBe(20);
  });

  it('answers bad parameters with 400 naming the field', async () => {
    const bad: [string, string][] = [
      ['stage=started', 'stage'], ['level=vip', 'level'], ['region=14', 'region'], ['region=999999', 'region'],
      ['bbox=1,2,3', 'bbox'], ['bbox=113,38,112,39', 'bbox'], ['limit=0', 'limit'], ['limit=5000', 'limit'],
      ['offset=-1', 'offset'], ['sort=-colour', 'sort'], ['minInvestment=abc', 'minInvestment'],
      ['minInvestment=10&maxInvestment=5', 'minInvestment'], ['unknown=1', 'unknown'],
    ];
    for (const [qs, field] of bad) {
      const { status, body } = await api(`/api/projects?${qs}`);
      expect(status, qs).toBe(400);
      expect(body.error.code, qs).toBe('invalid_query');
      expect(body.error.details.map((d: any) => d.field).join(','), qs).toContain(field);
      expect(body.error.message, qs).toMatch(/参数/);
    }
  });

  it('returns the whole project file', async () => {
    const [p] = await sql`SELECT p.id::int AS id FROM projects p WHERE EXISTS (SELECT 1 FROM problems q WHERE q.project_id = p.id) AND EXISTS (SELECT 1 FROM project_months m WHERE m.project_id = p.id) ORDER BY id LIMIT 1`;
    const { status, body } = await api(`/api/projects/${p!.id}`);
    expect(status).toBe(200);
    expect(body.months.length).toBeGreaterThan(0);
    expect(body.procedures).toHaveLength(7);
    expect(body.problems.length).toBeGreaterThan(0);
    expect(body).toHaveProperty('responsibleLeader');
    expect(body.needs).toHaveProperty('landMu');
    expect(body.allocations).toHaveProperty('quotaDraws');
    expect(body.dataVersionLabel).toMatch(/演示/);
    expect((await api('/api/projects/99999999')).status).toBe(404);
    expect((await api('/api/projects/abc')).status).toBe(400);
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const { status, body } = await api('/api/nothing-here');
    expect(status).toBe(404);
    expect(body.error.code).toBe('not_found');
  });
});

describe('GET /api/stats/overview', () => {
  it('has headline figures whose child rows add up to them', async () => {
    const { body } = await api('/api/stats/overview?region=140900');
    expect(body.region.name).toBe('忻州市');
    const sum = (f: (c: any) => number) => body.children.reduce((s: number, c: any) => s + f(c), 0);
    expect(sum((c) => c.projects.count)).toBe(body.totals.projects.count);
    expect(sum((c) => c.investment.total)).toBeCloseTo(body.totals.investment.total, 2);
    expect(sum((c) => c.problems.total)).toBe(body.totals.problems.total);
    expect(sum((c) => c.energy.pv.connectedKw)).toBeCloseTo(body.totals.energy.pv.connectedKw, 2);
    const list = await api('/api/projects?region=140900&limit=1');
    expect(body.totals.projects.count).toBe(list.body.total);
  });

  it('reproduces the public figures for the whole demo region', async () => {
    const { body } = await api('/api/stats/overview');
    expect(body.children.map((c: any) => c.name).sort()).toEqual(['山东省', '山西省'].sort());
    expect(body.totals.problems.total).toBe(222);
    expect(body.totals.problems.solved).toBe(196);
    const [row] = await sql`SELECT sum(connected_kw)::float8 AS c, sum(capacity_kw)::float8 AS k FROM energy_stations WHERE kind = 'village_pv'`;
    expect(row!.c).toBe(304_480);
    expect(((row!.c as number) / (row!.k as number)) * 100).toBeCloseTo(85.32, 2);
  });

  it('computes rates from the counts', async () => {
    const { body } = await api('/api/stats/overview?region=371600');
    const t = body.totals;
    expect(t.problems.closureRate).toBeCloseTo(t.problems.solved / t.problems.total, 10);
    expect(t.investment.completionRate).toBeCloseTo(t.investment.ytd / t.investment.annualPlan, 10);
    expect(t.energy.pv.rate).toBeCloseTo(t.energy.pv.connectedKw / t.energy.pv.capacityKw, 10);
    expect((await api('/api/stats/overview?region=abc')).status).toBe(400);
  });
});
