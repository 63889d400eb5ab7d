// The map style: an offline background (no internet needed), region boundaries with Chinese
// labels, and projects coloured by stage from the layer registry.
import type { ExpressionSpecification, StyleSpecification } from 'maplibre-gl';
import { layerById } from '@guatu/data/layers.ts';
import { MAP_FONT, mapFontFaces } from './font-faces.ts';

/** A `match` expression mapping a legend attribute to its colours. */
export function legendColor(layerId: Parameters<typeof layerById>[0], fallback = '#868e96'): ExpressionSpecification {
  const { attribute, entries } = layerById(layerId).legend;
  return ['match', ['get', attribute], ...entries.flatMap((e) => [e.value, e.color]), fallback] as unknown as ExpressionSpecification;
}

const investmentRadius: ExpressionSpecification = ['interpolate', ['linear'], ['sqrt', ['get', 'totalInvestment']], 30, 3.5, 300, 8, 1700, 16];

/** The base style; `projectsUrl` is the GeoJSON of the filtered projects. */
export function mapStyle(projectsUrl: string): StyleSpecification {
  return {
    version: 8,
    'font-faces': mapFontFaces(),
    sources: {
      counties: { type: 'geojson', data: '/api/regions/boundaries?level=county' },
      cities: { type: 'geojson', data: '/api/regions/boundaries?level=city' },
      projects: { type: 'geojson', data: projectsUrl },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#e9edf1' } },
      { id: 'county-fill', type: 'fill', source: 'counties', paint: { 'fill-color': '#fbfbf8', 'fill-opacity': 0.95 } },
      { id: 'county-line', type: 'line', source: 'counties', paint: { 'line-color': '#adb5bd', 'line-width': 0.8 } },
      { id: 'city-line', type: 'line', source: 'cities', paint: { 'line-color': '#495057', 'line-width': ['interpolate', ['linear'], ['zoom'], 6, 1.2, 10, 2.4] } },
      {
        id: 'county-label', type: 'symbol', source: 'counties', minzoom: 7,
        layout: { 'text-field': ['get', 'name'], 'text-font': [MAP_FONT], 'text-size': 12, 'symbol-placement': 'point' },
        paint: { 'text-color': '#868e96', 'text-halo-color': '#ffffff', 'text-halo-width': 1.2 },
      },
      {
        id: 'projects-circle', type: 'circle', source: 'projects',
        layout: { 'circle-sort-key': ['-', 0, ['get', 'totalInvestment']] },
        paint: {
          'circle-color': legendColor('projects'),
          // Area grows with investment (radius ∝ √万元); everything shrinks when zoomed out.
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 5, ['*', 0.45, investmentRadius], 9, investmentRadius, 13, ['*', 1.6, investmentRadius]],
          'circle-stroke-color': ['match', ['get', 'level'], 'province_key', '#1f2a37', 'city_key', '#495057', '#ffffff'],
          'circle-stroke-width': ['match', ['get', 'level'], 'province_key', 2.2, 'city_key', 1.5, 1],
          'circle-opacity': 0.92,
        },
      },
      {
        id: 'projects-label', type: 'symbol', source: 'projects', minzoom: 9.5,
        layout: { 'text-field': ['get', 'name'], 'text-font': [MAP_FONT], 'text-size': 11, 'text-offset': [0, 1.1], 'text-anchor': 'top', 'text-optional': true },
        paint: { 'text-color': '#343a40', 'text-halo-color': '#ffffff', 'text-halo-width': 1.2 },
      },
      {
        id: 'city-label', type: 'symbol', source: 'cities', maxzoom: 9,
        layout: { 'text-field': ['get', 'name'], 'text-font': [MAP_FONT], 'text-size': 15 },
        paint: { 'text-color': '#343a40', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
      },
    ],
  };
}
