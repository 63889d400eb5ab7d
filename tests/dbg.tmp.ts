import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { launchBrowser, signedInPage } from './support/browser.ts';
import { repoRoot, startPortalProcess } from './support/portal-process.ts';
import { benchSignIn } from './support/session.ts';

const dataDir = join(repoRoot, '.data-bench-s100');
const portal = await startPortalProcess({ DATA_DIR: dataDir, DEMO_SCALE: '100', LOG_LEVEL: 'silent' }, 3_600_000);
const cookie = await benchSignIn(portal.url, { socketPath: join(dataDir, 'run/.s.PGSQL.5432') });
const browser = await launchBrowser();
try {
  const page = await signedInPage(browser, portal.url, cookie, { viewport: { width: 1440, height: 900 } });
  page.on('console', (m) => console.log('console:', m.text()));
  await page.goto(portal.url);
  await page.waitForFunction(() => { const m = document.querySelector('.map'); return m?.getAttribute('data-map-ready') === 'true' && Number(m.getAttribute('data-idle-ms')) > Number(m.getAttribute('data-first-projects-ms') || Infinity); }, null, { timeout: 60_000 });
  await page.getByRole('button', { name: /筛选/ }).click();
  await page.waitForTimeout(1000);
  const stages = ['新开工', '续建', '新开工', '竣工', '续建', '投产', '竣工', '投产'];
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'toplevel', 'blink.user_timing', 'disabled-by-default-devtools.timeline.frame'] });
  for (let i = 0; i < stages.length; i++) {
    await page.evaluate(() => { document.querySelector('.map')!.removeAttribute('data-filter-ms'); performance.mark('click-' + Date.now()); });
    const reqs: string[] = [];
    const on = (r: any) => reqs.push(new URL(r.url()).pathname + new URL(r.url()).search.slice(0, 60));
    page.on('request', on);
    await page.getByRole('button', { name: stages[i]!, exact: true }).click();
    await page.waitForFunction(() => document.querySelector('.map')?.hasAttribute('data-filter-ms'), null, { timeout: 30_000 });
    page.off('request', on);
    console.log(stages[i], await page.locator('.map').getAttribute('data-filter-ms'), 'ms; requests:', reqs.join(' | '));
    await page.waitForTimeout(500);
  }
  writeFileSync('/tmp/trace.json', await browser.stopTracing());
} finally {
  await browser.close();
  await portal.stop();
}
