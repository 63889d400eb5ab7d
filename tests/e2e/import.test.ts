// Imports as the data office and the land bureau do them, in the browser, on a portal of their own:
// the monthly update (template, a file with mistakes, the corrected file, commit, tiles until the map
// switches) and a GIS file (a GBK Shapefile in zone-38 coordinates whose status field needs mapping,
// checked on the preview map, committed), on a desktop and on a phone.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { monthlyColumns } from '@guatu/data/imports/monthly-columns.ts';
import { writeShapefile } from '@guatu/data/gis/shapefile-writer.ts';
import { zip } from '@guatu/data/gis/test-fixtures.ts';
import { launchBrowser, signedInPage } from '../support/browser.ts';
import { startOwnPortal, type OwnPortal } from '../support/own-portal.ts';
import { artifactsDir, repoRoot } from '../support/portal-process.ts';
import { testUser } from '../support/session.ts';

let browser: Browser;
let own: OwnPortal;
const work = mkdtempSync(join(tmpdir(), 'guatu-import-e2e-'));

beforeAll(async () => {
  [browser, own] = await Promise.all([launchBrowser(), startOwnPortal('importe2e', inject('backend'))]);
}, 400_000);
afterAll(async () => {
  await browser?.close();
  await own?.close();
});

describe('the monthly update in the browser', () => {
  it('goes from template to a committed version with its tiles, showing every mistake on the way', async () => {
    const { cookie } = await testUser(own.db, own.portal.url, 'editor', null, 'e2eimp');
    const page = await signedInPage(browser, own.portal.url, cookie, { viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    await page.goto(`${own.portal.url}/imports`);
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: /下载 .* 模板/ }).click();
    const template = join(work, 'template.xlsx');
    await (await download).saveAs(template);

    // First a file with mistakes (as Excel on Chinese Windows saves CSV: GBK).
    await page.getByLabel('选择文件').setInputFiles(join(repoRoot, 'tests/fixtures/monthly-gbk-errors.csv'));
    await page.getByRole('button', { name: '上传并预览' }).click();
    await page.getByText(/个错误，不能提交/).waitFor({ timeout: 30_000 });
    expect(await page.getByRole('cell', { name: '不能为负数' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: /提交为/ }).isDisabled()).toBe(true);
    await page.screenshot({ path: join(artifactsDir, 'import-errors.png'), fullPage: true });

    // Then the template, filled in.
    const [p] = await own.db<{ code: string }[]>`SELECT code FROM projects WHERE stage = 'new_start' ORDER BY id LIMIT 1`;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(template) as never);
    const sheet = book.getWorksheet('按月调度')!;
    const values: Record<string, string | number> = { code: p!.code, month: '2026-11', investmentMonth: 800, investmentYtd: 5600, stage: '续建', progress: '钢结构吊装' };
    monthlyColumns.forEach((c, j) => values[c.key] !== undefined && (sheet.getCell(2, j + 1).value = values[c.key]!));
    const filled = join(work, '11月调度.xlsx');
    writeFileSync(filled, new Uint8Array(await book.xlsx.writeBuffer()));
    await page.getByLabel('选择文件').setInputFiles(filled);
    await page.getByRole('button', { name: '上传并预览' }).click();
    await page.getByText('建设阶段：新开工 → 续建').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: '提交为 2026-11 数据版本' }).click();
    await page.getByText(/瓦片已生成，地图已切换到新版本/).waitFor({ timeout: 240_000 });
    await page.screenshot({ path: join(artifactsDir, 'import-committed.png'), fullPage: true });

    // The map can go back to the month before (its tiles are kept).
    await page.goto(`${own.portal.url}/?tab=months`);
    const older = page.getByLabel('地图显示的月份');
    await expect.poll(() => older.locator('option').count(), { timeout: 30_000 }).toBe(2);
    await older.selectOption({ index: 1 });
    await page.getByRole('status').filter({ hasText: '回看：' }).waitFor();
    await page.waitForFunction(() => Number(document.querySelector('.map')?.getAttribute('data-rendered-projects')) > 0, null, { timeout: 60_000 });
    expect(page.url()).toMatch(/[?&]v=\d+/);
    await page.screenshot({ path: join(artifactsDir, 'months-lookback.png') });
    await page.context().close();
  });
});

describe('a GIS file in the browser', () => {
  it('maps a missing field, shows the parcels on the preview map with their areas, and commits after the CRS is confirmed', async () => {
    const { cookie } = await testUser(own.db, own.portal.url, 'editor', null, 'e2egis');
    const square = (e: number, n: number) => [[e, n], [e, n + 100], [e + 100, n + 100], [e + 100, n], [e, n]];
    const prj = 'PROJCS["CGCS2000_3_Degree_GK_Zone_38",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000"],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",38500000.0],PARAMETER["Central_Meridian",114.0]]';
    const files = writeShapefile('出让地块', [0, 1, 2].map((i) => ({
      geometry: { type: 'Polygon' as const, coordinates: [square(38_395_700 + i * 150, 3_930_400)] },
      properties: { DKBH: `E2E-${i + 1}`, DKMC: `园区${i + 1}号地块`, DKLX: '标准地', TDYT: '工业用地' },
    })), { encoding: 'gbk', cpg: true, prj });
    const path = join(work, '出让地块.zip');
    writeFileSync(path, zip(files));

    for (const [name, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 390, height: 844 }]] as const) {
      const page = await signedInPage(browser, own.portal.url, cookie, { viewport, ...(name === 'phone' ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}) });
      await page.goto(`${own.portal.url}/imports?tab=gis`);
      await page.getByLabel('选择 GIS 文件').setInputFiles(path);
      await page.getByRole('button', { name: '上传并预览' }).click();
      if (name === 'desktop') {
        // The file has no status field: the preview says so and the mapping opens.
        await page.getByText('必填字段“状态”没有对应的属性', { exact: false }).first().waitFor({ timeout: 60_000 });
        await page.getByLabel('状态对应的属性').selectOption('=');
        await page.getByLabel('状态统一填写的值').fill('可供应');
        await page.getByRole('button', { name: '按此对应重新检查' }).click();
      }
      // On the phone, after the commit, the mapping chosen on the desktop is remembered.
      await page.getByRole('tab', { name: '错误（0）' }).waitFor({ timeout: 60_000 });
      if (name === 'phone') {
        await page.getByText(/字段对应/).click();
        expect(await page.getByLabel('状态统一填写的值').inputValue()).toBe('可供应');
      }
      await page.getByRole('tab', { name: /要素与面积/ }).click();
      expect(await page.getByRole('cell', { name: '园区2号地块' }).count()).toBe(1);
      expect(await page.getByText(/按文件中声明的/).count() + await page.getByText(/文件中声明的 CGCS2000 3° 带高斯-克吕格 38 带/).count()).toBeGreaterThan(0);
      await page.locator('.import-map canvas').waitFor({ timeout: 30_000 });
      const commit = page.getByRole('button', { name: '提交 3 个要素' });
      expect(await page.getByRole('cell', { name: /城区|泽州|阳城|陵川|高平|沁水/ }).count()).toBeGreaterThan(0);
      expect(await commit.isDisabled()).toBe(true);
      await page.waitForTimeout(1500);
      await page.screenshot({ path: join(artifactsDir, `gis-import-${name}.png`), fullPage: true });
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
      if (name === 'desktop') {
        await page.getByLabel(/我已在地图上核对要素位置/).check();
        await commit.click();
        await page.getByText(/已提交为「.*用地地块导入/).waitFor({ timeout: 60_000 });
        await page.getByText(/瓦片已生成，地图已切换到新版本/).waitFor({ timeout: 240_000 });
        expect(await own.db`SELECT name, status FROM land_parcels WHERE code = 'E2E-2'`).toEqual([{ name: '园区2号地块', status: 'available' }]);
      }
      await page.context().close();
    }
  });
});
