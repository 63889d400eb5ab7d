// Share links on the real portal: an investor's link sees its view and nothing else of the API, no
// leader names, problems or (unless the profile allows) prices; optional password; revocable;
// expiring; and each opening is in the audit trail.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api, servedTiles, testDb } from './support/db.ts';
import { testUser } from './support/session.ts';

const sql = testDb();
const baseUrl = inject('baseUrl');
afterAll(() => sql.end());

let author: { id: number; username: string; cookie: string };
let county = '';
let project = 0;

const json = (cookie: string | null, method: string, path: string, body?: unknown) => fetch(`${baseUrl}${path}`, {
  method, headers: { ...(cookie ? { cookie } : {}), 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
});
async function share(body: Record<string, unknown>, cookie = author.cookie) {
  const res = await json(cookie, 'POST', '/api/shares', body);
  return { status: res.status, body: (await res.json()) as any };
}
async function open(url: string, password?: string) {
  const res = await json(null, 'POST', '/api/shares/open', { token: url.split('/s/')[1], ...(password ? { password } : {}) });
  return { status: res.status, body: (await res.json()) as any, cookie: res.headers.get('set-cookie')?.split(';')[0] ?? null, flags: res.headers.get('set-cookie') };
}

beforeAll(async () => {
  const [row] = await sql<{ region: string; project: number }[]>`
    SELECT p.region_code::text AS region, p.id::int AS project FROM projects p
    WHERE p.responsible_leader IS NOT NULL AND EXISTS (SELECT 1 FROM problems q WHERE q.project_id = p.id)
      AND EXISTS (SELECT 1 FROM land_parcels l WHERE l.region_code = p.region_code AND l.kind = 'standard_land' AND l.status = 'available' AND l.price_wan_per_mu IS NOT NULL)
    ORDER BY p.id LIMIT 1`;
  county = row!.region;
  project = row!.project;
  author = await testUser(sql, baseUrl, 'editor', null, 'shauthor');
  await servedTiles();
});

describe('share links', () => {
  it('gives an investor the shared view with public fields only, and nothing else of the API', async () => {
    const created = await share({ title: '招商推介：泽州县', view: { path: `/?region=${county}` } });
    expect(created.status).toBe(201);
    expect(created.body.url).toMatch(new RegExp(`^${baseUrl}/s/[\\w-]{30,}$`));
    expect(created.body).toMatchObject({ fieldProfile: 'public', regionScope: county });
    expect(new Date(created.body.expiresAt).getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    const opened = await open(created.body.url);
    expect(opened.status).toBe(200);
    expect(opened.body.target).toEqual({ kind: 'view', path: `/?region=${county}` });
    expect(opened.flags).toMatch(/HttpOnly/);
    const guest = opened.cookie!;
    const file = await api(`/api/projects/${project}`, guest);
    expect(file.status).toBe(200);
    expect(file.body.name).toBeTruthy();
    expect(file.body).not.toHaveProperty('responsibleLeader');
    expect(file.body).not.toHaveProperty('problems');
    expect(JSON.stringify(file.body)).not.toMatch(/responsibleUnit|feedback/);
    expect((await api('/api/stats/overview', guest)).body.totals).not.toHaveProperty('problems');
    const land = (await api('/api/factors', guest)).body.standardLand;
    expect(land.length).toBeGreaterThan(0);
    expect(land.every((l: any) => !('priceWanPerMu' in l))).toBe(true);
    // Only the shared region.
    const [n] = await sql`SELECT count(*)::int AS n FROM projects WHERE region_code = ${county}`;
    expect((await api('/api/projects?limit=1', guest)).body.total).toBe(n!.n);
    const [elsewhere] = await sql`SELECT id FROM projects WHERE region_code <> ${county} LIMIT 1`;
    expect((await api(`/api/projects/${elsewhere!.id}`, guest)).status).toBe(403);
    // Nothing else: no users, no audit, no writes, no restricted layer.
    expect((await api('/api/users', guest)).status).toBe(403);
    expect((await api('/api/audit', guest)).status).toBe(403);
    expect((await api('/api/tile-builds', guest)).status).toBe(403);
    expect((await json(guest, 'POST', '/api/shares', { view: { path: '/' } })).status).toBe(403);
    expect((await json(guest, 'PATCH', '/api/problems/1', { status: 'closed' })).status).toBe(403);
    expect((await api('/tiles/constraint_zones.json', guest)).status).toBe(403);
    expect((await api('/tiles/projects.json', guest)).status).toBe(200);
    const me = (await api('/api/auth/me', guest)).body;
    expect(me).toMatchObject({ user: null, share: { title: '招商推介：泽州县', fieldProfile: 'public' } });
    const [audit] = await sql`SELECT outcome FROM audit_log WHERE action = 'share.open' AND object = ${`share:${created.body.id}`}`;
    expect(audit!.outcome).toBe('ok');
    const [count] = await sql`SELECT opened_count FROM shares WHERE id = ${created.body.id}`;
    expect(count!.opened_count).toBe(1);
  });

  it('shows land prices with the investor profile, still without leaders', async () => {
    const created = await share({ view: { path: `/?region=${county}` }, fieldProfile: 'investor' });
    const guest = (await open(created.body.url)).cookie!;
    expect((await api('/api/factors', guest)).body.standardLand.some((l: any) => typeof l.priceWanPerMu === 'number')).toBe(true);
    expect((await api(`/api/projects/${project}`, guest)).body).not.toHaveProperty('responsibleLeader');
  });

  it('asks for the password when the link has one, and a forged cookie grants nothing', async () => {
    const created = await share({ view: { path: '/' }, password: 'touzi2026' });
    const token = created.body.url.split('/s/')[1];
    expect((await open(created.body.url)).body.error.code).toBe('share_password_required');
    const wrong = await open(created.body.url, 'wrong-pass');
    expect([wrong.status, wrong.body.error.code]).toEqual([401, 'share_password_wrong']);
    expect((await api('/api/projects?limit=1', `guatu_share=${token}`)).status).toBe(401);
    const right = await open(created.body.url, 'touzi2026');
    expect(right.status).toBe(200);
    expect((await api('/api/projects?limit=1', right.cookie!)).status).toBe(200);
  });

  it('is revoked by its author (not by another editor) and then grants nothing', async () => {
    const created = await share({ view: { path: '/' } });
    const guest = (await open(created.body.url)).cookie!;
    expect((await api('/api/projects?limit=1', guest)).status).toBe(200);
    const other = await testUser(sql, baseUrl, 'editor', null, 'shother');
    expect((await json(other.cookie, 'DELETE', `/api/shares/${created.body.id}`)).status).toBe(403);
    expect((await json(author.cookie, 'DELETE', `/api/shares/${created.body.id}`)).status).toBe(200);
    expect((await api('/api/projects?limit=1', guest)).status).toBe(401);
    expect((await open(created.body.url)).status).toBe(404);
    const mine = (await api('/api/shares', author.cookie)).body.items.find((s: any) => s.id === created.body.id);
    expect(mine.revokedAt).not.toBeNull();
    const [row] = await sql`SELECT outcome FROM audit_log WHERE action = 'share.revoke' AND object = ${`share:${created.body.id}`}`;
    expect(row!.outcome).toBe('ok');
  });

  it('ends at its expiry', async () => {
    const created = await share({ view: { path: '/' }, days: 1 });
    await sql`UPDATE shares SET created_at = now() - interval '2 days', expires_at = now() - interval '1 second' WHERE id = ${created.body.id}`;
    const expired = await open(created.body.url);
    expect([expired.status, expired.body.error.message]).toEqual([404, expect.stringMatching(/已过期/)]);
  });

  it('validates what is shared and by whom', async () => {
    expect((await share({ view: { path: 'https://evil.example/' } })).status).toBe(400);
    expect((await share({ view: { path: '/' }, days: 365 })).status).toBe(400);
    expect((await share({ view: { path: '/' }, fieldProfile: 'everything' })).status).toBe(400);
    const [other] = await sql`SELECT code::text FROM regions WHERE level = 'county' AND code <> ${county} ORDER BY code LIMIT 1`;
    const countyEditor = await testUser(sql, baseUrl, 'editor', county, 'shcounty');
    const outside = await share({ view: { path: `/?region=${other!.code}` } }, countyEditor.cookie);
    expect(outside.status).toBe(403);
    const viewer = await testUser(sql, baseUrl, 'viewer', null, 'shviewer');
    expect((await share({ view: { path: '/' } }, viewer.cookie)).status).toBe(403);
  });
});
