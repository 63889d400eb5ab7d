import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pruneTileVersions } from './build-version.ts';

describe('tile retention', () => {
  it('keeps the newest versions and the served one, removes the rest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'guatu-prune-'));
    for (const v of [3, 7, 12, 20, 21]) {
      mkdirSync(join(dir, `v${v}`));
      writeFileSync(join(dir, `v${v}`, 'projects.pmtiles'), 'x');
    }
    mkdirSync(join(dir, 'not-a-version'));
    const removed: string[] = [];
    pruneTileVersions(dir, 2, 7, (line) => removed.push(line));
    expect(['v3', 'v7', 'v12', 'v20', 'v21', 'not-a-version'].filter((d) => existsSync(join(dir, d)))).toEqual(['v7', 'v20', 'v21', 'not-a-version']);
    expect(removed).toHaveLength(2);
  });
});
