// Launches headless Chromium for end-to-end tests. The browser comes from npm (@sparticuz/chromium
// ships one), so `npm install` is all the set-up a machine needs; CHROMIUM_PATH overrides it.
import chromiumPackage from '@sparticuz/chromium';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

const networkQuiet = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/** Starts a headless Chromium with software WebGL (SwiftShader), as the map needs WebGL. */
export async function launchBrowser(): Promise<Browser> {
  const override = process.env.CHROMIUM_PATH;
  if (override) {
    return chromium.launch({
      executablePath: override,
      headless: true,
      args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist', ...networkQuiet],
    });
  }
  // The package's own flags include --single-process and --disable-web-security, meant for
  // serverless hosts; the map needs neither, so keep only what makes WebGL work headless.
  const keep = chromiumPackage.args.filter((a) => !/^--(single-process|disable-web-security|no-zygote|allow-running-insecure-content)$/.test(a));
  return chromium.launch({ executablePath: await chromiumPackage.executablePath(), headless: true, args: [...keep, ...networkQuiet] });
}

/** Asks the palm map of every page of `context` to count the projects it draws (data-rendered-projects), which users' maps skip. */
export async function countRenderedProjects(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    (globalThis as { guatuCountRendered?: boolean }).guatuCountRendered = true;
  });
}

/** A page in a new browser context that carries a session cookie (`name=value`, as from signIn); its map counts what it draws. */
export async function signedInPage(browser: Browser, baseUrl: string, cookie: string, options: Parameters<Browser['newContext']>[0] = {}) {
  const context = await browser.newContext(options);
  await countRenderedProjects(context);
  const [name, value] = cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url: baseUrl }]);
  return context.newPage();
}
