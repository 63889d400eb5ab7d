// Data versions: the snapshot the portal currently shows.
import type { Sql } from 'postgres';

export interface DataVersion {
  id: number;
  month: string;
  revision: number;
  kind: string;
  label: string;
  isDemo: boolean;
  committedAt: string;
}

/** The latest committed data version, or null on an empty database. */
export async function currentDataVersion(sql: Sql): Promise<DataVersion | null> {
  const [row] = await sql<{ id: string; month: string; revision: number; kind: string; label: string; is_demo: boolean; committed_at: Date }[]>`
    SELECT id, to_char(month, 'YYYY-MM') AS month, revision, kind, label, is_demo, committed_at
    FROM data_versions ORDER BY month DESC, revision DESC, id DESC LIMIT 1`;
  if (!row) return null;
  return {
    id: Number(row.id), month: row.month, revision: row.revision, kind: row.kind, label: row.label,
    isDemo: row.is_demo, committedAt: row.committed_at.toISOString(),
  };
}

/** The PostGIS version string of the connected database. */
export async function postgisVersion(sql: Sql): Promise<string> {
  const [row] = await sql<{ v: string }[]>`SELECT postgis_lib_version() AS v`;
  return row!.v;
}

/** True when the database holds no regions yet (a fresh database gets the demo region). */
export async function isEmpty(sql: Sql): Promise<boolean> {
  const [row] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM regions`;
  return row!.n === 0;
}
