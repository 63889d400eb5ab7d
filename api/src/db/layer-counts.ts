// The legend's live counts: for the page's filter, how many features of each layer, by the value
// the legend classifies on. Project filters narrow the projects; the region narrows every layer
// (a line without a region counts where it crosses the region's counties).
import type { Sql } from 'postgres';
import { layers, type LayerId } from '@guatu/data/layers.ts';
import { projectConditions, type ProjectFilter } from './projects.ts';

export interface LayerCount {
  total: number;
  byValue: Record<string, number>;
}

function tally(rows: { v: string | null; n: number }[]): LayerCount {
  const byValue: Record<string, number> = {};
  let total = 0;
  for (const r of rows) {
    total += r.n;
    if (r.v !== null) byValue[r.v] = (byValue[r.v] ?? 0) + r.n;
  }
  return { total, byValue };
}

/** Counts per layer and legend value, plus standard land (标准地) among the parcels. */
export async function layerCounts(sql: Sql, filter: ProjectFilter): Promise<Record<LayerId, LayerCount> & { standardLand: LayerCount }> {
  const inRegion = (column: string) => (filter.region ? sql`${sql(column)} IN (SELECT code FROM region_subtree(${filter.region}))` : sql`TRUE`);
  const regionArea = filter.region
    ? sql`(SELECT ST_Union(boundary) FROM regions WHERE code IN (SELECT code FROM region_subtree(${filter.region})) AND boundary IS NOT NULL)`
    : null;
  // The column each layer's legend classifies on, as the registry maps it.
  const legend = (id: LayerId) => {
    const layer = layers.find((l) => l.id === id)!;
    return sql(layer.source.attributes[layer.legend.attribute]!);
  };
  type Row = { v: string | null; n: number };
  const count = (q: PromiseLike<readonly unknown[]>) => Promise.resolve(q).then((rows) => tally(rows as Row[]));
  const [projects, parcels, standard, stations, lines, zones, regions] = await Promise.all([
    count(sql`SELECT ${legend('projects')} AS v, count(*)::int AS n FROM projects p WHERE ${projectConditions(sql, filter)} GROUP BY 1`),
    count(sql`SELECT ${legend('land_parcels')} AS v, count(*)::int AS n FROM land_parcels WHERE ${inRegion('region_code')} GROUP BY 1`),
    count(sql`SELECT status AS v, count(*)::int AS n FROM land_parcels WHERE kind = 'standard_land' AND ${inRegion('region_code')} GROUP BY 1`),
    count(sql`SELECT ${legend('energy_stations')} AS v, count(*)::int AS n FROM energy_stations WHERE ${inRegion('region_code')} GROUP BY 1`),
    count(sql`
      SELECT ${legend('transport_lines')} AS v, count(*)::int AS n FROM transport_lines
      WHERE ${regionArea ? sql`(${inRegion('region_code')} OR (region_code IS NULL AND ST_Intersects(geom, ${regionArea})))` : sql`TRUE`}
      GROUP BY 1`),
    count(sql`
      SELECT ${legend('constraint_zones')} AS v, count(*)::int AS n FROM constraint_zones
      WHERE ${regionArea ? sql`(${inRegion('region_code')} OR (region_code IS NULL AND ST_Intersects(geom, ${regionArea})))` : sql`TRUE`}
      GROUP BY 1`),
    count(sql`SELECT ${legend('regions')} AS v, count(*)::int AS n FROM regions WHERE ${inRegion('code')} GROUP BY 1`),
  ]);
  return { projects, land_parcels: parcels, standardLand: standard, energy_stations: stations, transport_lines: lines, constraint_zones: zones, regions };
}
