// The site-selection check in PostGIS: a site (an EPSG:4490 polygon) against every constraint kind,
// allocated and supplied parcels, other projects' sites, station sites and transport corridors.
// Overlaps are cut exactly (ST_Intersection; the part outside the urban boundary is the site less the
// part inside it) and measured on the ellipsoid (geography), and in the plane of the input's Gauss-Krüger zone when
// the site came in one. Every candidate is found through the layers' GiST indexes; constraint zones
// through their parts of at most 256 vertices (migration 009), so a huge zone costs what lies under the site.
import type { Sql } from 'postgres';
import type { LayerId } from '@guatu/data/layers.ts';
import { checkLayers, defaultRules, type CheckLayerId, type SiteCheckRules } from '@guatu/data/site-check-rules.ts';

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
  /** What overlaps, as GeoJSON in EPSG:4490 (for the urban boundary: the part outside it); null when nothing does. */
  overlapGeometry: unknown;
}

export interface SiteMeasure {
  areaM2: number;
  planeAreaM2: number | null;
  layers: LayerResult[];
}

/**
 * Unions and the difference run on a fixed grid of 1e-9° (about 0.1 mm): GEOS then snap-rounds and
 * never falls back to its exception-driven retries, which on the embedded database (PostGIS in
 * WebAssembly) ended results early — half of a county's project sites failed a batch check before
 * this (overlapping road corridors). Cuts stay in full precision: on the grid they cost the server
 * check 30–80% more and have not failed.
 */
const GRID = 1e-9;

const mapLayer: Record<CheckLayerId, LayerId> = {
  basic_farmland: 'constraint_zones', ecological_redline: 'constraint_zones', urban_boundary: 'constraint_zones', water_source: 'constraint_zones',
  other_constraint: 'constraint_zones', land_parcels: 'land_parcels', projects: 'projects', energy_stations: 'energy_stations', transport_corridors: 'transport_lines',
};

type Row = { row: 'site' | 'feature' | 'total'; layer: CheckLayerId | null; id: number | null; code: string | null; name: string | null; kind: string | null; a: number; p: number | null; g: unknown };
type Near = { layer: CheckLayerId; loaded: boolean; distance: number | null };

/**
 * Checks one site (GeoJSON polygon in EPSG:4490); `planeSrid` is the GK zone it was drawn in, if any.
 * `distances: false` skips the nearest-feature search (a batch wants the overlaps only).
 */
export async function checkSite(
  sql: Sql, site: unknown,
  o: { planeSrid: number | null; excludeProject: number | null; sliverM2: number; distances?: boolean; corridorWidths?: SiteCheckRules['corridorWidths'] },
): Promise<SiteMeasure> {
  const geojson = JSON.stringify(site);
  const corridors = o.corridorWidths ?? defaultRules.corridorWidths;
  // A corridor of width 0 is not checked.
  const kinds = Object.keys(corridors).filter((k) => corridors[k as keyof typeof corridors].metres > 0);
  const widths = kinds.map((k) => corridors[k as keyof typeof corridors].metres);
  const srid = o.planeSrid ?? 0;
  // One statement: the site's area, every overlap cut and measured, and each layer's total — the union
  // of its kept pieces (zones of one kind may overlap each other) and the part outside the urban
  // boundary. Everything is cut to the site before it is unioned or buffered, so the work grows with
  // what lies under the site, not with the size of the zones or the length of the lines.
  const rows = await sql<Row[]>`
    WITH s AS MATERIALIZED (SELECT ST_SetSRID(ST_GeomFromGeoJSON(${geojson}), 4490) AS g),
    w AS (SELECT * FROM unnest(${kinds}::text[], ${widths}::float8[]) AS w(kind, m)),
    -- Zones through their parts (migration 009): each part under the site cut, a zone's pieces joined.
    zone_cut AS MATERIALIZED (
      SELECT zone_id, ST_Union(o, ${GRID}::float8) AS o FROM (
        SELECT p.zone_id, ST_CollectionExtract(ST_Intersection(p.geom, s.g), 3) AS o
        FROM constraint_zone_parts p, s WHERE p.kind <> 'urban_boundary' AND ST_Intersects(p.geom, s.g)) x
      WHERE NOT ST_IsEmpty(o) GROUP BY zone_id
    ),
    cand AS MATERIALIZED (
      SELECT 'land_parcels' AS layer, p.id, p.code, p.name, p.status AS kind, p.geom AS zone FROM land_parcels p, s
      WHERE p.status IN ('allocated', 'supplied') AND p.project_id IS DISTINCT FROM ${o.excludeProject}::bigint AND ST_Intersects(p.geom, s.g)
      UNION ALL
      SELECT 'projects', p.id, p.code, p.name, p.stage, p.geom FROM projects p, s
      WHERE ST_Dimension(p.geom) = 2 AND p.id IS DISTINCT FROM ${o.excludeProject}::bigint AND ST_Intersects(p.geom, s.g)
      UNION ALL
      SELECT 'energy_stations', e.id, e.code, e.name, e.kind, e.site FROM energy_stations e, s WHERE ST_Intersects(e.site, s.g)
      UNION ALL
      -- The bounding-box test keeps the GiST index in play (1e-4° is over 8 m at 40°N, so m/5e4 degrees
      -- is at least 1.7 m per metre of width). Lines are long: only their piece near the site is
      -- measured and buffered.
      SELECT 'transport_corridors', l.id, l.code, l.name, l.kind, ST_SetSRID(ST_Buffer(near.piece::geography, w.m)::geometry, 4490)
      FROM transport_lines l JOIN w ON w.kind = l.kind CROSS JOIN s
      CROSS JOIN LATERAL (SELECT ST_Intersection(l.geom, ST_Expand(s.g, w.m / 5e4)) AS piece) near
      WHERE l.geom && ST_Expand(s.g, w.m / 5e4) AND ST_DWithin(near.piece::geography, s.g::geography, w.m)
    ), cut AS MATERIALIZED (
      -- A feature that only touches the site (a shared edge or corner) leaves nothing: no overlap, no sliver.
      SELECT c.layer, c.id, c.code, c.name, c.kind, o FROM (
        SELECT c.*, ST_CollectionExtract(ST_Intersection(c.zone, s.g), 3) AS o FROM cand c, s) c
      WHERE NOT ST_IsEmpty(o)
      UNION ALL
      SELECT CASE z.kind WHEN 'other' THEN 'other_constraint' ELSE z.kind END, z.id, z.code, z.name, z.kind, zc.o
      FROM zone_cut zc JOIN constraint_zones z ON z.id = zc.zone_id
    ), measured AS MATERIALIZED (
      SELECT *, ST_Area(o::geography) AS a FROM cut
    ), totals AS (
      SELECT layer, ST_Union(o, ${GRID}::float8) AS o FROM measured WHERE a >= ${o.sliverM2} GROUP BY layer
      UNION ALL
      -- The part inside the urban boundary; outside is the site's area less this one's (an ST_Difference
      -- leaving nothing cut the result short on the embedded database).
      SELECT 'urban_boundary', coalesce(
        (SELECT ST_Union(o, ${GRID}::float8) FROM (SELECT ST_CollectionExtract(ST_Intersection(p.geom, s.g), 3) AS o FROM constraint_zone_parts p
           WHERE p.kind = 'urban_boundary' AND ST_Intersects(p.geom, s.g)) x WHERE NOT ST_IsEmpty(o)),
        'SRID=4490;POLYGON EMPTY'::geometry)
      FROM s WHERE EXISTS (SELECT 1 FROM constraint_zones WHERE kind = 'urban_boundary')
    )
    SELECT 'site' AS row, NULL AS layer, NULL::int AS id, NULL AS code, NULL AS name, NULL AS kind,
           ST_Area(g::geography) AS a, CASE WHEN ${srid}::int > 0 THEN ST_Area(ST_Transform(g, ${srid}::int)) END AS p, NULL::json AS g FROM s
    UNION ALL
    SELECT 'feature', layer, id::int, code, name, kind, a, CASE WHEN ${srid}::int > 0 THEN ST_Area(ST_Transform(o, ${srid}::int)) END, NULL FROM measured
    UNION ALL
    SELECT 'total', layer, NULL, NULL, NULL, NULL, ST_Area(o::geography), CASE WHEN ${srid}::int > 0 THEN ST_Area(ST_Transform(o, ${srid}::int)) END,
           CASE WHEN layer <> 'urban_boundary' THEN ST_AsGeoJSON(o, 7)::json END FROM totals`;
  const head = rows.find((r) => r.row === 'site');
  // The site's own row always comes back; without it the answer was cut short and must not be used.
  if (!head) throw new Error('site check: the database returned an incomplete answer');
  const features = rows.filter((r) => r.row === 'feature').sort((a, b) => b.a - a.a);
  const total = new Map(rows.filter((r) => r.row === 'total').map((t) => [t.layer!, t]));
  const inside = total.get('urban_boundary');
  if (inside) {
    const minus = (a: number | null, b: number | null) => (a === null || b === null ? null : Math.max(0, a - b));
    const outside = minus(head.a, inside.a)!;
    // Its shape only for the map, and only when there is something outside (see above on ST_Difference).
    const g = outside >= o.sliverM2 ? await outsideShape(sql, geojson).catch(() => null) : null;
    total.set('urban_boundary', { ...inside, a: outside, p: minus(head.p, inside.p), g });
  }
  const overlapOf = (id: CheckLayerId) => {
    const t = total.get(id);
    return t && t.a >= o.sliverM2 ? t.a : 0;
  };
  // Distances only where nothing overlaps (and never for the urban boundary, measured from inside it).
  const far = o.distances === false ? [] : checkLayers.map((c) => c.id).filter((id) => id !== 'urban_boundary' && overlapOf(id) === 0);
  const near = new Map((await nearest(sql, geojson, far, kinds, widths, o.excludeProject)).map((n) => [n.layer, n]));
  const layers = checkLayers.map((c): LayerResult => {
    const mine = features.filter((r) => r.layer === c.id);
    const overlap = overlapOf(c.id);
    const t = total.get(c.id);
    const n = near.get(c.id);
    return {
      layer: mapLayer[c.id], kind: c.id, overlapAreaM2: overlap, planeOverlapAreaM2: overlap > 0 ? (t?.p ?? null) : o.planeSrid ? 0 : null,
      features: mine.filter((r) => r.a >= o.sliverM2).map((r) => ({ id: r.id!, code: r.code!, name: r.name, kind: r.kind!, overlapAreaM2: r.a, planeOverlapAreaM2: r.p })),
      slivers: mine.filter((r) => r.a < o.sliverM2).length,
      nearestDistanceM: overlap > 0 || c.id === 'urban_boundary' ? null : (n?.distance ?? null),
      loaded: n?.loaded ?? (overlap > 0 || mine.length > 0 || (c.id === 'urban_boundary' && total.has('urban_boundary'))),
      overlapGeometry: overlap > 0 ? (t?.g ?? null) : null,
    };
  });
  return { areaM2: head.a, planeAreaM2: head.p, layers };
}

/** The part of the site outside the urban development boundary, as GeoJSON. */
async function outsideShape(sql: Sql, geojson: string): Promise<unknown> {
  const [row] = await sql<{ g: unknown }[]>`
    WITH s AS MATERIALIZED (SELECT ST_SetSRID(ST_GeomFromGeoJSON(${geojson}), 4490) AS g)
    SELECT ST_AsGeoJSON(ST_CollectionExtract(ST_Difference(s.g, coalesce(
      (SELECT ST_Union(o, ${GRID}::float8) FROM (SELECT ST_CollectionExtract(ST_Intersection(p.geom, s.g), 3) AS o FROM constraint_zone_parts p
         WHERE p.kind = 'urban_boundary' AND ST_Intersects(p.geom, s.g)) x WHERE NOT ST_IsEmpty(o)),
      'SRID=4490;POLYGON EMPTY'::geometry), ${GRID}::float8), 3), 7)::json AS g
    FROM s`;
  return row?.g ?? null;
}

/**
 * For each constraint kind whether any is loaded, and for the `far` layers the distance from the site
 * to the nearest feature (other layers count as loaded when they have one). The index orders the
 * candidates by bounding-box distance and the few nearest are measured on the ellipsoid; an unloaded
 * kind is never searched, as a nearest-neighbour scan for a kind that has no rows reads every zone.
 */
async function nearest(sql: Sql, geojson: string, far: CheckLayerId[], kinds: string[], widths: number[], excludeProject: number | null): Promise<Near[]> {
  const want = (id: CheckLayerId) => far.includes(id);
  const rows = await sql<{ layer: CheckLayerId; loaded: boolean | null; distance: number | null }[]>`
    WITH s AS MATERIALIZED (SELECT ST_SetSRID(ST_GeomFromGeoJSON(${geojson}), 4490) AS g),
    w AS (SELECT * FROM unnest(${kinds}::text[], ${widths}::float8[]) AS w(kind, m)),
    k AS MATERIALIZED (
      SELECT layer, kind, EXISTS (SELECT 1 FROM constraint_zones z WHERE z.kind = v.kind) AS loaded
      FROM (VALUES ('basic_farmland', 'basic_farmland'), ('ecological_redline', 'ecological_redline'), ('water_source', 'water_source'),
                   ('other_constraint', 'other'), ('urban_boundary', 'urban_boundary')) AS v(layer, kind))
    SELECT k.layer, k.loaded,
           CASE WHEN k.loaded AND k.layer = ANY(${far}::text[]) THEN (SELECT min(ST_Distance(x.geom::geography, s.g::geography))
             FROM (SELECT p.geom FROM constraint_zone_parts p WHERE p.kind = k.kind ORDER BY p.geom <-> s.g LIMIT 5) x) END AS distance
    FROM s, k
    UNION ALL
    SELECT 'land_parcels', NULL, (SELECT min(ST_Distance(x.geom::geography, s.g::geography)) FROM (SELECT p.geom FROM land_parcels p
              WHERE p.status IN ('allocated', 'supplied') AND p.project_id IS DISTINCT FROM ${excludeProject}::bigint ORDER BY p.geom <-> s.g LIMIT 5) x)
    FROM s WHERE ${want('land_parcels')}
    UNION ALL
    SELECT 'projects', NULL, (SELECT min(ST_Distance(x.geom::geography, s.g::geography)) FROM (SELECT p.geom FROM projects p
              WHERE ST_Dimension(p.geom) = 2 AND p.id IS DISTINCT FROM ${excludeProject}::bigint ORDER BY p.geom <-> s.g LIMIT 5) x)
    FROM s WHERE ${want('projects')}
    UNION ALL
    SELECT 'energy_stations', NULL, (SELECT min(ST_Distance(x.site::geography, s.g::geography))
              FROM (SELECT e.site FROM energy_stations e WHERE e.site IS NOT NULL ORDER BY e.site <-> s.g LIMIT 5) x)
    FROM s WHERE ${want('energy_stations')}
    UNION ALL
    -- A corridor's distance is the line's less its width: how far the site is from entering it.
    SELECT 'transport_corridors', NULL, (SELECT min(greatest(0, ST_Distance(x.geom::geography, s.g::geography) - w.m))
              FROM (SELECT l.geom, l.kind FROM transport_lines l ORDER BY l.geom <-> s.g LIMIT 10) x JOIN w ON w.kind = x.kind)
    FROM s WHERE ${want('transport_corridors')}`;
  return rows.map((r) => ({ layer: r.layer, loaded: r.loaded ?? r.distance !== null, distance: r.distance }));
}
