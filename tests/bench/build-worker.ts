// A child process of the tile benchmark: builds the given layers' archives from the database (or
// exports their features as GeoJSONSeq for GDAL), then reports its time and its own peak memory.
// Usage: node build-worker.ts --socket PATH | --url URL  --layers a,b  (--out DIR | --export DIR)
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { layers } from '@guatu/data/layers.ts';
import { readLayerFeatures } from '@guatu/api/db/tile-features.ts';
import { buildLayerArchive, readLayer } from '@guatu/api/tiles/build-version.ts';
import { writeFeatureIndex } from '@guatu/tiles/feature-index.ts';

const { values } = parseArgs({ options: { socket: { type: 'string' }, url: { type: 'string' }, layers: { type: 'string' }, out: { type: 'string' }, export: { type: 'string' } } });
const sql = values.url
  ? postgres(values.url, { max: 2, onnotice: () => {} })
  : postgres({ path: values.socket!, user: 'postgres', database: 'postgres', max: 2, idle_timeout: 0, max_lifetime: null, onnotice: () => {} });
const chosen = layers.filter((l) => values.layers!.split(',').includes(l.id));
const started = performance.now();
const result: Record<string, unknown> = { layers: chosen.map((l) => l.id) };
if (values.export) {
  mkdirSync(values.export, { recursive: true });
  for (const layer of chosen) {
    const out = createWriteStream(join(values.export, `${layer.id}.geojsonl`));
    let n = 0;
    await readLayerFeatures(sql, layer, (rows) => {
      for (const r of rows) {
        out.write(`{"type":"Feature","id":${r.id},"properties":${JSON.stringify(r.properties)},"geometry":${r.geometry}}\n`);
        n++;
      }
    });
    await new Promise((done) => out.end(done));
    result[layer.id] = n;
  }
} else {
  mkdirSync(values.out!, { recursive: true });
  let tiles = 0;
  let bytes = 0;
  let features = 0;
  for (const layer of chosen) {
    // As the tile job does: read, build, and write the feature index the next rebuild starts from.
    const read = await readLayer(sql, layer);
    const s = await buildLayerArchive(read.features, layer, join(values.out!, `${layer.id}.pmtiles`));
    writeFeatureIndex(join(values.out!, `${layer.id}.index`), read.index);
    tiles += s.addressedTiles;
    bytes += s.bytes;
    features += s.features;
  }
  Object.assign(result, { tiles, bytes, features });
}
result.ms = Math.round(performance.now() - started);
result.maxRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
await sql.end();
console.log(JSON.stringify(result));
