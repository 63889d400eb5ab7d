// The role × endpoint matrix: every route of the router, called as nobody, as each role and with a
// share link, must be refused or let through exactly as access-rules.ts says. The route list comes
// from the router itself, so a new route without a rule (or without an example here) fails.
import { defaultRules } from '@guatu/data/site-check-rules.ts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '@guatu/api/http/app.ts';
import { accessRules, type AccessRule } from '@guatu/api/http/access-rules.ts';
import type { Role } from '@guatu/api/db/users.ts';
import { portalFetch, servedTiles, testDb } from './support/db.ts';
import { testUser } from './support/session.ts';

const sql = testDb();
const baseUrl = inject('baseUrl');
afterAll(() => sql.end());

// What each route is called with. Writes get bodies that fail validation (400) or ids that do not
// exist (404), so that the matrix changes nothing: getting past the guard is what is measured.
const NONE = 999_999_999;
const examples: Record<string, { path: string; body?: unknown; anonymousOnly?: true }> = {
  'GET /api/health': { path: '/api/health' },
  'POST /api/auth/login': { path: '/api/auth/login', body: {} },
  // Signing out would end the sessions the matrix uses.
  'POST /api/auth/logout': { path: '/api/auth/logout', body: {}, anonymousOnly: true },
  'GET /api/auth/me': { path: '/api/auth/me' },
  'POST /api/auth/password': { path: '/api/auth/password', body: {} },
  'POST /api/shares/open': { path: '/api/shares/open', body: {} },
  'GET /api/regions': { path: '/api/regions' },
  'GET /api/regions/boundaries': { path: '/api/regions/boundaries' },
  'GET /api/regions/:code': { path: '/api/regions/140500' },
  'GET /api/projects': { path: '/api/projects?limit=1' },
  'GET /api/projects/ids': { path: '/api/projects/ids' },
  'GET /api/map/projects': { path: '/api/map/projects?region=140525' },
  'GET /api/projects/:id': { path: '/api/projects/{project}' },
  'GET /api/projects/export': { path: '/api/projects/export?region=140525' },
  'GET /api/stats/overview': { path: '/api/stats/overview' },
  'GET /api/search': { path: '/api/search?q=%E5%85%89%E4%BC%8F' },
  'GET /api/layers/counts': { path: '/api/layers/counts' },
  'GET /api/factors': { path: '/api/factors' },
  'GET /api/stats/energy': { path: '/api/stats/energy' },
  'GET /api/map-config': { path: '/api/map-config' },
  'GET /api/layers': { path: '/api/layers' },
  'GET /tiles/:name{[a-z_]+\\.json}': { path: '/tiles/projects.json' },
  'GET /tiles/v/:version{[0-9]+}/:layer/:z/:x/:y{[0-9]+\\.mvt}': { path: '/tiles/v/{version}/projects/8/209/97.mvt' },
  'GET /tiles/v/:version{[0-9]+}/:name{[a-z_]+\\.pmtiles}': { path: '/tiles/v/{version}/regions.pmtiles' },
  'GET /tiles/:layer/:z/:x/:y{[0-9]+\\.mvt}': { path: '/tiles/projects/8/209/97.mvt' },
  'GET /api/tile-builds': { path: '/api/tile-builds' },
  'GET /api/imports/template': { path: '/api/imports/template?kind=monthly' },
  // A JSON body is not an upload: 415 past the guard, nothing stored.
  'POST /api/imports': { path: '/api/imports', body: {} },
  'GET /api/imports': { path: '/api/imports' },
  'GET /api/imports/:id': { path: `/api/imports/${NONE}` },
  'POST /api/imports/:id/commit': { path: `/api/imports/${NONE}/commit`, body: {} },
  'GET /api/data-versions': { path: '/api/data-versions' },
  'POST /api/data-versions/:id/restore': { path: `/api/data-versions/${NONE}/restore`, body: {} },
  'GET /api/data-versions/compare': { path: `/api/data-versions/compare?from=${NONE}&to=${NONE}` },
  'PATCH /api/problems/:id': { path: `/api/problems/${NONE}`, body: {} },
  'POST /api/geometry/parse': { path: '/api/geometry/parse', body: {} },
  'POST /api/site-checks': { path: '/api/site-checks', body: {} },
  'GET /api/site-checks/:id': { path: `/api/site-checks/${NONE}` },
  'GET /api/site-checks/:id/report': { path: `/api/site-checks/${NONE}/report` },
  'POST /api/site-checks/batch': { path: '/api/site-checks/batch?q=no-such-project', body: {} },
  'GET /api/site-checks/:id/export': { path: `/api/site-checks/${NONE}/export` },
  'GET /api/stories': { path: '/api/stories' },
  'POST /api/stories': { path: '/api/stories', body: {} },
  'GET /api/stories/:id': { path: `/api/stories/${NONE}` },
  'PUT /api/stories/:id': { path: `/api/stories/${NONE}`, body: {} },
  'DELETE /api/stories/:id': { path: `/api/stories/${NONE}` },
  'POST /api/stories/:id/duplicate': { path: `/api/stories/${NONE}/duplicate`, body: {} },
  'GET /api/stories/:id/versions': { path: `/api/stories/${NONE}/versions` },
  'GET /api/stories/:id/versions/:version': { path: `/api/stories/${NONE}/versions/1` },
  'POST /api/stories/:id/handout': { path: `/api/stories/${NONE}/handout`, body: { images: [] } },
  'GET /api/shares': { path: '/api/shares' },
  'POST /api/shares': { path: '/api/shares', body: {} },
  'DELETE /api/shares/:id': { path: `/api/shares/${NONE}` },
  'GET /api/users': { path: '/api/users' },
  'POST /api/users': { path: '/api/users', body: {} },
  'PATCH /api/users/:id': { path: `/api/users/${NONE}`, body: {} },
  'DELETE /api/users/:id/sessions': { path: `/api/users/${NONE}/sessions` },
  'GET /api/audit': { path: '/api/audit?limit=1' },
  'GET /api/audit/export': { path: '/api/audit/export?from=2099-01-01' },
};

type Who = 'anonymous' | Role | 'share' | 'story';
const roles: Role[] = ['viewer', 'planner', 'editor', 'admin'];
const cookies: Partial<Record<Who, string>> = {};
let project = 0;
let version = 0;

/** The router's API and tile routes, as `METHOD path`. */
function routerRoutes(): string[] {
  const app = createApp({
    sql, backend: 'embedded', webBuildDir: '/nonexistent', tilesDir: '/nonexistent', log: () => {},
    map: { tiandituKey: null, url: null, title: '', attribution: '', reviewNumber: null }, auth: { sessionIdleMinutes: 30, sessionMaxHours: 12 }, siteCheck: defaultRules, boss: null as never,
  });
  const keys = app.routes.filter((r) => r.method !== 'ALL' && /^\/(api|tiles)\//.test(r.path)).map((r) => `${r.method} ${r.path}`);
  return [...new Set(keys)];
}

/** Whether the rule lets `who` in. */
function allowed(rule: AccessRule, who: Who): boolean {
  if (rule.who === 'public') return true;
  if (who === 'anonymous') return false;
  if (who === 'share') return !!rule.share;
  if (who === 'story') return !!rule.story;
  return rule.who === 'signed-in' || rule.who.includes(who);
}

beforeAll(async () => {
  for (const role of roles) cookies[role] = (await testUser(sql, baseUrl, role, null, `m${role.slice(0, 3)}`)).cookie;
  const share = await portalFetch('/api/shares', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ view: { path: '/' } }) });
  expect(share.status).toBe(201);
  const token = ((await share.json()) as { url: string }).url.split('/s/')[1]!;
  const opened = await fetch(`${baseUrl}/api/shares/open`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
  expect(opened.status).toBe(200);
  cookies.share = opened.headers.get('set-cookie')!.split(';')[0]!;
  // A story link: it may call the player's reads only.
  const story = await portalFetch('/api/stories', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: '矩阵测试', template: 'blank' }) });
  expect(story.status).toBe(201);
  const storyShare = await portalFetch('/api/shares', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ storyId: ((await story.json()) as { id: number }).id }) });
  expect(storyShare.status).toBe(201);
  const storyToken = ((await storyShare.json()) as { url: string }).url.split('/s/')[1]!;
  const storyOpened = await fetch(`${baseUrl}/api/shares/open`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: storyToken }) });
  cookies.story = storyOpened.headers.get('set-cookie')!.split(';')[0]!;
  [{ id: project }] = (await sql`SELECT min(id)::int AS id FROM projects`) as unknown as [{ id: number }];
  version = await servedTiles();
});

describe('role × endpoint matrix', () => {
  it('has a rule and an example for every route of the router', () => {
    const routes = routerRoutes();
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.filter((k) => !accessRules[k]), 'routes without an access rule').toEqual([]);
    expect(routes.filter((k) => !examples[k]), 'routes without an example in this test').toEqual([]);
    expect(Object.keys(accessRules).filter((k) => !routes.includes(k)), 'rules for routes that do not exist').toEqual([]);
  });

  it('refuses or admits each caller exactly as the rules say', async () => {
    const wrong: string[] = [];
    for (const key of routerRoutes()) {
      const rule = accessRules[key]!;
      const example = examples[key]!;
      const method = key.split(' ')[0]!;
      const path = example.path.replace('{project}', String(project)).replace('{version}', String(version));
      for (const who of ['anonymous', ...roles, 'share', 'story'] as Who[]) {
        if (example.anonymousOnly && who !== 'anonymous') continue;
        const headers: Record<string, string> = {};
        if (cookies[who as Role]) headers.cookie = cookies[who as Role]!;
        if (example.body !== undefined) headers['content-type'] = 'application/json';
        const res = await fetch(`${baseUrl}${path}`, { method, headers, body: example.body === undefined ? undefined : JSON.stringify(example.body) });
        const code = res.status === 401 || res.status === 403 ? ((await res.json().catch(() => ({}))) as { error?: { code?: string } }).error?.code : undefined;
        await res.body?.cancel().catch(() => {});
        const refusedByGuard = ['unauthenticated', 'forbidden', 'share_forbidden', 'password_change_required', 'no_access_rule'].includes(code ?? '');
        const ok = allowed(rule, who)
          // GET /api/auth/me is open to all and answers "not signed in" itself.
          ? !refusedByGuard || (key === 'GET /api/auth/me' && who === 'anonymous')
          : who === 'anonymous' ? res.status === 401 : res.status === 403 && refusedByGuard;
        if (!ok) wrong.push(`${who} ${key} → ${res.status} ${code ?? ''}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
