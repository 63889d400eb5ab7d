// Mapbox Vector Tile 2.1 encoding. Geometry arrives in tile pixel coordinates (0..extent, y down),
// already clipped and simplified; this module orders rings (exterior clockwise in screen space,
// holes anticlockwise), drops degenerate parts, and writes the protobuf.
import type { ProtoBuffer } from './protobuf.ts';
import { createBuffer, finish, reset, writeDoubleField, writeMessageField, writePackedVarints, writeStringField, writeTag, writeVarint, zigzag } from './protobuf.ts';

export type TilePoint = [number, number];
export type PropertyValue = string | number | boolean;

export interface TileFeature {
  id?: number;
  type: 'point' | 'line' | 'polygon';
  /** Points: one part per point; lines: one part per line; polygons: rings, each polygon's exterior first. */
  parts: TilePoint[][];
  /** For polygons: how many rings each polygon has, in order (a multipolygon has several). */
  ringCounts?: number[];
  properties: Record<string, PropertyValue | null | undefined>;
}

export interface TileLayer {
  name: string;
  extent: number;
  features: TileFeature[];
}

const MOVE_TO = 1;
const LINE_TO = 2;
const CLOSE_PATH = 7;
const command = (id: number, count: number) => (id & 7) | (count << 3);

/** Twice the signed area in screen space (y down): positive means clockwise on screen. */
export function signedArea2(ring: TilePoint[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) sum += (ring[j]![0] * ring[i]![1]) - (ring[i]![0] * ring[j]![1]);
  return sum;
}

/** Removes consecutive duplicates (after rounding to integers) and the closing point. */
function cleanRing(ring: TilePoint[]): TilePoint[] {
  const out: TilePoint[] = [];
  for (const [x, y] of ring) {
    const p: TilePoint = [Math.round(x), Math.round(y)];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  if (out.length > 1 && out[0]![0] === out[out.length - 1]![0] && out[0]![1] === out[out.length - 1]![1]) out.pop();
  return out;
}

function encodeGeometry(f: TileFeature): number[] | null {
  const cmds: number[] = [];
  let cx = 0;
  let cy = 0;
  const emit = (points: TilePoint[], close: boolean) => {
    const [x0, y0] = points[0]!;
    cmds.push(command(MOVE_TO, 1), zigzag(x0 - cx), zigzag(y0 - cy));
    cx = x0;
    cy = y0;
    cmds.push(command(LINE_TO, points.length - 1));
    for (let i = 1; i < points.length; i++) {
      const [x, y] = points[i]!;
      cmds.push(zigzag(x - cx), zigzag(y - cy));
      cx = x;
      cy = y;
    }
    if (close) cmds.push(command(CLOSE_PATH, 1));
  };
  if (f.type === 'point') {
    const pts = f.parts.flat().map(([x, y]) => [Math.round(x), Math.round(y)] as TilePoint);
    if (pts.length === 0) return null;
    cmds.push(command(MOVE_TO, pts.length));
    for (const [x, y] of pts) {
      cmds.push(zigzag(x - cx), zigzag(y - cy));
      cx = x;
      cy = y;
    }
    return cmds;
  }
  if (f.type === 'line') {
    for (const part of f.parts) {
      const line = part.map(([x, y]) => [Math.round(x), Math.round(y)] as TilePoint).filter((p, i, a) => i === 0 || p[0] !== a[i - 1]![0] || p[1] !== a[i - 1]![1]);
      if (line.length >= 2) emit(line, false);
    }
    return cmds.length ? cmds : null;
  }
  // Polygons: walk each polygon's rings; a dropped exterior drops its holes.
  const counts = f.ringCounts ?? [f.parts.length];
  let index = 0;
  for (const count of counts) {
    const rings = f.parts.slice(index, index + count);
    index += count;
    const exterior = cleanRing(rings[0] ?? []);
    if (exterior.length < 3 || signedArea2(exterior) === 0) continue;
    if (signedArea2(exterior) < 0) exterior.reverse();
    emit(exterior, true);
    for (const hole of rings.slice(1)) {
      const h = cleanRing(hole);
      if (h.length < 3 || signedArea2(h) === 0) continue;
      if (signedArea2(h) > 0) h.reverse();
      emit(h, true);
    }
  }
  return cmds.length ? cmds : null;
}

function writeValue(value: PropertyValue): ProtoBuffer {
  const v = createBuffer(16);
  if (typeof value === 'string') writeStringField(v, 1, value);
  else if (typeof value === 'boolean') {
    writeTag(v, 7, 0);
    writeVarint(v, value ? 1 : 0);
  } else if (Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER) {
    if (value >= 0) {
      writeTag(v, 5, 0);
      writeVarint(v, value);
    } else {
      writeTag(v, 6, 0);
      writeVarint(v, zigzag(value));
    }
  } else writeDoubleField(v, 3, value);
  return v;
}

/** Encodes layers into one tile; returns null when no layer has a drawable feature. */
export function encodeTile(layers: TileLayer[]): Uint8Array | null {
  const tile = createBuffer(4096);
  // One scratch buffer for every feature message: features are length-delimited, so each is
  // written here first and then copied into its layer.
  const feature = createBuffer(1024);
  let any = false;
  for (const layer of layers) {
    const keys = new Map<string, number>();
    const values = new Map<string, number>();
    const valueList: PropertyValue[] = [];
    const body = createBuffer(4096);
    writeTag(body, 15, 0);
    writeVarint(body, 2);
    writeStringField(body, 1, layer.name);
    let count = 0;
    for (const f of layer.features) {
      const geometry = encodeGeometry(f);
      if (!geometry) continue;
      const tags: number[] = [];
      for (const [k, v] of Object.entries(f.properties)) {
        if (v === null || v === undefined) continue;
        let ki = keys.get(k);
        if (ki === undefined) keys.set(k, (ki = keys.size));
        const vk = `${typeof v}:${String(v)}`;
        let vi = values.get(vk);
        if (vi === undefined) {
          values.set(vk, (vi = valueList.length));
          valueList.push(v);
        }
        tags.push(ki, vi);
      }
      reset(feature);
      if (f.id !== undefined && f.id >= 0) {
        writeTag(feature, 1, 0);
        writeVarint(feature, f.id);
      }
      if (tags.length) writePackedVarints(feature, 2, tags);
      writeTag(feature, 3, 0);
      writeVarint(feature, f.type === 'point' ? 1 : f.type === 'line' ? 2 : 3);
      writePackedVarints(feature, 4, geometry);
      writeMessageField(body, 2, feature);
      count++;
    }
    if (count === 0) continue;
    any = true;
    for (const k of keys.keys()) writeStringField(body, 3, k);
    for (const v of valueList) writeMessageField(body, 4, writeValue(v));
    writeTag(body, 5, 0);
    writeVarint(body, layer.extent);
    writeMessageField(tile, 3, body);
  }
  return any ? finish(tile) : null;
}
