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
  mode: 'full' | 'incremental' | 'reused' | null;
  baseVersion: number | null;
  changedFeatures: number | null;
  encodedTiles: number | null;
}

/** How a published build came about, beside its figures. */
export interface PublishedBuild {
  durationMs: number;
  features: number;
  tileCount: number;
  bytes: number;
  sourceRevision: number;
  mode: 'full' | 'incremental' | 'reused';
  baseVersion: number | null;
  changedFeatures: number | null;
  encodedTiles: number;
}

/** Records the start of a build and returns its id. */
export async function startTileBuild(sql: Sql, versionId: number, layer: LayerId): Promise<number> {
  const [row] = await sql<{ id: string }[]>`
    INSERT INTO tile_builds (data_version_id, layer, status) VALUES (${versionId}, ${layer}, 'building') RETURNING id`;
  return Number(row!.id);
}

/** Marks a build published with its figures. */
export async function publishTileBuild(sql: Sql, id: number, f: PublishedBuild): Promise<void> {
  await sql`
    UPDATE tile_builds SET status = 'published', finished_at = now(), duration_ms = ${f.durationMs},
      features = ${f.features}, tile_count = ${f.tileCount}, bytes = ${f.bytes}, source_revision = ${f.sourceRevision},
      mode = ${f.mode}, base_version = ${f.baseVersion}, changed_features = ${f.changedFeatures}, encoded_tiles = ${f.encodedTiles}
    WHERE id = ${id}`;
}

/** The write counter of a tile source table (bumped by every statement that writes it). */
export async function sourceRevision(sql: Sql, table: string): Promise<number> {
  const [row] = await sql<{ revision: string }[]>`SELECT revision FROM source_revisions WHERE table_name = ${table}`;
  return row ? Number(row.revision) : 0;
}

/** Published builds of a layer for versions before `versionId`, newest first: candidates to build on. */
export async function earlierBuilds(sql: Sql, layer: LayerId, versionId: number): Promise<{ versionId: number; sourceRevision: number | null }[]> {
  const rows = await sql<{ v: string; r: string | null }[]>`
    SELECT data_version_id AS v, source_revision AS r FROM tile_builds
    WHERE layer = ${layer} AND status = 'published' AND data_version_id < ${versionId}
    ORDER BY data_version_id DESC LIMIT 5`;
  return rows.map((r) => ({ versionId: Number(r.v), sourceRevision: r.r === null ? null : Number(r.r) }));
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
      finished_at AS "finishedAt", duration_ms AS "durationMs", features, tile_count AS "tileCount", bytes::float8 AS bytes, error,
      mode, base_version::int AS "baseVersion", changed_features AS "changedFeatures", encoded_tiles AS "encodedTiles"
    FROM tile_builds ORDER BY id DESC LIMIT ${limit}`;
}
