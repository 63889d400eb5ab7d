// Headline figures for a region and for each of its child regions (the ranking table, 比学赶超).
// One grouping pass per subject: the region's total row and its children's rows come from the same
// GROUP BY, so a ranking always adds up to its headline.
import type { Sql } from 'postgres';

export interface Figures {
  projects: { count: number; byStage: Record<string, number>; byLevel: Record<string, number> };
  investment: { total: number; annualPlan: number; ytd: number; completionRate: number | null };
  newStart: { planned: number; started: number; rate: number | null };
  problems: { total: number; solved: number; overdue: number; closureRate: number | null };
  energy: {
    pv: { stations: number; capacityKw: number; connectedKw: number; rate: number | null };
    wind: { stations: number; capacityKw: number; connectedKw: number; rate: number | null };
  };
}

type Keyed<T> = T & { child: string | null; is_total: boolean };

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

/** Maps each region code in scope to the child of `root` that contains it (null: the root itself). */
function scopeCte(sql: Sql, root: string | null) {
  return root
    ? sql`
      WITH RECURSIVE scope(code, child) AS (
        SELECT code, NULL::char(6) FROM regions WHERE code = ${root}
        UNION ALL SELECT code, code FROM regions WHERE parent_code = ${root}
        UNION ALL SELECT r.code, s.child FROM regions r JOIN scope s ON r.parent_code = s.code WHERE s.child IS NOT NULL
      )`
    : sql`
      WITH RECURSIVE scope(code, child) AS (
        SELECT code, code FROM regions WHERE parent_code IS NULL
        UNION ALL SELECT r.code, s.child FROM regions r JOIN scope s ON r.parent_code = s.code
      )`;
}

const stageKeys = ['reserve', 'new_start', 'continuing', 'completed', 'operating'];
const levelKeys = ['province_key', 'city_key', 'county_key', 'general'];

/** Figures for `root` (null = everything) and per child region, with the month they stand at. */
export async function overview(sql: Sql, root: string | null) {
  const scope = scopeCte(sql, root);
  const [asOf] = await sql<{ month: string | null }[]>`SELECT to_char(max(month), 'YYYY-MM') AS month FROM project_months`;
  const asOfMonth = asOf?.month ?? null;
  const yearStart = asOfMonth ? `${asOfMonth.slice(0, 4)}-01-01` : '1900-01-01';
  const [projects, problems, stations] = await Promise.all([
    sql<Keyed<Record<string, number>>[]>`
      ${scope},
      ytd AS (
        SELECT DISTINCT ON (project_id) project_id, investment_ytd
        FROM project_months WHERE month >= ${yearStart}::date
        ORDER BY project_id, month DESC, data_version_id DESC
      )
      SELECT s.child::text AS child, grouping(s.child) = 1 AS is_total, count(*)::int AS count,
        ${sql.unsafe(stageKeys.map((k) => `count(*) FILTER (WHERE p.stage = '${k}')::int AS "stage_${k}"`).join(', '))},
        ${sql.unsafe(levelKeys.map((k) => `count(*) FILTER (WHERE p.level = '${k}')::int AS "level_${k}"`).join(', '))},
        coalesce(sum(p.total_investment), 0)::float8 AS total,
        coalesce(sum(p.annual_plan), 0)::float8 AS annual_plan,
        coalesce(sum(y.investment_ytd), 0)::float8 AS ytd,
        count(*) FILTER (WHERE p.planned_start >= ${yearStart}::date AND p.planned_start <= current_date)::int AS planned_starts,
        count(*) FILTER (WHERE p.planned_start >= ${yearStart}::date AND p.planned_start <= current_date AND p.actual_start IS NOT NULL)::int AS started
      FROM projects p JOIN scope s ON s.code = p.region_code LEFT JOIN ytd y ON y.project_id = p.id
      GROUP BY GROUPING SETS ((s.child), ())`,
    sql<Keyed<Record<string, number>>[]>`
      ${scope}
      SELECT s.child::text AS child, grouping(s.child) = 1 AS is_total, count(*)::int AS total,
        count(*) FILTER (WHERE q.status IN ('resolved', 'closed'))::int AS solved,
        count(*) FILTER (WHERE q.status IN ('open', 'assigned') AND q.deadline < current_date)::int AS overdue
      FROM problems q JOIN projects p ON p.id = q.project_id JOIN scope s ON s.code = p.region_code
      GROUP BY GROUPING SETS ((s.child), ())`,
    sql<Keyed<Record<string, number>>[]>`
      ${scope}
      SELECT s.child::text AS child, grouping(s.child) = 1 AS is_total,
        count(*) FILTER (WHERE e.kind IN ('village_pv', 'centralised_pv', 'distributed_pv'))::int AS pv_n,
        coalesce(sum(e.capacity_kw) FILTER (WHERE e.kind IN ('village_pv', 'centralised_pv', 'distributed_pv')), 0)::float8 AS pv_cap,
        coalesce(sum(e.connected_kw) FILTER (WHERE e.kind IN ('village_pv', 'centralised_pv', 'distributed_pv')), 0)::float8 AS pv_conn,
        count(*) FILTER (WHERE e.kind = 'wind')::int AS wind_n,
        coalesce(sum(e.capacity_kw) FILTER (WHERE e.kind = 'wind'), 0)::float8 AS wind_cap,
        coalesce(sum(e.connected_kw) FILTER (WHERE e.kind = 'wind'), 0)::float8 AS wind_conn
      FROM energy_stations e JOIN scope s ON s.code = e.region_code
      GROUP BY GROUPING SETS ((s.child), ())`,
  ]);
  const pick = <T extends { child: string | null; is_total: boolean }>(rows: readonly T[], child: string | null): T | undefined =>
    rows.find((r) => (child === null ? r.is_total : !r.is_total && r.child === child));
  const figures = (child: string | null): Figures => {
    const p = pick(projects, child) ?? ({} as Record<string, number>);
    const q = pick(problems, child) ?? ({} as Record<string, number>);
    const e = pick(stations, child) ?? ({} as Record<string, number>);
    const n = (v: number | undefined) => v ?? 0;
    return {
      projects: {
        count: n(p.count),
        byStage: Object.fromEntries(stageKeys.map((k) => [k, n(p[`stage_${k}`])])),
        byLevel: Object.fromEntries(levelKeys.map((k) => [k, n(p[`level_${k}`])])),
      },
      investment: { total: n(p.total), annualPlan: n(p.annual_plan), ytd: n(p.ytd), completionRate: ratio(n(p.ytd), n(p.annual_plan)) },
      newStart: { planned: n(p.planned_starts), started: n(p.started), rate: ratio(n(p.started), n(p.planned_starts)) },
      problems: { total: n(q.total), solved: n(q.solved), overdue: n(q.overdue), closureRate: ratio(n(q.solved), n(q.total)) },
      energy: {
        pv: { stations: n(e.pv_n), capacityKw: n(e.pv_cap), connectedKw: n(e.pv_conn), rate: ratio(n(e.pv_conn), n(e.pv_cap)) },
        wind: { stations: n(e.wind_n), capacityKw: n(e.wind_cap), connectedKw: n(e.wind_conn), rate: ratio(n(e.wind_conn), n(e.wind_cap)) },
      },
    };
  };
  const children = root
    ? await sql<{ code: string; name: string; level: string }[]>`SELECT code::text, name, level FROM regions WHERE parent_code = ${root} ORDER BY code`
    : await sql<{ code: string; name: string; level: string }[]>`SELECT code::text, name, level FROM regions WHERE parent_code IS NULL ORDER BY code`;
  return {
    asOfMonth,
    totals: figures(null),
    children: children.map((c) => ({ code: c.code, name: c.name, level: c.level, ...figures(c.code) })),
  };
}
