// GIS imports in the database: staging a file's features (transformed to EPSG:4490, repaired and
// measured by PostGIS), what the preview needs to know about them, and the commit — one transaction
// that creates the data version, upserts the layer's rows by code (and in replace mode removes the
// ones the file no longer has, within the importer's regions), and remembers the field mapping.
import type { Sql, TransactionSql } from 'postgres';
import { layerById } from '@guatu/data/layers.ts';
import { gisKindSpecs, type FieldMapping, type FieldValues, type GisKind } from '@guatu/data/imports/gis-fields.ts';
import { COMMIT_LOCK, type CommittedVersion } from './imports.ts';

/** A feature ready to stage: its number in the file, code, checked field values and source geometry. */
export interface StagedInput {
  feature: number;
  code: string | null;
  fields: FieldValues;
  geometry: unknown;
  statedArea: number | null;
}

/** What PostGIS made of a staged feature. */
export interface StagedFeature {
  feature: number;
  code: string | null;
  name: string | null;
  areaM2: number | null;
  planeAreaM2: number | null;
  statedArea: number | null;
  repaired: string | null;
  regionCode: string | null;
  regionName: string | null;
  empty: boolean;
  /** Polygons without area, lines without length. */
  degenerate: boolean;
  /** Inside China's extent (what a region boundary must be, whatever regions exist yet). */
  inChina: boolean;
}

const BATCH = 10_000;

/** Stages features in `srid` as EPSG:4490: repaired when invalid (keeping the input's dimension), with the plane area for GK input. */
export async function stageFeatures(sql: Sql, importId: number, features: StagedInput[], srid: number, planar: boolean): Promise<void> {
  // Neighbours in a row: the county test reuses its prepared boundary while features stay in one county.
  const keyed = features.map((f) => {
    const [x, y] = first(f);
    return { f, cell: Math.floor(Math.abs(x) > 1000 ? x / 2000 : x / 0.02), y };
  });
  const sorted = keyed.sort((a, b) => a.cell - b.cell || a.y - b.y).map((k) => k.f);
  for (let i = 0; i < sorted.length; i += BATCH) {
    const batch = sorted.slice(i, i + BATCH);
    const col = <T>(f: (s: StagedInput) => T) => batch.map(f);
    // One pass per batch: repaired (keeping the input's dimension), transformed, measured on the
    // ellipsoid (and in the plane for GK input), and placed in the county holding a point on it.
    await sql`
      WITH src AS MATERIALIZED (
        SELECT idx, code, fields::jsonb AS fields, stated, ST_SetSRID(ST_GeomFromGeoJSON(g), ${srid}) AS g
        FROM unnest(${col((f) => f.feature)}::int[], ${col((f) => f.code)}::text[], ${col((f) => JSON.stringify(f.fields))}::text[],
                    ${col((f) => f.statedArea)}::float8[], ${col((f) => JSON.stringify(f.geometry))}::text[]) AS t(idx, code, fields, stated, g)
      ), checked AS (
        SELECT *, CASE WHEN ST_IsValid(g) THEN NULL ELSE ST_IsValidReason(g) END AS reason FROM src
      ), fixed AS (
        SELECT idx, code, fields, stated, reason,
               CASE WHEN reason IS NULL THEN g ELSE ST_CollectionExtract(ST_MakeValid(g), ST_Dimension(g) + 1) END AS g FROM checked
      ), out AS MATERIALIZED (
        -- Materialized: inlined, every use of w below would parse, repair and transform again.
        SELECT *, ST_Transform(g, 4490) AS w FROM fixed
      )
      INSERT INTO import_features (import_id, feature, code, fields, stated_area, repaired, geom, plane_area_m2, area_m2, region_code)
      SELECT ${importId}, idx, code, fields, stated, reason, w,
             CASE WHEN ${planar} AND ST_Dimension(g) = 2 AND NOT ST_IsEmpty(g) THEN ST_Area(g) END,
             CASE WHEN ST_Dimension(w) = 2 AND NOT ST_IsEmpty(w) THEN ST_Area(w::geography) END,
             CASE WHEN NOT ST_IsEmpty(w) THEN (
               -- min(), not ORDER BY code LIMIT 1: that walks the key in order and tests every county's boundary.
               SELECT min(r.code) FROM regions r WHERE r.level = 'county' AND ST_Intersects(r.boundary, ST_PointOnSurface(w))) END
      FROM out`;
  }
  // A feature whose inner point misses every county but which still touches one (a line along a border).
  await sql`
    UPDATE import_features f SET region_code = (
      SELECT min(r.code) FROM regions r WHERE r.level = 'county' AND ST_Intersects(r.boundary, f.geom))
    WHERE import_id = ${importId} AND region_code IS NULL AND NOT ST_IsEmpty(geom)`;
}

// The first position of a geometry; features are sorted in columns about 2 km wide by it (metres or degrees).
function first(f: StagedInput): [number, number] {
  let c: unknown = (f.geometry as { coordinates: unknown }).coordinates;
  while (Array.isArray(c) && Array.isArray(c[0])) c = c[0];
  return Array.isArray(c) && typeof c[0] === 'number' ? [c[0], c[1] as number] : [0, 0];
}

/** Every staged feature of an import, in file order. */
export async function stagedFeatures(sql: Sql, importId: number): Promise<StagedFeature[]> {
  return sql<StagedFeature[]>`
    SELECT feature, f.code, fields->>'name' AS name, area_m2 AS "areaM2", plane_area_m2 AS "planeAreaM2", stated_area AS "statedArea",
           repaired, region_code::text AS "regionCode", r.name AS "regionName", ST_IsEmpty(geom) AS empty,
           CASE ST_Dimension(geom) WHEN 2 THEN coalesce(area_m2, 0) = 0 WHEN 1 THEN ST_Length(geom) = 0 ELSE false END AS degenerate,
           ST_CoveredBy(geom, ST_MakeEnvelope(73, 3, 136, 54, 4490)) AS "inChina"
    FROM import_features f LEFT JOIN regions r ON r.code = f.region_code WHERE import_id = ${importId} ORDER BY feature`;
}

/** Up to `limit` staged features as GeoJSON for the preview map, and the extent of all of them. */
export async function stagedSample(sql: Sql, importId: number, limit: number): Promise<{ sample: { type: 'FeatureCollection'; features: unknown[] }; bbox: number[] | null }> {
  const features = await sql<{ f: unknown }[]>`
    SELECT json_build_object('type', 'Feature', 'geometry', ST_AsGeoJSON(geom, 7)::json,
             'properties', json_build_object('feature', feature, 'code', code, 'name', fields->>'name')) AS f
    FROM import_features WHERE import_id = ${importId} AND NOT ST_IsEmpty(geom) ORDER BY import_features.feature LIMIT ${limit}`;
  const [box] = await sql<{ x0: number | null; y0: number; x1: number; y1: number }[]>`
    SELECT ST_XMin(e) AS x0, ST_YMin(e) AS y0, ST_XMax(e) AS x1, ST_YMax(e) AS y1
    FROM (SELECT ST_Extent(geom) AS e FROM import_features WHERE import_id = ${importId} AND NOT ST_IsEmpty(geom)) x`;
  return { sample: { type: 'FeatureCollection', features: features.map((r) => r.f) }, bbox: box && box.x0 !== null ? [box.x0, box.y0, box.x1, box.y1] : null };
}

const table = (kind: GisKind) => layerById(gisKindSpecs[kind].layer).source.table;

/** The codes of `codes` that exist in a kind's table, with the region each belongs to (for constraints: and its sub-kind). */
export async function existingCodes(sql: Sql, kind: GisKind, codes: string[]): Promise<Map<string, { regionCode: string | null; kind: string | null }>> {
  if (!codes.length) return new Map();
  const rows = kind === 'regions'
    ? await sql<{ code: string; regionCode: string | null; kind: null }[]>`SELECT code::text AS code, code::text AS "regionCode", NULL AS kind FROM regions WHERE code = ANY(${codes}::text[])`
    : await sql<{ code: string; regionCode: string | null; kind: string | null }[]>`
        SELECT code, region_code::text AS "regionCode", ${kind === 'constraints' ? sql`kind` : sql`NULL`} AS kind
        FROM ${sql(table(kind))} WHERE code = ANY(${codes}::text[])`;
  return new Map(rows.map((r) => [r.code, { regionCode: r.regionCode, kind: r.kind }]));
}

/** How many rows a replace would remove: those of the kind (and constraint sub-kind) in the importer's regions that the file does not have. */
export async function replacedCount(sql: Sql, kind: Exclude<GisKind, 'regions'>, codes: string[], root: string | null, constraintKind: string | null): Promise<number> {
  const [row] = await sql<{ n: number }[]>`
    SELECT count(*)::int AS n FROM ${sql(table(kind))} t
    WHERE NOT (t.code = ANY(${codes}::text[])) ${replaceScope(sql, kind, root, constraintKind)}`;
  return row!.n;
}

function replaceScope(sql: Sql | TransactionSql, kind: GisKind, root: string | null, constraintKind: string | null) {
  return sql`
    AND (${root}::text IS NULL OR t.region_code IN (SELECT code FROM region_subtree(${root}::char(6))))
    ${kind === 'constraints' ? sql`AND t.kind = ${constraintKind}` : sql``}`;
}

/** The project ids of the codes that exist. */
export async function projectIds(sql: Sql, codes: string[]): Promise<Map<string, number>> {
  if (!codes.length) return new Map();
  const rows = await sql<{ code: string; id: number }[]>`SELECT code, id::int AS id FROM projects WHERE code = ANY(${codes}::text[])`;
  return new Map(rows.map((r) => [r.code, r.id]));
}

/** The mapping last committed for a kind ({} before the first). */
export async function rememberedMapping(sql: Sql, kind: GisKind): Promise<FieldMapping> {
  const [row] = await sql<{ mapping: FieldMapping }[]>`SELECT mapping FROM import_mappings WHERE kind = ${kind}`;
  return row?.mapping ?? {};
}

/** Previews left a day without a commit are discarded and their staged features dropped. */
export async function discardStalePreviews(sql: Sql): Promise<void> {
  await sql`
    WITH stale AS (
      UPDATE imports SET status = 'discarded' WHERE status = 'preview' AND kind <> 'monthly' AND created_at < now() - interval '1 day' RETURNING id
    )
    DELETE FROM import_features WHERE import_id IN (SELECT id FROM stale)`;
}

/** Records the outcome of a GIS preview on its import row. */
export async function finishPreview(sql: Sql, importId: number, p: { errors: unknown[]; warnings: unknown[]; errorCount: number; summary: Record<string, unknown> }): Promise<void> {
  await sql`
    UPDATE imports SET errors = ${sql.json(p.errors as never)}, warnings = ${sql.json(p.warnings as never)}, error_count = ${p.errorCount},
                       summary = ${sql.json(p.summary as never)}
    WHERE id = ${importId}`;
}

/** The options a GIS import was read with (see gis-preview.ts). */
export interface GisImportOptions {
  kind: GisKind;
  mode: 'replace' | 'upsert';
  constraintKind: string | null;
  mapping: FieldMapping;
  crs: string;
  encoding: string | null;
  /** The uploader's writable region (null: all): a replace removes rows only there. */
  writableRoot: string | null;
}

/**
 * Commits a GIS preview in the caller's transaction: a new data version (this month's next GIS
 * revision), the layer's rows upserted by code (optional fields left empty keep their value),
 * in replace mode the rows the file no longer has removed, the mapping remembered. Returns the
 * version, or null when the import is no longer a committable preview.
 */
export async function commitGis(tx: TransactionSql, importId: number): Promise<CommittedVersion | null> {
  await tx`SELECT pg_advisory_xact_lock(${COMMIT_LOCK})`;
  const [imp] = await tx<{ options: GisImportOptions; filename: string | null; createdBy: number | null }[]>`
    SELECT options, filename, created_by::int AS "createdBy" FROM imports
    WHERE id = ${importId} AND status = 'preview' AND error_count = 0 AND kind <> 'monthly' FOR UPDATE`;
  if (!imp) return null;
  const o = imp.options;
  const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
  const [{ revision }] = (await tx<{ revision: number }[]>`
    SELECT coalesce(max(revision), 0)::int + 1 AS revision FROM data_versions WHERE month = ${`${month}-01`}::date AND kind = 'gis'`) as unknown as [{ revision: number }];
  const [year, mon] = month.split('-').map(Number) as [number, number];
  const label = `${year}年${mon}月 ${gisKindSpecs[o.kind].label}导入${o.mode === 'replace' ? '（覆盖）' : ''}${imp.filename ? ` ${imp.filename.slice(0, 60)}` : ''}`;
  const [version] = await tx<{ id: number }[]>`
    INSERT INTO data_versions (month, revision, kind, label, import_id) VALUES (${`${month}-01`}::date, ${revision}, 'gis', ${label}, ${importId})
    RETURNING id::int AS id`;
  const v = version!.id;
  if (o.mode === 'replace' && o.kind !== 'regions') {
    await tx`
      DELETE FROM ${tx(table(o.kind))} t
      WHERE NOT EXISTS (SELECT 1 FROM import_features f WHERE f.import_id = ${importId} AND f.code = t.code)
      ${replaceScope(tx, o.kind, o.writableRoot, o.constraintKind)}`;
  }
  await writers[o.kind](tx, importId, v, o);
  await tx`DELETE FROM import_features WHERE import_id = ${importId}`;
  await tx`UPDATE imports SET status = 'committed', committed_at = now(), data_version_id = ${v} WHERE id = ${importId}`;
  await tx`
    INSERT INTO import_mappings (kind, mapping, updated_by) VALUES (${o.kind}, ${tx.json(o.mapping as never)}, ${imp.createdBy})
    ON CONFLICT (kind) DO UPDATE SET mapping = EXCLUDED.mapping, updated_by = EXCLUDED.updated_by, updated_at = now()`;
  return { id: v, month, revision, label };
}

type Writer = (tx: TransactionSql, importId: number, versionId: number, o: GisImportOptions) => Promise<unknown>;

const writers: Record<GisKind, Writer> = {
  parcels: (tx, id, v) => tx`
    INSERT INTO land_parcels AS t (code, name, kind, land_use, status, region_code, project_id, area_m2, services, price_wan_per_mu, plot_ratio_min, geom, data_version_id)
    SELECT f.code, f.fields->>'name', f.fields->>'kind', f.fields->>'land_use', f.fields->>'status', f.region_code, p.id, round(f.area_m2::numeric, 2),
           f.fields->>'services', (f.fields->>'price_wan_per_mu')::numeric, (f.fields->>'plot_ratio_min')::numeric, ST_Multi(f.geom), ${v}
    FROM import_features f LEFT JOIN projects p ON p.code = f.fields->>'project'
    WHERE f.import_id = ${id}
    ON CONFLICT (code) DO UPDATE SET
      name = coalesce(EXCLUDED.name, t.name), kind = EXCLUDED.kind, land_use = EXCLUDED.land_use, status = EXCLUDED.status,
      region_code = EXCLUDED.region_code, project_id = coalesce(EXCLUDED.project_id, t.project_id), area_m2 = EXCLUDED.area_m2,
      services = coalesce(EXCLUDED.services, t.services), price_wan_per_mu = coalesce(EXCLUDED.price_wan_per_mu, t.price_wan_per_mu),
      plot_ratio_min = coalesce(EXCLUDED.plot_ratio_min, t.plot_ratio_min), geom = EXCLUDED.geom, is_demo = false, data_version_id = EXCLUDED.data_version_id`,
  stations: (tx, id, v) => tx`
    INSERT INTO energy_stations AS t (code, name, kind, capacity_kw, connected_kw, grid_status, connected_on, substation, region_code, project_id, geom, site, data_version_id)
    SELECT f.code, f.fields->>'name', f.fields->>'kind', (f.fields->>'capacity_kw')::numeric, (f.fields->>'connected_kw')::numeric, f.fields->>'grid_status',
           (f.fields->>'connected_on')::date, f.fields->>'substation', f.region_code, p.id,
           CASE WHEN ST_Dimension(f.geom) = 0 THEN f.geom ELSE ST_PointOnSurface(f.geom) END,
           CASE WHEN ST_Dimension(f.geom) = 2 THEN ST_Multi(f.geom) END, ${v}
    FROM import_features f LEFT JOIN projects p ON p.code = f.fields->>'project'
    WHERE f.import_id = ${id}
    ON CONFLICT (code) DO UPDATE SET
      name = EXCLUDED.name, kind = EXCLUDED.kind, capacity_kw = EXCLUDED.capacity_kw, connected_kw = EXCLUDED.connected_kw, grid_status = EXCLUDED.grid_status,
      connected_on = coalesce(EXCLUDED.connected_on, t.connected_on), substation = coalesce(EXCLUDED.substation, t.substation),
      region_code = EXCLUDED.region_code, project_id = coalesce(EXCLUDED.project_id, t.project_id), geom = EXCLUDED.geom,
      site = coalesce(EXCLUDED.site, t.site), is_demo = false, data_version_id = EXCLUDED.data_version_id`,
  lines: (tx, id, v) => tx`
    INSERT INTO transport_lines AS t (code, name, kind, status, region_code, project_id, geom, data_version_id)
    SELECT f.code, f.fields->>'name', f.fields->>'kind', f.fields->>'status', f.region_code, p.id, ST_Multi(f.geom), ${v}
    FROM import_features f LEFT JOIN projects p ON p.code = f.fields->>'project'
    WHERE f.import_id = ${id}
    ON CONFLICT (code) DO UPDATE SET
      name = EXCLUDED.name, kind = EXCLUDED.kind, status = EXCLUDED.status, region_code = EXCLUDED.region_code,
      project_id = coalesce(EXCLUDED.project_id, t.project_id), geom = EXCLUDED.geom, is_demo = false, data_version_id = EXCLUDED.data_version_id`,
  constraints: (tx, id, v, o) => tx`
    INSERT INTO constraint_zones AS t (code, name, kind, region_code, geom, data_version_id)
    SELECT f.code, f.fields->>'name', ${o.constraintKind}, f.region_code, ST_Multi(f.geom), ${v}
    FROM import_features f WHERE f.import_id = ${id}
    ON CONFLICT (code) DO UPDATE SET
      name = coalesce(EXCLUDED.name, t.name), kind = EXCLUDED.kind, region_code = EXCLUDED.region_code, geom = EXCLUDED.geom,
      is_demo = false, data_version_id = EXCLUDED.data_version_id`,
  // New regions take the level and parent their code implies (worked out in the preview); known ones keep theirs.
  regions: (tx, id, v) => tx`
    INSERT INTO regions AS t (code, name, level, parent_code, boundary, label_point, source, data_version_id)
    SELECT f.code, f.fields->>'name', f.fields->>'level', f.fields->>'parent', ST_Multi(f.geom), ST_PointOnSurface(f.geom), 'GIS 导入', ${v}
    FROM import_features f WHERE f.import_id = ${id}
    ON CONFLICT (code) DO UPDATE SET
      name = EXCLUDED.name, boundary = EXCLUDED.boundary, label_point = EXCLUDED.label_point, source = EXCLUDED.source, data_version_id = EXCLUDED.data_version_id`,
};
