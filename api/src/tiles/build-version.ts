// Builds and publishes the vector tiles of one data version, layer by layer: write to a temporary
// file, verify it by reading it back, then rename it into tiles/v{version}/{layer}.pmtiles. A
// published file is never overwritten; a failed layer is recorded and leaves what was served.
// A layer whose table was not written since an earlier version's build reuses that archive (a hard
// link); a changed layer re-encodes only the tiles its changed features reach.
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Sql } from 'postgres';
import { layers, type LayerDeclaration } from '@guatu/data/layers.ts';
import { buildArchive, specFingerprint, type BuildSummary, type IncrementalBase, type TileSpec } from '@guatu/tiles/build.ts';
import { changedBoxes, featureHash, indexEntry, readFeatureIndex, writeFeatureIndex, type IndexedFeature } from '@guatu/tiles/feature-index.ts';
import { projectFeature, type WorldFeature, type SourceGeometry } from '@guatu/tiles/geometry.ts';
import { openArchive } from '@guatu/tiles/pmtiles-reader.ts';
import { readLayerFeatures } from '../db/tile-features.ts';
import { earlierBuilds, failTileBuild, publishedLayers, publishTileBuild, sourceRevision, startTileBuild, type PublishedBuild } from '../db/tile-builds.ts';

/** The published archive of a layer for a version. */
export function archivePath(tilesDir: string, versionId: number, layer: string): string {
  return join(tilesDir, `v${versionId}`, `${layer}.pmtiles`);
}

/** The feature index published beside an archive. */
export function indexPath(tilesDir: string, versionId: number, layer: string): string {
  return join(tilesDir, `v${versionId}`, `${layer}.index`);
}

/** Reads a layer from the database: features in world coordinates and their index entries. */
export async function readLayer(sql: Sql, layer: LayerDeclaration): Promise<{ features: WorldFeature[]; index: IndexedFeature[] }> {
  const features: WorldFeature[] = [];
  const index: IndexedFeature[] = [];
  await readLayerFeatures(sql, layer, (rows) => {
    for (const r of rows) {
      const f = projectFeature(r.id, JSON.parse(r.geometry) as SourceGeometry, r.properties);
      if (!f) continue;
      features.push(f);
      index.push(indexEntry(f, featureHash(r.geometry, r.properties)));
    }
  });
  return { features, index };
}

/** How a registry layer is cut into tiles. */
export function tileSpec(layer: LayerDeclaration): TileSpec {
  return {
    layer: layer.id, minZoom: layer.minZoom, maxZoom: layer.maxZoom, extent: 4096, buffer: 64, simplify: layer.simplify,
    ...(layer.cluster ? { cluster: layer.cluster } : {}),
    ...(layer.drawOrder ? { drawOrder: layer.drawOrder } : {}),
    metadata: { description: layer.title },
  };
}

/** Writes a layer's archive to `path` (not yet published), incrementally on `base` when given. */
export async function buildLayerArchive(features: WorldFeature[], layer: LayerDeclaration, path: string, base?: IncrementalBase): Promise<BuildSummary> {
  return buildArchive(features, tileSpec(layer), path, base);
}

/** Reads a layer from the database and writes its full archive to `path` (not yet published). */
export async function buildLayerFile(sql: Sql, layer: LayerDeclaration, path: string): Promise<BuildSummary> {
  return buildLayerArchive((await readLayer(sql, layer)).features, layer, path);
}

/** A hard link (a copy across file systems): reused archives cost no space and survive pruning. */
function linkOrCopy(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

type Outcome = Omit<PublishedBuild, 'durationMs' | 'sourceRevision'>;

async function reuse(tilesDir: string, versionId: number, layer: string, baseVersion: number, changedFeatures: number | null): Promise<Outcome> {
  const [archive, index] = [archivePath(tilesDir, versionId, layer), indexPath(tilesDir, versionId, layer)];
  if (existsSync(archive)) throw new Error(`${archive} is already published`);
  rmSync(index, { force: true });
  linkOrCopy(indexPath(tilesDir, baseVersion, layer), index);
  linkOrCopy(archivePath(tilesDir, baseVersion, layer), archive);
  const reader = await openArchive(archive);
  const outcome = { features: readFeatureIndex(index)!.size, tileCount: reader.header.numAddressedTiles, bytes: statSync(archive).size };
  await reader.close();
  return { ...outcome, mode: 'reused', baseVersion, changedFeatures, encodedTiles: 0 };
}

async function encode(sql: Sql, tilesDir: string, versionId: number, layer: LayerDeclaration, base: number | null): Promise<Outcome> {
  const [finalPath, finalIndex] = [archivePath(tilesDir, versionId, layer.id), indexPath(tilesDir, versionId, layer.id)];
  const tmpPath = `${finalPath}.${process.pid}.tmp`;
  const { features, index } = await readLayer(sql, layer);
  const previous = base === null ? null : readFeatureIndex(indexPath(tilesDir, base, layer.id));
  const diff = previous ? changedBoxes(previous, index) : null;
  if (base !== null && diff?.changed === 0) return reuse(tilesDir, versionId, layer.id, base, 0);
  const baseArchive = diff ? await openArchive(archivePath(tilesDir, base!, layer.id)) : null;
  try {
    const summary = await buildLayerArchive(features, layer, tmpPath, baseArchive && diff ? { archive: baseArchive, changed: diff.boxes } : undefined);
    const check = await openArchive(tmpPath);
    const ok = check.header.numAddressedTiles === summary.addressedTiles;
    await check.close();
    if (!ok) throw new Error('the written archive does not read back');
    if (existsSync(finalPath)) throw new Error(`${finalPath} is already published`);
    // The index goes first: an archive on disk always has its index beside it.
    writeFeatureIndex(`${finalIndex}.${process.pid}.tmp`, index);
    renameSync(`${finalIndex}.${process.pid}.tmp`, finalIndex);
    renameSync(tmpPath, finalPath);
    return {
      features: summary.features, tileCount: summary.addressedTiles, bytes: summary.bytes, encodedTiles: summary.encodedTiles,
      mode: diff ? 'incremental' : 'full', baseVersion: diff ? base : null, changedFeatures: diff ? diff.changed : null,
    };
  } finally {
    rmSync(tmpPath, { force: true });
    await baseArchive?.close();
  }
}

/** True when the archive at `path` was built as the registry now declares its layer (older archives say nothing: false). */
export async function builtAsDeclared(path: string, layer: LayerDeclaration): Promise<boolean> {
  const archive = await openArchive(path);
  try {
    return archive.metadata.guatu_build === specFingerprint(tileSpec(layer));
  } finally {
    await archive.close();
  }
}

/**
 * The newest earlier build of the layer whose archive and index are still on disk and that was built
 * as the layer is declared now: after a change to the registry (zooms, clustering, draw order …) the
 * next version builds that layer in full instead of copying tiles made the old way.
 */
async function findBase(sql: Sql, tilesDir: string, versionId: number, layer: LayerDeclaration) {
  for (const b of await earlierBuilds(sql, layer.id, versionId)) {
    const archive = archivePath(tilesDir, b.versionId, layer.id);
    if (!existsSync(archive) || !existsSync(indexPath(tilesDir, b.versionId, layer.id))) continue;
    return (await builtAsDeclared(archive, layer)) ? b : null;
  }
  return null;
}

async function buildLayer(sql: Sql, tilesDir: string, versionId: number, layer: LayerDeclaration, log: (line: string) => void) {
  const started = Date.now();
  const buildId = await startTileBuild(sql, versionId, layer.id);
  try {
    // Read before the features: a write that lands while they are read makes the next build look again.
    const revision = await sourceRevision(sql, layer.source.table);
    const base = await findBase(sql, tilesDir, versionId, layer);
    const outcome = base && base.sourceRevision === revision
      ? await reuse(tilesDir, versionId, layer.id, base.versionId, null)
      : await encode(sql, tilesDir, versionId, layer, base?.versionId ?? null);
    await publishTileBuild(sql, buildId, { ...outcome, durationMs: Date.now() - started, sourceRevision: revision });
    const how = outcome.mode === 'full' ? 'built' : outcome.mode === 'reused' ? `reused from v${outcome.baseVersion}` : `${outcome.changedFeatures} changed features on v${outcome.baseVersion}`;
    log(`tiles: ${layer.id} v${versionId} published (${how}), ${outcome.features} features, ${outcome.tileCount} tiles (${outcome.encodedTiles} encoded) in ${Date.now() - started} ms`);
  } catch (e) {
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
