// Geometry through PostGIS: from the source CRS to EPSG:4490, repaired when invalid (and said so),
// with the ellipsoidal area (geography) and, for projected input, the plane area in the projection.
import type { Sql } from 'postgres';

export interface TransformedFeature {
  index: number;
  geometry: unknown;
  areaM2: number | null;
  planeAreaM2: number | null;
  /** Why it was invalid before the repair (ST_IsValidReason), or null when it was valid. */
  repaired: string | null;
  empty: boolean;
  /** Does it touch any region of this deployment? */
  inRegion: boolean;
}

/** Transforms GeoJSON geometries in `srid` to EPSG:4490, repairing invalid ones. */
export async function toCgcs2000(sql: Sql, features: { index: number; geometry: unknown }[], srid: number, planar: boolean): Promise<TransformedFeature[]> {
  if (!features.length) return [];
  return sql<TransformedFeature[]>`
    WITH src AS MATERIALIZED (
      SELECT idx, ST_SetSRID(ST_GeomFromGeoJSON(g), ${srid}) AS g
      FROM unnest(${features.map((f) => f.index)}::int[], ${features.map((f) => JSON.stringify(f.geometry))}::text[]) AS t(idx, g)
    ), checked AS (
      SELECT idx, g, CASE WHEN ST_IsValid(g) THEN NULL ELSE ST_IsValidReason(g) END AS reason FROM src
    ), fixed AS (
      -- ST_MakeValid may return a collection: keep the parts of the input's own dimension.
      SELECT idx, reason, CASE WHEN reason IS NULL THEN g ELSE ST_CollectionExtract(ST_MakeValid(g), ST_Dimension(g) + 1) END AS g FROM checked
    ), out AS MATERIALIZED (
      -- Materialized: inlined, every use of w below would parse, repair and transform again.
      SELECT idx, reason, g, ST_Transform(g, 4490) AS w FROM fixed
    )
    SELECT idx AS index, reason AS repaired, ST_IsEmpty(w) AS empty, ST_AsGeoJSON(w, 9)::json AS geometry,
           CASE WHEN ST_Dimension(w) = 2 AND NOT ST_IsEmpty(w) THEN ST_Area(w::geography) END AS "areaM2",
           CASE WHEN ${planar} AND ST_Dimension(g) = 2 AND NOT ST_IsEmpty(g) THEN ST_Area(g) END AS "planeAreaM2",
           EXISTS (SELECT 1 FROM regions r WHERE r.level = 'county' AND ST_Intersects(r.boundary, w)) AS "inRegion"
    FROM out ORDER BY idx`;
}

/** A geometry (EPSG:4490 GeoJSON) widened by `metres` on the ellipsoid: a point's circle, a line's band. */
export async function bufferMetres(sql: Sql, geometry: unknown, metres: number): Promise<unknown> {
  const [row] = await sql<{ g: unknown }[]>`
    -- A geography keeps SRID 4326 on some PostGIS builds: the buffer is set back to 4490 (same ellipsoid to the precision here).
    SELECT ST_AsGeoJSON(ST_SetSRID(ST_Buffer(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(geometry)}), 4490)::geography, ${metres}, 'quad_segs=16')::geometry, 4490), 9)::json AS g`;
  return row!.g;
}
