// The first map page in a real headless Chromium: projects are drawn, the legend filters them, the
// region picker zooms, the phone layout fits. Screenshots land in tests/artifacts/ for a human.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { api } from '../support/db.ts';
import { artifactsDir } from '../support/portal-process.ts';

let browser: Browser;
const baseUrl = inject('baseUrl');

beforeAll(async () => {
  mkdirSync(artifactsDir, { recursive: true });
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

async function rendered(page: Page): Promise<number> {
  return Number(await page.locator('.map').getAttribute('data-rendered-projects'));
}

/** Waits until the map has drawn exactly `n` projects (it redraws after every filter change). */
async function waitForRendered(page: Page, n: number) {
  await page.waitForFunction((expected) => Number(document.querySelector('.map')?.getAttribute('data-rendered-projects')) === expected, n, { timeout: 90_000 });
}

describe('map page', () => {
  it('draws every project of the demo region on the map, in Chinese, marked as demo data', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const errors: string[] = [];
    const requested: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await page.goto(baseUrl);
    const total = (await api('/api/projects?limit=1')).body.total as number;
    await waitForRendered(page, total);
    await expect.poll(() => page.getByTestId('project-count').textContent(), { timeout: 20_000 }).toContain(String(total));
    expect(await page.getByText('演示数据', { exact: true }).isVisible()).toBe(true);
    expect(await page.evaluate(() => document.fonts.check('16px "Noto Sans SC"', '挂图忻州'))).toBe(true);
    await page.waitForTimeout(800);
    await page.screenshot({ path: join(artifactsDir, 'map-desktop.png') });
    expect(errors).toEqual([]);
    // Every layer comes from the vector tiles of the served version; no layer loads as GeoJSON.
    for (const layer of ['regions', 'projects', 'energy_stations', 'transport_lines']) {
      expect(requested.some((p) => new RegExp(`^/tiles/v/\\d+/${layer}/\\d+/\\d+/\\d+\\.mvt$`).test(p)), layer).toBe(true);
    }
    expect(requested.filter((p) => p.startsWith('/api/map/') || p.startsWith('/api/regions/boundaries'))).toEqual([]);
    await page.close();
  });

  it('filters by stage from the legend and keeps the filter in the URL', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(baseUrl);
    const total = (await api('/api/projects?limit=1')).body.total as number;
    await waitForRendered(page, total);
    const newStarts = (await api('/api/projects?stage=new_start&limit=1')).body.total as number;
    await page.getByRole('button', { name: /新开工/ }).click();
    await waitForRendered(page, newStarts);
    expect(page.url()).toContain('stage=new_start');
    expect(await rendered(page)).toBeLessThan(total);
    await page.close();
  });

  it('narrows to a city from the region picker', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${baseUrl}/?region=140500`);
    const jincheng = (await api('/api/projects?region=140500&limit=1')).body.total as number;
    await waitForRendered(page, jincheng);
    await expect.poll(() => page.getByTestId('project-count').textContent(), { timeout: 20_000 }).toContain(String(jincheng));
    await page.screenshot({ path: join(artifactsDir, 'map-jincheng.png') });
    await page.close();
  });

  it('fits a phone: no horizontal overflow, the panel is a bottom sheet', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await page.goto(baseUrl);
    const total = (await api('/api/projects?limit=1')).body.total as number;
    await waitForRendered(page, total);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const handle = page.getByRole('button', { name: /展开概况/ });
    expect(await handle.isVisible()).toBe(true);
    await page.screenshot({ path: join(artifactsDir, 'map-phone.png') });
    await handle.tap();
    await expect.poll(() => page.getByTestId('project-count').isVisible(), { timeout: 20_000 }).toBe(true);
    await page.waitForTimeout(400);
    await page.screenshot({ path: join(artifactsDir, 'map-phone-sheet.png') });
    await page.close();
  });
});
