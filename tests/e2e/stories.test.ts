// Presentation mode as promotion staff use it: start a story from the 可供标准地 template, add a scene
// from the map's view, save, play it through with the keyboard, export a PNG of a scene at 2×, make a
// share link and open it in a fresh browser without signing in — the player and nothing internal —
// and on a phone swipe through it. Stories write only their own rows, so this runs on the shared portal.
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
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
let shareUrl = '';
let storyId = 0;

beforeAll(async () => {
  browser = await launchBrowser();
  await servedTiles();
  cookie = (await testUser(sql, baseUrl, 'editor', null, 'e2estory')).cookie;
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await sql.end();
});

describe('presentation mode in the browser', () => {
  it('makes a story from a template, adds a scene, plays it and exports a PNG', async () => {
    const page = await signedInPage(browser, baseUrl, cookie, { viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    await page.goto(`${baseUrl}/stories`);
    await page.getByText('可供标准地', { exact: true }).click();
    await page.getByLabel('标题').fill('标准地推介（测试）');
    await page.getByRole('button', { name: '从模板新建' }).click();
    await page.waitForURL(/\/stories\/\d+$/, { timeout: 60_000 });
    storyId = Number(new URL(page.url()).pathname.split('/').pop());
    const scenes = page.getByRole('list', { name: '场景' }).getByRole('listitem');
    await expect.poll(() => scenes.count(), { timeout: 30_000 }).toBeGreaterThan(1);
    const before = await scenes.count();
    await page.locator('.story-map canvas').waitFor({ timeout: 60_000 });
    await page.waitForTimeout(1500);
    await page.getByRole('button', { name: '以当前视角添加场景' }).click();
    await page.getByLabel('场景标题').fill('园区交通');
    await page.getByLabel('说明文字').fill('紧邻**高速出入口**，20 分钟到达机场。');
    await page.getByLabel('连线目标名称').fill('西安');
    await page.getByRole('button', { name: '添加连线' }).click();
    await page.getByRole('button', { name: '删除连线 西安' }).waitFor();
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('status').filter({ hasText: '已保存为第 2 版' }).waitFor({ timeout: 30_000 });
    expect(await scenes.count()).toBe(before + 1);
    const [{ arcs }] = (await sql<{ arcs: unknown }[]>`SELECT content -> 'scenes' -> 1 -> 'threeD' -> 'arcs' AS arcs FROM stories WHERE id = ${storyId}`) as unknown as [{ arcs: unknown }];
    expect(arcs).toEqual([{ name: '西安', to: [expect.any(Number), expect.any(Number)] }]);
    await page.screenshot({ path: join(artifactsDir, 'story-editor.png') });
    // The first version comes back from the history (unsaved: the player still plays version 2).
    await page.getByLabel('历史版本').selectOption('1');
    await page.getByRole('status').filter({ hasText: '已载入第 1 版' }).waitFor();
    expect(await scenes.count()).toBe(before);

    await page.goto(`${baseUrl}/present/${storyId}`);
    await page.getByRole('region', { name: '封面' }).getByText('标准地推介（测试）').waitFor({ timeout: 60_000 });
    await page.screenshot({ path: join(artifactsDir, 'story-cover.png') });
    await page.getByRole('button', { name: '开始演示' }).click();
    const caption = page.getByRole('region', { name: '场景说明' });
    await caption.getByText('可供标准地一览').waitFor();
    // The first scene's figures are the data's: the count of available standard parcels.
    await expect.poll(() => caption.locator('.figure').count()).toBe(2);
    await page.waitForTimeout(3500);
    await page.screenshot({ path: join(artifactsDir, 'story-scene-1.png') });
    // The scene added after the first one comes second.
    for (let i = 2; i <= before + 1; i++) {
      await page.keyboard.press('ArrowRight');
      await caption.getByText(`${i} / ${before + 1}`).waitFor();
      if (i === 2) {
        await caption.getByText('园区交通').waitFor();
        expect(await caption.locator('strong').textContent()).toBe('高速出入口');
      }
    }
    await page.keyboard.press('ArrowLeft');
    await caption.getByText(`${before} / ${before + 1}`).waitFor();
    await page.waitForTimeout(3500);
    await page.screenshot({ path: join(artifactsDir, 'story-scene-3d.png') });
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '导出图片' }).click();
    const file = await (await download).path();
    const { copyFileSync, readFileSync } = await import('node:fs');
    copyFileSync(file, join(artifactsDir, 'story-export.png'));
    const png = readFileSync(file);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    // 2× the 1440 × 900 viewport.
    expect(png.readUInt32BE(16)).toBe(2880);
    expect(png.readUInt32BE(20)).toBe(1800);

    // The PDF handout: one page per scene after the cover, each with its picture.
    const handout = page.waitForEvent('download', { timeout: 120_000 });
    await page.getByRole('button', { name: '下载讲义' }).click();
    const pdfPath = await (await handout).path();
    copyFileSync(pdfPath, join(artifactsDir, 'story-handout.pdf'));
    const doc = await PDFDocument.load(readFileSync(pdfPath));
    expect(doc.getPageCount()).toBe(before + 2);
    expect(doc.getTitle()).toBe('标准地推介（测试）');

    const share = await page.request.post(`${baseUrl}/api/shares`, { data: { storyId } });
    expect(share.status()).toBe(201);
    shareUrl = ((await share.json()) as { url: string }).url;
    await page.context().close();
  });

  it('opens the share link without signing in: the player and nothing else', async () => {
    expect(shareUrl).toMatch(/\/s\//);
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const page = await context.newPage();
    await page.goto(shareUrl);
    await page.waitForURL(new RegExp(`/present/${storyId}$`), { timeout: 60_000 });
    await page.getByRole('button', { name: '开始演示' }).click();
    const caption = page.getByRole('region', { name: '场景说明' });
    await caption.getByText('可供标准地一览').waitFor({ timeout: 60_000 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await page.waitForTimeout(3000);
    await page.screenshot({ path: join(artifactsDir, 'story-phone.png') });
    await page.getByRole('button', { name: '下一个场景' }).tap();
    await caption.getByText(/^2 \//).waitFor();
    // The link grants the player, not the portal.
    expect((await page.request.get(`${baseUrl}/api/projects`)).status()).toBe(403);
    expect((await page.request.get(`${baseUrl}/api/stories`)).status()).toBe(403);
    await context.close();
  });
});
