// Access control as people meet it in the browser: the login page (and the way back to where they
// were going), the first sign-in with a one-time password, a leader's session on a phone, an
// investor opening a share link on a phone (no leader names, no problems, no other region), and the
// administrator's users and audit pages. Screenshots land in tests/artifacts/.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, signedInPage } from '../support/browser.ts';
import { api, portalFetch, servedTiles, testDb } from '../support/db.ts';
import { artifactsDir } from '../support/portal-process.ts';
import { USER_PASSWORD } from '../support/session.ts';
import { hashPassword } from '@guatu/api/auth/password.ts';
import { createUser } from '@guatu/api/db/users.ts';

let browser: Browser;
const sql = testDb();
const baseUrl = inject('baseUrl');
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const suffix = `${process.pid % 10000}${Date.now() % 100000}`;

beforeAll(async () => {
  browser = await launchBrowser();
  await servedTiles();
});
afterAll(async () => {
  await browser?.close();
  await sql.end();
});

/** Waits until the map has drawn projects (so that a screenshot shows the map, not its loading state). */
const mapDrawn = (page: Page) => page.waitForFunction(() => {
  const map = document.querySelector('.map');
  return Number(map?.getAttribute('data-idle-ms')) > Number(map?.getAttribute('data-first-projects-ms') || Infinity);
}, null, { timeout: 90_000 });

async function signInThroughPage(page: Page, username: string, password: string) {
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

describe('signing in, in the browser', () => {
  it('sends a visitor to the login page and back to the view they asked for, with reasons for failures', async () => {
    const username = `leader${suffix}`;
    await createUser(sql, { username, displayName: '王副县长', passwordHash: await hashPassword(USER_PASSWORD), role: 'viewer', regionScope: null });
    const context = await browser.newContext(phone);
    const page = await context.newPage();
    await page.goto(`${baseUrl}/?region=140500&tab=list`);
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel('用户名').waitFor();
    await page.screenshot({ path: join(artifactsDir, 'login-phone.png') });
    await signInThroughPage(page, username, 'wrong-password-1');
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 20_000 }).toContain('用户名或密码错误');
    await page.getByLabel('密码', { exact: true }).fill(USER_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(/\/\?region=140500&tab=list/);
    await expect.poll(() => page.getByTestId('list-total').textContent(), { timeout: 30_000 }).toMatch(/\d/);
    await expect.poll(() => page.getByRole('button', { name: /王副县长/ }).count(), { timeout: 20_000 }).toBe(1);
    // A viewer has no share button and no restricted layer.
    expect(await page.getByRole('button', { name: '分享' }).count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await mapDrawn(page);
    await page.screenshot({ path: join(artifactsDir, 'leader-phone.png') });
    await context.close();
  });

  it('makes a new user replace the one-time password at the first sign-in', async () => {
    const res = await portalFetch('/api/users', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: `new${suffix}`, role: 'planner' }) });
    const { password } = (await res.json()) as { password: string };
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${baseUrl}/login`);
    await signInThroughPage(page, `new${suffix}`, password);
    await page.getByText('首次登录，请设置新密码').waitFor();
    await page.getByLabel('新密码', { exact: true }).fill('Guihua#Xuanzhi2026');
    await page.getByLabel('再次输入新密码').fill('Guihua#Xuanzhi2026');
    await page.screenshot({ path: join(artifactsDir, 'first-password.png') });
    await page.getByRole('button', { name: '修改密码' }).click();
    await page.waitForURL(`${baseUrl}/`);
    // A planner sees the constraint layer in the legend.
    await expect.poll(() => page.getByText('管控区').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.close();
  });
});

describe('share links, in the browser', () => {
  it('lets an editor share a county view, and an investor opens it on a phone without internal fields', async () => {
    const [row] = await sql<{ region: string; id: number; name: string; leader: string }[]>`
      SELECT p.region_code::text AS region, p.id::int AS id, p.name, p.responsible_leader AS leader FROM projects p
      WHERE p.responsible_leader IS NOT NULL AND EXISTS (SELECT 1 FROM problems q WHERE q.project_id = p.id) ORDER BY p.id LIMIT 1`;
    const author = await signedInPage(browser, baseUrl, inject('adminCookie'), { viewport: { width: 1440, height: 900 } });
    await author.goto(`${baseUrl}/?region=${row!.region}`);
    await author.getByRole('button', { name: '分享' }).click();
    const dialog = author.getByRole('dialog', { name: '分享当前视图' });
    await dialog.getByLabel('访问密码（可选）').fill('touzi2026');
    await dialog.getByRole('button', { name: '生成链接' }).click();
    const url = await dialog.getByLabel('分享链接').inputValue();
    expect(url).toMatch(/\/s\/[\w-]{30,}$/);
    await author.screenshot({ path: join(artifactsDir, 'share-dialog.png') });
    await author.context().close();

    const investor = await (await browser.newContext(phone)).newPage();
    await investor.goto(url);
    await investor.getByLabel('此链接需要访问密码').fill('touzi2026');
    await investor.getByRole('button', { name: '打开' }).click();
    await investor.waitForURL(new RegExp(`region=${row!.region}`));
    await expect.poll(() => investor.getByText(/^分享：/).count(), { timeout: 30_000 }).toBe(1);
    await mapDrawn(investor);
    await investor.screenshot({ path: join(artifactsDir, 'share-map-phone.png') });
    await investor.goto(`${baseUrl}/?region=${row!.region}&project=${row!.id}`);
    const file = investor.getByRole('dialog', { name: '项目档案' });
    await file.getByText(row!.name).first().waitFor({ timeout: 30_000 });
    const text = (await file.textContent()) ?? '';
    expect(text).not.toContain('包联领导');
    expect(text).not.toContain(row!.leader);
    expect(text).not.toContain('问题清单');
    await investor.screenshot({ path: join(artifactsDir, 'share-investor-phone.png') });
    // The link grants nothing else: the admin pages' API refuses it.
    expect(await investor.evaluate(async () => (await fetch('/api/users')).status)).toBe(403);
    await investor.context().close();
  });
});

describe('administration, in the browser', () => {
  it('shows users and the audit trail with the refused attempts', async () => {
    const viewer = (await api('/api/users')).body.items.find((u: any) => u.role === 'viewer');
    expect(viewer).toBeTruthy();
    const page = await signedInPage(browser, baseUrl, inject('adminCookie'), { viewport: { width: 1440, height: 900 } });
    await page.goto(`${baseUrl}/admin`);
    await page.getByRole('cell', { name: viewer.username }).first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(artifactsDir, 'admin-users.png') });
    await page.getByRole('tab', { name: '审计日志' }).click();
    await page.getByLabel('结果').selectOption('denied');
    await expect.poll(() => page.getByRole('cell', { name: 'access.denied' }).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.screenshot({ path: join(artifactsDir, 'admin-audit.png') });
    await page.context().close();
  });
});
