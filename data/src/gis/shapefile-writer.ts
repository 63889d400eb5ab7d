// Writes a Shapefile (.shp, .shx, .dbf, optional .cpg and .prj) from GeoJSON-like features, the way
// desktop GIS writes them: outer rings clockwise, holes counter-clockwise, text in GBK or UTF-8.
// Tests and benchmarks use it to make the files the land bureau sends.

type Position = number[];
export type WritableGeometry =
  | { type: 'Point'; coordinates: Position }
  | { type: 'LineString'; coordinates: Position[] }
  | { type: 'MultiLineString'; coordinates: Position[][] }
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] };

export interface WritableFeature {
  geometry: WritableGeometry;
  properties: Record<string, string | number | null>;
}

export interface ShapefileWriteOptions {
  encoding: 'gbk' | 'utf-8';
  /** Write a .cpg naming the encoding (many tools do, older ones do not). */
  cpg: boolean;
  /** The DBF language byte (0x4D: GBK), 0 for none. */
  languageByte?: number;
  prj?: string;
}

let gbkTable: Map<string, number[]> | null = null;

/** Encodes text as GBK (built once from the platform's GBK decoder, so no table ships with the code). */
export function encodeGbk(text: string): Uint8Array {
  if (!gbkTable) {
    gbkTable = new Map();
    const decoder = new TextDecoder('gbk');
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const ch = decoder.decode(new Uint8Array([lead, trail]));
        if (ch.length === 1 && ch !== '\ufffd' && !gbkTable.has(ch)) gbkTable.set(ch, [lead, trail]);
      }
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else out.push(...(gbkTable.get(ch) ?? [0x3f]));
  }
  return new Uint8Array(out);
}

const signedArea = (ring: Position[]) => ring.reduce((s, p, i) => (i ? s + (ring[i - 1]![0]! * p[1]! - p[0]! * ring[i - 1]![1]!) : s), 0) / 2;
const oriented = (ring: Position[], clockwise: boolean) => ((signedArea(ring) < 0) === clockwise ? ring : [...ring].reverse());

function parts(g: WritableGeometry): { type: number; parts: Position[][] } {
  switch (g.type) {
    case 'Point': return { type: 1, parts: [[g.coordinates]] };
    case 'LineString': return { type: 3, parts: [g.coordinates] };
    case 'MultiLineString': return { type: 3, parts: g.coordinates };
    case 'Polygon': return { type: 5, parts: g.coordinates.map((r, i) => oriented(r, i === 0)) };
    case 'MultiPolygon': return { type: 5, parts: g.coordinates.flatMap((p) => p.map((r, i) => oriented(r, i === 0))) };
  }
}

function record(g: WritableGeometry): { type: number; content: Buffer; box: number[] } {
  const { type, parts: ps } = parts(g);
  const points = ps.flat();
  const xs = points.map((p) => p[0]!);
  const ys = points.map((p) => p[1]!);
  const box = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
  if (type === 1) {
    const content = Buffer.alloc(20);
    content.writeInt32LE(1, 0);
    content.writeDoubleLE(points[0]![0]!, 4);
    content.writeDoubleLE(points[0]![1]!, 12);
    return { type, content, box };
  }
  const first = 44 + 4 * ps.length;
  const content = Buffer.alloc(first + points.length * 16);
  content.writeInt32LE(type, 0);
  box.forEach((v, i) => content.writeDoubleLE(v, 4 + i * 8));
  content.writeInt32LE(ps.length, 36);
  content.writeInt32LE(points.length, 40);
  let start = 0;
  ps.forEach((p, i) => {
    content.writeInt32LE(start, 44 + i * 4);
    start += p.length;
  });
  points.forEach(([x, y], i) => {
    content.writeDoubleLE(x!, first + i * 16);
    content.writeDoubleLE(y!, first + 8 + i * 16);
  });
  return { type, content, box };
}

function mainHeader(type: number, lengthBytes: number, box: number[]): Buffer {
  const h = Buffer.alloc(100);
  h.writeInt32BE(9994, 0);
  h.writeInt32BE(lengthBytes / 2, 24);
  h.writeInt32LE(1000, 28);
  h.writeInt32LE(type, 32);
  box.forEach((v, i) => h.writeDoubleLE(v, 36 + i * 8));
  return h;
}

function dbf(features: WritableFeature[], options: ShapefileWriteOptions): Buffer {
  const encode = (s: string) => (options.encoding === 'gbk' ? encodeGbk(s) : new TextEncoder().encode(s));
  const names = [...new Set(features.flatMap((f) => Object.keys(f.properties)))];
  const fields = names.map((name) => {
    const values = features.map((f) => f.properties[name]);
    const numeric = values.every((v) => v === null || v === undefined || typeof v === 'number');
    const raw = values.map((v) => (v === null || v === undefined ? '' : String(v)));
    const decimals = numeric ? Math.min(8, Math.max(0, ...raw.map((t) => (t.split('.')[1] ?? '').length))) : 0;
    const texts = numeric ? values.map((v) => (typeof v === 'number' ? v.toFixed(decimals) : '')) : raw;
    const width = Math.min(254, Math.max(1, ...texts.map((t) => encode(t).length)));
    return { name, numeric, width, decimals };
  });
  const recordLength = 1 + fields.reduce((s, f) => s + f.width, 0);
  const headerLength = 32 + 32 * fields.length + 1;
  const out = Buffer.alloc(headerLength + recordLength * features.length + 1, 0x20);
  out.fill(0, 0, headerLength);
  out[0] = 3;
  out.writeUInt32LE(features.length, 4);
  out.writeUInt16LE(headerLength, 8);
  out.writeUInt16LE(recordLength, 10);
  out[29] = options.languageByte ?? 0;
  fields.forEach((f, i) => {
    Buffer.from(encode(f.name).slice(0, 10)).copy(out, 32 + i * 32);
    out[32 + i * 32 + 11] = (f.numeric ? 'N' : 'C').charCodeAt(0);
    out[32 + i * 32 + 16] = f.width;
    out[32 + i * 32 + 17] = f.decimals;
  });
  out[headerLength - 1] = 0x0d;
  features.forEach((feature, r) => {
    let at = headerLength + r * recordLength + 1;
    for (const f of fields) {
      const v = feature.properties[f.name];
      const bytes = encode(v === null || v === undefined ? '' : f.numeric ? (v as number).toFixed(f.decimals) : String(v));
      // Numbers are right-aligned, text left-aligned, both padded with spaces.
      Buffer.from(bytes).copy(out, f.numeric ? at + f.width - bytes.length : at);
      at += f.width;
    }
  });
  out[out.length - 1] = 0x1a;
  return out;
}

/** The files of a Shapefile named `base` (all features must share one geometry kind). */
export function writeShapefile(base: string, features: WritableFeature[], options: ShapefileWriteOptions): Record<string, Uint8Array> {
  const records = features.map((f) => record(f.geometry));
  const type = records[0]?.type ?? 5;
  const box = records.length
    ? [Math.min(...records.map((r) => r.box[0]!)), Math.min(...records.map((r) => r.box[1]!)), Math.max(...records.map((r) => r.box[2]!)), Math.max(...records.map((r) => r.box[3]!))]
    : [0, 0, 0, 0];
  const bodies: Buffer[] = [];
  const index = Buffer.alloc(records.length * 8);
  let offset = 100;
  records.forEach((r, i) => {
    const head = Buffer.alloc(8);
    head.writeInt32BE(i + 1, 0);
    head.writeInt32BE(r.content.length / 2, 4);
    bodies.push(head, r.content);
    index.writeInt32BE(offset / 2, i * 8);
    index.writeInt32BE(r.content.length / 2, i * 8 + 4);
    offset += 8 + r.content.length;
  });
  const files: Record<string, Uint8Array> = {
    [`${base}.shp`]: new Uint8Array(Buffer.concat([mainHeader(type, offset, box), ...bodies])),
    [`${base}.shx`]: new Uint8Array(Buffer.concat([mainHeader(type, 100 + index.length, box), index])),
    [`${base}.dbf`]: new Uint8Array(dbf(features, options)),
  };
  if (options.cpg) files[`${base}.cpg`] = new TextEncoder().encode(options.encoding === 'gbk' ? 'GBK' : 'UTF-8');
  if (options.prj) files[`${base}.prj`] = new TextEncoder().encode(options.prj);
  return files;
}
