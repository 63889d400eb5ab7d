// The tile_builds ledger: what was built for which data version, and which version is served.
import type { Sql } from 'postgres';
import type { LayerId } from '@guatu/data/layers.ts';

export interface TileBuildRow {
  id: number;
  dataVersionId: number;
  layer: LayerId;
  status: 'building' | 'published' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  features: number | null;
  tileCount: number | null;
  bytes: number | null;
  error: string | null;
}

/** Records the start of a build and returns its id. */
export async function startTileBuild(sql: Sql, versionId: number, layer: LayerId): Promise<number> {
  const [row] = await sql<{ id: string }[]>`
    INSERT INTO tile_builds (data_version_id, layer, status) VALUES (${versionId}, ${layer}, 'building') RETURNING id`;
  return Number(row!.id);
}

/** Marks a build published with its figures. */
export async function publishTileBuild(sql: Sql, id: number, f: { durationMs: number; features: number; tileCount: number; bytes: number }): Promise<void> {
  await sql`
    UPDATE tile_builds SET status = 'published', finished_at = now(), duration_ms = ${f.durationMs},
      features = ${f.features}, tile_count = ${f.tileCount}, bytes = ${f.bytes}
    WHERE id = ${id}`;
}

/** Marks a build failed with its error. */
export async function failTileBuild(sql: Sql, id: number, durationMs: number, error: string): Promise<void> {
  await sql`UPDATE tile_builds SET status = 'failed', finished_at = now(), duration_ms = ${durationMs}, error = ${error.slice(0, 2000)} WHERE id = ${id}`;
}

/** Layers already published for a version. */
export async function publishedLayers(sql: Sql, versionId: number): Promise<Set<string>> {
  const rows = await sql<{ layer: string }[]>`SELECT layer FROM tile_builds WHERE data_version_id = ${versionId} AND status = 'published'`;
  return new Set(rows.map((r) => r.layer));
}

/** The newest data version whose every layer is published, or null. */
export async function servedTileVersion(sql: Sql, layerCount: number): Promise<number | null> {
  const [row] = await sql<{ id: string }[]>`
    SELECT data_version_id AS id FROM tile_builds WHERE status = 'published'
    GROUP BY data_version_id HAVING count(DISTINCT layer) = ${layerCount}
    ORDER BY data_version_id DESC LIMIT 1`;
  return row ? Number(row.id) : null;
}

/** Recent builds, newest first. */
export async function recentTileBuilds(sql: Sql, limit: number): Promise<TileBuildRow[]> {
  return sql<TileBuildRow[]>`
    SELECT id::int AS id, data_version_id::int AS "dataVersionId", layer, status, started_at AS "startedAt",
      finished_at AS "finishedAt", duration_ms AS "durationMs", features, tile_count AS "tileCount", bytes::float8 AS bytes, error
    FROM tile_builds ORDER BY id DESC LIMIT ${limit}`;
}
