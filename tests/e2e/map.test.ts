// The palm map in a real headless Chromium: every layer is drawn from tiles, filters change what is
// drawn and the legend counts, search opens the right project file, the file shows the project's
// figures, the phone layout fits. Screenshots land in tests/artifacts/ for a human.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, signedInPage } from '../support/browser.ts';
import { formatWanYuan } from '@guatu/data/units.ts';
import { api, testDb } from '../support/db.ts';
import { artifactsDir } from '../support/portal-process.ts';

let browser: Browser;
const sql = testDb();
const baseUrl = inject('baseUrl');

beforeAll(async () => {
  mkdirSync(artifactsDir, { recursive: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await sql.end();
});

async function rendered(page: Page): Promise<number> {
  return Number(await page.locator('.map').getAttribute('data-rendered-projects'));
}

/** Waits until the map has drawn exactly `n` projects (it redraws after every filter change). */
async function waitForRendered(page: Page, n: number) {
  await page.waitForFunction((expected) => Number(document.querySelector('.map')?.getAttribute('data-rendered-projects')) === expected, n, { timeout: 90_000 });
}

async function legendCount(page: Page, layer: string): Promise<number> {
  return Number(((await page.getByTestId(`count-${layer}`).textContent()) ?? '').replace(/,/g, ''));
}

describe('palm map', () => {
  it('draws every project from the tiles, in Chinese, with the legend counting every layer', async () => {
    const page = await signedInPage(browser, baseUrl, inject('adminCookie'), { viewport: { width: 1440, height: 900 } });
    const errors: string[] = [];
    const requested: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await page.goto(baseUrl);
    const total = (await api('/api/projects?limit=1')).body.total as number;
    await waitForRendered(page, total);
    await expect.poll(() => page.getByTestId('figure-count').textContent(), { timeout: 20_000 }).toContain(String(total));
    const counts = (await api('/api/layers/counts')).body;
    for (const layer of ['projects', 'land_parcels', 'energy_stations', 'transport_lines', 'constraint_zones', 'regions']) {
      await expect.poll(() => legendCount(page, layer), { timeout: 20_000 }).toBe(counts[layer].total);
    }
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
    // deck.gl is not in the first bundle.
    expect(requested.filter((p) => /deck/i.test(p))).toEqual([]);
    await page.context().close();
  });

  it('filters change what is drawn, the legend counts and the list, and live in the URL', async () => {
    const page = await signedInPage(browser, baseUrl, inject('adminCookie'), { viewport: { width: 1440, height: 900 } });
    await page.goto(baseUrl);
    const total = (await api('/api/projects?limit=1')).body.total as number;
    await waitForRendered(page, total);
    await page.getByRole('button', { name: /筛选/ }).click();
    await page.getByRole('button', { name: '新开工', exact: true }).click();
    await page.getByRole('button', { name: '省级重点', exact: true }).click();
    const expected = (await api('/api/projects?stage=new_start&level=province_key&limit=1')).body.total as number;
    expect(expected).toBeGreaterThan(0);
    await waitForRendered(page, expected);
    await expect.poll(() => legendCount(page, 'projects'), { timeout: 20_000 }).toBe(expected);
    expect(page.url()).toContain('stage=new_start');
    expect(page.url()).toContain('level=province_key');
    await page.screenshot({ path: join(artifactsDir, 'map-filtered.png') });
    await page.getByRole('button', { name: '完成' }).click();
    await page.getByRole('tab', { name: '项目' }).click();
    await expect.poll(() => page.getByTestId('list-total').textContent(), { timeout: 20_000 }).toContain(String(expected));
    // The shared link reproduces the view.
    const shared = await signedInPage(browser, baseUrl, inject('adminCookie'), { viewport: { width: 1440, height: 900 } });
    await shared.goto(page.url());
    await waitForRendered(shared, expected);
    await shared.context().close();
    await page.context().close();
  });

  it('shows the late projects in two taps: on the map and in the list', async () => {
    const page = await signedInPage(browser, baseUrl, inject('adminCookie'), { viewport: { width: 1440, height: 900 } });
    await page.goto(`${baseUrl}/?region=140400`);
    const late = (await api('/api/projects?region=140400&late=true&limit=1')).body.total as number;
    expect(late).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('late-count').textContent(), { timeout: 30_000 }).toContain(`${late} 个项目滞后`);
    await page.getByTestId('late-count').click();
    await waitForRendered(page, late);
    await expect.poll(() => page.getByTestId('list-total').textContent(), { timeout: 20_000 }).toContain(`共 ${late} 个`);
    expect(page.url()).toContain('late=true');
    await page.screenshot({ path: join(artifactsDir, 'map-late.png') });
    await page.context().close();
  });

  it('narrows to a city from the region picker, and the ranking zooms to a county', async () => {
    const page = await signedInPage(browser, baseUrl, inject('adminCookie'), { viewport: { width: 1440, height: 900 } });
    await page.goto(`${baseUrl}/?region=140500`);
    const jincheng = (await api('/api/projects?region=140500&limit=1')).body.total as number;
    await waitForRendered(page, jincheng);
    await expect.poll(() => page.getByTestId('figure-count').textContent(), { timeout: 20_000 }).toContain(String(jincheng));
    await page.screenshot({ path: join(artifactsDir, 'map-jincheng.png') });
    await page.getByRole('button', { name: '高平市' }).click();
    const gaoping = (await api('/api/projects?region=140581&limit=1')).body.total as number;
    await expect.poll(() => page.getByTestId('figure-count').textContent(), { timeout: 20_000 }).toContain(String(gaoping));
    expect(page.url()).toContain('region=140581');
    await page.context().close();
  });

  it('search finds a late project by its code and opens its file with its figures', async () => {
    // A project with an overdue problem: what a leader looks for first.
    const [late] = await sql`
      SELECT p.id::int AS id, p.code, p.name FROM projects p JOIN problems q ON q.project_id = p.id
      WHERE q.status IN ('open', 'assigned') AND q.deadline < current_date ORDER BY p.id LIMIT 1`;
    const file = (await api(`/api/projects/${late!.id}`)).body;
    const page = await signedInPage(browser, baseUrl, inject('adminCookie'), { viewport: { width: 1440, height: 900 } });
    await page.goto(baseUrl);
    await page.getByRole('searchbox').fill(late!.code);
    await page.getByRole('option', { name: new RegExp(late!.name) }).first().click();
    const dialog = page.getByRole('dialog', { name: '项目档案' });
    await expect.poll(() => dialog.getByRole('heading', { level: 2 }).textContent(), { timeout: 20_000 }).toBe(late!.name);
    expect(await dialog.textContent()).toContain(late!.code);
    expect(await dialog.textContent()).toContain(formatWanYuan(file.totalInvestment));
    expect(await dialog.getByText(/个问题超期未解决/).isVisible()).toBe(true);
    expect(await dialog.locator('.problems li').count()).toBe(file.problems.length);
    expect(await dialog.locator('.problems li.overdue').count()).toBe(file.problems.filter((p: any) => p.overdue).length);
    expect(await dialog.locator('.checklist li').count()).toBe(file.procedures.length);
    expect(page.url()).toContain(`project=${late!.id}`);
    // The map has flown there and rings the project whose file is open, and only it.
    await page.waitForFunction(() => document.querySelector('.map')?.getAttribute('data-rendered-selected') === '1', null, { timeout: 30_000 });
    await page.screenshot({ path: join(artifactsDir, 'project-file-desktop.png') });
    await page.context().close();
  });

  it('lists the projects near the phone for a site visit, nearest first', async () => {
    const [lon, lat] = [112.87, 36.47];
    const page = await signedInPage(browser, baseUrl, inject('adminCookie'), { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, geolocation: { longitude: lon, latitude: lat }, permissions: ['geolocation'] });
    await page.goto(`${baseUrl}/?tab=near`);
    await page.getByRole('button', { name: /展开/ }).tap();
    await page.getByRole('combobox', { name: '距离' }).selectOption('20');
    await page.getByRole('button', { name: '定位我的位置' }).tap();
    const near = (await api(`/api/projects?near=${lon.toFixed(6)},${lat.toFixed(6)}&radiusKm=20&sort=distance&limit=50`)).body;
    expect(near.total).toBeGreaterThan(0);
    await expect.poll(() => page.getByText(/当前位置 20 公里内共/).textContent(), { timeout: 20_000 }).toContain(`共 ${near.total} 个项目`);
    const names = await page.locator('section[aria-label="附近项目"] .name').allTextContents();
    expect(names).toEqual(near.items.map((p: any) => p.name));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // The map shows the same area: it flies to the phone's position.
    await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
    await page.waitForTimeout(1500);
    await page.screenshot({ path: join(artifactsDir, 'near-me-phone.png') });
    await page.context().close();
  });

  it('fits a phone: no horizontal overflow, panels and the file are bottom sheets', async () => {
    const page = await signedInPage(browser, baseUrl, inject('adminCookie'), { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await page.goto(baseUrl);
    const total = (await api('/api/projects?limit=1')).body.total as number;
    await waitForRendered(page, total);
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth);
    expect(await overflow()).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(artifactsDir, 'map-phone.png') });
    await page.getByRole('button', { name: /展开/ }).tap();
    await expect.poll(() => page.getByTestId('figure-count').isVisible(), { timeout: 20_000 }).toBe(true);
    await page.waitForTimeout(400);
    expect(await overflow()).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(artifactsDir, 'map-phone-sheet.png') });
    for (const tab of ['要素', '能源', '项目']) {
      await page.getByRole('tab', { name: tab }).tap();
      await page.waitForTimeout(600);
      expect(await overflow(), tab).toBeLessThanOrEqual(390);
    }
    await page.screenshot({ path: join(artifactsDir, 'map-phone-list.png') });
    await page.locator('.list button').first().tap();
    const dialog = page.getByRole('dialog', { name: '项目档案' });
    await expect.poll(() => dialog.isVisible(), { timeout: 20_000 }).toBe(true);
    await page.waitForTimeout(600);
    const box = (await dialog.boundingBox())!;
    expect(box.width).toBeLessThanOrEqual(390);
    expect(box.y + box.height).toBeGreaterThan(800);
    expect(await overflow()).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(artifactsDir, 'project-file-phone.png') });
    await page.getByRole('button', { name: '关闭项目档案' }).tap();
    await page.getByRole('button', { name: '图例', exact: true }).tap();
    await page.waitForTimeout(300);
    expect(await page.getByTestId('count-projects').isVisible()).toBe(true);
    await page.screenshot({ path: join(artifactsDir, 'map-phone-legend.png') });
    // The legend sheet closes from inside it, within thumb reach.
    const close = page.getByRole('button', { name: '收起图例' });
    expect((await close.boundingBox())!.y).toBeGreaterThan(500);
    await close.tap();
    await expect.poll(() => page.getByTestId('count-projects').isVisible()).toBe(false);
    await page.context().close();
  });
});
