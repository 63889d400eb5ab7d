// What map stories read from the data: the live figures of a scene (for its region and filter) and
// what the templates are built from (the region's extent, available standard land, the flagship
// projects, the projects of an industrial chain). Figures use the same definitions as the map.
import type { Sql } from 'postgres';
import type { Scene, StoryFigureKey } from '@guatu/data/stories.ts';

const MU_PER_M2 = 3 / 2000;

/** The region subtree condition on a `region_code` column (everything when `region` is undefined). */
const inRegion = (sql: Sql, column: string, region: string | undefined) =>
  region ? sql`${sql(column)} IN (SELECT code FROM region_subtree(${region}))` : sql`TRUE`;

/** The values of the figures a scene shows (rounded for display units: 亿元, 亩, 万千瓦, %). */
export async function sceneFigures(sql: Sql, scene: Pick<Scene, 'figures' | 'filter'>): Promise<Partial<Record<StoryFigureKey, number>>> {
  const f = scene.filter;
  const want = new Set(scene.figures);
  const out: Partial<Record<StoryFigureKey, number>> = {};
  const stage = f.stage?.length ? sql`AND p.stage = ANY(${f.stage}::text[])` : sql``;
  const category = f.category?.length ? sql`AND p.category = ANY(${f.category}::text[])` : sql``;
  if (want.has('projects.count') || want.has('projects.investment')) {
    const [r] = await sql<{ n: number; total: number }[]>`
      SELECT count(*)::int AS n, coalesce(sum(total_investment), 0)::float8 AS total FROM projects p
      WHERE ${inRegion(sql, 'p.region_code', f.region)} ${stage} ${category}`;
    out['projects.count'] = r!.n;
    out['projects.investment'] = Math.round(r!.total / 100) / 100;
  }
  if (want.has('chain.count') || want.has('chain.investment')) {
    const [r] = await sql<{ n: number; total: number }[]>`
      SELECT count(*)::int AS n, coalesce(sum(total_investment), 0)::float8 AS total FROM projects p
      WHERE ${inRegion(sql, 'p.region_code', f.region)} AND p.industry_chain = ${f.industryChain ?? ''}`;
    out['chain.count'] = r!.n;
    out['chain.investment'] = Math.round(r!.total / 100) / 100;
  }
  if (want.has('standard_land.count') || want.has('standard_land.area') || want.has('available_land.area')) {
    const [r] = await sql<{ n: number; standard: number; all: number }[]>`
      SELECT count(*) FILTER (WHERE kind = 'standard_land')::int AS n,
             coalesce(sum(area_m2) FILTER (WHERE kind = 'standard_land'), 0)::float8 AS standard, coalesce(sum(area_m2), 0)::float8 AS all
      FROM land_parcels WHERE status = 'available' AND ${inRegion(sql, 'region_code', f.region)}`;
    out['standard_land.count'] = r!.n;
    out['standard_land.area'] = Math.round(r!.standard * MU_PER_M2);
    out['available_land.area'] = Math.round(r!.all * MU_PER_M2);
  }
  if (want.has('energy.capacity') || want.has('energy.connection_rate')) {
    const [r] = await sql<{ cap: number; conn: number }[]>`
      SELECT coalesce(sum(capacity_kw), 0)::float8 AS cap, coalesce(sum(connected_kw), 0)::float8 AS conn FROM energy_stations
      WHERE kind IN ('village_pv', 'centralised_pv', 'distributed_pv', 'wind') AND ${inRegion(sql, 'region_code', f.region)}`;
    out['energy.capacity'] = Math.round(r!.cap / 100) / 100;
    out['energy.connection_rate'] = r!.cap > 0 ? Math.round((r!.conn / r!.cap) * 1000) / 10 : 0;
  }
  if (want.has('transport.km')) {
    const [r] = await sql<{ km: number }[]>`
      SELECT coalesce(sum(ST_Length(l.geom::geography)), 0)::float8 / 1000 AS km FROM transport_lines l
      WHERE l.kind IN ('expressway', 'high_speed_rail', 'railway')
        AND (${f.region ?? null}::text IS NULL OR ST_Intersects(l.geom, (SELECT boundary FROM regions WHERE code = ${f.region ?? null})))`;
    out['transport.km'] = Math.round(r!.km);
  }
  return out;
}

export interface TemplateData {
  region: { code: string; name: string; bbox: [number, number, number, number] } | null;
  standardLand: { id: number; name: string; center: [number, number]; areaMu: number; landUse: string; services: string | null }[];
  flagships: { id: number; name: string; center: [number, number]; investment: number; category: string; industryChain: string | null }[];
  /** The industrial chain with the most projects, and its projects' extent. */
  chain: { name: string; bbox: [number, number, number, number]; projects: number[] } | null;
  /** The longest expressway or railway through the region (the overview's traffic flow). */
  mainLine: { id: number; name: string } | null;
}

/** What the templates need, for a region (its subtree) or everything. */
export async function templateData(sql: Sql, region: string | undefined, chain: string | undefined): Promise<TemplateData> {
  const [r] = region
    ? await sql<{ code: string; name: string; x0: number; y0: number; x1: number; y1: number }[]>`
      SELECT code::text, name, ST_XMin(boundary) AS x0, ST_YMin(boundary) AS y0, ST_XMax(boundary) AS x1, ST_YMax(boundary) AS y1 FROM regions WHERE code = ${region}`
    : await sql<{ code: string; name: string; x0: number; y0: number; x1: number; y1: number }[]>`
      SELECT '' AS code, '全域' AS name, ST_XMin(e) AS x0, ST_YMin(e) AS y0, ST_XMax(e) AS x1, ST_YMax(e) AS y1
      FROM (SELECT ST_Extent(boundary)::geometry AS e FROM regions WHERE level = 'county') x WHERE e IS NOT NULL`;
  const standardLand = await sql<TemplateData['standardLand']>`
    SELECT id::int AS id, coalesce(name, code) AS name, ARRAY[ST_X(c), ST_Y(c)] AS center, round(area_m2 * ${MU_PER_M2})::float8 AS "areaMu", land_use AS "landUse", services
    FROM (SELECT *, ST_PointOnSurface(geom) AS c FROM land_parcels WHERE kind = 'standard_land' AND status = 'available' AND ${inRegion(sql, 'region_code', region)}) p
    ORDER BY area_m2 DESC, id LIMIT 4`;
  const flagships = await sql<TemplateData['flagships']>`
    SELECT id::int AS id, name, ARRAY[ST_X(location), ST_Y(location)] AS center, total_investment::float8 AS investment, category, industry_chain AS "industryChain"
    FROM projects p WHERE level IN ('province_key', 'city_key') AND ${inRegion(sql, 'p.region_code', region)}
    ORDER BY total_investment DESC, id LIMIT 5`;
  const [c] = await sql<{ name: string; x0: number; y0: number; x1: number; y1: number; ids: number[] }[]>`
    SELECT industry_chain AS name, ST_XMin(e) AS x0, ST_YMin(e) AS y0, ST_XMax(e) AS x1, ST_YMax(e) AS y1, ids FROM (
      SELECT industry_chain, ST_Extent(location)::geometry AS e, (array_agg(id::int ORDER BY total_investment DESC))[1:8] AS ids, count(*) AS n
      FROM projects p WHERE industry_chain IS NOT NULL AND ${inRegion(sql, 'p.region_code', region)}
        AND (${chain ?? null}::text IS NULL OR industry_chain = ${chain ?? null})
      GROUP BY industry_chain ORDER BY n DESC, industry_chain LIMIT 1) x`;
  const [line] = await sql<{ id: number; name: string }[]>`
    SELECT l.id::int AS id, l.name FROM transport_lines l
    WHERE l.kind IN ('expressway', 'high_speed_rail', 'railway') AND l.status = 'existing'
      AND (${region ?? null}::text IS NULL OR ST_Intersects(l.geom, (SELECT boundary FROM regions WHERE code = ${region ?? null})))
    ORDER BY ST_Length(l.geom) DESC, l.id LIMIT 1`;
  return {
    mainLine: line ?? null,
    region: r ? { code: r.code, name: r.name, bbox: [r.x0, r.y0, r.x1, r.y1] } : null,
    standardLand, flagships,
    chain: c ? { name: c.name, bbox: [c.x0, c.y0, c.x1, c.y1], projects: c.ids } : null,
  };
}

export interface SceneData {
  /** Projects for 3-D columns: the highlighted ones, else the scene filter's largest. */
  columns: { id: number; name: string; position: [number, number]; investment: number; highlighted: boolean }[];
  /** Parcels for 3-D extrusion, as GeoJSON features in EPSG:4490 (public fields only). */
  parcels: { type: 'Feature'; properties: { id: number; name: string; areaMu: number; highlighted: boolean }; geometry: unknown }[];
  /** The line traffic flows along: its name and its longest part's coordinates. */
  flow: { name: string; path: [number, number][] } | null;
}

/** The features a scene draws in 3-D (at most 300 columns and 300 parcels). */
export async function sceneData(sql: Sql, scene: Pick<Scene, 'filter' | 'highlight' | 'threeD'>): Promise<SceneData> {
  const f = scene.filter;
  const projects = scene.highlight.projects ?? [];
  const parcels = scene.highlight.parcels ?? [];
  const columns = scene.threeD.columns
    ? await sql<SceneData['columns']>`
      SELECT id::int AS id, name, ARRAY[ST_X(location), ST_Y(location)] AS position, total_investment::float8 AS investment, id = ANY(${projects}::bigint[]) AS highlighted
      FROM projects p
      WHERE id = ANY(${projects}::bigint[]) OR (
        ${inRegion(sql, 'p.region_code', f.region)}
        AND (${f.stage ?? null}::text[] IS NULL OR stage = ANY(${f.stage ?? null}::text[]))
        AND (${f.category ?? null}::text[] IS NULL OR category = ANY(${f.category ?? null}::text[]))
        AND (${f.industryChain ?? null}::text IS NULL OR industry_chain = ${f.industryChain ?? null}))
      ORDER BY (id = ANY(${projects}::bigint[])) DESC, total_investment DESC LIMIT 300`
    : [];
  const extruded = scene.threeD.parcels
    ? await sql<{ id: number; name: string; areaMu: number; highlighted: boolean; geometry: unknown }[]>`
      SELECT id::int AS id, coalesce(name, code) AS name, round(area_m2 * ${MU_PER_M2})::float8 AS "areaMu", id = ANY(${parcels}::bigint[]) AS highlighted,
             ST_AsGeoJSON(geom, 6)::json AS geometry
      FROM land_parcels
      WHERE id = ANY(${parcels}::bigint[]) OR (status = 'available' AND ${inRegion(sql, 'region_code', f.region)}
        AND (${f.standardOnly ?? false} = false OR kind = 'standard_land'))
      ORDER BY (id = ANY(${parcels}::bigint[])) DESC, area_m2 DESC LIMIT 300`
    : [];
  const [flow] = scene.threeD.flowLineId
    ? await sql<{ name: string; path: [number, number][] }[]>`
      SELECT l.name, (ST_AsGeoJSON(ST_Simplify(part.geom, 0.0005), 6)::json -> 'coordinates') AS path
      FROM transport_lines l, LATERAL (SELECT (ST_Dump(ST_LineMerge(l.geom))).geom) part
      WHERE l.id = ${scene.threeD.flowLineId} ORDER BY ST_Length(part.geom) DESC LIMIT 1`
    : [];
  return {
    columns,
    parcels: extruded.map(({ geometry, ...properties }) => ({ type: 'Feature' as const, properties, geometry })),
    flow: flow ?? null,
  };
}
