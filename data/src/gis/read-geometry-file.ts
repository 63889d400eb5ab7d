// One entry point for every geometry format a user can hand us: a zipped Shapefile, a KMZ, or text
// (GeoJSON, KML, 界址点 TXT, a coordinate list), with the CRS chosen by the user or detected. GCJ-02 and
// BD-09 positions are converted here (PostGIS does not know those datums) and then treated as
// EPSG:4490. Nothing is transformed to EPSG:4490 here: that is PostGIS's job, in the API.
import { bd09ToWgs84, gcj02ToWgs84 } from '../geo/gcj02.ts';
import { decodeText } from '../imports/read-table.ts';
import { CrsError, crsFromCoordinates, parseCrs, type Crs } from './crs.ts';
import { GeometryTextError, parseCoordinateList, parseGeoJson, positions, type ParsedFeature } from './geometry-text.ts';
import { JzdError, parseJzd } from './jzd-txt.ts';
import { KmlError, parseKml } from './kml.ts';
import { readShapefileZip, ShapefileError, type Encoding } from './shapefile.ts';
import { readZip, ZipError, type ZipLimits } from './zip.ts';

/** A feature as read; a 界址点 parcel also carries its stated 地块面积 and the line its block starts on. */
export type GeometryFeature = ParsedFeature & { statedArea?: number | null; line?: number };

export interface GeometryFile {
  format: 'GeoJSON' | 'Shapefile' | 'KML' | 'KMZ' | '界址点 TXT' | '坐标串';
  crs: Crs;
  /** How the CRS was decided, for the preview: the user's choice, the file's own statement, or the coordinates' magnitudes. */
  crsSource: 'chosen' | 'file' | 'coordinates';
  encoding: Encoding | null;
  features: GeometryFeature[];
  /** The attribute names the features carry, in first-seen order (the field-mapping step offers these). */
  attributes: string[];
}

export interface GeometryFileOptions {
  /** `EPSG:nnnn`, `GCJ02` or `BD09`; detected when absent. */
  crs?: string | null;
  encoding?: Encoding | null;
  zipLimits: ZipLimits;
}

/** True for the errors that are the file's fault (their message is for the user). */
export function isFileProblem(e: unknown): e is Error {
  return e instanceof CrsError || e instanceof GeometryTextError || e instanceof JzdError || e instanceof KmlError || e instanceof ShapefileError || e instanceof ZipError;
}

/** Reads pasted text in whichever format it is in. */
export function readGeometryText(text: string, options: Omit<GeometryFileOptions, 'zipLimits'>, encoding: Encoding | null = null): GeometryFile {
  const t = text.trim();
  const chosen = options.crs ? parseCrs(options.crs) : undefined;
  if (!t) throw new GeometryTextError('文件是空的');
  let format: GeometryFile['format'];
  let parsed: { crs: Crs; features: GeometryFeature[] };
  let stated = false;
  if (t.startsWith('{')) {
    format = 'GeoJSON';
    parsed = parseGeoJson(t, chosen);
    stated = /"crs"\s*:/.test(t.slice(0, 2000));
  } else if (/\[地块坐标\]/.test(t)) {
    format = '界址点 TXT';
    const f = parseJzd(t);
    stated = true;
    parsed = {
      crs: chosen ?? f.crs,
      features: f.parcels.map((p, i) => ({ index: i + 1, geometry: { type: 'Polygon', coordinates: p.rings }, properties: { 编号: p.code, 名称: p.name, 用途: p.use }, statedArea: p.statedArea, line: p.line })),
    };
  } else if (t.startsWith('<')) {
    // KML is longitude/latitude on WGS84 unless the user says it came from AMap (GCJ02) or Baidu (BD09).
    format = 'KML';
    stated = true;
    parsed = { crs: chosen ?? parseCrs('EPSG:4326'), features: parseKml(t) };
  } else {
    format = '坐标串';
    parsed = parseCoordinateList(t, chosen);
  }
  return finish({ format, encoding, ...parsed, crsSource: chosen ? 'chosen' : stated ? 'file' : 'coordinates' });
}

/** Reads an uploaded file: a zip (Shapefile or KMZ) or text in any encoding. */
export function readGeometryFile(bytes: Uint8Array, filename: string, options: GeometryFileOptions): GeometryFile {
  if (!bytes.length) throw new GeometryTextError('文件是空的');
  if (/\.(shp|dbf|shx)$/i.test(filename)) throw new ShapefileError('Shapefile 请把 .shp、.shx、.dbf、.prj（和 .cpg）一起压缩成 .zip 再上传');
  const chosen = options.crs ? parseCrs(options.crs) : undefined;
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    if (/\.kmz$/i.test(filename)) {
      const kml = readZip(bytes, options.zipLimits).find((e) => /\.kml$/i.test(e.name));
      if (!kml) throw new KmlError('KMZ 中没有 .kml 文件');
      return finish({ format: 'KMZ', crs: chosen ?? parseCrs('EPSG:4326'), crsSource: chosen ? 'chosen' : 'file', encoding: 'utf-8', features: parseKml(new TextDecoder().decode(kml.read())) });
    }
    const shape = readShapefileZip(bytes, options.encoding ?? null, options.zipLimits);
    if (!shape.features.length) throw new ShapefileError('Shapefile 中没有要素');
    const sample = shape.features.slice(0, 50).flatMap((f) => positions(f.geometry.coordinates).slice(0, 5));
    const crs = chosen ?? shape.crs ?? crsFromCoordinates(sample);
    return finish({ format: 'Shapefile', crs, crsSource: chosen ? 'chosen' : shape.crs ? 'file' : 'coordinates', encoding: shape.encoding, features: shape.features });
  }
  const decoded = options.encoding ? { text: new TextDecoder(options.encoding).decode(bytes), encoding: options.encoding } : decodeText(bytes);
  return readGeometryText(decoded.text, options, decoded.encoding);
}

/** The stated 地块面积 of a 界址点 file in m²: the format does not fix the unit, so the one closest to the computed area is taken (公顷, m², 亩). */
export function statedAreaM2(stated: number, computed: number): number {
  return [stated * 10_000, stated, (stated * 2000) / 3].sort((a, b) => Math.abs(a - computed) - Math.abs(b - computed))[0]!;
}

/** The warning when a 界址点 parcel's stated area and the computed one (plane for GK input) differ by more than 0.5%. */
export function statedAreaWarning(stated: number | null | undefined, computed: number | null): string | null {
  if (!stated || !computed) return null;
  const m2 = statedAreaM2(stated, computed);
  const diff = Math.abs(m2 - computed) / computed;
  return diff > 0.005 ? `文件中的地块面积与计算面积相差 ${(diff * 100).toFixed(2)}%（${m2.toFixed(2)} m² 对 ${computed.toFixed(2)} m²）` : null;
}

function finish(f: Omit<GeometryFile, 'attributes'>): GeometryFile {
  zoneAgrees(f.crs, f.features);
  const names = new Set<string>();
  for (const feature of f.features) for (const k of Object.keys(feature.properties)) names.add(k);
  return { ...f, features: unshift(f.features, f.crs), attributes: [...names] };
}

// A zone-prefixed easting says its zone: a CRS of another zone would put the parcel hundreds of km off.
function zoneAgrees(crs: Crs, features: GeometryFeature[]): void {
  if (crs.kind !== 'gk' || !crs.prefixed) return;
  const zones = new Set(features.slice(0, 50).flatMap((f) => positions(f.geometry.coordinates).slice(0, 5)).map(([e]) => Math.floor(e / 1e6)));
  const other = [...zones].find((z) => z !== crs.zone);
  if (other !== undefined) throw new CrsError(`坐标东值的带号是 ${other}，与坐标系 ${crs.name} 的 ${crs.zone} 带不一致，请核对坐标系和带号`);
}

function unshift(features: GeometryFeature[], crs: Crs): GeometryFeature[] {
  if (crs.kind !== 'gcj02' && crs.kind !== 'bd09') return features;
  const convert = crs.kind === 'gcj02' ? gcj02ToWgs84 : bd09ToWgs84;
  const walk = (v: unknown): unknown => (Array.isArray(v) && typeof v[0] === 'number' ? convert(v[0], v[1] as number) : Array.isArray(v) ? v.map(walk) : v);
  return features.map((f) => ({ ...f, geometry: { ...f.geometry, coordinates: walk(f.geometry.coordinates) } }));
}

/** The SRID PostGIS reads the positions in (GCJ-02/BD-09 are already converted to lon/lat). */
export function sridOf(crs: Crs): number {
  return crs.kind === 'gk' || crs.kind === 'geographic' ? crs.epsg : 4490;
}

/** The CRS as the API describes it: name, EPSG code or kind, and how it was decided. */
export function describeCrs(file: GeometryFile) {
  const crs = file.crs;
  return { name: crs.name, ...('epsg' in crs ? { epsg: crs.epsg } : { kind: crs.kind }), source: file.crsSource };
}
