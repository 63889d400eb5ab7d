// The monthly update as the data office does it, in the browser, on a portal of its own: download the
// template, upload a file with mistakes and read them, upload the corrected file, commit, and watch
// the tiles of the new version being built until the map switches.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { monthlyColumns } from '@guatu/data/imports/monthly-columns.ts';
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
