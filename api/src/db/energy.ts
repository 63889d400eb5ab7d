// The energy view: PV and wind capacity, connected capacity and connection rate per child region,
// and stations by grid status — from the same rows the map's station layer is built from. Capacity
// and rate count generation (PV and wind) only, as the dashboard does; storage is listed by kind.
import type { Sql } from 'postgres';

const GENERATION = new Set(['village_pv', 'centralised_pv', 'distributed_pv', 'wind']);

export interface EnergyRow {
  code: string;
  name: string;
  /** PV and wind stations, their capacity and connected capacity (kW). */
  stations: number;
  capacityKw: number;
  connectedKw: number;
  rate: number | null;
  byStatus: Record<string, number>;
  byKind: Record<string, { stations: number; capacityKw: number; connectedKw: number }>;
}

/** One row per child region of `root` (the provinces when null) and a total row. */
export async function energyByRegion(sql: Sql, root: string | null): Promise<{ total: EnergyRow; children: EnergyRow[] }> {
  const rows = await sql<{ child: string; name: string; kind: string; grid_status: string; n: number; cap: number; con: number }[]>`
    WITH RECURSIVE scope(code, child) AS (
      ${root ? sql`SELECT code, code FROM regions WHERE parent_code = ${root}` : sql`SELECT code, code FROM regions WHERE parent_code IS NULL`}
      UNION ALL SELECT r.code, s.child FROM regions r JOIN scope s ON r.parent_code = s.code
    )
    SELECT s.child::text AS child, c.name, e.kind, e.grid_status, count(*)::int AS n,
           sum(e.capacity_kw)::float8 AS cap, sum(e.connected_kw)::float8 AS con
    FROM energy_stations e JOIN scope s ON s.code = e.region_code JOIN regions c ON c.code = s.child
    GROUP BY 1, 2, 3, 4`;
  const children = await sql<{ code: string; name: string }[]>`
    SELECT code::text, name FROM regions WHERE ${root ? sql`parent_code = ${root}` : sql`parent_code IS NULL`} ORDER BY code`;
  const empty = (code: string, name: string): EnergyRow => ({ code, name, stations: 0, capacityKw: 0, connectedKw: 0, rate: null, byStatus: {}, byKind: {} });
  const total = empty(root ?? '', '合计');
  const byChild = new Map(children.map((c) => [c.code, empty(c.code, c.name)]));
  for (const r of rows) {
    for (const row of [byChild.get(r.child), total]) {
      if (!row) continue;
      if (GENERATION.has(r.kind)) {
        row.stations += r.n;
        row.capacityKw += r.cap;
        row.connectedKw += r.con;
      }
      row.byStatus[r.grid_status] = (row.byStatus[r.grid_status] ?? 0) + r.n;
      const k = (row.byKind[r.kind] ??= { stations: 0, capacityKw: 0, connectedKw: 0 });
      k.stations += r.n;
      k.capacityKw += r.cap;
      k.connectedKw += r.con;
    }
  }
  for (const row of [total, ...byChild.values()]) row.rate = row.capacityKw > 0 ? row.connectedKw / row.capacityKw : null;
  return { total, children: [...byChild.values()] };
}
