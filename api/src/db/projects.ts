// Project queries: the filtered list and the project file (一项一档).
import type { Sql } from 'postgres';

export interface ProjectFilter {
  stage?: string[];
  level?: string[];
  category?: string[];
  tag?: string[];
  region?: string;
  q?: string;
  bbox?: [number, number, number, number];
  minInvestment?: number;
  maxInvestment?: number;
  /** The annual plan the project is in. */
  year?: number;
  /** Late: not started or not finished by the planned date, or with a problem past its deadline. */
  late?: boolean;
  /** Within `km` of a point (site visits: "near me"). */
  near?: { lon: number; lat: number; km: number };
}

/** Sort keys the list accepts, and the columns they order by. */
export const projectSortKeys = {
  totalInvestment: 'total_investment',
  annualPlan: 'annual_plan',
  name: 'name',
  code: 'code',
  stage: 'stage',
  level: 'level',
  plannedStart: 'planned_start',
  updatedAt: 'updated_at',
  distance: 'distance',
} as const;
export type ProjectSortKey = keyof typeof projectSortKeys;

export interface ProjectListItem {
  id: number;
  code: string;
  name: string;
  stage: string;
  level: string;
  category: string;
  tags: string[];
  regionCode: string;
  regionName: string;
  totalInvestment: number;
  annualPlan: number;
  lon: number;
  lat: number;
  isDemo: boolean;
  /** Metres from the `near` point, when the filter has one. */
  distanceM?: number;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/** The WHERE conditions for a filter, as one SQL fragment (always valid, `TRUE` when empty). */
export function projectConditions(sql: Sql, f: ProjectFilter) {
  const parts = [sql`TRUE`];
  if (f.stage?.length) parts.push(sql`p.stage = ANY(${f.stage}::text[])`);
  if (f.level?.length) parts.push(sql`p.level = ANY(${f.level}::text[])`);
  if (f.category?.length) parts.push(sql`p.category = ANY(${f.category}::text[])`);
  if (f.tag?.length) parts.push(sql`p.tags && ${f.tag}::text[]`);
  if (f.region) parts.push(sql`p.region_code IN (SELECT code FROM region_subtree(${f.region}))`);
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`;
    parts.push(sql`(p.name ILIKE ${like} OR p.code ILIKE ${like})`);
  }
  if (f.bbox) {
    const [x1, y1, x2, y2] = f.bbox;
    parts.push(sql`p.location && ST_MakeEnvelope(${x1}, ${y1}, ${x2}, ${y2}, 4490)`);
  }
  if (f.minInvestment !== undefined) parts.push(sql`p.total_investment >= ${f.minInvestment}`);
  if (f.maxInvestment !== undefined) parts.push(sql`p.total_investment <= ${f.maxInvestment}`);
  if (f.year !== undefined) parts.push(sql`p.plan_year = ${f.year}`);
  if (f.late) {
    parts.push(sql`(
      (p.actual_start IS NULL AND p.planned_start < current_date) OR (p.actual_finish IS NULL AND p.planned_finish < current_date)
      OR EXISTS (SELECT 1 FROM problems q WHERE q.project_id = p.id AND q.status IN ('open', 'assigned') AND q.deadline < current_date))`);
  }
  if (f.near) parts.push(sql`ST_DWithin(p.location::geography, ST_SetSRID(ST_MakePoint(${f.near.lon}, ${f.near.lat}), 4490)::geography, ${f.near.km * 1000})`);
  return parts.reduce((acc, part) => sql`${acc} AND ${part}`);
}

/** One page of projects matching a filter, with the total count. */
export async function listProjects(
  sql: Sql, filter: ProjectFilter, sort: { key: ProjectSortKey; descending: boolean }, limit: number, offset: number,
): Promise<{ items: ProjectListItem[]; total: number }> {
  const where = projectConditions(sql, filter);
  const near = filter.near;
  const distance = near
    ? sql`ST_Distance(p.location::geography, ST_SetSRID(ST_MakePoint(${near.lon}, ${near.lat}), 4490)::geography)`
    : sql`NULL::float8`;
  // Without a point there is no distance to sort by: nearest-first falls back to the largest.
  const column = sort.key === 'distance' ? (near ? distance : sql`p.total_investment`) : sql(`p.${projectSortKeys[sort.key]}`);
  const descending = sort.key === 'distance' && !near ? true : sort.descending;
  const order = sql`${column} ${descending ? sql`DESC NULLS LAST` : sql`ASC NULLS LAST`}`;
  const [items, [count]] = await Promise.all([
    sql<ProjectListItem[]>`
      SELECT p.id::int AS "id", p.code, p.name, p.stage, p.level, p.category, p.tags,
             p.region_code::text AS "regionCode", r.name AS "regionName",
             p.total_investment::float8 AS "totalInvestment", p.annual_plan::float8 AS "annualPlan",
             ST_X(p.location) AS lon, ST_Y(p.location) AS lat, p.is_demo AS "isDemo",
             ${distance} AS "distanceM"
      FROM projects p JOIN regions r ON r.code = p.region_code
      WHERE ${where}
      ORDER BY ${order}, p.id
      LIMIT ${limit} OFFSET ${offset}`,
    sql<{ n: number }[]>`SELECT count(*)::int AS n FROM projects p WHERE ${where}`,
  ]);
  return { items: items.map((i) => (i.distanceM === null ? { ...i, distanceM: undefined } : i)), total: count!.n };
}

/** The ids of the projects matching a filter (the map filters its tiles by them), up to `cap`. */
export async function projectIds(sql: Sql, filter: ProjectFilter, cap: number): Promise<{ ids: number[]; total: number }> {
  const where = projectConditions(sql, filter);
  const rows = await sql<{ id: number }[]>`SELECT p.id::int AS id FROM projects p WHERE ${where} ORDER BY p.id LIMIT ${cap + 1}`;
  const [count] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM projects p WHERE ${where}`;
  return { ids: rows.slice(0, cap).map((r) => r.id), total: count!.n };
}

/** The project file (一项一档) as GET /api/projects/:id returns it. */
export interface ProjectFile {
  id: number;
  code: string;
  name: string;
  level: string;
  stage: string;
  category: string;
  tags: string[];
  industryChain: string | null;
  regionCode: string;
  regionName: string;
  cityName: string | null;
  owner: string | null;
  responsibleLeader: string | null;
  description: string | null;
  totalInvestment: number;
  annualPlan: number;
  planYear: number;
  plannedStart: string | null;
  plannedFinish: string | null;
  actualStart: string | null;
  actualFinish: string | null;
  lon: number;
  lat: number;
  isDemo: boolean;
  dataVersionLabel: string;
  needs: { landMu: number; energyTce: number; water10kM3: number; emissionT: number; fundingGap: number };
  months: { month: string; investmentMonth: number; investmentYtd: number; stage: string; progress: string | null }[];
  procedures: { kind: string; status: string; doneOn: string | null; documentNo: string | null }[];
  problems: {
    id: number; category: string; description: string; solveLevel: string; responsibleUnit: string;
    reportedOn: string; deadline: string | null; status: string; resolvedOn: string | null; feedback: string | null; overdue: boolean;
  }[];
  allocations: { landParcels: { count: number; areaM2: number; areaMu: number }; quotaDraws: { factor: string; year: number; amount: number }[] };
}

/** The project file: facts, monthly investment, procedures, problems, factor needs against allocations. */
export async function projectFile(sql: Sql, id: number): Promise<ProjectFile | null> {
  const [project] = await sql<Omit<ProjectFile, 'months' | 'procedures' | 'problems' | 'allocations'>[]>`
    SELECT p.id::int AS "id", p.code, p.name, p.level, p.stage, p.category, p.tags, p.industry_chain AS "industryChain",
           p.region_code::text AS "regionCode", r.name AS "regionName", c.code::text AS "cityCode", c.name AS "cityName",
           p.owner, p.responsible_leader AS "responsibleLeader", p.description,
           p.total_investment::float8 AS "totalInvestment", p.annual_plan::float8 AS "annualPlan", p.plan_year AS "planYear",
           to_char(p.planned_start, 'YYYY-MM-DD') AS "plannedStart", to_char(p.planned_finish, 'YYYY-MM-DD') AS "plannedFinish",
           to_char(p.actual_start, 'YYYY-MM-DD') AS "actualStart", to_char(p.actual_finish, 'YYYY-MM-DD') AS "actualFinish",
           ST_X(p.location) AS lon, ST_Y(p.location) AS lat, ST_AsGeoJSON(p.geom, 7, 0)::json AS site,
           p.is_demo AS "isDemo", p.data_version_id::int AS "dataVersionId", dv.label AS "dataVersionLabel",
           json_build_object('landMu', p.need_land_mu::float8, 'energyTce', p.need_energy_tce::float8,
             'water10kM3', p.need_water_10k_m3::float8, 'emissionT', p.need_emission_t::float8,
             'fundingGap', p.funding_gap::float8) AS needs
    FROM projects p
    JOIN regions r ON r.code = p.region_code
    LEFT JOIN regions c ON c.code = r.parent_code
    JOIN data_versions dv ON dv.id = p.data_version_id
    WHERE p.id = ${id}`;
  if (!project) return null;
  const [months, procedures, problems, land, draws] = await Promise.all([
    // The latest revision of each month.
    sql<ProjectFile['months']>`
      SELECT DISTINCT ON (month) to_char(month, 'YYYY-MM') AS month, investment_month::float8 AS "investmentMonth",
             investment_ytd::float8 AS "investmentYtd", stage, progress, note, data_version_id::int AS "dataVersionId"
      FROM project_months WHERE project_id = ${id}
      ORDER BY month, data_version_id DESC`,
    sql<ProjectFile['procedures']>`
      SELECT kind, status, to_char(done_on, 'YYYY-MM-DD') AS "doneOn", document_no AS "documentNo"
      FROM procedures WHERE project_id = ${id}
      ORDER BY array_position(ARRAY['approval','planning_site','land_pre_review','eia','energy_review','land_use_permit','construction_permit'], kind)`,
    sql<ProjectFile['problems']>`
      SELECT id::int AS "id", category, description, solve_level AS "solveLevel", responsible_unit AS "responsibleUnit",
             to_char(reported_on, 'YYYY-MM-DD') AS "reportedOn", to_char(deadline, 'YYYY-MM-DD') AS "deadline", status,
             to_char(resolved_on, 'YYYY-MM-DD') AS "resolvedOn", feedback,
             (status IN ('open', 'assigned') AND deadline < current_date) AS overdue
      FROM problems WHERE project_id = ${id}
      ORDER BY (status IN ('open', 'assigned')) DESC, deadline`,
    sql`
      SELECT coalesce(sum(area_m2), 0)::float8 AS "areaM2", count(*)::int AS parcels
      FROM land_parcels WHERE project_id = ${id} AND status IN ('allocated', 'supplied')`,
    sql<ProjectFile['allocations']['quotaDraws']>`
      SELECT factor, year, amount::float8 AS amount FROM quota_draws WHERE project_id = ${id} ORDER BY year, factor`,
  ]);
  const landAllocated = land[0] as unknown as { areaM2: number; parcels: number };
  return {
    ...project,
    months: [...months],
    procedures: [...procedures],
    problems: [...problems],
    allocations: {
      landParcels: { count: landAllocated.parcels, areaM2: landAllocated.areaM2, areaMu: (landAllocated.areaM2 * 3) / 2000 },
      quotaDraws: [...draws],
    },
  };
}

/** The rows of the list export: the filter's projects (up to `cap`) with dates, owner and leader. */
export async function exportRows(sql: Sql, filter: ProjectFilter, cap: number) {
  const where = projectConditions(sql, filter);
  return sql<{
    code: string; name: string; regionName: string; level: string; stage: string; category: string; totalInvestment: number; annualPlan: number;
    plannedStart: string | null; plannedFinish: string | null; actualStart: string | null; owner: string | null; responsibleLeader: string | null;
  }[]>`
    SELECT p.code, p.name, r.name AS "regionName", p.level, p.stage, p.category, p.total_investment::float8 AS "totalInvestment",
           p.annual_plan::float8 AS "annualPlan", to_char(p.planned_start, 'YYYY-MM-DD') AS "plannedStart",
           to_char(p.planned_finish, 'YYYY-MM-DD') AS "plannedFinish", to_char(p.actual_start, 'YYYY-MM-DD') AS "actualStart",
           p.owner, p.responsible_leader AS "responsibleLeader"
    FROM projects p JOIN regions r ON r.code = p.region_code
    WHERE ${where} ORDER BY p.total_investment DESC, p.id LIMIT ${cap}`;
}

/** A project's site for a site check: its drawn geometry, else its point, with its name. */
export async function projectSite(sql: Sql, id: number): Promise<{ name: string; geometry: unknown } | null> {
  const [row] = await sql<{ name: string; geometry: unknown }[]>`
    SELECT name, ST_AsGeoJSON(coalesce(geom, location), 9)::json AS geometry FROM projects WHERE id = ${id}`;
  return row ?? null;
}

/** The drawn sites (polygons) of the projects matching a filter, up to `cap`, and how many match and have none. */
export async function projectSites(sql: Sql, filter: ProjectFilter, cap: number) {
  const where = projectConditions(sql, filter);
  const items = await sql<{ id: number; code: string; name: string; regionName: string; geometry: unknown }[]>`
    SELECT p.id::int AS id, p.code, p.name, r.name AS "regionName", ST_AsGeoJSON(p.geom, 9)::json AS geometry
    FROM projects p JOIN regions r ON r.code = p.region_code
    WHERE ${where} AND ST_Dimension(p.geom) = 2 ORDER BY p.region_code, p.code LIMIT ${cap + 1}`;
  const [count] = await sql<{ total: number; sited: number }[]>`
    SELECT count(*)::int AS total, count(*) FILTER (WHERE ST_Dimension(p.geom) = 2)::int AS sited FROM projects p WHERE ${where}`;
  return { items: items.slice(0, cap), sited: count!.sited, withoutSite: count!.total - count!.sited };
}
