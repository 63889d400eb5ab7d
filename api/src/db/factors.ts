// Factor resources (要素保障): each county's quota ledgers for a year — granted, allocated, advanced
// and what is left — with the projects drawing on them, and the standard land still available.
import type { Sql } from 'postgres';

export interface LedgerRow {
  regionCode: string;
  regionName: string;
  factor: string;
  unit: string;
  granted: number;
  allocated: number;
  advanced: number;
  remaining: number;
  draws: { projectId: number; projectName: string; amount: number }[];
}

export interface StandardLandItem {
  id: number;
  code: string;
  name: string | null;
  regionCode: string;
  regionName: string;
  landUse: string;
  areaM2: number;
  services: string | null;
  priceWanPerMu: number | null;
  plotRatioMin: number | null;
  lon: number;
  lat: number;
}

/** The years that have ledgers, newest first. */
export async function ledgerYears(sql: Sql): Promise<number[]> {
  const rows = await sql<{ year: number }[]>`SELECT DISTINCT year FROM quota_ledgers ORDER BY year DESC`;
  return rows.map((r) => r.year);
}

/** Ledgers of a year in a region's subtree (null: everywhere), by county then factor. */
export async function ledgers(sql: Sql, region: string | null, year: number): Promise<LedgerRow[]> {
  const rows = await sql<LedgerRow[]>`
    SELECT l.region_code::text AS "regionCode", r.name AS "regionName", l.factor, l.unit,
           l.granted::float8 AS granted, l.allocated::float8 AS allocated, l.advanced::float8 AS advanced, l.remaining::float8 AS remaining,
           coalesce((
             SELECT json_agg(json_build_object('projectId', d.project_id, 'projectName', p.name, 'amount', d.amount::float8) ORDER BY d.amount DESC)
             FROM quota_draws d JOIN projects p ON p.id = d.project_id
             WHERE d.region_code = l.region_code AND d.year = l.year AND d.factor = l.factor
           ), '[]'::json) AS draws
    FROM quota_ledgers l JOIN regions r ON r.code = l.region_code
    WHERE l.year = ${year} ${region ? sql`AND l.region_code IN (SELECT code FROM region_subtree(${region}))` : sql``}
    ORDER BY l.region_code, array_position(ARRAY['land', 'energy', 'emission', 'water', 'funds'], l.factor)`;
  return [...rows];
}

/** Standard land (标准地) still available in a region's subtree, largest first. */
export async function availableStandardLand(sql: Sql, region: string | null): Promise<StandardLandItem[]> {
  const rows = await sql<StandardLandItem[]>`
    SELECT l.id::int AS id, l.code, l.name, l.region_code::text AS "regionCode", r.name AS "regionName", l.land_use AS "landUse",
           l.area_m2::float8 AS "areaM2", l.services, l.price_wan_per_mu::float8 AS "priceWanPerMu", l.plot_ratio_min::float8 AS "plotRatioMin",
           ST_X(ST_PointOnSurface(l.geom)) AS lon, ST_Y(ST_PointOnSurface(l.geom)) AS lat
    FROM land_parcels l JOIN regions r ON r.code = l.region_code
    WHERE l.kind = 'standard_land' AND l.status = 'available'
      ${region ? sql`AND l.region_code IN (SELECT code FROM region_subtree(${region}))` : sql``}
    ORDER BY l.area_m2 DESC, l.id`;
  return [...rows];
}
