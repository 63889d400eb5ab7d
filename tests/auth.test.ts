// Signing in on the real portal: the session cookie's flags, rotation at sign-in, idle and absolute
// expiry, lockout after repeated failures with the reason shown, sign-out (here and everywhere),
// JSON-only bodies and same-origin requests, the first administrator, and an audit row for each.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hashPassword } from '@guatu/api/auth/password.ts';
import { createUser } from '@guatu/api/db/users.ts';
import { testDb } from './support/db.ts';

const sql = testDb();
const baseUrl = inject('baseUrl');
const suffix = `${process.pid}${Date.now() % 100000}`;
const PASSWORD = 'Jincheng#2026!';
afterAll(() => sql.end());

async function login(username: string, password: string, cookie?: string) {
  return fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({ username, password }),
  });
}
const cookieOf = (res: Response) => res.headers.get('set-cookie')!.split(';')[0]!;
const me = (cookie: string) => fetch(`${baseUrl}/api/auth/me`, { headers: { cookie } });
const audits = (username: string) => sql<{ action: string; outcome: string }[]>`SELECT action, outcome FROM audit_log WHERE username = ${username} ORDER BY id`;

async function newUser(name: string, role: 'editor' | 'viewer' = 'viewer') {
  const username = `${name}${suffix}`;
  await createUser(sql, { username, passwordHash: await hashPassword(PASSWORD), role, regionScope: '140500' });
  return username;
}

describe('signing in', () => {
  let zhao: string;
  beforeAll(async () => {
    zhao = await newUser('zhao', 'editor');
  });

  it('sets an HttpOnly, SameSite=Lax session cookie and knows who is signed in', async () => {
    const res = await login(zhao, PASSWORD);
    expect(res.status).toBe(200);
    expect((await res.json()).user).toMatchObject({ username: zhao, role: 'editor', regionScope: '140500' });
    const flags = res.headers.get('set-cookie')!;
    expect(flags).toMatch(/^guatu_session=[\w-]{40,};/);
    expect(flags).toMatch(/HttpOnly/);
    expect(flags).toMatch(/SameSite=Lax/);
    expect(flags).toMatch(/Path=\//);
    const who = await me(cookieOf(res));
    expect(who.status).toBe(200);
    expect((await who.json()).user.username).toBe(zhao);
    // The database holds the token's SHA-256, not the token.
    const token = cookieOf(res).split('=')[1]!;
    const [stored] = await sql`SELECT count(*)::int AS n FROM sessions WHERE token_sha256 = sha256(convert_to(${token}, 'UTF8'))`;
    expect(stored!.n).toBe(1);
  });

  it('gives a new session at every sign-in and ends the one the browser brought', async () => {
    const first = cookieOf(await login(zhao, PASSWORD));
    const second = await login(zhao, PASSWORD, first);
    expect(cookieOf(second)).not.toBe(first);
    expect((await me(first)).status).toBe(401);
    expect((await me(cookieOf(second))).status).toBe(200);
  });

  it('ends idle sessions and sessions past their absolute limit', async () => {
    const idle = cookieOf(await login(zhao, PASSWORD));
    const old = cookieOf(await login(zhao, PASSWORD));
    const digest = (c: string) => sql`sha256(convert_to(${c.split('=')[1]!}, 'UTF8'))`;
    await sql`UPDATE sessions SET last_seen_at = now() - interval '31 minutes' WHERE token_sha256 = ${digest(idle)}`;
    await sql`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE token_sha256 = ${digest(old)}`;
    const [a, b] = [await me(idle), await me(old)];
    expect(a.status).toBe(401);
    expect((await a.json()).error.message).toMatch(/未登录或登录已过期/);
    expect(b.status).toBe(401);
  });

  it('locks the account after five wrong passwords, says why, and audits every attempt', async () => {
    const qian = await newUser('qian');
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await login(qian, 'Wrong#password1'));
    expect(answers.slice(0, 4).map((r) => r.status)).toEqual([401, 401, 401, 401]);
    expect((await answers[3]!.json()).error.message).toMatch(/再错 1 次将临时锁定账号/);
    expect(answers[4]!.status).toBe(429);
    expect((await answers[4]!.json()).error.message).toMatch(/账号已临时锁定，请在 \d\d:\d\d 后再试/);
    const right = await login(qian, PASSWORD);
    expect(right.status).toBe(429);
    expect((await audits(qian)).map((r) => r.outcome)).toEqual(['failed', 'failed', 'failed', 'failed', 'failed', 'denied']);
  });

  it('answers an unknown user exactly like a wrong password', async () => {
    const res = await login(`nobody${suffix}`, PASSWORD);
    expect(res.status).toBe(401);
    expect((await res.json()).error).toMatchObject({ code: 'bad_credentials', message: '用户名或密码错误' });
  });

  it('signs out here, or everywhere', async () => {
    const sun = await newUser('sun');
    const [a, b, c] = [cookieOf(await login(sun, PASSWORD)), cookieOf(await login(sun, PASSWORD)), cookieOf(await login(sun, PASSWORD))];
    await fetch(`${baseUrl}/api/auth/logout`, { method: 'POST', headers: { cookie: a } });
    expect([(await me(a)).status, (await me(b)).status]).toEqual([401, 200]);
    await fetch(`${baseUrl}/api/auth/logout?everywhere=true`, { method: 'POST', headers: { cookie: b } });
    expect([(await me(b)).status, (await me(c)).status]).toEqual([401, 401]);
    expect((await audits(sun)).map((r) => r.action)).toEqual(['auth.login', 'auth.login', 'auth.login', 'auth.logout', 'auth.logout_everywhere']);
  });

  it('takes JSON only, from its own origin, and validates the body', async () => {
    const form = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `username=${zhao}&password=${PASSWORD}` });
    expect(form.status).toBe(415);
    const cross = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://evil.example' }, body: JSON.stringify({ username: zhao, password: PASSWORD }) });
    expect(cross.status).toBe(403);
    const empty = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: zhao }) });
    expect(empty.status).toBe(400);
    expect((await empty.json()).error.message).toMatch(/password/);
  });

  it('changes a password: current one checked, policy enforced in Chinese, other sessions ended', async () => {
    const zhou = await newUser('zhou');
    const [a, b] = [cookieOf(await login(zhou, PASSWORD)), cookieOf(await login(zhou, PASSWORD))];
    const change = (cookie: string, currentPassword: string, newPassword: string) => fetch(`${baseUrl}/api/auth/password`, {
      method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ currentPassword, newPassword }),
    });
    const wrong = await change(a, 'Not#theCurrent1', 'Yuncheng#2027!');
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error.message).toBe('当前密码不正确');
    const weak = await change(a, PASSWORD, 'short');
    expect(weak.status).toBe(400);
    expect((await weak.json()).error.message).toMatch(/新密码不符合要求：密码至少 12 位/);
    const ok = await change(a, PASSWORD, 'Yuncheng#2027!');
    expect(ok.status).toBe(200);
    const fresh = cookieOf(ok);
    expect([(await me(a)).status, (await me(b)).status, (await me(fresh)).status]).toEqual([401, 401, 200]);
    expect((await login(zhou, PASSWORD)).status).toBe(401);
    expect((await login(zhou, 'Yuncheng#2027!')).status).toBe(200);
    expect((await fetch(`${baseUrl}/api/auth/password`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
  });

  it("created the first administrator with the operator's GUATU_ADMIN_PASSWORD, hashed", async () => {
    const [admin] = await sql`SELECT role, must_change_password, password_hash FROM users WHERE username = 'admin'`;
    expect(admin!.role).toBe('admin');
    // The operator chose it: no forced change (the generated-password path: tests/fresh-install.test.ts).
    expect(admin!.must_change_password).toBe(false);
    expect(admin!.password_hash).toMatch(/^\$argon2id\$/);
    const [row] = await sql`SELECT detail FROM audit_log WHERE action = 'user.create_first_admin'`;
    expect(row!.detail.passwordFrom).toBe('GUATU_ADMIN_PASSWORD');
  });
});
