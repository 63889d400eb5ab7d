// An archive is a base for the next build only if it was cut as the registry now declares its layer:
// a changed declaration (here the draw order) makes the next version build that layer in full.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { layers } from '@guatu/data/layers.ts';
import { buildArchive } from '@guatu/tiles/build.ts';
import { createArchiveWriter } from '@guatu/tiles/pmtiles-writer.ts';
import { zxyToTileId } from '@guatu/tiles/tile-id.ts';
import { projectFeature } from '@guatu/tiles/geometry.ts';
import { buildLayerArchive, builtAsDeclared, tileSpec } from './build-version.ts';

const projects = layers.find((l) => l.id === 'projects')!;
const features = [1, 2, 3].map((id) => projectFeature(id, { type: 'Point', coordinates: [112.5 + id / 100, 38.4] }, { totalInvestment: id * 1000 })!);

describe('builtAsDeclared', () => {
  const dir = mkdtempSync(join(tmpdir(), 'guatu-declared-'));

  it('accepts an archive built from the declaration', async () => {
    await buildLayerArchive(features, projects, join(dir, 'now.pmtiles'));
    expect(await builtAsDeclared(join(dir, 'now.pmtiles'), projects)).toBe(true);
  });

  it('refuses one built another way, or before archives said how they were built', async () => {
    const { drawOrder: _, ...withoutOrder } = tileSpec(projects);
    await buildArchive(features, withoutOrder, join(dir, 'unordered.pmtiles'));
    expect(await builtAsDeclared(join(dir, 'unordered.pmtiles'), projects)).toBe(false);
    await buildArchive(features, { ...tileSpec(projects), maxZoom: projects.maxZoom - 1 }, join(dir, 'zooms.pmtiles'));
    expect(await builtAsDeclared(join(dir, 'zooms.pmtiles'), projects)).toBe(false);
    // An archive from before builders wrote how they built (metadata without guatu_build).
    const old = await createArchiveWriter(join(dir, 'old.pmtiles'));
    await old.addTile(zxyToTileId(4, 12, 6), gzipSync(new Uint8Array([0x1a, 0x00])));
    await old.finish({ minZoom: 4, maxZoom: 4, bounds: [112, 38, 113, 39], center: [112.5, 38.5, 4], metadata: { name: 'projects', format: 'pbf' } });
    expect(await builtAsDeclared(join(dir, 'old.pmtiles'), projects)).toBe(false);
  });
});
