// A map for working on geometry (the GIS import preview, the site check): the served layers (or a
// plain background before the first tiles are built), the configured default basemap, zoom and scale
// controls. Both pages then add their own GeoJSON sources on top.
import { Map as MapLibreMap, NavigationControl, ScaleControl, setWorkerUrl, type MapOptions } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { layers, type LayerId } from '@guatu/data/layers.ts';
import { getJson, type MapConfig } from '$lib/api';
import { mapStyle } from './style';

/** The layers to draw (the rest hidden) and the map options beyond the style. */
export interface WorkingMapOptions extends Omit<MapOptions, 'container' | 'style'> {
  shown: Set<LayerId>;
  available?: Set<LayerId>;
}

/** Creates the map in `container`; null when the browser cannot draw it (no WebGL). */
export async function createWorkingMap(container: HTMLElement, { shown, available, ...options }: WorkingMapOptions): Promise<MapLibreMap | null> {
  setWorkerUrl(workerUrl);
  const [tiles, config] = await Promise.all([
    getJson<{ version: string }>('/tiles/regions.json').catch(() => null), getJson<MapConfig>('/api/map-config').catch(() => null),
  ]);
  const hidden = new Set(layers.map((l) => l.id).filter((id) => !shown.has(id)));
  let map: MapLibreMap;
  try {
    map = new MapLibreMap({
      container,
      style: tiles
        ? mapStyle(Number(tiles.version), { type: 'FeatureCollection', features: [] }, hidden, config?.basemaps[0] ?? null, available)
        : { version: 8, sources: {}, layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#e9edf1' } }] },
      fadeDuration: 0,
      attributionControl: { compact: true },
      ...options,
    });
  } catch {
    return null;
  }
  map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
  map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-right');
  return map;
}
