// The map style: an offline background (no internet needed) and every layer of the registry from
// the vector tiles of the served data version; colours and labels come from the registry.
import type { ExpressionSpecification, FilterSpecification, LayerSpecification, StyleSpecification } from 'maplibre-gl';
import { layerById, layers, type LayerId } from '@guatu/data/layers.ts';
import type { Basemap } from '@guatu/api/http/routes/map-config.ts';
import { MAP_FONT, mapFontFaces } from './font-faces.ts';

/** A `match` expression mapping a legend attribute to its colours. */
export function legendColor(layerId: LayerId, fallback = '#868e96'): ExpressionSpecification {
  const { attribute, entries } = layerById(layerId).legend;
  return ['match', ['get', attribute], ...entries.flatMap((e) => [e.value, e.color]), fallback] as unknown as ExpressionSpecification;
}

const investmentRadius: ExpressionSpecification = ['interpolate', ['linear'], ['sqrt', ['get', 'totalInvestment']], 30, 3.5, 300, 8, 1700, 16];

/** Which style layers draw each registry layer (for toggling visibility). */
export const styleLayersOf: Record<LayerId, string[]> = {
  regions: ['county-fill', 'county-line', 'city-line'],
  constraint_zones: ['zones-fill', 'zones-line'],
  land_parcels: ['parcels-fill', 'parcels-line'],
  transport_lines: ['lines-existing', 'lines-building', 'lines-planned'],
  energy_stations: ['stations-circle', 'stations-count'],
  projects: ['projects-circle', 'projects-label', 'projects-selected'],
};

export type { Basemap };

/**
 * The style for tiles of data version `version`; `labels` is the small GeoJSON of region label points.
 * Layers outside `available` (restricted ones the user may not see) are left out entirely.
 */
export function mapStyle(
  version: number, labels: GeoJSON.FeatureCollection, hidden: Set<LayerId>, basemap: Basemap | null = null,
  available: Set<LayerId> = new Set(layers.map((l) => l.id)),
): StyleSpecification {
  const origin = window.location.origin;
  const sources = Object.fromEntries(layers.filter((l) => available.has(l.id)).map((l) => [l.id, {
    type: 'vector' as const,
    tiles: [`${origin}/tiles/v/${version}/${l.id}/{z}/{x}/{y}.mvt`],
    minzoom: l.minZoom,
    maxzoom: l.maxZoom,
  }]));
  const vis = (id: LayerId) => ({ visibility: hidden.has(id) ? ('none' as const) : ('visible' as const) });
  const status = (s: string): FilterSpecification => ['==', ['get', 'status'], s];
  const raster = basemap && basemap.kind === 'raster' ? basemap : null;
  // 天地图 and most XYZ services split the map and its labels into two tile sets of the same size.
  const rasterSources = raster
    ? Object.fromEntries(splitTiles(raster.tiles).map((tiles, i) => [`basemap-${i}`, { type: 'raster' as const, tiles, tileSize: 256, attribution: raster.attribution }]))
    : {};
  const styleLayers: LayerSpecification[] = [
    { id: 'background', type: 'background', paint: { 'background-color': '#e9edf1' } },
    ...Object.keys(rasterSources).map((id): LayerSpecification => ({ id, type: 'raster', source: id })),
    // On a raster basemap the county fill would hide it: only a faint tint stays.
    { id: 'county-fill', type: 'fill', source: 'regions', 'source-layer': 'regions', filter: ['==', ['get', 'level'], 'county'], layout: vis('regions'), paint: { 'fill-color': '#fbfbf8', 'fill-opacity': raster ? 0.08 : 1 } },
    { id: 'zones-fill', type: 'fill', source: 'constraint_zones', 'source-layer': 'constraint_zones', layout: vis('constraint_zones'), paint: { 'fill-color': legendColor('constraint_zones'), 'fill-opacity': 0.22 } },
    { id: 'zones-line', type: 'line', source: 'constraint_zones', 'source-layer': 'constraint_zones', layout: vis('constraint_zones'), paint: { 'line-color': legendColor('constraint_zones'), 'line-width': 1 } },
    { id: 'county-line', type: 'line', source: 'regions', 'source-layer': 'regions', filter: ['==', ['get', 'level'], 'county'], layout: vis('regions'), paint: { 'line-color': '#adb5bd', 'line-width': 0.8 } },
    { id: 'city-line', type: 'line', source: 'regions', 'source-layer': 'regions', filter: ['==', ['get', 'level'], 'city'], layout: vis('regions'), paint: { 'line-color': '#495057', 'line-width': ['interpolate', ['linear'], ['zoom'], 6, 1.2, 10, 2.4] } },
    { id: 'parcels-fill', type: 'fill', source: 'land_parcels', 'source-layer': 'land_parcels', layout: vis('land_parcels'), paint: { 'fill-color': legendColor('land_parcels'), 'fill-opacity': 0.55 } },
    {
      id: 'parcels-line', type: 'line', source: 'land_parcels', 'source-layer': 'land_parcels', layout: vis('land_parcels'),
      // 标准地 stand out with a heavier, darker outline.
      paint: { 'line-color': ['match', ['get', 'kind'], 'standard_land', '#2b8a3e', '#ffffff'], 'line-width': ['match', ['get', 'kind'], 'standard_land', 2, 0.6] },
    },
    { id: 'lines-existing', type: 'line', source: 'transport_lines', 'source-layer': 'transport_lines', filter: status('existing'), layout: { ...vis('transport_lines'), 'line-cap': 'round' }, paint: { 'line-color': legendColor('transport_lines'), 'line-width': 2.2 } },
    { id: 'lines-building', type: 'line', source: 'transport_lines', 'source-layer': 'transport_lines', filter: status('building'), layout: vis('transport_lines'), paint: { 'line-color': legendColor('transport_lines'), 'line-width': 2.2, 'line-dasharray': [3, 2] } },
    { id: 'lines-planned', type: 'line', source: 'transport_lines', 'source-layer': 'transport_lines', filter: status('planned'), layout: { ...vis('transport_lines'), 'line-cap': 'round' }, paint: { 'line-color': legendColor('transport_lines'), 'line-width': 2.2, 'line-dasharray': [0.1, 2] } },
    {
      id: 'stations-circle', type: 'circle', source: 'energy_stations', 'source-layer': 'energy_stations', layout: vis('energy_stations'),
      paint: {
        'circle-color': legendColor('energy_stations'),
        // Clusters grow with their count, single stations with their capacity (kW).
        'circle-radius': ['case', ['>', ['get', 'point_count'], 1], ['interpolate', ['linear'], ['sqrt', ['get', 'point_count']], 1, 6, 10, 16],
          ['interpolate', ['linear'], ['sqrt', ['coalesce', ['get', 'capacityKw'], 0]], 10, 2.5, 300, 6, 1100, 12]],
        'circle-stroke-color': '#ffffff', 'circle-stroke-width': 0.8, 'circle-opacity': 0.85,
      },
    },
    {
      id: 'stations-count', type: 'symbol', source: 'energy_stations', 'source-layer': 'energy_stations', filter: ['>', ['get', 'point_count'], 1], layout: { ...vis('energy_stations'), 'text-field': ['to-string', ['get', 'point_count']], 'text-font': [MAP_FONT], 'text-size': 10, 'text-allow-overlap': true },
      paint: { 'text-color': '#ffffff' },
    },
    {
      id: 'projects-circle', type: 'circle', source: 'projects', 'source-layer': 'projects', layout: vis('projects'),
      // Large projects under small ones: the tiles hold them in that order (the registry's drawOrder).
      paint: {
        'circle-color': legendColor('projects'),
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 5, ['*', 0.45, investmentRadius], 9, investmentRadius, 13, ['*', 1.6, investmentRadius]],
        'circle-stroke-color': ['match', ['get', 'level'], 'province_key', '#1f2a37', 'city_key', '#495057', '#ffffff'],
        'circle-stroke-width': ['match', ['get', 'level'], 'province_key', 2.2, 'city_key', 1.5, 1],
        'circle-opacity': 0.92,
      },
    },
    {
      id: 'projects-selected', type: 'circle', source: 'projects', 'source-layer': 'projects', filter: ['==', ['id'], -1], layout: vis('projects'),
      paint: { 'circle-color': 'rgba(0,0,0,0)', 'circle-radius': ['*', 1.6, investmentRadius], 'circle-stroke-color': '#d6336c', 'circle-stroke-width': 3 },
    },
    {
      id: 'projects-label', type: 'symbol', source: 'projects', 'source-layer': 'projects', minzoom: 9.5,
      layout: { ...vis('projects'), 'text-field': ['get', 'name'], 'text-font': [MAP_FONT], 'text-size': 11, 'text-offset': [0, 1.1], 'text-anchor': 'top', 'text-optional': true },
      paint: { 'text-color': '#343a40', 'text-halo-color': '#ffffff', 'text-halo-width': 1.2 },
    },
    {
      id: 'county-label', type: 'symbol', source: 'labels', minzoom: 7, filter: ['==', ['get', 'level'], 'county'],
      layout: { 'text-field': ['get', 'name'], 'text-font': [MAP_FONT], 'text-size': 12 },
      paint: { 'text-color': '#868e96', 'text-halo-color': '#ffffff', 'text-halo-width': 1.2 },
    },
    {
      id: 'city-label', type: 'symbol', source: 'labels', maxzoom: 9, filter: ['==', ['get', 'level'], 'city'],
      layout: { 'text-field': ['get', 'name'], 'text-font': [MAP_FONT], 'text-size': 15 },
      paint: { 'text-color': '#343a40', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
    },
  ];
  const drawn = styleLayers.filter((l) => !('source' in l) || !layers.some((d) => d.id === l.source && !available.has(d.id)));
  return { version: 8, 'font-faces': mapFontFaces(), sources: { ...sources, ...rasterSources, labels: { type: 'geojson', data: labels } }, layers: drawn };
}

/** Groups a basemap's URL templates into tile sets: 天地图 lists its eight hosts per layer, map then labels. */
function splitTiles(tiles: string[]): string[][] {
  const groups = new Map<string, string[]>();
  for (const t of tiles) {
    const key = /LAYER=(\w+)/.exec(t)?.[1] ?? 'main';
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  return [...groups.values()];
}
