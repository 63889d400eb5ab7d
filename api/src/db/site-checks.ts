// The site-selection check in PostGIS: a site (an EPSG:4490 polygon) against every constraint kind,
// allocated and supplied parcels, other projects' sites, station sites and transport corridors.
// Overlaps are cut exactly (ST_Intersection, ST_Difference for the part outside the urban boundary)
// and measured on the ellipsoid (geography), and in the plane of the input's Gauss-Krüger zone when
// the site came in one. Every candidate is found through the layers' GiST indexes.
import type { Sql } from 'postgres';
import type { LayerId } from '@guatu/data/layers.ts';
import { checkLayers, corridorWidths, type CheckLayerId } from '@guatu/data/site-check-rules.ts';

export interface OverlapFeature {
  id: number;
  code: string;
  name: string | null;
  /** The feature's own kind or status (constraint kind, parcel status, line kind …). */
  kind: string;
  overlapAreaM2: number;
  planeOverlapAreaM2: number | null;
}

export interface LayerResult {
  /** The map layer the features are on. */
  layer: LayerId;
  /** What is checked on it (see site-check-rules.ts). */
  kind: CheckLayerId;
  overlapAreaM2: number;
  planeOverlapAreaM2: number | null;
  features: OverlapFeature[];
  /** Overlaps below the tolerance, ignored. */
  slivers: number;
  /** Distance to the nearest feature when nothing overlaps (null when something does, or the layer is empty). */
  nearestDistanceM: number | null;
  /** Does the layer hold any feature at all (an unloaded constraint layer says nothing). */
  loaded: boolean;
}

export interface SiteMeasure {
  areaM2: number;
  planeAreaM2: number | null;
  layers: LayerResult[];
}

const mapLayer: Record<CheckLayerId, LayerId> = {
  basic_farmland: 'constraint_zones', ecological_redline: 'constraint_zones', urban_boundary: 'constraint_zones', water_source: 'constraint_zones',
  other_constraint: 'constraint_zones', land_parcels: 'land_parcels', projects: 'projects', energy_stations: 'energy_stations', transport_corridors: 'transport_lines',
};

type Row = { layer: CheckLayerId; id: number; code: string; name: string | null; kind: string; a: number; p: number | null };

/** Checks one site (GeoJSON polygon in EPSG:4490); `planeSrid` is the GK zone it was drawn in, if any. */
export async function checkSite(
  sql: Sql, site: unknown, o: { planeSrid: number | null; excludeProject: number | null; sliverM2: number },
): Promise<SiteMeasure> {
  const geojson = JSON.stringify(site);
  const kinds = Object.keys(corridorWidths);
  const widths = kinds.map((k) => corridorWidths[k as keyof typeof corridorWidths].metres);
  const srid = o.planeSrid ?? 0;
  const [head] = await sql<{ area: number; plane: number | null }[]>`
    SELECT ST_Area(g::geography) AS area, CASE WHEN ${srid}::int > 0 THEN ST_Area(ST_Transform(g, ${srid}::int)) END AS plane
    FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON(${geojson}), 4490) AS g) s`;
  // Candidates: every feature whose geometry (a corridor: the line within its width) meets the site.
  const rows = await sql<Row[]>`
    WITH s AS MATERIALIZED (SELECT ST_SetSRID(ST_GeomFromGeoJSON(${geojson}), 4490) AS g),
    w AS (SELECT * FROM unnest(${kinds}::text[], ${widths}::float8[]) AS w(kind, m)),
    cand AS MATERIALIZED (
      SELECT CASE z.kind WHEN 'other' THEN 'other_constraint' ELSE z.kind END AS layer, z.id, z.code, z.name, z.kind, z.geom AS zone
      FROM constraint_zones z, s WHERE z.kind <> 'urban_boundary' AND ST_Intersects(z.geom, s.g)
      UNION ALL
      SELECT 'land_parcels', p.id, p.code, p.name, p.status, p.geom FROM land_parcels p, s
      WHERE p.status IN ('allocated', 'supplied') AND p.project_id IS DISTINCT FROM ${o.excludeProject}::bigint AND ST_Intersects(p.geom, s.g)
      UNION ALL
      SELECT 'projects', p.id, p.code, p.name, p.stage, p.geom FROM projects p, s
      WHERE ST_Dimension(p.geom) = 2 AND p.id IS DISTINCT FROM ${o.excludeProject}::bigint AND ST_Intersects(p.geom, s.g)
      UNION ALL
      SELECT 'energy_stations', e.id, e.code, e.name, e.kind, e.site FROM energy_stations e, s WHERE ST_Intersects(e.site, s.g)
      UNION ALL
      -- The bounding-box test keeps the GiST index in play (1e-4° is over 8 m at 40°N, so m/5e4 degrees is at least 1.7 m per metre of width).
      SELECT 'transport_corridors', l.id, l.code, l.name, l.kind, ST_SetSRID(ST_Buffer(l.geom::geography, w.m)::geometry, 4490)
      FROM transport_lines l JOIN w ON w.kind = l.kind, s
      WHERE l.geom && ST_Expand(s.g, w.m / 5e4) AND ST_DWithin(l.geom::geography, s.g::geography, w.m)
    ), cut AS MATERIALIZED (
      SELECT c.layer, c.id, c.code, c.name, c.kind, ST_CollectionExtract(ST_Intersection(c.zone, s.g), 3) AS o FROM cand c, s
    )
    SELECT layer, id::int AS id, code, name, kind, ST_Area(o::geography) AS a,
           CASE WHEN ${srid}::int > 0 THEN ST_Area(ST_Transform(o, ${srid}::int)) END AS p
    FROM cut ORDER BY layer, a DESC`;
  // Layer totals: the union of each layer's real overlaps (zones of one kind may overlap each other),
  // and the part of the site outside the urban development boundary.
  const kept = rows.filter((r) => r.a >= o.sliverM2);
  const totals = await sql<{ layer: CheckLayerId; a: number; p: number | null }[]>`
    WITH s AS MATERIALIZED (SELECT ST_SetSRID(ST_GeomFromGeoJSON(${geojson}), 4490) AS g),
    w AS (SELECT * FROM unnest(${kinds}::text[], ${widths}::float8[]) AS w(kind, m)),
    picked AS (SELECT * FROM unnest(${kept.map((r) => r.layer)}::text[], ${kept.map((r) => r.id)}::bigint[]) AS t(layer, id)),
    zones AS (
      SELECT t.layer, coalesce(z.geom, p.geom, pr.geom, e.site, ST_SetSRID(ST_Buffer(l.geom::geography, w.m)::geometry, 4490)) AS zone
      FROM picked t
      LEFT JOIN constraint_zones z ON t.layer NOT IN ('land_parcels', 'projects', 'energy_stations', 'transport_corridors') AND z.id = t.id
      LEFT JOIN land_parcels p ON t.layer = 'land_parcels' AND p.id = t.id
      LEFT JOIN projects pr ON t.layer = 'projects' AND pr.id = t.id
      LEFT JOIN energy_stations e ON t.layer = 'energy_stations' AND e.id = t.id
      LEFT JOIN transport_lines l ON t.layer = 'transport_corridors' AND l.id = t.id
      LEFT JOIN w ON w.kind = l.kind
    ), merged AS (
      SELECT layer, ST_CollectionExtract(ST_Intersection(ST_Union(zone), (SELECT g FROM s)), 3) AS o FROM zones GROUP BY layer
      UNION ALL
      SELECT 'urban_boundary', ST_CollectionExtract(ST_Difference(s.g, coalesce(
        (SELECT ST_Union(z.geom) FROM constraint_zones z WHERE z.kind = 'urban_boundary' AND ST_Intersects(z.geom, s.g)),
        'SRID=4490;POLYGON EMPTY'::geometry)), 3)
      FROM s WHERE EXISTS (SELECT 1 FROM constraint_zones WHERE kind = 'urban_boundary')
    )
    SELECT layer, ST_Area(o::geography) AS a, CASE WHEN ${srid}::int > 0 THEN ST_Area(ST_Transform(o, ${srid}::int)) END AS p FROM merged`;
  const total = new Map(totals.map((t) => [t.layer, t]));
  const empty = await sql<{ layer: CheckLayerId; loaded: boolean; distance: number | null }[]>`
    WITH s AS MATERIALIZED (SELECT ST_SetSRID(ST_GeomFromGeoJSON(${geojson}), 4490) AS g),
    w AS (SELECT * FROM unnest(${kinds}::text[], ${widths}::float8[]) AS w(kind, m))
    SELECT k.layer, EXISTS (SELECT 1 FROM constraint_zones z WHERE z.kind = k.kind) AS loaded,
           (SELECT min(ST_Distance(x.geom::geography, s.g::geography)) FROM (SELECT z.geom FROM constraint_zones z WHERE z.kind = k.kind ORDER BY z.geom <-> s.g LIMIT 5) x) AS distance
    FROM s, (VALUES ('basic_farmland', 'basic_farmland'), ('ecological_redline', 'ecological_redline'), ('water_source', 'water_source'),
                    ('other_constraint', 'other'), ('urban_boundary', 'urban_boundary')) AS k(layer, kind)
    UNION ALL
    SELECT 'land_parcels', EXISTS (SELECT 1 FROM land_parcels WHERE status IN ('allocated', 'supplied')),
           (SELECT min(ST_Distance(x.geom::geography, s.g::geography)) FROM (SELECT p.geom FROM land_parcels p
              WHERE p.status IN ('allocated', 'supplied') AND p.project_id IS DISTINCT FROM ${o.excludeProject}::bigint ORDER BY p.geom <-> s.g LIMIT 5) x) FROM s
    UNION ALL
    SELECT 'projects', EXISTS (SELECT 1 FROM projects WHERE ST_Dimension(geom) = 2),
           (SELECT min(ST_Distance(x.geom::geography, s.g::geography)) FROM (SELECT p.geom FROM projects p
              WHERE ST_Dimension(p.geom) = 2 AND p.id IS DISTINCT FROM ${o.excludeProject}::bigint ORDER BY p.geom <-> s.g LIMIT 5) x) FROM s
    UNION ALL
    SELECT 'energy_stations', EXISTS (SELECT 1 FROM energy_stations WHERE site IS NOT NULL),
           (SELECT min(ST_Distance(x.site::geography, s.g::geography)) FROM (SELECT e.site FROM energy_stations e WHERE e.site IS NOT NULL ORDER BY e.site <-> s.g LIMIT 5) x) FROM s
    UNION ALL
    -- A corridor's distance is the line's less its width: how far the site is from entering it.
    SELECT 'transport_corridors', EXISTS (SELECT 1 FROM transport_lines),
           (SELECT min(greatest(0, ST_Distance(x.geom::geography, s.g::geography) - w.m)) FROM (SELECT l.geom, l.kind FROM transport_lines l ORDER BY l.geom <-> s.g LIMIT 10) x JOIN w ON w.kind = x.kind) FROM s`;
  const near = new Map(empty.map((e) => [e.layer, e]));
  const layers = checkLayers.map((c): LayerResult => {
    const mine = rows.filter((r) => r.layer === c.id);
    const t = total.get(c.id);
    const overlap = t && t.a >= o.sliverM2 ? t.a : 0;
    const n = near.get(c.id);
    return {
      layer: mapLayer[c.id], kind: c.id, overlapAreaM2: overlap, planeOverlapAreaM2: overlap > 0 ? (t?.p ?? null) : o.planeSrid ? 0 : null,
      features: mine.filter((r) => r.a >= o.sliverM2).map((r) => ({ id: r.id, code: r.code, name: r.name, kind: r.kind, overlapAreaM2: r.a, planeOverlapAreaM2: r.p })),
      slivers: mine.filter((r) => r.a < o.sliverM2).length,
      // Outside the urban boundary is measured from inside it: the distance means nothing there.
      nearestDistanceM: overlap > 0 || c.id === 'urban_boundary' ? null : (n?.distance ?? null),
      loaded: n?.loaded ?? false,
    };
  });
  return { areaM2: head!.area, planeAreaM2: head!.plane, layers };
}
