// 界址点 coordinate files in the land ministry's exchange layout (部标 TXT): an [属性描述] section
// (坐标系, 几度分带, 带号, 计量单位 …), then [地块坐标] with one block per parcel — a header line
// ending in @ (点数, 地块面积, 编号, 名称, 图形属性, 图幅号, 用途, 地类编码) and point lines
// `点号,圈号,X,Y`, where X is the northing, Y the easting, and 圈号 separates rings. Positions come
// out in GIS order [easting, northing] with the CRS the header states.
import { CrsError, gk, type Crs } from './crs.ts';

export interface JzdParcel {
  /** The header line's number in the file (1-based). */
  line: number;
  code: string;
  name: string;
  use: string;
  /** 地块面积 as written (its unit is not stated by the format; see statedAreaM2 in the caller). */
  statedArea: number | null;
  /** Rings in GIS order, by 圈号: the first is the outer ring. Closed. */
  rings: [number, number][][];
}

export interface JzdFile {
  crs: Crs;
  attributes: Record<string, string>;
  parcels: JzdParcel[];
}

export class JzdError extends Error {
  readonly line: number;
  constructor(line: number, reason: string) {
    super(`第 ${line} 行：${reason}`);
    this.line = line;
  }
}

/** Parses a 界址点 TXT file (already decoded to text). */
export function parseJzd(text: string): JzdFile {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const attributes: Record<string, string> = {};
  let section = '';
  const parcels: JzdParcel[] = [];
  let current: (JzdParcel & { byRing: Map<string, [number, number][]> }) | null = null;
  const finish = () => {
    if (!current) return;
    const rings = [...current.byRing.values()].map((ring) => {
      const [first, last] = [ring[0]!, ring.at(-1)!];
      return first[0] === last[0] && first[1] === last[1] ? ring : [...ring, first];
    });
    if (!rings.length) throw new JzdError(current.line, `地块「${current.name || current.code}」没有界址点`);
    for (const r of rings) if (r.length < 4) throw new JzdError(current.line, `地块「${current.name || current.code}」有一个圈少于 3 个界址点，不能构成面`);
    const { byRing: _, ...parcel } = current;
    parcels.push({ ...parcel, rings });
    current = null;
  };
  const points: { line: number; x: number; y: number }[] = [];
  lines.forEach((raw, i) => {
    const n = i + 1;
    const line = raw.trim();
    if (!line) return;
    const head = /^\[(.+)\]$/.exec(line);
    if (head) {
      finish();
      section = head[1]!.trim();
      return;
    }
    if (section === '属性描述') {
      const kv = /^([^=]+)=(.*)$/.exec(line);
      if (kv) attributes[kv[1]!.trim()] = kv[2]!.trim();
      return;
    }
    if (section !== '地块坐标') return;
    const fields = line.replace(/，/g, ',').split(',').map((f) => f.trim());
    if (line.endsWith('@')) {
      finish();
      const area = fields[1] ? Number(fields[1]) : NaN;
      current = { line: n, code: fields[2] ?? '', name: fields[3] ?? '', use: fields[6] ?? '', statedArea: Number.isFinite(area) ? area : null, rings: [], byRing: new Map() };
      return;
    }
    if (!current) throw new JzdError(n, '界址点行前面缺少以 @ 结尾的地块说明行');
    if (fields.length < 4) throw new JzdError(n, '界址点行应为“点号,圈号,X,Y”');
    const [x, y] = [Number(fields[2]), Number(fields[3])];
    if (!Number.isFinite(x) || !Number.isFinite(y)) throw new JzdError(n, `坐标不是数字：X=${fields[2]}，Y=${fields[3]}`);
    const ring = fields[1] || '1';
    if (!current.byRing.has(ring)) current.byRing.set(ring, []);
    // X is the northing, Y the easting: GIS order is [Y, X].
    current.byRing.get(ring)!.push([y, x]);
    points.push({ line: n, x, y });
  });
  finish();
  if (!parcels.length) throw new JzdError(lines.length, '文件中没有 [地块坐标] 或没有地块');
  return { crs: crsOfHeader(attributes, points), attributes, parcels };
}

function crsOfHeader(a: Record<string, string>, points: { line: number; x: number; y: number }[]): Crs {
  const system = a['坐标系'] ?? '';
  if (/西安|80|北京|54/.test(system)) throw new JzdError(1, `坐标系为「${system}」：西安80、北京54 没有本地参数无法准确换算，请先转换为 2000 国家大地坐标系`);
  if (system && !/2000/.test(system)) throw new JzdError(1, `不支持的坐标系「${system}」，应为 2000 国家大地坐标系`);
  if (a['计量单位'] && !/米|m/i.test(a['计量单位'])) throw new JzdError(1, `计量单位为「${a['计量单位']}」，应为米`);
  const width = Number(a['几度分带'] ?? '3');
  if (width !== 3 && width !== 6) throw new JzdError(1, `几度分带应为 3 或 6，文件中为「${a['几度分带']}」`);
  const digits = (v: number) => String(Math.floor(Math.abs(v))).length;
  const bad = points.find((p) => digits(p.x) === 8 && digits(p.y) === 7);
  if (bad) throw new JzdError(bad.line, `X/Y 填反了：X 应为 7 位北坐标，Y 为东坐标（本行 X=${bad.x}，Y=${bad.y}）`);
  const prefixed = points.every((p) => digits(p.y) === 8);
  const zoneFromY = prefixed ? Math.floor(points[0]!.y / 1e6) : null;
  const stated = a['带号'] ? Number(a['带号']) : null;
  if (zoneFromY !== null && stated !== null && zoneFromY !== stated) {
    throw new JzdError(points[0]!.line, `Y 坐标的带号 ${zoneFromY} 与文件头的带号 ${stated} 不一致`);
  }
  const zone = zoneFromY ?? stated;
  if (zone === null) throw new JzdError(1, 'Y 坐标不含带号，文件头也没有“带号”：无法确定投影带');
  try {
    return gk(width as 3 | 6, width === 3 ? zone * 3 : zone * 6 - 3, prefixed);
  } catch (e) {
    throw new JzdError(1, (e as CrsError).message);
  }
}
