// Region queries: the administrative tree and one region with its boundary.
import type { Sql } from 'postgres';

export interface RegionRow {
  code: string;
  name: string;
  level: 'province' | 'city' | 'county';
  parentCode: string | null;
  /** A label point inside the region, [lon, lat]. */
  center: [number, number] | null;
  /** [minLon, minLat, maxLon, maxLat] */
  bbox: [number, number, number, number] | null;
}

export interface RegionNode extends RegionRow {
  children: RegionNode[];
}

type RawRegion = { code: string; name: string; level: RegionRow['level']; parent_code: string | null; lon: number | null; lat: number | null; xmin: number | null; ymin: number | null; xmax: number | null; ymax: number | null };

function toRow(r: RawRegion): RegionRow {
  return {
    code: r.code,
    name: r.name,
    level: r.level,
    parentCode: r.parent_code,
    center: r.lon === null || r.lat === null ? null : [r.lon, r.lat],
    bbox: r.xmin === null ? null : [r.xmin!, r.ymin!, r.xmax!, r.ymax!],
  };
}

const columns = (sql: Sql) => sql`
  code::text, name, level, parent_code::text,
  ST_X(label_point) AS lon, ST_Y(label_point) AS lat,
  ST_XMin(boundary) AS xmin, ST_YMin(boundary) AS ymin, ST_XMax(boundary) AS xmax, ST_YMax(boundary) AS ymax`;

/** All regions as a tree (provinces at the top), ordered by code. */
export async function regionTree(sql: Sql): Promise<RegionNode[]> {
  const rows = await sql<RawRegion[]>`SELECT ${columns(sql)} FROM regions ORDER BY code`;
  const nodes = new Map<string, RegionNode>(rows.map((r) => [r.code, { ...toRow(r), children: [] }]));
  const roots: RegionNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentCode ? nodes.get(node.parentCode) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** One region with its boundary as GeoJSON and its direct children; null when unknown. */
export async function regionByCode(sql: Sql, code: string): Promise<(RegionRow & { boundary: unknown; children: RegionRow[] }) | null> {
  const [row] = await sql<(RawRegion & { boundary: string | null })[]>`
    SELECT ${columns(sql)}, ST_AsGeoJSON(boundary, 6, 0) AS boundary FROM regions WHERE code = ${code}`;
  if (!row) return null;
  const children = await sql<RawRegion[]>`SELECT ${columns(sql)} FROM regions WHERE parent_code = ${code} ORDER BY code`;
  return { ...toRow(row), boundary: row.boundary ? JSON.parse(row.boundary) : null, children: children.map(toRow) };
}

/** County boundaries (and the cities' outlines) as a GeoJSON FeatureCollection for the map. */
export async function regionBoundaries(sql: Sql, level: 'city' | 'county'): Promise<unknown> {
  const rows = await sql<{ code: string; name: string; parent_code: string | null; geom: string }[]>`
    SELECT code::text, name, parent_code::text, ST_AsGeoJSON(boundary, 5, 0) AS geom
    FROM regions WHERE level = ${level} AND boundary IS NOT NULL ORDER BY code`;
  return {
    type: 'FeatureCollection',
    features: rows.map((r) => ({
      type: 'Feature',
      properties: { code: r.code, name: r.name, parentCode: r.parent_code },
      geometry: JSON.parse(r.geom),
    })),
  };
}

/** Does a region with this code exist? */
export async function regionExists(sql: Sql, code: string): Promise<boolean> {
  const [row] = await sql`SELECT 1 FROM regions WHERE code = ${code}`;
  return !!row;
}

/** Is `code` the region `ancestor` or inside it? */
export async function regionWithin(sql: Sql, code: string, ancestor: string): Promise<boolean> {
  const [row] = await sql`SELECT 1 FROM region_subtree(${ancestor}) WHERE code = ${code}`;
  return !!row;
}

/** A region's name, or null when unknown. */
export async function regionName(sql: Sql, code: string): Promise<string | null> {
  const [row] = await sql<{ name: string }[]>`SELECT name FROM regions WHERE code = ${code}`;
  return row?.name ?? null;
}
