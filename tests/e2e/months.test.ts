// Comparing months on the palm map (shared demo data, read-only): the 按月 tab compares two demo
// months, and picking a category draws exactly those projects on the map and lists them.
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, signedInPage } from '../support/browser.ts';
import { api, servedTiles } from '../support/db.ts';
import { artifactsDir } from '../support/portal-process.ts';

let browser: Browser;
const baseUrl = inject('baseUrl');
beforeAll(async () => {
  browser = await launchBrowser();
  await servedTiles();
});
afterAll(() => browser?.close());

describe('months on the map', () => {
  it('compares two months and draws only the new starts', async () => {
    const versions = (await api('/api/data-versions')).body.items as { id: number; month: string; label: string }[];
    const [from, to] = [versions.find((v) => v.month === '2026-06')!, versions.find((v) => v.month === '2026-11')!];
    const expected = (await api(`/api/data-versions/compare?from=${from.id}&to=${to.id}`)).body.counts.newStart as number;
    expect(expected).toBeGreaterThan(0);
    const page = await signedInPage(browser, baseUrl, inject('adminCookie'), { viewport: { width: 1440, height: 900 } });
    await page.goto(`${baseUrl}/?tab=months`);
    await page.getByLabel('对比起始月份').selectOption(String(from.id));
    await page.getByLabel('对比结束月份').selectOption(String(to.id));
    await page.getByRole('button', { name: new RegExp(`新开工\\s*${expected}`) }).click();
    await page.waitForFunction((n) => Number(document.querySelector('.map')?.getAttribute('data-rendered-projects')) === n, expected, { timeout: 60_000 });
    expect(await page.getByRole('tabpanel').getByRole('listitem').count()).toBe(expected);
    await page.screenshot({ path: join(artifactsDir, 'months-compare.png') });
    // Leaving the tab draws every project again.
    const total = (await api('/api/projects?limit=1')).body.total as number;
    await page.getByRole('tab', { name: '概况' }).click();
    await page.waitForFunction((n) => Number(document.querySelector('.map')?.getAttribute('data-rendered-projects')) === n, total, { timeout: 60_000 });
    await page.context().close();
  });
});
