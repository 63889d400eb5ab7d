// Imports in the database: what the validator needs to know (the projects a file names, regions,
// the importer's writable regions), locating new projects, keeping the preview, and the commit — one
// transaction that creates the data version, writes projects and their month, and enqueues tiles.
import type { Sql, TransactionSql } from 'postgres';
import type { KnownProject, MonthlyRow } from '@guatu/data/imports/monthly-validate.ts';

export interface KnownProjectDetail extends KnownProject {
  actualStart: string | null;
  actualFinish: string | null;
  /** This month's figures from an earlier revision, when the month was imported before. */
  current: { investmentMonth: number; investmentYtd: number; stage: string; progress: string | null } | null;
}

/** The projects named by `codes`, with their figures before and in `month`. */
export async function knownProjects(sql: Sql, codes: string[], month: string): Promise<Map<string, KnownProjectDetail>> {
  const first = `${month}-01`;
  const rows = await sql<(Omit<KnownProjectDetail, 'previousYtd' | 'current'> & { prevMonth: string | null; prevYtd: number | null; cur: KnownProjectDetail['current'] })[]>`
    SELECT p.id::int AS id, p.code, p.name, p.stage, p.total_investment::float8 AS "totalInvestment", p.region_code::text AS "regionCode",
           to_char(p.actual_start, 'YYYY-MM-DD') AS "actualStart", to_char(p.actual_finish, 'YYYY-MM-DD') AS "actualFinish",
           prev.month AS "prevMonth", prev.ytd AS "prevYtd", cur.value AS cur
    FROM projects p
    LEFT JOIN LATERAL (
      SELECT to_char(m.month, 'YYYY-MM') AS month, m.investment_ytd::float8 AS ytd FROM project_months m
      WHERE m.project_id = p.id AND m.month < ${first}::date AND m.month >= date_trunc('year', ${first}::date)
      ORDER BY m.month DESC, m.data_version_id DESC LIMIT 1
    ) prev ON TRUE
    LEFT JOIN LATERAL (
      SELECT json_build_object('investmentMonth', m.investment_month::float8, 'investmentYtd', m.investment_ytd::float8, 'stage', m.stage, 'progress', m.progress) AS value
      FROM project_months m WHERE m.project_id = p.id AND m.month = ${first}::date ORDER BY m.data_version_id DESC LIMIT 1
    ) cur ON TRUE
    WHERE p.code = ANY(${codes}::text[])`;
  return new Map(rows.map(({ prevMonth, prevYtd, cur, ...p }) => [p.code, { ...p, previousYtd: prevMonth ? { month: prevMonth, ytd: prevYtd! } : null, current: cur }]));
}

/** Every region code, and the codes inside `root` (null: no limit). */
export async function regionSets(sql: Sql, root: string | null): Promise<{ all: Set<string>; writable: Set<string> | null }> {
  const all = await sql<{ code: string }[]>`SELECT code::text FROM regions`;
  const writable = root ? await sql<{ code: string }[]>`SELECT code::text FROM region_subtree(${root})` : null;
  return { all: new Set(all.map((r) => r.code)), writable: writable && new Set(writable.map((r) => r.code)) };
}

/** Puts new projects on the map: their point in EPSG:4490 (GK X/Y transformed by PostGIS) and the county it falls in. */
export async function locate(sql: Sql, rows: MonthlyRow[]): Promise<Map<number, { lon: number; lat: number; county: string | null }>> {
  const input = rows.filter((r) => r.location);
  if (!input.length) return new Map();
  const col = <T>(f: (r: MonthlyRow) => T) => input.map(f);
  const located = await sql<{ row: number; lon: number; lat: number; county: string | null }[]>`
    WITH input AS (
      SELECT * FROM unnest(${col((r) => r.row)}::int[], ${col((r) => ('lon' in r.location! ? r.location.lon : null))}::float8[],
        ${col((r) => ('lat' in r.location! ? r.location.lat : null))}::float8[], ${col((r) => ('x' in r.location! ? r.location.x : null))}::float8[],
        ${col((r) => ('y' in r.location! ? r.location.y : null))}::float8[], ${col((r) => ('zone' in r.location! ? 4488 + r.location.zone : null))}::int[]
      ) AS t(row, lon, lat, x, y, srid)
    ), points AS (
      -- EPSG:4513–4533 are the zone-prefixed CGCS2000 3° zones 25–45; easting (Y) comes first.
      SELECT row, CASE WHEN srid IS NULL THEN ST_SetSRID(ST_MakePoint(lon, lat), 4490)
                       ELSE ST_Transform(ST_SetSRID(ST_MakePoint(y, x), srid), 4490) END AS g
      FROM input
    )
    SELECT row, ST_X(g) AS lon, ST_Y(g) AS lat,
           (SELECT min(code)::text FROM regions r WHERE r.level = 'county' AND ST_Intersects(r.boundary, g)) AS county
    FROM points`;
  return new Map(located.map((l) => [l.row, { lon: l.lon, lat: l.lat, county: l.county }]));
}

export interface ImportRecord {
  id: number;
  kind: string;
  filename: string | null;
  status: 'preview' | 'committed' | 'failed' | 'discarded';
  month: string | null;
  createdBy: number | null;
  createdAt: Date;
  committedAt: Date | null;
  dataVersionId: number | null;
  summary: Record<string, unknown>;
  /** Monthly problems name sheet, row and column; GIS ones the feature and field. */
  errors: unknown[];
  warnings: unknown[];
  errorCount: number;
  options: Record<string, unknown>;
}

/** Stores a preview; returns its id. */
export async function savePreview(
  sql: Sql, p: {
    kind: string; filename: string; month: string | null; createdBy: number; rows: unknown[]; errors: unknown[]; warnings: unknown[];
    summary: Record<string, unknown>; options?: object; sourceCrs?: string;
  },
): Promise<number> {
  const [row] = await sql<{ id: number }[]>`
    INSERT INTO imports (kind, filename, status, month, created_by, rows, errors, warnings, error_count, summary, options, source_crs)
    VALUES (${p.kind}, ${p.filename}, 'preview', ${p.month ? `${p.month}-01` : null}, ${p.createdBy}, ${sql.json(p.rows as never)},
            ${sql.json(p.errors as never)}, ${sql.json(p.warnings as never)}, ${p.errors.length}, ${sql.json(p.summary as never)},
            ${sql.json((p.options ?? {}) as never)}, ${p.sourceCrs ?? null})
    RETURNING id::int AS id`;
  return row!.id;
}

/** An import without its rows, or null. */
export async function importRecord(sql: Sql, id: number): Promise<ImportRecord | null> {
  const [row] = await sql<ImportRecord[]>`
    SELECT id::int AS id, kind, filename, status, to_char(month, 'YYYY-MM') AS month, created_by::int AS "createdBy", created_at AS "createdAt",
           committed_at AS "committedAt", data_version_id::int AS "dataVersionId", summary, errors, warnings, error_count AS "errorCount", options
    FROM imports WHERE id = ${id}`;
  return row ?? null;
}

/** The recent imports, newest first. */
export async function recentImports(sql: Sql, limit: number) {
  return sql<(Omit<ImportRecord, 'errors' | 'warnings' | 'options'> & { createdByName: string | null })[]>`
    SELECT i.id::int AS id, i.kind, i.filename, i.status, to_char(i.month, 'YYYY-MM') AS month, i.created_by::int AS "createdBy", u.username AS "createdByName",
           i.created_at AS "createdAt", i.committed_at AS "committedAt", i.data_version_id::int AS "dataVersionId", i.summary, i.error_count AS "errorCount"
    FROM imports i LEFT JOIN users u ON u.id = i.created_by WHERE i.kind <> 'demo' ORDER BY i.id DESC LIMIT ${limit}`;
}

/** A validated row as stored with the preview (located when new). */
export type PreviewRow = MonthlyRow & { point: { lon: number; lat: number } | null };

/** A committed version: its month, revision and label. */
export interface CommittedVersion {
  id: number;
  month: string;
  revision: number;
  label: string;
}

/**
 * Commits a monthly preview in the caller's transaction: a new data version (the month's next
 * revision), new projects inserted, known ones updated, this month's figures written. Returns the
 * version, or null when the import is no longer a preview (committed by someone else meanwhile).
 */
export async function commitMonthly(tx: TransactionSql, importId: number): Promise<CommittedVersion | null> {
  await tx`SELECT pg_advisory_xact_lock(${COMMIT_LOCK})`;
  const [imp] = await tx<{ month: string; rows: PreviewRow[] }[]>`
    SELECT to_char(month, 'YYYY-MM') AS month, rows FROM imports WHERE id = ${importId} AND status = 'preview' AND error_count = 0 FOR UPDATE`;
  if (!imp) return null;
  const version = await writeMonthly(tx, imp.month, imp.rows, importId, null);
  await tx`UPDATE imports SET status = 'committed', committed_at = now(), data_version_id = ${version.id} WHERE id = ${importId}`;
  return version;
}

/**
 * Restores an earlier monthly version: its rows are written again as the month's next revision (the
 * versions in between stay). Returns null when the version has no import rows to restore (demo data).
 */
export async function restoreMonthly(tx: TransactionSql, versionId: number): Promise<CommittedVersion | null> {
  await tx`SELECT pg_advisory_xact_lock(${COMMIT_LOCK})`;
  const [v] = await tx<{ month: string; rows: PreviewRow[]; importId: number; revision: number }[]>`
    SELECT to_char(v.month, 'YYYY-MM') AS month, i.rows, i.id::int AS "importId", v.revision
    FROM data_versions v JOIN imports i ON i.id = v.import_id
    WHERE v.id = ${versionId} AND v.kind = 'monthly' AND i.status = 'committed'`;
  if (!v) return null;
  return writeMonthly(tx, v.month, v.rows, v.importId, v.revision);
}

/** One commit or restore at a time (monthly or GIS): revisions are numbered without gaps or duplicates. */
export const COMMIT_LOCK = 4_821_378;

async function writeMonthly(tx: TransactionSql, month: string, rows: PreviewRow[], importId: number, restoredFrom: number | null): Promise<CommittedVersion> {
  const first = `${month}-01`;
  const [{ revision }] = (await tx<{ revision: number }[]>`
    SELECT coalesce(max(revision), 0)::int + 1 AS revision FROM data_versions WHERE month = ${first}::date AND kind = 'monthly'`) as unknown as [{ revision: number }];
  const [year, mon] = month.split('-').map(Number) as [number, number];
  const parts = [revision > 1 ? `第 ${revision} 版` : '', restoredFrom ? `恢复自第 ${restoredFrom} 版` : ''].filter(Boolean);
  const label = `${year}年${mon}月调度${parts.length ? `（${parts.join('，')}）` : ''}`;
  const [version] = await tx<{ id: number }[]>`
    INSERT INTO data_versions (month, revision, kind, label, import_id) VALUES (${first}::date, ${revision}, 'monthly', ${label}, ${importId})
    RETURNING id::int AS id`;
  const v = version!.id;
  // Projects are matched by code now, not when the preview was made: one created meanwhile is updated, not duplicated.
  const existing = new Set((await tx<{ code: string }[]>`SELECT code FROM projects WHERE code = ANY(${rows.map((r) => r.code)}::text[])`).map((r) => r.code));
  const col = <T>(list: PreviewRow[], f: (r: PreviewRow) => T) => list.map(f);
  const fresh = rows.filter((r) => !existing.has(r.code));
  if (fresh.length) {
    await tx`
      INSERT INTO projects (code, name, level, stage, category, region_code, total_investment, plan_year, actual_start, actual_finish, location, data_version_id)
      SELECT code, name, coalesce(level, 'general'), stage, category, region, total, ${year}, a_start, a_finish, ST_SetSRID(ST_MakePoint(lon, lat), 4490), ${v}
      FROM unnest(${col(fresh, (r) => r.code)}::text[], ${col(fresh, (r) => r.name)}::text[], ${col(fresh, (r) => r.level)}::text[],
                  ${col(fresh, (r) => r.stage)}::text[], ${col(fresh, (r) => r.category)}::text[], ${col(fresh, (r) => r.regionCode)}::text[],
                  ${col(fresh, (r) => r.totalInvestment)}::numeric[], ${col(fresh, (r) => r.actualStart)}::date[], ${col(fresh, (r) => r.actualFinish)}::date[],
                  ${col(fresh, (r) => r.point!.lon)}::float8[], ${col(fresh, (r) => r.point!.lat)}::float8[])
        AS t(code, name, level, stage, category, region, total, a_start, a_finish, lon, lat)`;
  }
  const known = rows.filter((r) => existing.has(r.code));
  if (known.length) {
    await tx`
      UPDATE projects p SET stage = t.stage, name = coalesce(t.name, p.name), total_investment = coalesce(t.total, p.total_investment),
        level = coalesce(t.level, p.level), category = coalesce(t.category, p.category),
        actual_start = coalesce(t.a_start, p.actual_start), actual_finish = coalesce(t.a_finish, p.actual_finish),
        data_version_id = ${v}, updated_at = now()
      FROM unnest(${col(known, (r) => r.code)}::text[], ${col(known, (r) => r.stage)}::text[], ${col(known, (r) => r.name)}::text[],
                  ${col(known, (r) => r.totalInvestment)}::numeric[], ${col(known, (r) => r.level)}::text[], ${col(known, (r) => r.category)}::text[],
                  ${col(known, (r) => r.actualStart)}::date[], ${col(known, (r) => r.actualFinish)}::date[])
        AS t(code, stage, name, total, level, category, a_start, a_finish)
      WHERE p.code = t.code`;
  }
  await tx`
    INSERT INTO project_months (project_id, month, investment_month, investment_ytd, stage, progress, data_version_id)
    SELECT p.id, ${first}::date, t.inv_month, t.ytd, t.stage, t.progress, ${v}
    FROM unnest(${col(rows, (r) => r.code)}::text[], ${col(rows, (r) => r.investmentMonth)}::numeric[], ${col(rows, (r) => r.investmentYtd)}::numeric[],
                ${col(rows, (r) => r.stage)}::text[], ${col(rows, (r) => r.progress)}::text[]) AS t(code, inv_month, ytd, stage, progress)
    JOIN projects p ON p.code = t.code`;
  return { id: v, month, revision, label };
}
