// `npm run bench:web [-- --scale 10]`: the palm map's budget in headless Chromium on localhost.
//   first-load JavaScript — every script the page loads before the map is interactive (the map
//                           worker included, map tiles excluded), gzip-compressed as served;
//   interactive           — navigation start to the first frame with projects on the map (the map pans,
//                           zooms and answers clicks from then on), and to the map fully loaded (every
//                           label font subset in, MapLibre idle); medians of 5 cold loads, beside a
//                           reference: the same browser loading a bare page from the same server;
//   filter                — a filter change (a stage, level or category chip) from the tap until the map
//                           has redrawn, each from a settled page (the previous change's counts in, 400 ms
//                           to look); median and max of 12, beside a reference: a bare repaint of the
//                           same map until it is idle again.
// The demo data at the scale is loaded once into .data-bench-s{scale}/ and reused.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { launchBrowser } from '../support/browser.ts';
import { repoRoot, startPortalProcess } from '../support/portal-process.ts';
import { benchSignIn } from '../support/session.ts';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '10' } } });
const scale = Number(values.scale);
const dataDir = join(repoRoot, `.data-bench-s${scale}${process.env.DATABASE_URL ? '-server' : ''}`);
const log = (line: string) => console.log(`[bench:web] ${line}`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

log(`scale ${scale}: starting the portal on ${dataDir} …`);
const portal = await startPortalProcess({ DATA_DIR: dataDir, DEMO_SCALE: String(scale), LOG_LEVEL: 'info' }, 3_600_000);
const cookie = await benchSignIn(portal.url, { socketPath: join(dataDir, 'run/.s.PGSQL.5432') });
const browser = await launchBrowser();
/** A browser context signed in as the benchmark's user (the map is measured as a user meets it). */
async function signedContext(options: Parameters<typeof browser.newContext>[0]) {
  const context = await browser.newContext(options);
  const [name, value] = cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url: portal.url }]);
  return context;
}
const results: Record<string, unknown> = { date: new Date().toISOString(), scale };
/** In the page: projects are drawn and the map has been idle since (every tile and label in). */
const mapSettled = () => {
  const map = document.querySelector('.map');
  return map?.getAttribute('data-map-ready') === 'true' && Number(map.getAttribute('data-idle-ms')) > Number(map.getAttribute('data-first-projects-ms') || Infinity);
};
try {
  for (;;) {
    const builds = (await (await fetch(`${portal.url}/api/tile-builds`, { headers: { cookie } })).json()) as { servedVersion: number | null };
    if (builds.servedVersion !== null) break;
    await new Promise((r) => setTimeout(r, 2000));
  }
  // How many projects the map holds at this scale, as the legend counts them.
  results.projects = ((await (await fetch(`${portal.url}/api/layers/counts`, { headers: { cookie } })).json()) as { projects: { total: number } }).projects.total;
  const viewport = { width: 1440, height: 900 };

  // A warm-up load so the server's caches are as they are in use.
  const warm = await (await signedContext({ viewport })).newPage();
  await warm.goto(portal.url);
  await warm.waitForFunction(mapSettled, null, { timeout: 120_000 });
  await warm.close();

  const interactive: number[] = [];
  const complete: number[] = [];
  const bare: number[] = [];
  let scripts: { url: string; bytes: number; gzip: number }[] = [];
  for (let run = 0; run < 5; run++) {
    const context = await signedContext({ viewport });
    const page = await context.newPage();
    const loaded: Promise<{ url: string; bytes: number; gzip: number }>[] = [];
    page.on('response', (r) => {
      const path = new URL(r.url()).pathname;
      if (/\.(m?js)$/.test(path)) loaded.push(r.body().then((b) => ({ url: path, bytes: b.length, gzip: gzipSync(b).length })));
    });
    await page.goto(portal.url);
    await page.waitForFunction(mapSettled, null, { timeout: 60_000 });
    complete.push(Number(await page.locator('.map').getAttribute('data-idle-ms')));
    interactive.push(Number(await page.locator('.map').getAttribute('data-first-projects-ms')));
    // A script fetched twice (each map worker loads the worker script) is one file to download.
    if (run === 0) scripts = [...new Map((await Promise.all(loaded)).map((f) => [f.url, f])).values()];
    const ref = await context.newPage();
    await ref.goto(`${portal.url}/favicon.svg`);
    bare.push(await ref.evaluate(() => performance.getEntriesByType('navigation')[0]!.duration));
    await context.close();
  }
  const js = { files: scripts.length, bytes: scripts.reduce((s, f) => s + f.bytes, 0), gzip: scripts.reduce((s, f) => s + f.gzip, 0), largest: [...scripts].sort((a, b) => b.gzip - a.gzip).slice(0, 5) };
  results.firstLoadJs = js;
  results.interactive = {
    medianMs: Math.round(median(interactive)), runs: interactive.map(Math.round), budgetMs: 2000, bareReferenceMs: Math.round(median(bare)),
    fullyLoadedMedianMs: Math.round(median(complete)),
  };

  const filterContext = await signedContext({ viewport });
  // The map offers the bench a bare repaint (globalThis.guatuRepaintMs), the reference for a redraw.
  await filterContext.addInitScript(() => ((globalThis as { guatuRepaintProbe?: boolean }).guatuRepaintProbe = true));
  const page = await filterContext.newPage();
  await page.goto(portal.url);
  await page.waitForFunction(mapSettled, null, { timeout: 60_000 });
  await page.getByRole('button', { name: /筛选/ }).click();
  await page.evaluate(() => document.addEventListener('click', (e) => ((globalThis as { guatuTapAt?: number }).guatuTapAt = e.timeStamp), true));
  const filterMs: number[] = [];
  // Stage, level and category chips, each on then off again: the last tap leaves no filter.
  const chips = ['新开工', '省级重点', '续建', '工业制造', '新开工', '省级重点', '竣工', '工业制造', '续建', '投产', '竣工', '投产'];
  for (const chip of chips) {
    const before = Number(await page.locator('.map').getAttribute('data-filter-redraws'));
    const counted = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/layers/counts');
    await page.locator('.filters-card').getByRole('button', { name: chip, exact: true }).click();
    // From the tap itself (the event's time stamp) to the map's idle after the redraw, which is a
    // little more than the map's own data-filter-ms (from when the page handed it the filter).
    filterMs.push(await page.waitForFunction((n) => {
      const map = document.querySelector('.map');
      return Number(map?.getAttribute('data-filter-redraws')) > n && Number(map!.getAttribute('data-idle-ms')) - (globalThis as { guatuTapAt?: number }).guatuTapAt!;
    }, before, { timeout: 30_000 }).then((h) => h.jsonValue() as Promise<number>));
    // Each change is timed from a settled page, as a person taps: the legend's counts in, a moment to look.
    await counted;
    await page.waitForTimeout(400);
  }
  const repaintMs: number[] = [];
  for (let i = 0; i < chips.length; i++) {
    repaintMs.push(await page.evaluate(() => (globalThis as { guatuRepaintMs?: () => Promise<number> }).guatuRepaintMs!()));
    await page.waitForTimeout(100);
  }
  results.filter = {
    medianMs: Math.round(median(filterMs)), maxMs: Math.round(Math.max(...filterMs)), runs: filterMs.map(Math.round), budgetMs: 200,
    bareRepaintMedianMs: Math.round(median(repaintMs)), bareRepaintMaxMs: Math.round(Math.max(...repaintMs)),
  };
} finally {
  await browser.close();
  await portal.stop();
}

const dir = join(repoRoot, 'tests/bench/results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, `web-s${scale}.json`), `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify(results, null, 2));
const i = results.interactive as { medianMs: number; bareReferenceMs: number; fullyLoadedMedianMs: number };
const f = results.filter as { medianMs: number; maxMs: number; bareRepaintMedianMs: number; bareRepaintMaxMs: number };
const j = results.firstLoadJs as { gzip: number };
log(`first-load JavaScript: ${(j.gzip / 1024).toFixed(0)} KiB gzip`);
log(`${results.projects} projects`);
log(`map interactive (projects on screen): ${i.medianMs} ms (budget 2000 ms; a bare page from the same server: ${i.bareReferenceMs} ms, ${(i.medianMs / Math.max(1, i.bareReferenceMs)).toFixed(0)}×); fully loaded with labels: ${i.fullyLoadedMedianMs} ms`);
log(`filter change redrawn: median ${f.medianMs} ms, max ${f.maxMs} ms (budget 200 ms; a bare repaint of the same map: median ${f.bareRepaintMedianMs} ms, max ${f.bareRepaintMaxMs} ms, ${(f.medianMs / Math.max(1, f.bareRepaintMedianMs)).toFixed(1)}×)`);
