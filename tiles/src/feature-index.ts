// The feature index written beside each archive: per feature its id, a hash of what the builder was
// given (geometry and whitelisted attributes) and its box in world coordinates. The next version's
// build compares its features with it; the boxes of the changed ones (where they were and where they
// are now) say which tiles must be encoded again.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import type { WorldFeature } from './geometry.ts';

export type Box = [number, number, number, number];

export interface IndexedFeature {
  id: number;
  hash: number;
  bbox: Box;
}

const FIELDS = 6;
const MAGIC = 0x47544649; // "GTFI"

/** A 48-bit hash of a feature's source (exact in a float64, ample to notice a change). */
export function featureHash(geometry: string, properties: unknown): number {
  const d = createHash('sha1').update(geometry).update('\0').update(JSON.stringify(properties)).digest();
  return d.readUIntBE(0, 6);
}

/** The index entry of a projected feature with its source hash. */
export function indexEntry(f: WorldFeature, hash: number): IndexedFeature {
  return { id: f.id, hash, bbox: f.bbox };
}

/** Writes the index as little-endian float64s: a magic number and count, then six per feature. */
export function writeFeatureIndex(path: string, entries: IndexedFeature[]): void {
  const data = new Float64Array(2 + entries.length * FIELDS);
  data[0] = MAGIC;
  data[1] = entries.length;
  let i = 2;
  for (const e of entries) {
    data[i++] = e.id;
    data[i++] = e.hash;
    data[i++] = e.bbox[0];
    data[i++] = e.bbox[1];
    data[i++] = e.bbox[2];
    data[i++] = e.bbox[3];
  }
  writeFileSync(path, new Uint8Array(data.buffer));
}

/** Reads an index; null when it is missing or not one (the caller then builds in full). */
export function readFeatureIndex(path: string): Map<number, IndexedFeature> | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return null;
  }
  if (bytes.length < 16 || bytes.length % 8 !== 0) return null;
  const data = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  if (data[0] !== MAGIC || data.length !== 2 + data[1]! * FIELDS) return null;
  const out = new Map<number, IndexedFeature>();
  for (let i = 2; i < data.length; i += FIELDS) {
    out.set(data[i]!, { id: data[i]!, hash: data[i + 1]!, bbox: [data[i + 2]!, data[i + 3]!, data[i + 4]!, data[i + 5]!] });
  }
  return out;
}

/** The boxes touched by changes between two indexes: old and new places of changed, removed and added features. */
export function changedBoxes(previous: Map<number, IndexedFeature>, current: IndexedFeature[]): { boxes: Box[]; changed: number } {
  const boxes: Box[] = [];
  const seen = new Set<number>();
  let changed = 0;
  for (const f of current) {
    seen.add(f.id);
    const old = previous.get(f.id);
    if (old && old.hash === f.hash) continue;
    changed++;
    boxes.push(f.bbox);
    if (old) boxes.push(old.bbox);
  }
  for (const [id, old] of previous) {
    if (seen.has(id)) continue;
    changed++;
    boxes.push(old.bbox);
  }
  return { boxes, changed };
}
