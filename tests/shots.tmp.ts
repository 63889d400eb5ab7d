import { launchBrowser } from './support/browser.ts';
const browser = await launchBrowser();
const base = 'http://127.0.0.1:8099';
async function shot(name: string, url: string, viewport: { width: number; height: number }, act?: (p: any) => Promise<void>) {
  const page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
  page.on('console', (m: any) => m.type() === 'error' && console.log('console:', m.text()));
  page.on('pageerror', (e: any) => console.log('pageerror:', e.message));
  await page.goto(base + url);
  await page.waitForSelector('[data-map-ready="true"]', { timeout: 60000 });
  await page.waitForTimeout(2500);
  if (act) await act(page);
  await page.screenshot({ path: `/tmp/${name}.png` });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  console.log(name, 'overflow', overflow);
  await page.close();
}
await shot('desk', '/', { width: 1440, height: 900 });
await shot('desk-file', '/?region=140400&project=11', { width: 1440, height: 900 });
await shot('desk-filter', '/?region=140400&stage=continuing', { width: 1440, height: 900 }, async (p) => { await p.getByRole('button', { name: /筛选/ }).click(); await p.waitForTimeout(500); });
await shot('phone', '/', { width: 390, height: 844 });
await shot('phone-file', '/?project=11', { width: 390, height: 844 });
await shot('phone-sheet', '/?tab=factors&region=140400', { width: 390, height: 844 }, async (p) => { await p.getByRole('button', { name: /展开/ }).click(); await p.waitForTimeout(800); });
await browser.close();
