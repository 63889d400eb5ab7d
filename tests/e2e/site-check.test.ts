// The site check as a planner uses it, in the browser: draw a site on the map with a few clicks,
// read the verdict and the per-layer table, open the printable report; paste a 界址点 file instead;
// on a phone the page fits the screen. Site checks write only their own history, so this runs on the
// shared portal.
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, signedInPage } from '../support/browser.ts';
import { servedTiles, testDb } from '../support/db.ts';
import { artifactsDir } from '../support/portal-process.ts';
import { testUser } from '../support/session.ts';

const sql = testDb();
const baseUrl = inject('baseUrl');
let browser: Browser;
let cookie: string;

beforeAll(async () => {
  browser = await launchBrowser();
  await servedTiles();
  cookie = (await testUser(sql, baseUrl, 'planner', null, 'e2esite')).cookie;
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await sql.end();
});

describe('the site check in the browser', () => {
  it('checks a drawn site and a pasted 界址点 file, and prints the report', async () => {
    const page = await signedInPage(browser, baseUrl, cookie, { viewport: { width: 1280, height: 860 } });
    await page.goto(`${baseUrl}/site-check`);
    const map = page.locator('.site-map canvas');
    await map.waitFor({ timeout: 60_000 });
    const box = (await map.boundingBox())!;
    for (const [dx, dy] of [[0.45, 0.45], [0.55, 0.45], [0.55, 0.55], [0.45, 0.55]] as const) {
      await page.mouse.click(box.x + box.width * dx, box.y + box.height * dy);
    }
    await page.getByText('已 4 个').waitFor();
    await page.getByRole('button', { name: '开始检查' }).click();
    const result = page.getByRole('article', { name: '选址 1 检查结果' });
    await result.waitFor({ timeout: 60_000 });
    expect(await result.getByText(/无冲突|需关注|存在冲突/).count()).toBeGreaterThan(0);
    expect(await result.getByRole('row').count()).toBe(10);
    expect(page.url()).toMatch(/[?&]id=\d+/);
    await page.waitForTimeout(1000);
    await page.screenshot({ path: join(artifactsDir, 'site-check-drawn.png') });

    // The same page reopens the saved check from its link.
    await page.reload();
    await page.getByRole('article', { name: '选址 1 检查结果' }).waitFor({ timeout: 60_000 });

    // A 界址点 file pasted, in zone 38 coordinates.
    const corners = [[3_930_400, 38_395_700], [3_930_400, 38_395_900], [3_930_600, 38_395_900], [3_930_600, 38_395_700], [3_930_400, 38_395_700]];
    await page.getByRole('tab', { name: '粘贴坐标' }).click();
    await page.getByLabel('粘贴的坐标').fill(`[属性描述]\n坐标系=2000国家大地坐标系\n几度分带=3\n带号=38\n[地块坐标]\n5,4.0000,1,拟选址,面,,工业用地,,@\n${corners.map(([x, y], i) => `J${i + 1},1,${x},${y}`).join('\n')}\n`);
    await page.getByRole('button', { name: '开始检查' }).click();
    // The plane area of a 200 m square drawn in zone 38 is exactly 40,000 m².
    await page.getByText(/投影平面面积 40,000\.00 m²/).first().waitFor({ timeout: 60_000 });
    await page.waitForTimeout(1500);
    await page.screenshot({ path: join(artifactsDir, 'site-check-pasted.png') });
    const report = await page.request.get(`${baseUrl}/api/site-checks/${new URL(page.url()).searchParams.get('id')}/report`);
    const html = await report.text();
    expect(html).toContain('拟选址');
    expect(html).toContain('选址及重叠范围示意图');
    await page.context().close();
  });

  it('checks every project of the region in a batch and opens one of them', async () => {
    const page = await signedInPage(browser, baseUrl, cookie, { viewport: { width: 1280, height: 860 } });
    await page.goto(`${baseUrl}/site-check`);
    await page.getByRole('tab', { name: '批量检查项目' }).click();
    await page.getByRole('button', { name: '批量检查' }).click();
    const table = page.getByRole('region', { name: '批量检查结果' });
    await table.waitFor({ timeout: 120_000 });
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(5);
    // Conflicts come first.
    await expect.poll(() => rows.first().getByText('存在冲突').count()).toBe(1);
    expect(await table.getByRole('link', { name: '导出表格（.xlsx）' }).getAttribute('href')).toMatch(/\/export$/);
    await page.screenshot({ path: join(artifactsDir, 'site-check-batch.png') });
    await rows.first().getByRole('button').click();
    await page.getByRole('article', { name: '选址 1 检查结果' }).waitFor({ timeout: 60_000 });
    await page.waitForTimeout(1500);
    await page.screenshot({ path: join(artifactsDir, 'site-check-project.png') });
    // A project file's link checks that project's site straight away.
    const [sited] = await sql<{ id: number }[]>`SELECT id::int AS id FROM projects WHERE geom IS NOT NULL ORDER BY id LIMIT 1`;
    await page.goto(`${baseUrl}/site-check?project=${sited!.id}`);
    await page.getByRole('article', { name: '选址 1 检查结果' }).waitFor({ timeout: 60_000 });
    await page.context().close();
  });

  it('fits a phone screen', async () => {
    const page = await signedInPage(browser, baseUrl, cookie, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    await page.goto(`${baseUrl}/site-check`);
    await page.locator('.site-map canvas').waitFor({ timeout: 60_000 });
    await page.waitForTimeout(4000);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(artifactsDir, 'site-check-phone.png') });
    await page.context().close();
  });
});
