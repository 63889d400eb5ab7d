// Map stories on the real portal: each template builds scenes from the region's data, figures match
// the tables, saving makes a new version and refuses a stale one, pinning freezes the figures with
// the data version, bad content is refused by field; a story link opens that story in the player and
// reads nothing else, and each view is in the audit trail.
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { servedTiles, testDb } from './support/db.ts';
import { testUser } from './support/session.ts';

const sql = testDb();
const baseUrl = inject('baseUrl');
afterAll(() => sql.end());

let author: { cookie: string };
let county = '';

const call = async (cookie: string | null, method: string, path: string, body?: unknown) => {
  const res = await fetch(`${baseUrl}${path}`, { method, headers: { ...(cookie ? { cookie } : {}), 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
};

beforeAll(async () => {
  const [row] = await sql<{ region: string }[]>`
    SELECT region_code::text AS region FROM land_parcels WHERE kind = 'standard_land' AND status = 'available'
    GROUP BY region_code ORDER BY count(*) DESC, region_code LIMIT 1`;
  county = row!.region;
  author = await testUser(sql, baseUrl, 'editor', null, 'storyauthor');
  await servedTiles();
});

describe('stories', () => {
  it('builds each template from the data, with figures that match the tables', async () => {
    for (const template of ['overview', 'standard_land', 'industry_chain', 'flagship']) {
      const created = await call(author.cookie, 'POST', '/api/stories', { title: `测试${template}`, template, region: county });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body.content.scenes.length).toBeGreaterThan(1);
    }
    // The overview's transport scene has traffic flowing along the region's longest expressway or railway.
    const overview = await call(author.cookie, 'POST', '/api/stories', { title: '区域概览', template: 'overview', region: county });
    const transport = overview.body.content.scenes[1];
    expect(transport.threeD.flowLineId).toEqual(expect.any(Number));
    const overviewView = await call(author.cookie, 'GET', `/api/stories/${overview.body.id}`);
    expect(overviewView.body.sceneData[transport.id].flow.path.length).toBeGreaterThan(1);
    const land = await call(author.cookie, 'POST', '/api/stories', { title: '可供标准地推介', template: 'standard_land', region: county });
    const story = await call(author.cookie, 'GET', `/api/stories/${land.body.id}`);
    expect(story.status).toBe(200);
    const [first, second] = story.body.content.scenes;
    const [{ n, mu }] = (await sql<{ n: number; mu: number }[]>`
      SELECT count(*)::int AS n, round(sum(area_m2) * 3 / 2000)::float8 AS mu FROM land_parcels
      WHERE kind = 'standard_land' AND status = 'available' AND region_code IN (SELECT code FROM region_subtree(${county}))`) as unknown as [{ n: number; mu: number }];
    expect(story.body.figures[first.id]).toEqual({ 'standard_land.count': n, 'standard_land.area': mu, 'available_land.area': expect.any(Number) });
    // The largest available standard parcel, highlighted and extruded in 3-D.
    const [{ id: largest }] = (await sql<{ id: number }[]>`
      SELECT id::int AS id FROM land_parcels WHERE kind = 'standard_land' AND status = 'available' AND region_code IN (SELECT code FROM region_subtree(${county}))
      ORDER BY area_m2 DESC, id LIMIT 1`) as unknown as [{ id: number }];
    expect(second.highlight.parcels).toEqual([largest]);
    expect(story.body.sceneData[second.id].parcels[0].properties).toMatchObject({ id: largest, highlighted: true });
    expect(JSON.stringify(story.body.sceneData)).not.toMatch(/price/i);
    expect(story.body.tileVersion).toEqual(expect.any(Number));
  });

  it('saves versions, refuses a stale save and bad content by field, pins figures, duplicates and deletes', async () => {
    const created = await call(author.cookie, 'POST', '/api/stories', { title: '版本测试', template: 'flagship', region: county });
    const { id } = created.body;
    const content = created.body.content;
    const added = { ...content.scenes[0], id: 'scene-added', title: '新增场景', figures: ['projects.count'], durationS: 5 };
    const saved = await call(author.cookie, 'PUT', `/api/stories/${id}`, { title: '版本测试', content: { ...content, scenes: [...content.scenes, added] }, pinned: false, version: 1 });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.version).toBe(2);
    const stale = await call(author.cookie, 'PUT', `/api/stories/${id}`, { title: '旧版本', content, pinned: false, version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(/第 2 版/);
    const bad = await call(author.cookie, 'PUT', `/api/stories/${id}`, { title: 'x', content: { ...content, scenes: [{ ...added, camera: { ...added.camera, pitch: 120 } }] }, pinned: false, version: 2 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/content\.scenes\.0\.camera\.pitch/);
    const versions = await call(author.cookie, 'GET', `/api/stories/${id}/versions`);
    expect(versions.body.items.map((v: any) => [v.version, v.scenes])).toEqual([[2, content.scenes.length + 1], [1, content.scenes.length]]);
    const first = await call(author.cookie, 'GET', `/api/stories/${id}/versions/1`);
    expect(first.body.content).toEqual(content);
    expect((await call(author.cookie, 'GET', `/api/stories/${id}/versions/9`)).status).toBe(404);

    const pinned = await call(author.cookie, 'PUT', `/api/stories/${id}`, { title: '版本测试', content: { ...content, scenes: [...content.scenes, added] }, pinned: true, version: 2 });
    const [{ current }] = (await sql<{ current: number }[]>`SELECT max(id)::int AS current FROM data_versions`) as unknown as [{ current: number }];
    expect(pinned.body).toMatchObject({ version: 3, pinnedVersionId: current });
    const [{ frozen }] = (await sql<{ frozen: any }[]>`SELECT pinned_figures AS frozen FROM stories WHERE id = ${id}`) as unknown as [{ frozen: any }];
    const read = await call(author.cookie, 'GET', `/api/stories/${id}`);
    expect(read.body.figures).toEqual(frozen);
    expect(read.body.figures['scene-added']['projects.count']).toBeGreaterThan(0);

    const copy = await call(author.cookie, 'POST', `/api/stories/${id}/duplicate`, {});
    expect(copy.status).toBe(201);
    expect((await call(author.cookie, 'GET', `/api/stories/${copy.body.id}`)).body.content.scenes).toHaveLength(content.scenes.length + 1);
    expect((await call(author.cookie, 'DELETE', `/api/stories/${id}`)).status).toBe(200);
    expect((await call(author.cookie, 'GET', `/api/stories/${id}`)).status).toBe(404);
    const viewer = await testUser(sql, baseUrl, 'viewer', null, 'storyviewer');
    expect((await call(viewer.cookie, 'POST', '/api/stories', { title: '不可', template: 'blank' })).status).toBe(403);
  });

  it('opens a story link in the player without signing in, and nothing else', async () => {
    const created = await call(author.cookie, 'POST', '/api/stories', { title: '给投资人的推介', template: 'overview', region: county });
    const other = await call(author.cookie, 'POST', '/api/stories', { title: '内部草稿', template: 'blank', region: county });
    const share = await call(author.cookie, 'POST', '/api/shares', { storyId: created.body.id });
    expect(share.status, JSON.stringify(share.body)).toBe(201);
    expect(share.body.url).toMatch(/\/s\/[\w-]+$/);
    const opened = await fetch(`${baseUrl}/api/shares/open`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: share.body.url.split('/s/')[1] }) });
    expect(((await opened.json()) as any).target).toEqual({ kind: 'story', storyId: created.body.id });
    const investor = opened.headers.get('set-cookie')!.split(';')[0]!;
    const story = await call(investor, 'GET', `/api/stories/${created.body.id}`);
    expect(story.status).toBe(200);
    expect(story.body.createdByName).toBeUndefined();
    expect((await call(investor, 'GET', `/api/stories/${other.body.id}`)).status).toBe(403);
    for (const path of ['/api/projects', '/api/stories', '/api/stats/overview', '/api/search?q=项目']) {
      const res = await call(investor, 'GET', path);
      expect(res.status, path).toBe(403);
    }
    expect((await fetch(`${baseUrl}/tiles/projects.json`, { headers: { cookie: investor } })).status).toBe(200);
    // The investor may take the handout of this story (the images are their own screen's).
    const scenes = story.body.content.scenes.length;
    const pixel = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
    const handout = await fetch(`${baseUrl}/api/stories/${created.body.id}/handout`, {
      method: 'POST', headers: { cookie: investor, 'content-type': 'application/json' }, body: JSON.stringify({ images: [pixel, ...Array(scenes - 1).fill(null)] }),
    });
    expect(handout.status).toBe(200);
    expect(handout.headers.get('content-type')).toBe('application/pdf');
    expect((await PDFDocument.load(new Uint8Array(await handout.arrayBuffer()))).getPageCount()).toBe(scenes + 1);
    expect((await call(investor, 'POST', `/api/stories/${created.body.id}/handout`, { images: [] })).body.error.message).toMatch(/应有 \d+ 张/);
    const broken = await call(investor, 'POST', `/api/stories/${created.body.id}/handout`, { images: ['data:image/png;base64,AAAA', ...Array(scenes - 1).fill(null)] });
    expect(broken.status).toBe(422);
    expect((await call(investor, 'POST', `/api/stories/${other.body.id}/handout`, { images: [null] })).status).toBe(403);
    const [{ n }] = (await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'story.view' AND object = ${`story:${created.body.id}`}`) as unknown as [{ n: number }];
    expect(n).toBe(1);
  });
});
