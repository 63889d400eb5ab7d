// `npm run bench:story [-- --scale 10]`: the frame time of the story player in headless Chromium
// during scene flights, on scale-10 demo data (.data-bench-s10/, shared with bench:web). A 重点项目巡礼
// story (3-D columns of the flagship projects) is played from scene 1 to scene 5; every animation
// frame of each 3-second flight is timed in the page. The reference, in the same run: the same
// flights with the scenes' 3-D turned off (MapLibre alone), so the figure shows what deck.gl costs.
// Also reported: the JavaScript the player loads, and that the palm map's first load includes no deck.gl.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { launchBrowser, signedInPage } from '../support/browser.ts';
import { repoRoot, startPortalProcess } from '../support/portal-process.ts';
import { benchSignIn } from '../support/session.ts';
import { saveResults } from './bench-portal.ts';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '10' } } });
const scale = Number(values.scale);
const dataDir = join(repoRoot, `.data-bench-s${scale}${process.env.DATABASE_URL ? '-server' : ''}`);
const log = (line: string) => console.log(`[bench:story] ${line}`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] ?? 0;

log(`scale ${scale}: starting the portal on ${dataDir} …`);
const portal = await startPortalProcess({ DATA_DIR: dataDir, DEMO_SCALE: String(scale), LOG_LEVEL: 'info' }, 3_600_000);
const cookie = await benchSignIn(portal.url, { socketPath: join(dataDir, 'run/.s.PGSQL.5432') });
const browser = await launchBrowser();
const api = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${portal.url}${path}`, { method, headers: { cookie, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<any>;
};

try {
  for (;;) {
    const builds = await api('GET', '/api/tile-builds');
    if (builds.servedVersion !== null) break;
    await new Promise((r) => setTimeout(r, 2000));
  }
  const made = await api('POST', '/api/stories', { title: '帧率基准', template: 'flagship' });
  const flat = await api('POST', `/api/stories/${made.id}/duplicate`, {});
  const story = await api('GET', `/api/stories/${flat.id}`);
  const scenes = story.content.scenes.map((s: any) => ({ ...s, threeD: {} }));
  await api('PUT', `/api/stories/${flat.id}`, { title: story.title, content: { ...story.content, scenes }, pinned: false, version: story.version });
  const flights = Math.min(4, made.content.scenes.length - 1);
  log(`${made.content.scenes.length} scenes; timing ${flights} flights with 3-D and without`);

  /** Plays `id` and returns every frame interval (ms) during its flights, and the scripts it loaded. */
  async function play(id: number) {
    const page = await signedInPage(browser, portal.url, cookie, { viewport: { width: 1920, height: 1080 } });
    const scripts: string[] = [];
    page.on('response', (r) => {
      if (/\.m?js$/.test(new URL(r.url()).pathname)) scripts.push(new URL(r.url()).pathname);
    });
    await page.goto(`${portal.url}/present/${id}`);
    await page.getByRole('button', { name: '开始演示' }).click();
    await page.waitForTimeout(6000); // the first scene, its tiles and deck.gl in
    const frames: number[] = [];
    for (let i = 0; i < flights; i++) {
      const intervals = await page.evaluate(async () => {
        const times: number[] = [];
        const until = performance.now() + 3000;
        window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight' }));
        await new Promise<void>((resolve) => {
          const tick = (t: number) => {
            times.push(t);
            if (t < until) requestAnimationFrame(tick);
            else resolve();
          };
          requestAnimationFrame(tick);
        });
        return times.slice(1).map((t, k) => t - times[k]!);
      });
      frames.push(...intervals);
      await page.waitForTimeout(2500);
    }
    await page.context().close();
    return { frames, scripts };
  }

  const with3d = await play(made.id);
  const without = await play(flat.id);
  const deckChunks = with3d.scripts.filter((s) => !without.scripts.includes(s));
  // The palm map's first load: no deck.gl in it.
  const palmPage = await signedInPage(browser, portal.url, cookie, { viewport: { width: 1440, height: 900 } });
  const palmScripts: string[] = [];
  palmPage.on('response', (r) => {
    if (/\.m?js$/.test(new URL(r.url()).pathname)) palmScripts.push(new URL(r.url()).pathname);
  });
  await palmPage.goto(portal.url);
  await palmPage.waitForTimeout(5000);
  await palmPage.context().close();

  const summary = (f: number[]) => ({ frames: f.length, medianMs: Math.round(median(f) * 10) / 10, p95Ms: Math.round(p95(f) * 10) / 10, fps: Math.round(1000 / Math.max(1, median(f))) });
  const results = {
    measuredAt: new Date().toISOString(), scale, viewport: '1920×1080', flights,
    with3d: summary(with3d.frames), mapOnly: summary(without.frames),
    deckChunksLoadedOnlyWith3d: deckChunks.length, palmMapLoadsDeckChunks: palmScripts.some((s) => deckChunks.includes(s)),
  };
  log(JSON.stringify(results));
  saveResults(`story-s${scale}.json`, results);
} finally {
  await browser.close();
  await portal.stop();
}
