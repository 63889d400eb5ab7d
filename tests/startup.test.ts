// What a newcomer and an operator see at start: one owner per embedded data directory, a restart
// that keeps the data and does not seed twice, and a clean stop on SIGTERM.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { repoRoot, startPortalProcess } from './support/portal-process.ts';

const backend = inject('backend');

describe('start-up', () => {
  it.runIf(backend === 'embedded')('refuses a second instance on the same data directory at once', () => {
    const started = Date.now();
    const second = spawnSync(process.execPath, [join(repoRoot, 'api/src/main.ts')], {
      env: { ...process.env, DATA_DIR: inject('dataDir'), PORT: '0' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(second.status).toBe(2);
    expect(second.stderr).toMatch(/另一个 Guatu 实例正在运行/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('keeps the data across a restart and does not load the demo twice', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'guatu-restart-'));
    const env = { DATA_DIR: dataDir, ...(backend === 'server' ? { DATABASE_URL: process.env.DATABASE_URL! } : {}) };
    try {
      const first = await startPortalProcess(env);
      const count = async (url: string) => ((await (await fetch(`${url}/api/projects?limit=1`)).json()) as { total: number }).total;
      const before = await count(first.url);
      // On a server the shared test portal already seeded this database; embedded starts empty.
      if (backend === 'embedded') expect(first.output()).toMatch(/loading the demo region/);
      expect(await first.stop()).toBe(0);
      expect(first.output()).toMatch(/closing the database cleanly/);
      if (backend === 'embedded') expect(existsSync(join(dataDir, 'guatu.lock'))).toBe(false);

      const second = await startPortalProcess(env);
      expect(second.output()).not.toMatch(/loading the demo region/);
      expect(second.output()).toMatch(/schema up to date/);
      expect(await count(second.url)).toBe(before);
      expect(await second.stop()).toBe(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 400_000);
});
