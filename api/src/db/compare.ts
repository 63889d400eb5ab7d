// Comparing two data versions (按月对比): each project's stage and figures as of each version — the
// latest month reported up to that version's month, in that version or an earlier one — and what
// changed between them: new starts, completions, and projects that stalled (building, nothing
// invested in the later month).
import type { Sql } from 'postgres';

export type ChangeKind = 'new_start' | 'completion' | 'stalled';

export interface ProjectChange {
  id: number;
  code: string;
  name: string;
  regionName: string;
  change: ChangeKind;
  fromStage: string | null;
  toStage: string;
  investmentMonth: number;
  investmentYtd: number;
}

/** The changes from version `from` to version `to`, inside `region` when given. */
export async function compareVersions(sql: Sql, from: number, to: number, region: string | null): Promise<ProjectChange[]> {
  const asOf = (version: number) => sql`
    SELECT DISTINCT ON (m.project_id) m.project_id, m.stage, m.investment_month::float8 AS inv_month, m.investment_ytd::float8 AS ytd
    FROM project_months m
    WHERE m.data_version_id <= ${version} AND m.month <= (SELECT month FROM data_versions WHERE id = ${version})
    ORDER BY m.project_id, m.month DESC, m.data_version_id DESC`;
  return sql<ProjectChange[]>`
    WITH a AS (${asOf(from)}), b AS (${asOf(to)}),
    joined AS (
      SELECT p.id::int AS id, p.code, p.name, r.name AS "regionName", a.stage AS "fromStage", b.stage AS "toStage",
             b.inv_month AS "investmentMonth", b.ytd AS "investmentYtd",
             CASE
               WHEN coalesce(a.stage, 'reserve') = 'reserve' AND b.stage <> 'reserve' THEN 'new_start'
               WHEN coalesce(a.stage, 'reserve') NOT IN ('completed', 'operating') AND b.stage IN ('completed', 'operating') THEN 'completion'
               WHEN b.stage IN ('new_start', 'continuing') AND b.inv_month = 0 THEN 'stalled'
             END AS change
      FROM b JOIN projects p ON p.id = b.project_id JOIN regions r ON r.code = p.region_code
      LEFT JOIN a ON a.project_id = b.project_id
      WHERE ${region ? sql`p.region_code IN (SELECT code FROM region_subtree(${region}))` : sql`TRUE`}
    )
    SELECT * FROM joined WHERE change IS NOT NULL ORDER BY change, id`;
}
