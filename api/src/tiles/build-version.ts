// Builds and publishes the vector tiles of one data version, layer by layer: write to a temporary
// file, verify it by reading it back, then rename it into tiles/v{version}/{layer}.pmtiles. A
// published file is never overwritten; a failed layer is recorded and leaves what was served.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Sql } from 'postgres';
import { layers, type LayerDeclaration } from '@guatu/data/layers.ts';
import { buildArchive, type BuildSummary } from '@guatu/tiles/build.ts';
import { projectFeature, type WorldFeature, type SourceGeometry } from '@guatu/tiles/geometry.ts';
import { openArchive } from '@guatu/tiles/pmtiles-reader.ts';
import { readLayerFeatures } from '../db/tile-features.ts';
import { failTileBuild, publishedLayers, publishTileBuild, startTileBuild } from '../db/tile-builds.ts';

/** The published archive of a layer for a version. */
export function archivePath(tilesDir: string, versionId: number, layer: string): string {
  return join(tilesDir, `v${versionId}`, `${layer}.pmtiles`);
}

/** Reads a layer from the database and writes its archive to `path` (not yet published). */
export async function buildLayerFile(sql: Sql, layer: LayerDeclaration, path: string, metadata: Record<string, unknown> = {}): Promise<BuildSummary> {
  const features: WorldFeature[] = [];
  await readLayerFeatures(sql, layer, (rows) => {
    for (const r of rows) {
      const f = projectFeature(r.id, JSON.parse(r.geometry) as SourceGeometry, r.properties);
      if (f) features.push(f);
    }
  });
  return buildArchive(features, {
    layer: layer.id, minZoom: layer.minZoom, maxZoom: layer.maxZoom, extent: 4096, buffer: 64, simplify: layer.simplify,
    ...(layer.cluster ? { cluster: layer.cluster } : {}),
    metadata: { description: layer.title, ...metadata },
  }, path);
}

async function buildLayer(sql: Sql, tilesDir: string, versionId: number, layer: LayerDeclaration, log: (line: string) => void) {
  const finalPath = archivePath(tilesDir, versionId, layer.id);
  const tmpPath = `${finalPath}.${process.pid}.tmp`;
  const started = Date.now();
  const buildId = await startTileBuild(sql, versionId, layer.id);
  try {
    const summary = await buildLayerFile(sql, layer, tmpPath, { version: String(versionId) });
    const check = await openArchive(tmpPath);
    const ok = check.header.numAddressedTiles === summary.addressedTiles;
    await check.close();
    if (!ok) throw new Error('the written archive does not read back');
    if (existsSync(finalPath)) throw new Error(`${finalPath} is already published`);
    renameSync(tmpPath, finalPath);
    await publishTileBuild(sql, buildId, { durationMs: Date.now() - started, features: summary.features, tileCount: summary.addressedTiles, bytes: summary.bytes });
    log(`tiles: ${layer.id} v${versionId} published, ${summary.features} features, ${summary.addressedTiles} tiles in ${Date.now() - started} ms`);
  } catch (e) {
    rmSync(tmpPath, { force: true });
    await failTileBuild(sql, buildId, Date.now() - started, (e as Error).message);
    throw e;
  }
}

/**
 * After a crash: builds left "building" by a dead process are marked failed and their temporary
 * files removed. Only safe where this process alone builds into `tilesDir` (the embedded database).
 */
export async function sweepInterruptedBuilds(sql: Sql, tilesDir: string, log: (line: string) => void): Promise<void> {
  const swept = await sql`UPDATE tile_builds SET status = 'failed', finished_at = now(), error = 'interrupted (the process stopped during the build)' WHERE status = 'building' RETURNING id`;
  if (swept.length) log(`tiles: ${swept.length} interrupted build(s) marked failed; they will be rebuilt`);
  if (!existsSync(tilesDir)) return;
  for (const dir of readdirSync(tilesDir)) {
    for (const file of readdirSync(join(tilesDir, dir))) if (file.endsWith('.tmp')) rmSync(join(tilesDir, dir, file), { force: true });
  }
}

/** Builds every layer of a version not yet published; resolves when all are, rejects on the first failure. */
export async function buildVersionTiles(sql: Sql, tilesDir: string, versionId: number, log: (line: string) => void): Promise<void> {
  mkdirSync(join(tilesDir, `v${versionId}`), { recursive: true });
  const done = await publishedLayers(sql, versionId);
  for (const layer of layers) {
    if (!done.has(layer.id)) await buildLayer(sql, tilesDir, versionId, layer, log);
  }
}

/** Deletes the tiles of all but the newest `keep` versions on disk, never those of `served`. */
export function pruneTileVersions(tilesDir: string, keep: number, served: number | null, log: (line: string) => void): void {
  if (!existsSync(tilesDir)) return;
  const versions = readdirSync(tilesDir)
    .map((d) => /^v(\d+)$/.exec(d))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => b - a);
  for (const v of versions.slice(keep)) {
    if (v === served) continue;
    rmSync(join(tilesDir, `v${v}`), { recursive: true, force: true });
    log(`tiles: removed the tiles of data version ${v} (retention ${keep} versions)`);
  }
}
