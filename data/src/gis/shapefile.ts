// Zipped Shapefiles: .shp geometry (points, lines, polygons, with or without Z/M), .dbf attributes
// in the right encoding — the user's choice, then .cpg, then the DBF language byte (0x4D = GBK), then
// detection — and the CRS from .prj. Polygons follow the format's rule: a clockwise ring starts a
// polygon, the counter-clockwise rings after it are its holes.
import { crsFromPrj, type Crs } from './crs.ts';
import type { ParsedFeature } from './geometry-text.ts';
import { readZip, ZipError, type ZipLimits } from './zip.ts';

export class ShapefileError extends Error {}

export type Encoding = 'utf-8' | 'gbk';

/** A .cpg's content as an encoding we read. */
export function encodingOfCpg(cpg: string): Encoding | null {
  const t = cpg.trim().toUpperCase().replace(/[-_\s]/g, '');
  if (['UTF8', '65001'].includes(t)) return 'utf-8';
  if (['GBK', '936', 'CP936', 'GB2312', 'GB18030', 'ANSI936'].includes(t)) return 'gbk';
  return null;
}

function signedArea(ring: [number, number][]): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) s += ring[i]![0] * ring[i + 1]![1] - ring[i + 1]![0] * ring[i]![1];
  return s / 2;
}

/** The geometries of a .shp, in record order (null for null shapes). */
export function readShp(bytes: Uint8Array): ({ type: string; coordinates: unknown } | null)[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 100 || view.getInt32(0, false) !== 9994) throw new ShapefileError('.shp 文件头无效（不是 Shapefile 或已损坏）');
  const out: ({ type: string; coordinates: unknown } | null)[] = [];
  let at = 100;
  while (at + 8 <= bytes.length) {
    const length = view.getInt32(at + 4, false) * 2;
    const start = at + 8;
    if (start + length > bytes.length || length < 4) throw new ShapefileError(`.shp 第 ${out.length + 1} 条记录被截断，文件已损坏`);
    const type = view.getInt32(start, true) % 10 === 0 ? 0 : view.getInt32(start, true);
    const base = type % 10 === 8 ? 8 : type % 10;
    const xy = (o: number): [number, number] => [view.getFloat64(o, true), view.getFloat64(o + 8, true)];
    if (type === 0) out.push(null);
    else if (base === 1) out.push({ type: 'Point', coordinates: xy(start + 4) });
    else if (base === 8) {
      const n = view.getInt32(start + 36, true);
      out.push({ type: 'MultiPoint', coordinates: Array.from({ length: n }, (_, i) => xy(start + 40 + i * 16)) });
    } else if (base === 3 || base === 5) {
      const parts = view.getInt32(start + 36, true);
      const points = view.getInt32(start + 40, true);
      const idx = Array.from({ length: parts }, (_, i) => view.getInt32(start + 44 + i * 4, true));
      const p0 = start + 44 + parts * 4;
      if (p0 + points * 16 > start + length) throw new ShapefileError(`.shp 第 ${out.length + 1} 条记录的点数超出记录长度，文件已损坏`);
      const rings = idx.map((s, i) => Array.from({ length: (idx[i + 1] ?? points) - s }, (_, k) => xy(p0 + (s + k) * 16)));
      if (base === 3) out.push(rings.length === 1 ? { type: 'LineString', coordinates: rings[0] } : { type: 'MultiLineString', coordinates: rings });
      else {
        const polygons: [number, number][][][] = [];
        for (const ring of rings) {
          // Clockwise (negative signed area in x-right/y-up) rings are outer rings.
          if (signedArea(ring) <= 0 || polygons.length === 0) polygons.push([ring]);
          else polygons.at(-1)!.push(ring);
        }
        out.push(polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons });
      }
    } else throw new ShapefileError(`不支持的 Shapefile 几何类型 ${type}`);
    at = start + length;
  }
  return out;
}

/** The records of a .dbf with the given (or resolved) encoding. */
export function readDbf(bytes: Uint8Array, chosen: Encoding | null): { records: Record<string, unknown>[]; encoding: Encoding } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 32) throw new ShapefileError('.dbf 文件无效');
  const count = view.getUint32(4, true);
  const headerLength = view.getUint16(8, true);
  const recordLength = view.getUint16(10, true);
  const fields: { raw: Uint8Array; type: string; length: number; offset: number }[] = [];
  let offset = 1;
  for (let at = 32; at + 32 <= headerLength && bytes[at] !== 0x0d; at += 32) {
    const raw = bytes.subarray(at, at + 11);
    const end = raw.indexOf(0);
    const length = bytes[at + 16]!;
    fields.push({ raw: end < 0 ? raw : raw.subarray(0, end), type: String.fromCharCode(bytes[at + 11]!), length, offset });
    offset += length;
  }
  const encoding: Encoding = chosen ?? (bytes[29] === 0x4d || bytes[29] === 0x7a ? 'gbk' : detect(bytes.subarray(headerLength)));
  const decoder = new TextDecoder(encoding);
  const names = fields.map((f) => decoder.decode(f.raw).trim());
  const records: Record<string, unknown>[] = [];
  for (let r = 0; r < count; r++) {
    const start = headerLength + r * recordLength;
    if (start + recordLength > bytes.length) throw new ShapefileError(`.dbf 第 ${r + 1} 条记录被截断`);
    const record: Record<string, unknown> = {};
    fields.forEach((f, i) => {
      const cell = bytes.subarray(start + f.offset, start + f.offset + f.length);
      const text = decoder.decode(cell).replace(/\0/g, '').trim();
      record[names[i]!] = f.type === 'N' || f.type === 'F' ? (text === '' ? null : Number(text)) : f.type === 'L' ? /^[YyTt]$/.test(text) : f.type === 'D' && /^\d{8}$/.test(text) ? `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6)}` : text;
    });
    records.push(record);
  }
  return { records, encoding };
}

function detect(bytes: Uint8Array): Encoding {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'utf-8';
  } catch {
    return 'gbk';
  }
}

/** A zipped Shapefile (one layer) as features with its CRS (null when there is no .prj) and encoding. */
export function readShapefileZip(zip: Uint8Array, chosen: Encoding | null, limits: ZipLimits): { features: ParsedFeature[]; crs: Crs | null; encoding: Encoding } {
  let entries;
  try {
    entries = readZip(zip, limits);
  } catch (e) {
    if (e instanceof ZipError) throw new ShapefileError(e.message);
    throw e;
  }
  const shps = entries.filter((e) => /\.shp$/i.test(e.name));
  if (shps.length === 0) throw new ShapefileError('压缩包中没有 .shp 文件');
  if (shps.length > 1) throw new ShapefileError(`压缩包中有 ${shps.length} 个图层（${shps.map((e) => e.name).join('、')}），请每次只上传一个`);
  const stem = shps[0]!.name.replace(/\.shp$/i, '');
  const sibling = (ext: string) => entries.find((e) => e.name.toLowerCase() === `${stem}.${ext}`.toLowerCase());
  const dbf = sibling('dbf');
  if (!dbf) throw new ShapefileError(`缺少 ${stem}.dbf（属性表），Shapefile 需要 .shp、.shx、.dbf 一起打包`);
  const cpg = sibling('cpg');
  const prj = sibling('prj');
  try {
    const geometries = readShp(shps[0]!.read());
    const encoding = chosen ?? (cpg ? encodingOfCpg(new TextDecoder().decode(cpg.read())) : null);
    const { records, encoding: used } = readDbf(dbf.read(), encoding);
    if (records.length !== geometries.length) throw new ShapefileError(`.shp 有 ${geometries.length} 个要素而 .dbf 有 ${records.length} 条记录，文件不匹配`);
    const crs = prj ? crsFromPrj(new TextDecoder().decode(prj.read())) : null;
    const features: ParsedFeature[] = [];
    geometries.forEach((g, i) => {
      if (g) features.push({ index: i + 1, geometry: g, properties: records[i]! });
    });
    return { features, crs, encoding: used };
  } catch (e) {
    if (e instanceof ZipError) throw new ShapefileError(e.message);
    throw e;
  }
}
