// What a newcomer and an operator see at start: one owner per embedded data directory, a restart
// that keeps the data and does not seed twice, and a clean stop on SIGTERM.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import postgres from 'postgres';
import { readdirSync } from 'node:fs';
import { repoRoot, startPortalProcess, type PortalProcess } from './support/portal-process.ts';
import { until } from './support/until.ts';

async function tileBuilds(portal: PortalProcess): Promise<{ servedVersion: number | null; items: { dataVersionId: number; layer: string; status: string; error: string | null }[] }> {
  return (await portal.fetch('/api/tile-builds')).json() as never;
}

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
      const count = async (portal: PortalProcess) => ((await (await portal.fetch('/api/projects?limit=1')).json()) as { total: number }).total;
      const before = await count(first);
      // On a server the shared test portal already seeded this database; embedded starts empty.
      if (backend === 'embedded') expect(first.output()).toMatch(/loading the demo region/);
      expect(await first.stop()).toBe(0);
      expect(first.output()).toMatch(/closing the database cleanly/);
      if (backend === 'embedded') expect(existsSync(join(dataDir, 'guatu.lock'))).toBe(false);

      const second = await startPortalProcess(env);
      expect(second.output()).not.toMatch(/loading the demo region/);
      expect(second.output()).toMatch(/schema up to date/);
      expect(await count(second)).toBe(before);
      expect(await second.stop()).toBe(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 400_000);

  it.runIf(backend === 'embedded')('an interrupted tile build leaves the previous version served and the next run completes', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'guatu-kill-'));
    try {
      const first = await startPortalProcess({ DATA_DIR: dataDir });
      const demoVersion = await until('the demo tiles', async () => (await tileBuilds(first)).servedVersion);
      // A new month arrives without tiles (as a monthly commit would leave it).
      const db = postgres({ path: join(dataDir, 'run/.s.PGSQL.5432'), user: 'postgres', database: 'postgres', max: 1 });
      const [row] = await db`INSERT INTO data_versions (month, revision, kind, label, is_demo) VALUES ('2026-12-01', 1, 'manual', '2026年12月（测试）', true) RETURNING id`;
      await db.end();
      const next = Number(row!.id);
      expect(await first.stop()).toBe(0);
      // Without the demo version's feature indexes the new version cannot reuse its archives: it
      // is built in full, which gives the kill below a window of seconds.
      for (const f of readdirSync(join(dataDir, 'tiles', `v${demoVersion}`))) if (f.endsWith('.index')) rmSync(join(dataDir, 'tiles', `v${demoVersion}`, f));

      const second = await startPortalProcess({ DATA_DIR: dataDir });
      // Kill while the first layer of the new version is being built (a window of seconds).
      await until('the build of the new version', async () =>
        (await tileBuilds(second)).items.some((b) => b.dataVersionId === next && b.status === 'building'), 60_000, 20);
      second.proc.kill('SIGKILL');
      await new Promise((r) => second.proc.once('exit', r));

      const third = await startPortalProcess({ DATA_DIR: dataDir });
      expect((await tileBuilds(third)).servedVersion).toBe(demoVersion);
      const served = await until('the new version served', async () => (await tileBuilds(third)).servedVersion === next);
      expect(served).toBe(true);
      const builds = (await tileBuilds(third)).items.filter((b) => b.dataVersionId === next);
      expect(new Set(builds.filter((b) => b.status === 'published').map((b) => b.layer)).size).toBe(6);
      expect(builds.some((b) => b.status === 'failed' && /interrupted/.test(b.error ?? ''))).toBe(true);
      expect(readdirSync(join(dataDir, 'tiles', `v${next}`)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      expect(third.output()).toMatch(/interrupted build/);
      expect(await third.stop()).toBe(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 400_000);
});
