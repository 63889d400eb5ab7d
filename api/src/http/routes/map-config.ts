// GET /api/map-config: the basemaps this deployment offers and the attribution the map must show.
// The offline basemap is always first and needs no internet. A 天地图 key lives in the server's
// configuration, never in the repository or the web bundle; it reaches a browser only here, as
// 天地图's browser keys are meant to (restrict it to the portal's domain in the 天地图 console).
import { Hono } from 'hono';
import { isPmtilesArchive } from '../../config.ts';
import type { AppDeps } from '../app.ts';

export interface Basemap {
  id: string;
  title: string;
  kind: 'offline' | 'raster';
  /** Raster tile URL templates ({z}/{x}/{y}); an archive as pmtiles://{url}/{z}/{x}/{y}. */
  tiles: string[];
  attribution: string;
}

const TIANDITU = '天地图 © 国家地理信息公共服务平台';

function tianditu(layer: string, key: string): string[] {
  return Array.from({ length: 8 }, (_, i) =>
    `https://t${i}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${key}`);
}

/** The basemaps for a configuration, offline first. */
export function basemaps(config: AppDeps['map']): Basemap[] {
  const out: Basemap[] = [{ id: 'offline', title: '简洁底图（离线）', kind: 'offline', tiles: [], attribution: '' }];
  const key = config.tiandituKey;
  if (key) {
    out.push({ id: 'tianditu-vec', title: '天地图 矢量', kind: 'raster', tiles: [...tianditu('vec', key), ...tianditu('cva', key)], attribution: TIANDITU });
    out.push({ id: 'tianditu-img', title: '天地图 影像', kind: 'raster', tiles: [...tianditu('img', key), ...tianditu('cia', key)], attribution: TIANDITU });
  }
  if (config.url) {
    // A PMTiles archive is addressed through the pmtiles protocol with the tile's z/x/y after it.
    const tiles = isPmtilesArchive(config.url) ? [`pmtiles://${config.url}/{z}/{x}/{y}`] : [config.url];
    out.push({ id: 'custom', title: config.title, kind: 'raster', tiles, attribution: config.attribution });
  }
  return out;
}

/** GET /api/map-config. */
export function mapConfigRoutes(deps: AppDeps) {
  return new Hono().get('/api/map-config', (c) => c.json({ basemaps: basemaps(deps.map), reviewNumber: deps.map.reviewNumber }));
}
