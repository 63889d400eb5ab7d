// The layer registry: one declaration per map layer, read by every stage (tile builder, API, web
// legend and styles). Colours and labels live here and nowhere else.
import type { Vocabulary } from './glossary.ts';
import { constraintKinds, gridStatuses, lineKinds, parcelStatuses, projectStages, regionLevels } from './glossary.ts';

export type LayerId = 'regions' | 'projects' | 'land_parcels' | 'energy_stations' | 'transport_lines' | 'constraint_zones';

export interface LegendEntry {
  value: string;
  label: string;
  color: string;
}

export interface LayerDeclaration {
  id: LayerId;
  /** Title in the legend (Chinese). */
  title: string;
  geometryType: 'point' | 'line' | 'polygon';
  /**
   * Where the tile builder reads features: a table, its id and geometry columns, and the attribute
   * whitelist (tile attribute → column). Internal fields (responsible leaders, problems, prices) are
   * never listed here, so they never reach a tile.
   */
  source: { table: string; id: string; geometry: string; attributes: Record<string, string> };
  minZoom: number;
  maxZoom: number;
  /** Douglas–Peucker tolerance in tile units (of 4096) at every zoom. */
  simplify: number;
  /**
   * Dense points are clustered below this zoom, in cells of `cell` tile units, separately for each
   * combination of the `by` attributes (the legend category first), which clusters keep with a
   * `point_count`: thinning never hides a category, and filters on those attributes still work.
   */
  cluster?: { belowZoom: number; cell: number; by: string[] };
  /**
   * The order features are written to each tile, which is the order the map draws them in (later on
   * top). A map sort key would do the same but costs one draw call per distinct key, per frame.
   */
  drawOrder?: { attribute: string; descending: boolean };
  /** The attribute the legend classifies by, with one entry per value. */
  legend: { attribute: string; entries: LegendEntry[] };
  /** Shown when the map first opens. */
  visibleByDefault: boolean;
  /** A restricted layer: served only to those whose field access includes this group (see the API's principal.ts). */
  restrictedTo?: 'constraints';
}

function entries(vocabulary: Vocabulary<string>, colors: Record<string, string>): LegendEntry[] {
  return Object.entries(vocabulary).map(([value, label]) => {
    const color = colors[value];
    if (!color) throw new Error(`layer registry: no colour for ${value}`);
    return { value, label, color };
  });
}

/** Stage colours: grey before start, warm while building, cool when done. */
export const stageColors: Record<keyof typeof projectStages, string> = {
  reserve: '#9aa5b1',
  new_start: '#e8590c',
  continuing: '#f59f00',
  completed: '#2b8a3e',
  operating: '#1971c2',
};

export const layers: readonly LayerDeclaration[] = [
  {
    id: 'regions',
    title: '行政区划',
    geometryType: 'polygon',
    legend: { attribute: 'level', entries: entries(regionLevels, { province: '#495057', city: '#343a40', county: '#868e96' }) },
    source: { table: 'regions', id: 'code', geometry: 'boundary', attributes: { code: 'code', name: 'name', level: 'level', parentCode: 'parent_code' } },
    minZoom: 3, maxZoom: 12, simplify: 4,
    visibleByDefault: true,
  },
  {
    id: 'projects',
    title: '重点项目',
    geometryType: 'point',
    legend: { attribute: 'stage', entries: entries(projectStages, stageColors) },
    source: {
      table: 'projects', id: 'id', geometry: 'location',
      attributes: {
        code: 'code', name: 'name', stage: 'stage', level: 'level', category: 'category', tags: 'tags',
        regionCode: 'region_code', totalInvestment: 'total_investment', plannedStart: 'planned_start', planYear: 'plan_year',
      },
    },
    // A region has hundreds to a few thousand projects: all are drawn at every zoom, so that every
    // filter of the palm map can work on the tiles.
    minZoom: 4, maxZoom: 14, simplify: 3,
    // Large projects first, so a small one is never hidden under a large one's circle.
    drawOrder: { attribute: 'totalInvestment', descending: true },
    visibleByDefault: true,
  },
  {
    id: 'land_parcels',
    title: '用地指标地块',
    geometryType: 'polygon',
    legend: {
      attribute: 'status',
      entries: entries(parcelStatuses, { available: '#37b24d', reserved: '#fab005', allocated: '#4263eb', supplied: '#868e96' }),
    },
    source: {
      table: 'land_parcels', id: 'id', geometry: 'geom',
      attributes: { code: 'code', name: 'name', kind: 'kind', landUse: 'land_use', status: 'status', areaM2: 'area_m2', regionCode: 'region_code' },
    },
    minZoom: 8, maxZoom: 14, simplify: 2,
    visibleByDefault: true,
  },
  {
    id: 'energy_stations',
    title: '光伏风电并网',
    geometryType: 'point',
    legend: {
      attribute: 'grid_status',
      entries: entries(gridStatuses, { planned: '#ced4da', building: '#ffa94d', partly_connected: '#74c0fc', fully_connected: '#1c7ed6' }),
    },
    source: {
      table: 'energy_stations', id: 'id', geometry: 'geom',
      attributes: { name: 'name', kind: 'kind', grid_status: 'grid_status', capacityKw: 'capacity_kw', connectedKw: 'connected_kw', regionCode: 'region_code' },
    },
    minZoom: 4, maxZoom: 14, simplify: 3, cluster: { belowZoom: 11, cell: 256, by: ['grid_status', 'kind', 'regionCode'] },
    visibleByDefault: true,
  },
  {
    id: 'transport_lines',
    title: '交通线路',
    geometryType: 'line',
    legend: {
      attribute: 'kind',
      entries: entries(lineKinds, {
        high_speed_rail: '#c2255c', railway: '#862e9c', rail_spur: '#9c36b5', expressway: '#2f9e44',
        national_road: '#e67700', provincial_road: '#f08c00', tourism_road: '#0ca678',
      }),
    },
    source: { table: 'transport_lines', id: 'id', geometry: 'geom', attributes: { code: 'code', name: 'name', kind: 'kind', status: 'status' } },
    minZoom: 4, maxZoom: 14, simplify: 3,
    visibleByDefault: true,
  },
  {
    id: 'constraint_zones',
    title: '管控区',
    geometryType: 'polygon',
    legend: {
      attribute: 'kind',
      entries: entries(constraintKinds, {
        basic_farmland: '#d9a441', ecological_redline: '#e03131', urban_boundary: '#7048e8', water_source: '#1098ad', other: '#868e96',
      }),
    },
    source: { table: 'constraint_zones', id: 'id', geometry: 'geom', attributes: { code: 'code', name: 'name', kind: 'kind' } },
    minZoom: 6, maxZoom: 14, simplify: 3,
    visibleByDefault: false,
    restrictedTo: 'constraints',
  },
];

/** The declaration of one layer; throws for an unknown id. */
export function layerById(id: LayerId): LayerDeclaration {
  const layer = layers.find((l) => l.id === id);
  if (!layer) throw new Error(`unknown layer ${id}`);
  return layer;
}
