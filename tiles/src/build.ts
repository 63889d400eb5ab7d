// Builds one layer's PMTiles archive from features in world coordinates, one zoom at a time so that
// memory holds a single zoom's tiles. Dense points are clustered below a zoom, per category, so a
// zoomed-out map never silently loses a category: every point feature carries `point_count`.
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Box } from './feature-index.ts';
import type { WorldFeature, XY } from './geometry.ts';
import { clipLine, clipRing, simplify, toLonLat } from './geometry.ts';
import type { TileFeature, TilePoint } from './mvt.ts';
import { encodeTile } from './mvt.ts';
import type { ArchiveSummary } from './pmtiles-writer.ts';
import { createArchiveWriter } from './pmtiles-writer.ts';
import type { Archive } from './pmtiles-reader.ts';
import type { Entry } from './pmtiles-format.ts';
import { tileIdToZxy, tilesBelow, zxyToTileId } from './tile-id.ts';

const gzipAsync = promisify(gzip);

export interface TileSpec {
  layer: string;
  minZoom: number;
  maxZoom: number;
  /** Tile coordinate units per tile side. */
  extent: number;
  /** Geometry kept beyond the tile edge, in tile units, so strokes and circles join up. */
  buffer: number;
  /** Douglas–Peucker tolerance in tile units at every zoom. */
  simplify: number;
  /** Points below this zoom are clustered in cells of `cell` tile units, apart for each combination of `by`. */
  cluster?: { belowZoom: number; by: string[]; cell: number };
  /** Features are written to every tile in this order (of a numeric attribute, then id), the order a map draws them in. */
  drawOrder?: { attribute: string; descending: boolean };
  metadata?: Record<string, unknown>;
}

// Bumped when the builder writes the same features into different tiles.
const BUILDER_FORMAT = 1;

/**
 * What decides a layer's tiles besides its features, as written into each archive's metadata
 * (`guatu_build`): an archive built another way is no base for an incremental build or a reuse.
 */
export function specFingerprint(spec: TileSpec): string {
  const { layer, minZoom, maxZoom, extent, buffer, simplify, cluster, drawOrder } = spec;
  return JSON.stringify({ format: BUILDER_FORMAT, layer, minZoom, maxZoom, extent, buffer, simplify, cluster: cluster ?? null, drawOrder: drawOrder ?? null });
}

export interface BuildSummary extends ArchiveSummary {
  features: number;
  /** Tiles encoded from features (the rest, in an incremental build, were copied). */
  encodedTiles: number;
}

/**
 * An incremental build: the previous archive of the layer (same zoom range) and the world boxes of
 * what changed since (old and new places). Only tiles those boxes reach are encoded; every other
 * tile is copied, which gives the same archive as a full build because the builder is deterministic.
 */
export interface IncrementalBase {
  archive: Archive;
  changed: Box[];
}

/** Groups points into grid cells at zoom z, apart per value of the `by` attributes; singles keep all their properties. */
export function clusterPoints(points: WorldFeature[], z: number, by: string[], cell: number, extent: number): WorldFeature[] {
  const scale = (2 ** z * extent) / cell;
  const groups = new Map<string, WorldFeature[]>();
  for (const p of points) {
    const [x, y] = p.parts[0]![0]!;
    const key = `${by.map((a) => String(p.properties[a])).join('|')}|${Math.floor(x * scale)}|${Math.floor(y * scale)}`;
    const g = groups.get(key);
    if (g) g.push(p);
    else groups.set(key, [p]);
  }
  const out: WorldFeature[] = [];
  for (const members of groups.values()) {
    if (members.length === 1) {
      out.push({ ...members[0]!, properties: { ...members[0]!.properties, point_count: 1 } });
      continue;
    }
    let sx = 0;
    let sy = 0;
    for (const m of members) {
      sx += m.parts[0]![0]![0];
      sy += m.parts[0]![0]![1];
    }
    const at: XY = [sx / members.length, sy / members.length];
    out.push({
      id: -1,
      kind: 'point',
      parts: [[at]],
      ringCounts: [],
      bbox: [at[0], at[1], at[0], at[1]],
      properties: { ...Object.fromEntries(by.map((a) => [a, members[0]!.properties[a] ?? null])), point_count: members.length },
    });
  }
  return out;
}

/** The tile range a box touches at zoom z, buffer included: [x0, y0, x1, y1]. */
function tileRange(box: Box, z: number, spec: TileSpec): [number, number, number, number] {
  const n = 2 ** z;
  const buf = spec.buffer / spec.extent / n;
  const [minX, minY, maxX, maxY] = box;
  return [
    Math.max(0, Math.floor((minX - buf) * n)), Math.max(0, Math.floor((minY - buf) * n)),
    Math.min(n - 1, Math.floor((maxX + buf) * n)), Math.min(n - 1, Math.floor((maxY + buf) * n)),
  ];
}

/** The part of a feature inside tile z/tx/ty (plus buffer), in tile units; null when nothing is left. */
function cutFeature(f: WorldFeature, parts: XY[][], z: number, tx: number, ty: number, spec: TileSpec): TileFeature | null {
  const n = 2 ** z;
  const buf = spec.buffer / spec.extent / n;
  const x0 = tx / n - buf;
  const y0 = ty / n - buf;
  const x1 = (tx + 1) / n + buf;
  const y1 = (ty + 1) / n + buf;
  const toTile = ([x, y]: XY): TilePoint => [(x * n - tx) * spec.extent, (y * n - ty) * spec.extent];
  const id = f.id >= 0 ? f.id : undefined;
  if (f.kind === 'point') {
    const pts = parts.flat().filter(([x, y]) => x >= x0 && x <= x1 && y >= y0 && y <= y1);
    return pts.length ? { id, type: 'point', parts: [pts.map(toTile)], properties: f.properties } : null;
  }
  if (f.kind === 'line') {
    const pieces = parts.flatMap((line) => clipLine(line, x0, y0, x1, y1)).map((l) => l.map(toTile));
    return pieces.length ? { id, type: 'line', parts: pieces, properties: f.properties } : null;
  }
  const rings: TilePoint[][] = [];
  const counts: number[] = [];
  let index = 0;
  for (const count of f.ringCounts) {
    const clipped = parts.slice(index, index + count).map((r) => clipRing(r, x0, y0, x1, y1));
    index += count;
    if (clipped[0]!.length === 0) continue;
    const kept = [clipped[0]!, ...clipped.slice(1).filter((r) => r.length > 0)];
    rings.push(...kept.map((r) => r.map(toTile)));
    counts.push(kept.length);
  }
  return rings.length ? { id, type: 'polygon', parts: rings, ringCounts: counts, properties: f.properties } : null;
}

/**
 * The tiles at zoom z that changed boxes reach. Where points are clustered, a change moves its
 * cluster's centre anywhere in the cell, so the box grows to the whole cells it lies in.
 */
export function dirtyTiles(changed: Box[], z: number, spec: TileSpec): Set<number> {
  const dirty = new Set<number>();
  const clustered = spec.cluster && z < spec.cluster.belowZoom;
  const scale = clustered ? (2 ** z * spec.extent) / spec.cluster!.cell : 0;
  for (const box of changed) {
    const b: Box = clustered
      ? [Math.floor(box[0] * scale) / scale, Math.floor(box[1] * scale) / scale, (Math.floor(box[2] * scale) + 1) / scale, (Math.floor(box[3] * scale) + 1) / scale]
      : box;
    const [tx0, ty0, tx1, ty1] = tileRange(b, z, spec);
    for (let tx = tx0; tx <= tx1; tx++) for (let ty = ty0; ty <= ty1; ty++) dirty.add(zxyToTileId(z, tx, ty));
  }
  return dirty;
}

// Tiles compressed at once on libuv's thread pool while the main thread encodes the next ones.
const GZIP_IN_FLIGHT = 8;

/** A sorted copy of `features` by a numeric attribute (missing values last), ties by id: deterministic, so incremental builds match full ones. */
export function inDrawOrder(features: WorldFeature[], order: { attribute: string; descending: boolean }): WorldFeature[] {
  const sign = order.descending ? -1 : 1;
  const value = (f: WorldFeature) => {
    const v = Number(f.properties[order.attribute]);
    return f.properties[order.attribute] === null || Number.isNaN(v) ? null : v;
  };
  return [...features].sort((a, b) => {
    const [va, vb] = [value(a), value(b)];
    if (va !== vb) {
      if (va === null) return 1;
      if (vb === null) return -1;
      return sign * (va - vb);
    }
    return a.id - b.id;
  });
}

/** Builds the archive at `path` (incrementally when given a base); the caller publishes it (rename) once it has verified it. */
export async function buildArchive(features: WorldFeature[], spec: TileSpec, path: string, base?: IncrementalBase): Promise<BuildSummary> {
  if (base && (base.archive.header.minZoom !== spec.minZoom || base.archive.header.maxZoom !== spec.maxZoom)) {
    throw new Error('an incremental build needs a base archive with the same zoom range');
  }
  const writer = await createArchiveWriter(path);
  try {
    const ordered = spec.drawOrder ? inDrawOrder(features, spec.drawOrder) : features;
    const points = ordered.filter((f) => f.kind === 'point');
    const others = ordered.filter((f) => f.kind !== 'point');
    const previous = base ? await base.archive.tileEntries() : [];
    let previousAt = 0;
    let encodedTiles = 0;
    const inFlight: { id: number; gz: Promise<Uint8Array> }[] = [];
    const drain = async (keep: number) => {
      while (inFlight.length > keep) {
        const next = inFlight.shift()!;
        await writer.addTile(next.id, await next.gz);
      }
    };
    for (let z = spec.minZoom; z <= spec.maxZoom; z++) {
      const dirty = base ? dirtyTiles(base.changed, z, spec) : null;
      const zoomFeatures = spec.cluster && z < spec.cluster.belowZoom
        ? [...clusterPoints(points, z, spec.cluster.by, spec.cluster.cell, spec.extent), ...others]
        : [...points.map((p) => ({ ...p, properties: { ...p.properties, point_count: 1 } })), ...others];
      // The bucket holds references only; a feature is cut to a tile when that tile is encoded, so
      // memory holds one zoom's index, not one zoom's geometry.
      const bucket = new Map<number, WorldFeature[]>();
      const tolerance = spec.simplify / spec.extent / 2 ** z;
      const simplified = new Map<WorldFeature, XY[][]>();
      for (const f of zoomFeatures) {
        const [tx0, ty0, tx1, ty1] = tileRange(f.bbox, z, spec);
        let touched = false;
        for (let tx = tx0; tx <= tx1; tx++) {
          for (let ty = ty0; ty <= ty1; ty++) {
            const id = zxyToTileId(z, tx, ty);
            if (dirty && !dirty.has(id)) continue;
            touched = true;
            const list = bucket.get(id);
            if (list) list.push(f);
            else bucket.set(id, [f]);
          }
        }
        if (touched && f.kind !== 'point') simplified.set(f, f.parts.map((p) => simplify(p, tolerance, f.kind === 'polygon' ? 4 : 2)));
      }
      // This zoom's tiles in ID order: encoded ones, and (incremental) unchanged ones copied.
      const plan: { id: number; entry?: Entry }[] = [...bucket.keys()].map((id) => ({ id }));
      const nextZoom = tilesBelow(z + 1);
      while (previousAt < previous.length && previous[previousAt]!.tileId < nextZoom) {
        const e = previous[previousAt]!;
        const end = e.tileId + e.runLength;
        for (let id = Math.max(e.tileId, tilesBelow(z)); id < Math.min(end, nextZoom); id++) {
          if (!dirty!.has(id)) plan.push({ id, entry: e });
        }
        if (end > nextZoom) break; // a run of identical tiles that goes on into the next zoom
        previousAt++;
      }
      plan.sort((a, b) => a.id - b.id);
      // A run of identical tiles is read once.
      let copiedEntry: Entry | undefined;
      let copiedBytes: Promise<Uint8Array> | undefined;
      for (const { id, entry } of plan) {
        if (entry) {
          if (copiedEntry !== entry) [copiedEntry, copiedBytes] = [entry, base!.archive.readEntry(entry)];
          inFlight.push({ id, gz: copiedBytes! });
          await drain(GZIP_IN_FLIGHT);
          continue;
        }
        const [, tx, ty] = tileIdToZxy(id);
        const tileFeatures: TileFeature[] = [];
        for (const f of bucket.get(id)!) {
          const cut = cutFeature(f, simplified.get(f) ?? f.parts, z, tx, ty, spec);
          if (cut) tileFeatures.push(cut);
        }
        bucket.delete(id);
        const bytes = encodeTile([{ name: spec.layer, extent: spec.extent, features: tileFeatures }]);
        if (!bytes) continue;
        encodedTiles++;
        inFlight.push({ id, gz: gzipAsync(bytes, { level: 6 }) });
        await drain(GZIP_IN_FLIGHT);
      }
    }
    await drain(0);
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (const f of features) {
      minX = Math.min(minX, f.bbox[0]);
      minY = Math.min(minY, f.bbox[1]);
      maxX = Math.max(maxX, f.bbox[2]);
      maxY = Math.max(maxY, f.bbox[3]);
    }
    const [west, north] = features.length ? toLonLat([minX, minY]) : [-180, 85];
    const [east, south] = features.length ? toLonLat([maxX, maxY]) : [180, -85];
    const summary = await writer.finish({
      minZoom: spec.minZoom,
      maxZoom: spec.maxZoom,
      bounds: [west, south, east, north],
      center: [(west + east) / 2, (south + north) / 2, spec.minZoom],
      metadata: { name: spec.layer, format: 'pbf', vector_layers: [{ id: spec.layer, minzoom: spec.minZoom, maxzoom: spec.maxZoom, fields: {} }], ...spec.metadata, guatu_build: specFingerprint(spec) },
    });
    return { ...summary, features: features.length, encodedTiles };
  } catch (e) {
    await writer.abort();
    throw e;
  }
}
