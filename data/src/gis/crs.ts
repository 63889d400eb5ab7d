// Coordinate reference systems a Chinese GIS file comes in, and how we tell which one: an explicit
// choice (`EPSG:4526`, `GCJ02`), a .prj (Esri or OGC WKT, e.g. `CGCS2000_3_Degree_GK_CM_111E`), or the
// magnitudes of the coordinates (an 8-digit easting carries its zone). Everything is stored as
// EPSG:4490; the transformation itself is PostGIS's (or gcj02.ts for the web-map datums).
// 西安80 and 北京54 are refused: without the local seven parameters any transformation is a guess.

export type Crs =
  | { kind: 'geographic'; epsg: 4490 | 4326; name: string }
  | { kind: 'gk'; epsg: number; zoneWidth: 3 | 6; zone: number | null; centralMeridian: number; prefixed: boolean; name: string }
  | { kind: 'gcj02'; name: string }
  | { kind: 'bd09'; name: string };

export class CrsError extends Error {}

const CGCS2000: Crs = { kind: 'geographic', epsg: 4490, name: 'CGCS2000 经纬度（EPSG:4490）' };
const WGS84: Crs = { kind: 'geographic', epsg: 4326, name: 'WGS84 经纬度（EPSG:4326）' };

/** A CGCS2000 Gauss-Krüger CRS: 3° or 6° zones, zone-prefixed eastings or the central-meridian form. */
export function gk(zoneWidth: 3 | 6, centralMeridian: number, prefixed: boolean): Crs {
  const zone = zoneWidth === 3 ? centralMeridian / 3 : (centralMeridian + 3) / 6;
  if (!Number.isInteger(zone) || centralMeridian < 75 || centralMeridian > 135) throw new CrsError(`中央经线 ${centralMeridian}° 不是 CGCS2000 ${zoneWidth}° 带的中央经线`);
  const epsg = zoneWidth === 3 ? (prefixed ? 4513 + (zone - 25) : 4534 + (centralMeridian - 75) / 3) : prefixed ? 4491 + (zone - 13) : 4502 + (centralMeridian - 75) / 6;
  const form = prefixed ? `${zone} 带（东坐标含带号）` : `中央经线 ${centralMeridian}°E`;
  return { kind: 'gk', epsg, zoneWidth, zone, centralMeridian, prefixed, name: `CGCS2000 ${zoneWidth}° 带高斯-克吕格 ${form}（EPSG:${epsg}）` };
}

/** The CRS of an EPSG code we accept. */
export function crsFromEpsg(epsg: number): Crs {
  if (epsg === 4490) return CGCS2000;
  if (epsg === 4326) return WGS84;
  if (epsg >= 4491 && epsg <= 4501) return gk(6, 6 * (epsg - 4491 + 13) - 3, true);
  if (epsg >= 4502 && epsg <= 4512) return gk(6, 75 + 6 * (epsg - 4502), false);
  if (epsg >= 4513 && epsg <= 4533) return gk(3, 3 * (epsg - 4513 + 25), true);
  if (epsg >= 4534 && epsg <= 4554) return gk(3, 75 + 3 * (epsg - 4534), false);
  if ((epsg >= 2327 && epsg <= 2390) || (epsg >= 2401 && epsg <= 2442) || epsg === 4610 || epsg === 4214) {
    throw new CrsError(`EPSG:${epsg} 是西安80 或北京54 坐标系：没有本地转换参数无法准确换算，请先在 GIS 软件中用本地七参数转换为 CGCS2000`);
  }
  throw new CrsError(`不支持 EPSG:${epsg}；支持 4490、4326、CGCS2000 高斯-克吕格 4491–4554，以及 GCJ02、BD09`);
}

/** A user's choice: `EPSG:nnnn`, `GCJ02` (高德、腾讯) or `BD09` (百度). */
export function parseCrs(text: string): Crs {
  const t = text.trim().toUpperCase().replace(/[-_\s]/g, '');
  if (t === 'GCJ02') return { kind: 'gcj02', name: 'GCJ-02 经纬度（高德、腾讯地图拾取）' };
  if (t === 'BD09') return { kind: 'bd09', name: 'BD-09 经纬度（百度地图拾取）' };
  const m = /^(?:EPSG:?)?(\d{4,5})$/.exec(t);
  if (!m) throw new CrsError(`坐标系「${text}」无法识别，应为 EPSG:4490 这样的代码，或 GCJ02、BD09`);
  return crsFromEpsg(Number(m[1]));
}

/** The CRS a .prj file describes (Esri names, OGC WKT, or an AUTHORITY code). */
export function crsFromPrj(wkt: string): Crs {
  const text = wkt.replace(/\s+/g, ' ');
  if (/xian|xi'an|1980|beijing|1954|krasovsky/i.test(text)) {
    throw new CrsError('文件是西安80 或北京54 坐标系：没有本地转换参数无法准确换算，请先用本地七参数转换为 CGCS2000 再导入');
  }
  const authority = /AUTHORITY\["EPSG",\s*"(\d+)"\]\s*\]\s*$/i.exec(text.trim());
  if (authority) return crsFromEpsg(Number(authority[1]));
  const isCgcs = /CGCS.?2000|China.?Geodetic.?Coordinate.?System.?2000/i.test(text);
  if (!/^PROJCS/i.test(text.trim())) {
    if (isCgcs) return CGCS2000;
    if (/WGS.?(19)?84/i.test(text)) return WGS84;
    throw new CrsError('无法识别 .prj 中的地理坐标系，请在导入时指定坐标系');
  }
  if (!isCgcs) throw new CrsError('.prj 是投影坐标系但不是 CGCS2000，请在 GIS 软件中转换为 CGCS2000 再导入');
  const named = /CGCS2000_(3_Degree_)?GK_(CM_(\d+)E|Zone_(\d+))/i.exec(text);
  const cm = Number(/PARAMETER\["Central_Meridian",\s*([\d.]+)\]/i.exec(text)?.[1] ?? NaN);
  const falseEasting = Number(/PARAMETER\["False_Easting",\s*([\d.]+)\]/i.exec(text)?.[1] ?? NaN);
  if (Number.isFinite(cm)) {
    // The parameters are the truth; the name says which zone width when a meridian fits both.
    const width: 3 | 6 = named ? (named[1] ? 3 : 6) : cm % 3 === 0 && (cm + 3) % 6 !== 0 ? 3 : falseEasting > 1e6 && falseEasting / 1e6 >= 25 ? 3 : 6;
    return gk(width, cm, falseEasting > 1e6);
  }
  if (named) {
    const width: 3 | 6 = named[1] ? 3 : 6;
    if (named[3]) return gk(width, Number(named[3]), false);
    const zone = Number(named[4]);
    return gk(width, width === 3 ? zone * 3 : zone * 6 - 3, true);
  }
  throw new CrsError('无法从 .prj 读出中央经线，请在导入时指定坐标系');
}

const digits = (n: number) => String(Math.floor(Math.abs(n))).length;

/**
 * The CRS that coordinate magnitudes imply, given as [easting or longitude, northing or latitude]
 * pairs: degrees in China's range are CGCS2000 longitude/latitude; an 8-digit easting with a zone
 * prefix and a 7-digit northing are Gauss-Krüger of that zone. A swapped pair is refused with why.
 */
export function crsFromCoordinates(points: [number, number][]): Crs {
  const sample = points.slice(0, 1000);
  if (!sample.length) throw new CrsError('没有坐标');
  if (sample.every(([x, y]) => y >= 73 && y <= 136 && x >= 3 && x <= 54)) {
    throw new CrsError('经纬度顺序反了：应为“经度,纬度”（中国境内经度约 73–136，纬度约 3–54）');
  }
  if (sample.every(([x, y]) => Math.abs(x) <= 180 && Math.abs(y) <= 90)) return CGCS2000;
  if (sample.every(([x, y]) => digits(x) === 7 && digits(y) === 8)) {
    throw new CrsError('X/Y 顺序反了：东坐标（8 位，前两位为带号）应在前、北坐标（7 位）在后；界址点文件中 X 为北坐标、Y 为东坐标');
  }
  if (sample.every(([x, y]) => digits(x) === 8 && digits(y) === 7)) {
    const zones = new Set(sample.map(([x]) => Math.floor(x / 1e6)));
    if (zones.size > 1) throw new CrsError(`坐标的带号不一致（${[...zones].join('、')}），一个文件应只有一个投影带`);
    const zone = [...zones][0]!;
    if (zone >= 25 && zone <= 45) return gk(3, zone * 3, true);
    if (zone >= 13 && zone <= 23) return gk(6, zone * 6 - 3, true);
    throw new CrsError(`东坐标的带号 ${zone} 不是 CGCS2000 3° 带（25–45）或 6° 带（13–23）的带号`);
  }
  if (sample.every(([x, y]) => digits(x) === 6 && digits(y) === 7)) {
    throw new CrsError('这是不含带号的高斯-克吕格坐标：无法判断属于哪个投影带，请在导入时指定坐标系（例如 EPSG:4546 = 中央经线 111°E）');
  }
  throw new CrsError('无法从坐标数值判断坐标系，请在导入时指定');
}
