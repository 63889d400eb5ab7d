// The search field: projects by name or code, stations by name or code, parcels by code or name,
// and places (regions) by name. Exact codes first, then names that start with the text, then the rest.
import type { Fragment, Sql } from 'postgres';

export type SearchKind = 'project' | 'station' | 'parcel' | 'region';

export interface SearchHit {
  kind: SearchKind;
  id: string;
  code: string;
  name: string;
  /** Where it is (region name) and what it is, for the result list. */
  detail: string;
  lon: number;
  lat: number;
  /** For regions and parcels: the extent to fly to. */
  bbox: [number, number, number, number] | null;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/** Up to `limit` hits per kind, best first within each kind; only inside `within` when given. */
export async function search(sql: Sql, q: string, limit: number, within: string | null = null): Promise<SearchHit[]> {
  const inside = (column: Fragment) => (within ? sql`${column} IN (SELECT code FROM region_subtree(${within}))` : sql`TRUE`);
  const like = `%${escapeLike(q)}%`;
  const prefix = `${escapeLike(q)}%`;
  const rank = (code: Fragment, name: Fragment) => sql`CASE WHEN ${code} = ${q} THEN 0 WHEN ${name} ILIKE ${prefix} THEN 1 ELSE 2 END`;
  const box = (g: Fragment) => sql`json_build_array(ST_XMin(${g}), ST_YMin(${g}), ST_XMax(${g}), ST_YMax(${g}))`;
  const [projects, stations, parcels, places] = await Promise.all([
    sql<SearchHit[]>`
      SELECT 'project' AS kind, p.id::text AS id, p.code, p.name, r.name AS detail, ST_X(p.location) AS lon, ST_Y(p.location) AS lat, NULL::json AS bbox
      FROM projects p JOIN regions r ON r.code = p.region_code
      WHERE (p.name ILIKE ${like} OR p.code ILIKE ${like}) AND ${inside(sql`p.region_code`)}
      ORDER BY ${rank(sql`p.code`, sql`p.name`)}, p.total_investment DESC, p.id LIMIT ${limit}`,
    sql<SearchHit[]>`
      SELECT 'station' AS kind, s.id::text AS id, s.code, s.name, r.name AS detail, ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat, NULL::json AS bbox
      FROM energy_stations s JOIN regions r ON r.code = s.region_code
      WHERE (s.name ILIKE ${like} OR s.code ILIKE ${like}) AND ${inside(sql`s.region_code`)}
      ORDER BY ${rank(sql`s.code`, sql`s.name`)}, s.capacity_kw DESC, s.id LIMIT ${limit}`,
    sql<SearchHit[]>`
      SELECT 'parcel' AS kind, l.id::text AS id, l.code, coalesce(l.name, l.code) AS name, r.name AS detail,
             ST_X(ST_PointOnSurface(l.geom)) AS lon, ST_Y(ST_PointOnSurface(l.geom)) AS lat, ${box(sql`l.geom`)} AS bbox
      FROM land_parcels l JOIN regions r ON r.code = l.region_code
      WHERE (l.code ILIKE ${like} OR l.name ILIKE ${like}) AND ${inside(sql`l.region_code`)}
      ORDER BY ${rank(sql`l.code`, sql`l.name`)}, l.area_m2 DESC, l.id LIMIT ${limit}`,
    // A city's outline is its counties': the extent comes from the region's whole subtree.
    sql<SearchHit[]>`
      SELECT 'region' AS kind, g.code::text AS id, g.code::text AS code, g.name, g.level AS detail,
             coalesce(ST_X(g.label_point), (ST_XMin(e.box) + ST_XMax(e.box)) / 2) AS lon,
             coalesce(ST_Y(g.label_point), (ST_YMin(e.box) + ST_YMax(e.box)) / 2) AS lat,
             CASE WHEN e.box IS NULL THEN NULL ELSE json_build_array(ST_XMin(e.box), ST_YMin(e.box), ST_XMax(e.box), ST_YMax(e.box)) END AS bbox
      FROM regions g
      CROSS JOIN LATERAL (SELECT ST_Extent(c.boundary) AS box FROM regions c WHERE c.code IN (SELECT code FROM region_subtree(g.code))) e
      WHERE (g.name ILIKE ${like} OR g.code = ${q}) AND ${inside(sql`g.code`)}
      ORDER BY ${rank(sql`g.code::text`, sql`g.name`)}, g.code LIMIT ${limit}`,
  ]);
  return [...places, ...projects, ...stations, ...parcels];
}
