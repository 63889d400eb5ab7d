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

type RawVersion = { id: string; month: string; revision: number; kind: string; label: string; is_demo: boolean; committed_at: Date };

/** The latest committed data version, or null on an empty database. */
export async function currentDataVersion(sql: Sql): Promise<DataVersion | null> {
  const [row] = await sql<RawVersion[]>`
    SELECT id, to_char(month, 'YYYY-MM') AS month, revision, kind, label, is_demo, committed_at
    FROM data_versions ORDER BY id DESC LIMIT 1`;
  return row ? toVersion(row) : null;
}

/** A committed data version by id, or null. */
export async function dataVersionById(sql: Sql, id: number): Promise<DataVersion | null> {
  const [row] = await sql<RawVersion[]>`
    SELECT id, to_char(month, 'YYYY-MM') AS month, revision, kind, label, is_demo, committed_at
    FROM data_versions WHERE id = ${id}`;
  return row ? toVersion(row) : null;
}

/**
 * The version the map serves: the newest one whose tiles are all published (a version committed
 * since keeps building). Before any is published (a first start), the one the map will show first:
 * the oldest whose build has begun, else the newest (the one a first start queues).
 */
export async function servedDataVersion(sql: Sql, layerCount: number): Promise<DataVersion | null> {
  const [row] = await sql<RawVersion[]>`
    SELECT id, to_char(month, 'YYYY-MM') AS month, revision, kind, label, is_demo, committed_at
    FROM data_versions
    WHERE id = coalesce((
      SELECT data_version_id FROM tile_builds WHERE status = 'published'
      GROUP BY data_version_id HAVING count(DISTINCT layer) = ${layerCount} ORDER BY data_version_id DESC LIMIT 1
    ), (SELECT min(data_version_id) FROM tile_builds), (SELECT max(id) FROM data_versions))`;
  return row ? toVersion(row) : null;
}

/** Every committed data version, newest first, with its import and tile state. */
export async function listDataVersions(sql: Sql, layerCount: number): Promise<(DataVersion & { importId: number | null; tiles: 'published' | 'building' | 'failed' | 'none' })[]> {
  const rows = await sql<(RawVersion & { import_id: string | null; published: number; failed: number; total: number })[]>`
    SELECT v.id, to_char(v.month, 'YYYY-MM') AS month, v.revision, v.kind, v.label, v.is_demo, v.committed_at, v.import_id,
           count(DISTINCT b.layer) FILTER (WHERE b.status = 'published')::int AS published,
           count(*) FILTER (WHERE b.status = 'failed')::int AS failed, count(b.id)::int AS total
    FROM data_versions v LEFT JOIN tile_builds b ON b.data_version_id = v.id
    GROUP BY v.id ORDER BY v.id DESC`;
  return rows.map((r) => ({
    ...toVersion(r), importId: r.import_id === null ? null : Number(r.import_id),
    tiles: r.published === layerCount ? 'published' : r.failed > 0 ? 'failed' : r.total > 0 ? 'building' : 'none',
  }));
}

function toVersion(row: RawVersion): DataVersion {
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
