// Administration on the real portal: users created with a one-time password that must be changed,
// role changes and session ends that take effect at once, the last administrator kept; the audit
// trail browsed, filtered and exported; CSRF, CORS and security headers; pages behind sign-in.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { api, portalFetch, testDb } from './support/db.ts';
import { signIn, testUser } from './support/session.ts';

const sql = testDb();
const baseUrl = inject('baseUrl');
afterAll(() => sql.end());

const send = (method: string, path: string, body?: unknown, cookie?: string, extra: Record<string, string> = {}) => portalFetch(path, {
  method, headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}), ...extra }, body: body === undefined ? undefined : JSON.stringify(body),
});
const suffix = `${process.pid % 10000}${Date.now() % 100000}`;

describe('users', () => {
  it('creates a user with a one-time password that must be changed before anything else', async () => {
    const username = `li${suffix}`;
    const res = await send('POST', '/api/users', { username, role: 'viewer', displayName: '李科长', regionScope: '140500' });
    expect(res.status).toBe(201);
    const { user, password } = (await res.json()) as any;
    expect(user).toMatchObject({ username, role: 'viewer', regionScope: '140500', mustChangePassword: true });
    expect(password).toMatch(/^.{12,}$/);
    const cookie = await signIn(baseUrl, username, password);
    const blocked = await api('/api/projects?limit=1', cookie);
    expect([blocked.status, blocked.body.error.code]).toEqual([403, 'password_change_required']);
    expect((await api('/api/auth/me', cookie)).body.user.mustChangePassword).toBe(true);
    const changed = await send('POST', '/api/auth/password', { currentPassword: password, newPassword: 'Zhangshang#Ditu9' }, cookie);
    expect(changed.status).toBe(200);
    const fresh = changed.headers.get('set-cookie')!.split(';')[0]!;
    expect((await api('/api/projects?limit=1', fresh)).status).toBe(200);
    expect((await send('POST', '/api/users', { username, role: 'viewer' })).status).toBe(409);
    expect((await send('POST', '/api/users', { username: 'X y', role: 'boss' })).status).toBe(400);
    expect((await send('POST', '/api/users', { username: `weak${suffix}`, role: 'viewer', password: 'short' })).status).toBe(400);
  });

  it('ends sessions when an admin changes the role, disables the user or ends them', async () => {
    const u = await testUser(sql, baseUrl, 'editor', null, 'adm');
    expect((await api('/api/tile-builds', u.cookie)).status).toBe(200);
    const changed = await send('PATCH', `/api/users/${u.id}`, { role: 'viewer' });
    expect(changed.status).toBe(200);
    expect((await api('/api/tile-builds', u.cookie)).status).toBe(401);
    const again = await signIn(baseUrl, u.username, 'Jincheng#2026!');
    expect((await api('/api/tile-builds', again)).status).toBe(403);
    const ended = await send('DELETE', `/api/users/${u.id}/sessions`);
    expect(((await ended.json()) as any).ended).toBeGreaterThanOrEqual(1);
    expect((await api('/api/auth/me', again)).status).toBe(401);
    expect((await send('PATCH', `/api/users/${u.id}`, { disabled: true })).status).toBe(200);
    expect((await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: u.username, password: 'Jincheng#2026!' }) })).status).toBe(401);
    const reset = (await (await send('PATCH', `/api/users/${u.id}`, { disabled: false, resetPassword: true })).json()) as any;
    expect(reset.user.mustChangePassword).toBe(true);
    expect(reset.password).toBeTruthy();
    const rows = await sql`SELECT action FROM audit_log WHERE object = ${`user:${u.username}`} ORDER BY id`;
    expect(rows.map((r) => r.action)).toEqual(['user.update', 'user.end_sessions', 'user.update', 'user.update']);
  });

  it('keeps at least one enabled administrator', async () => {
    const [admin] = await sql`SELECT id::int AS id FROM users WHERE username = 'admin'`;
    const res = await send('PATCH', `/api/users/${admin!.id}`, { role: 'viewer' });
    expect(res.status).toBe(409);
    expect((await api('/api/users')).body.items.find((u: any) => u.username === 'admin').role).toBe('admin');
  });
});

describe('audit trail', () => {
  it('lets an admin filter it and export it as CSV, and records the export', async () => {
    const viewer = await testUser(sql, baseUrl, 'viewer', null, 'audv');
    expect((await send('POST', '/api/users', { username: `x${suffix}`, role: 'admin' }, viewer.cookie)).status).toBe(403);
    const denied = await api(`/api/audit?username=${viewer.username}&outcome=denied`);
    expect(denied.status).toBe(200);
    expect(denied.body.items[0]).toMatchObject({ action: 'access.denied', object: 'POST /api/users', outcome: 'denied', username: viewer.username });
    expect((await api(`/api/audit?action=auth.&username=${viewer.username}`)).body.items.map((r: any) => r.action)).toEqual(['auth.login']);
    const csv = await portalFetch(`/api/audit/export?username=${viewer.username}`);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toMatch(/^时间,用户,地址,动作,对象,结果,详情\r\n/);
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(3);
    const [row] = await sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'audit.export' AND username = 'admin'`;
    expect(row!.n).toBeGreaterThanOrEqual(1);
    expect((await api('/api/audit?from=2026-13-01')).status).toBe(400);
    expect((await api('/api/audit', viewer.cookie)).status).toBe(403);
  });
});

describe('browser-facing defences', () => {
  it('refuses cross-site writes even with a valid session, and never opens CORS', async () => {
    const cross = await send('POST', '/api/shares', { view: { path: '/' } }, undefined, { origin: 'https://evil.example' });
    expect(cross.status).toBe(403);
    const fetchMeta = await send('POST', '/api/shares', { view: { path: '/' } }, undefined, { 'sec-fetch-site': 'cross-site' });
    expect(fetchMeta.status).toBe(403);
    const preflight = await fetch(`${baseUrl}/api/projects`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const read = await portalFetch('/api/projects?limit=1', { headers: { origin: 'https://evil.example' } });
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sends a CSP that lets MapLibre workers run, forbids framing by others and sniffing', async () => {
    const page = await portalFetch('/');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toMatch(/worker-src 'self' blob:/);
    expect(csp).toMatch(/frame-ancestors 'self'/);
    expect(csp).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toMatch(/unsafe-eval/);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('answers only the login page, share links and assets without signing in', async () => {
    const home = await fetch(`${baseUrl}/?region=140500`, { redirect: 'manual' });
    expect(home.status).toBe(302);
    expect(home.headers.get('location')).toBe(`/login?next=${encodeURIComponent('/?region=140500')}`);
    expect((await fetch(`${baseUrl}/login`)).status).toBe(200);
    expect((await fetch(`${baseUrl}/s/some-token-that-does-not-exist`)).status).toBe(200);
    expect((await fetch(`${baseUrl}/api/projects`)).status).toBe(401);
    expect((await fetch(`${baseUrl}/tiles/projects/8/209/97.mvt`)).status).toBe(401);
    expect((await fetch(`${baseUrl}/api/health`)).status).toBe(200);
  });
});
