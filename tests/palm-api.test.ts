// The palm map's API beside the project list — search, legend counts, factor resources, energy,
// "near me", the year filter and the map configuration — each checked against independent SQL.
import { afterAll, describe, expect, it } from 'vitest';
import { api, testDb } from './support/db.ts';

const sql = testDb();
afterAll(() => sql.end());
const CHANGZHI = '140400';

describe('GET /api/search', () => {
  it('finds a project by its exact code first, and by part of its name', async () => {
    const [p] = await sql`SELECT id::text, code, name FROM projects ORDER BY id LIMIT 1 OFFSET 7`;
    const byCode = await api(`/api/search?q=${encodeURIComponent(p!.code)}`);
    expect(byCode.body.items.find((h: any) => h.kind === 'project')).toMatchObject({ id: p!.id, code: p!.code, name: p!.name });
    const part = p!.name.slice(2, 6);
    const byName = await api(`/api/search?q=${encodeURIComponent(part)}&limit=20`);
    const projects = byName.body.items.filter((h: any) => h.kind === 'project');
    const [n] = await sql`SELECT count(*)::int AS n FROM projects WHERE name ILIKE ${`%${part}%`} OR code ILIKE ${`%${part}%`}`;
    expect(projects.length).toBe(Math.min(20, n!.n));
    for (const h of projects) expect(`${h.name}${h.code}`).toContain(part);
  });

  it('finds stations, parcels by code and places, with where to fly', async () => {
    const [s] = await sql`SELECT id::text, name FROM energy_stations ORDER BY capacity_kw DESC LIMIT 1`;
    expect((await api(`/api/search?q=${encodeURIComponent(s!.name)}`)).body.items.some((h: any) => h.kind === 'station' && h.id === s!.id)).toBe(true);
    const [l] = await sql`SELECT id::text, code FROM land_parcels ORDER BY id LIMIT 1`;
    const parcel = (await api(`/api/search?q=${encodeURIComponent(l!.code)}`)).body.items.find((h: any) => h.kind === 'parcel');
    expect(parcel).toMatchObject({ id: l!.id, code: l!.code });
    expect(parcel.bbox).toHaveLength(4);
    const city = (await api(`/api/search?q=${encodeURIComponent('长治')}`)).body.items[0];
    expect(city).toMatchObject({ kind: 'region', code: CHANGZHI, name: '长治市' });
    expect(city.bbox[0]).toBeLessThan(city.lon);
    expect(city.bbox[2]).toBeGreaterThan(city.lon);
  });

  it('treats % and _ as text and refuses an empty query in Chinese', async () => {
    expect((await api('/api/search?q=%25')).body.items).toEqual([]);
    const empty = await api('/api/search?q=%20');
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toMatch(/请输入/);
  });
});

describe('GET /api/layers/counts', () => {
  it('counts projects exactly as the list does for the same filter', async () => {
    for (const q of ['', `region=${CHANGZHI}`, 'stage=continuing,new_start&level=province_key', 'category=energy&minInvestment=10000', 'tag=six_new&year=2026']) {
      const counts = await api(`/api/layers/counts?${q}`);
      const list = await api(`/api/projects?limit=1&${q}`);
      expect(counts.body.projects.total, q).toBe(list.body.total);
      const byStage = Object.values(counts.body.projects.byValue as Record<string, number>).reduce((a, b) => a + b, 0);
      expect(byStage, q).toBe(list.body.total);
    }
  });

  it('counts the other layers in the region by their legend classes', async () => {
    const { body } = await api(`/api/layers/counts?region=${CHANGZHI}&stage=completed`);
    const inRegion = sql`SELECT code FROM region_subtree(${CHANGZHI})`;
    const parcels = await sql`SELECT status, count(*)::int AS n FROM land_parcels WHERE region_code IN (${inRegion}) GROUP BY status`;
    expect(body.land_parcels.byValue).toEqual(Object.fromEntries(parcels.map((r) => [r.status, r.n])));
    const standard = await sql`SELECT count(*)::int AS n FROM land_parcels WHERE kind = 'standard_land' AND region_code IN (${inRegion})`;
    expect(body.standardLand.total).toBe(standard[0]!.n);
    const stations = await sql`SELECT count(*)::int AS n FROM energy_stations WHERE region_code IN (${inRegion})`;
    expect(body.energy_stations.total).toBe(stations[0]!.n);
    expect(body.regions.byValue).toEqual({ city: 1, county: 12 });
  });

  it('refuses an unknown region or enumeration value', async () => {
    expect((await api('/api/layers/counts?region=999999')).status).toBe(400);
    const bad = await api('/api/layers/counts?stage=late');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('stage');
  });
});

describe('GET /api/factors', () => {
  it('returns each county ledger of the year as stored, with what is left and who draws on it', async () => {
    const { body } = await api(`/api/factors?region=${CHANGZHI}`);
    const [latest] = await sql`SELECT max(year) AS y FROM quota_ledgers`;
    expect(body.year).toBe(latest!.y);
    const rows = await sql`
      SELECT count(*)::int AS n, sum(remaining)::float8 AS left FROM quota_ledgers
      WHERE year = ${body.year} AND region_code IN (SELECT code FROM region_subtree(${CHANGZHI}))`;
    expect(body.ledgers).toHaveLength(rows[0]!.n);
    const sum = body.ledgers.reduce((s: number, l: any) => s + l.remaining, 0);
    expect(sum).toBeCloseTo(rows[0]!.left, 2);
    for (const l of body.ledgers) expect(l.remaining).toBeCloseTo(l.granted + l.advanced - l.allocated, 2);
    const drawn = body.ledgers.find((l: any) => l.draws.length > 0);
    const [d] = await sql`SELECT count(*)::int AS n FROM quota_draws WHERE region_code = ${drawn.regionCode} AND year = ${body.year} AND factor = ${drawn.factor}`;
    expect(drawn.draws).toHaveLength(d!.n);
  });

  it('lists the available standard land of the region', async () => {
    const { body } = await api(`/api/factors?region=${CHANGZHI}`);
    const [n] = await sql`
      SELECT count(*)::int AS n FROM land_parcels WHERE kind = 'standard_land' AND status = 'available'
        AND region_code IN (SELECT code FROM region_subtree(${CHANGZHI}))`;
    expect(body.standardLand).toHaveLength(n!.n);
    expect(body.standardLand.every((l: any) => l.areaM2 > 0 && Number.isFinite(l.lon))).toBe(true);
    expect((await api('/api/factors?region=999999')).status).toBe(404);
    expect((await api('/api/factors?year=1999')).status).toBe(400);
  });
});

describe('GET /api/stats/energy', () => {
  it('adds its children up to the total and matches the stations table', async () => {
    const { body } = await api(`/api/stats/energy?region=${CHANGZHI}`);
    const [t] = await sql`
      SELECT sum(capacity_kw)::float8 AS cap, sum(connected_kw)::float8 AS con FROM energy_stations
      WHERE kind IN ('village_pv', 'centralised_pv', 'distributed_pv', 'wind') AND region_code IN (SELECT code FROM region_subtree(${CHANGZHI}))`;
    expect(body.total.capacityKw).toBeCloseTo(t!.cap, 2);
    expect(body.total.rate).toBeCloseTo(t!.con / t!.cap, 6);
    expect(body.children.reduce((s: number, c: any) => s + c.capacityKw, 0)).toBeCloseTo(body.total.capacityKw, 2);
    expect(body.children).toHaveLength(12);
  });
});

describe('GET /api/projects near a point and by year', () => {
  it('lists the projects within the radius, nearest first, as PostGIS counts them', async () => {
    const [lon, lat, km] = [112.87, 36.47, 25];
    const { body } = await api(`/api/projects?near=${lon},${lat}&radiusKm=${km}&sort=distance&limit=200`);
    const [n] = await sql`SELECT count(*)::int AS n FROM projects WHERE ST_DWithin(location::geography, ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4490)::geography, ${km * 1000})`;
    expect(body.total).toBe(n!.n);
    expect(body.total).toBeGreaterThan(0);
    const d = body.items.map((i: any) => i.distanceM);
    expect(d).toEqual([...d].sort((a: number, b: number) => a - b));
    expect(Math.max(...d)).toBeLessThanOrEqual(km * 1000);
    expect((await api('/api/projects?near=200,36')).status).toBe(400);
  });

  it('finds the late projects: not started or finished on time, or a problem past its deadline', async () => {
    const [n] = await sql`
      SELECT count(*)::int AS n FROM projects p WHERE (actual_start IS NULL AND planned_start < current_date)
        OR (actual_finish IS NULL AND planned_finish < current_date)
        OR p.id IN (SELECT project_id FROM problems WHERE status IN ('open', 'assigned') AND deadline < current_date)`;
    expect(n!.n).toBeGreaterThan(0);
    expect((await api('/api/projects?late=true&limit=1')).body.total).toBe(n!.n);
    const ids = await api(`/api/projects/ids?late=true`);
    expect(ids.body.ids).toHaveLength(n!.n);
    expect((await api('/api/projects?late=maybe')).status).toBe(400);
  });

  it('filters by plan year', async () => {
    const [n] = await sql`SELECT count(*)::int AS n FROM projects WHERE plan_year = 2026`;
    expect((await api('/api/projects?year=2026&limit=1')).body.total).toBe(n!.n);
  });
});

describe('GET /api/map-config', () => {
  it('offers the offline basemap first and no 天地图 without a key', async () => {
    const { body } = await api('/api/map-config');
    expect(body.basemaps[0]).toMatchObject({ id: 'offline', kind: 'offline' });
    expect(body.basemaps.some((b: any) => b.id.startsWith('tianditu'))).toBe(false);
  });
});
