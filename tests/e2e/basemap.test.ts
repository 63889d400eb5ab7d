// A configured basemap, in the browser: the operator sets BASEMAP_URL (an XYZ template, or a .pmtiles
// archive) with its attribution and the 审图号; a user picks it in the legend and the map draws its
// tiles under the data, with both notices shown. The tiles come from a server of the test's own on
// this machine (another origin, as a real tile host is), so the CSP and CORS paths are the real ones.
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Compression, TileType } from '@guatu/tiles/pmtiles-format.ts';
import { createArchiveWriter } from '@guatu/tiles/pmtiles-writer.ts';
import { zxyToTileId } from '@guatu/tiles/tile-id.ts';
import { launchBrowser, signedInPage } from '../support/browser.ts';
import { startOwnPortal, type OwnPortal } from '../support/own-portal.ts';
import { artifactsDir } from '../support/portal-process.ts';
import { testUser } from '../support/session.ts';

const MAGENTA = [230, 0, 200] as const;
const ATTRIBUTION = '测试底图 © 本机瓦片服务';
const REVIEW = '晋S(2026)001号';

/** A 256×256 PNG of one colour (truecolour, 8 bits, no interlace). */
function solidPng([r, g, b]: readonly [number, number, number]): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(256, 0);
  ihdr.writeUInt32BE(256, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: 256 }, () => [r, g, b]).flat())]);
  const idat = deflateSync(Buffer.concat(Array.from({ length: 256 }, () => row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

/** A raster PMTiles archive of z0–10 over the demo region, every tile the same PNG. */
async function rasterArchive(path: string, png: Uint8Array): Promise<void> {
  const [west, south, east, north] = [108, 33, 120, 41];
  const tileX = (lon: number, z: number) => Math.floor(((lon + 180) / 360) * 2 ** z);
  const tileY = (lat: number, z: number) => {
    const rad = (lat * Math.PI) / 180;
    return Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * 2 ** z);
  };
  const ids: number[] = [];
  for (let z = 0; z <= 10; z++) {
    for (let x = tileX(west, z); x <= tileX(east, z); x++) for (let y = tileY(north, z); y <= tileY(south, z); y++) ids.push(zxyToTileId(z, x, y));
  }
  const writer = await createArchiveWriter(path);
  for (const id of ids.sort((a, b) => a - b)) await writer.addTile(id, png);
  await writer.finish({
    minZoom: 0, maxZoom: 10, bounds: [west, south, east, north], center: [114, 37, 6], metadata: { name: 'test basemap' },
    tiles: { type: TileType.png, compression: Compression.none },
  });
}

/** The tile host: XYZ PNGs under /xyz/, the archive at /basemap.pmtiles with byte ranges; open to any origin, as tile hosts are. */
function tileHost(png: Uint8Array, archive: Uint8Array) {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Expose-Headers', 'Content-Range, Content-Length, ETag');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'Access-Control-Allow-Headers': 'range', 'Access-Control-Allow-Methods': 'GET' }).end();
      return;
    }
    const path = new URL(req.url!, 'http://localhost').pathname;
    seen.push(path);
    if (/^\/xyz\/\d+\/\d+\/\d+\.png$/.test(path)) {
      res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': png.length }).end(png);
    } else if (path === '/basemap.pmtiles') {
      const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
      if (!range) {
        res.writeHead(200, { 'Content-Length': archive.length, ETag: '"basemap-1"' }).end(archive);
        return;
      }
      const [start, end] = [Number(range[1]), Math.min(Number(range[2]), archive.length - 1)];
      res.writeHead(206, { 'Content-Range': `bytes ${start}-${end}/${archive.length}`, 'Content-Length': end - start + 1, ETag: '"basemap-1"' })
        .end(archive.subarray(start, end + 1));
    } else {
      res.writeHead(404).end();
    }
  });
  return { server, seen };
}

/** The colours of a few map pixels away from the panels, read from a screenshot in the page itself. */
async function mapPixels(page: Page): Promise<number[][]> {
  const shot = (await page.screenshot()).toString('base64');
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const canvas = new OffscreenCanvas(img.width, img.height);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    return [[420, 840], [700, 860], [1000, 860], [1200, 700], [1380, 600]].map(([x, y]) => [...ctx.getImageData(x!, y!, 1, 1).data.slice(0, 3)]);
  }, shot);
}

let browser: Browser;
let host: ReturnType<typeof tileHost>;
let origin: string;

beforeAll(async () => {
  const png = solidPng(MAGENTA);
  const path = join(mkdtempSync(join(tmpdir(), 'guatu-basemap-')), 'basemap.pmtiles');
  await rasterArchive(path, png);
  host = tileHost(png, readFileSync(path));
  await new Promise<void>((resolve) => host.server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(host.server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => host?.server.close(resolve));
});

describe.each([
  { form: 'an XYZ template', url: () => `${origin}/xyz/{z}/{x}/{y}.png`, served: /^\/xyz\// },
  { form: 'a PMTiles archive', url: () => `${origin}/basemap.pmtiles`, served: /^\/basemap\.pmtiles$/ },
])('a configured basemap as $form', ({ form, url, served }) => {
  let own: OwnPortal;
  beforeAll(async () => {
    own = await startOwnPortal(form.includes('XYZ') ? 'basemapxyz' : 'basemappm', inject('backend'), {
      BASEMAP_URL: url(), BASEMAP_TITLE: '测试影像', BASEMAP_ATTRIBUTION: ATTRIBUTION, MAP_REVIEW_NUMBER: REVIEW,
    });
  }, 400_000);
  afterAll(() => own?.close());

  it('is offered in the legend and drawn under the data, with its attribution and the 审图号', async () => {
    const { cookie } = await testUser(own.db, own.portal.url, 'viewer', null, 'basemap');
    const page = await signedInPage(browser, own.portal.url, cookie, { viewport: { width: 1440, height: 900 } });
    const problems: string[] = [];
    page.on('console', (m) => m.type() !== 'log' && problems.push(m.text()));
    await page.goto(own.portal.url);
    await page.waitForFunction(() => Number(document.querySelector('.map')?.getAttribute('data-rendered-projects')) > 0, null, { timeout: 90_000 });
    // The offline default first: no request to the tile host.
    expect(host.seen.filter((p) => served.test(p))).toEqual([]);
    expect((await mapPixels(page)).filter(([r, g, b]) => r! > 200 && g! < 60 && b! > 170)).toEqual([]);

    const before = host.seen.length;
    await page.getByLabel('底图').selectOption({ label: '测试影像' });
    await expect.poll(() => new URL(page.url()).searchParams.get('basemap')).toBe('custom');
    await expect.poll(() => host.seen.slice(before).filter((p) => served.test(p)).length, { timeout: 30_000 }).toBeGreaterThan(2);
    // The data stays on top, the basemap shows where there is none.
    await page.waitForFunction(() => Number(document.querySelector('.map')?.getAttribute('data-rendered-projects')) > 0, null, { timeout: 30_000 });
    await expect.poll(async () => (await mapPixels(page)).filter(([r, g, b]) => Math.abs(r! - MAGENTA[0]) < 30 && g! < 60 && Math.abs(b! - MAGENTA[2]) < 30).length, { timeout: 30_000 })
      .toBeGreaterThanOrEqual(3);
    // The attribution starts open (MapLibre's compact control opens itself on load).
    await expect.poll(() => page.locator('.maplibregl-ctrl-attrib').innerText()).toContain(ATTRIBUTION);
    expect(await page.locator('.maplibregl-ctrl-attrib').innerText()).toContain(`审图号：${REVIEW}`);
    await expect.poll(() => page.getByText(`审图号：${REVIEW}`).count()).toBeGreaterThan(0);
    expect(problems.filter((p) => /Content Security Policy|PMTiles|map error/i.test(p))).toEqual([]);
    mkdirSync(artifactsDir, { recursive: true });
    await page.screenshot({ path: join(artifactsDir, `basemap-${form.includes('XYZ') ? 'xyz' : 'pmtiles'}.png`) });
    await page.context().close();
  }, 180_000);
});
