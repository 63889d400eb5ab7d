// A fresh installation without GUATU_ADMIN_PASSWORD: the first administrator gets a generated
// password printed once, which works only to set a new one; the `npm run user` command manages
// accounts while the portal runs (through the embedded database's socket).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { repoRoot, startPortalProcess, type PortalProcess } from './support/portal-process.ts';
import { signIn } from './support/session.ts';

const backend = inject('backend');
const dataDir = mkdtempSync(join(tmpdir(), 'guatu-fresh-'));
let portal: PortalProcess;

beforeAll(async () => {
  if (backend !== 'embedded') return;
  portal = await startPortalProcess({ DATA_DIR: dataDir, DEMO_DATA: 'off', GUATU_ADMIN_PASSWORD: '' });
}, 300_000);
afterAll(async () => {
  await portal?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const cli = (...args: string[]) => spawnSync(process.execPath, [join(repoRoot, 'api/src/cli/user.ts'), ...args], {
  cwd: repoRoot, env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' }, encoding: 'utf8', timeout: 60_000,
});

// A server database already has its administrator from the shared portal; this is about a first start.
describe.runIf(backend === 'embedded')('a fresh installation', () => {
  it('prints a one-time administrator password that must be replaced before anything else', async () => {
    const printed = /username: admin {2}password: (\S+)/.exec(portal.output());
    expect(printed, portal.output()).not.toBeNull();
    const cookie = await signIn(portal.url, 'admin', printed![1]!);
    const blocked = await fetch(`${portal.url}/api/users`, { headers: { cookie } });
    expect(blocked.status).toBe(403);
    expect(((await blocked.json()) as any).error.code).toBe('password_change_required');
    const changed = await fetch(`${portal.url}/api/auth/password`, {
      method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ currentPassword: printed![1], newPassword: 'Shouci#Anzhuang2026' }),
    });
    expect(changed.status).toBe(200);
    const fresh = changed.headers.get('set-cookie')!.split(';')[0]!;
    expect((await fetch(`${portal.url}/api/users`, { headers: { cookie: fresh } })).status).toBe(200);
  });

  it('adds, lists, resets and disables users from the command line while the portal runs', async () => {
    const added = cli('add', 'zhangsan', '--role', 'editor', '--name', '张三');
    expect(added.status, added.stderr).toBe(0);
    const password = /一次性密码：(\S+?)，/.exec(added.stdout)![1]!;
    const cookie = await signIn(portal.url, 'zhangsan', password);
    expect(((await (await fetch(`${portal.url}/api/auth/me`, { headers: { cookie } })).json()) as any).user).toMatchObject({ role: 'editor', mustChangePassword: true });
    expect(cli('list').stdout).toMatch(/zhangsan\s+editor/);
    expect(cli('add', 'zhangsan', '--role', 'viewer').stderr).toMatch(/已存在/);
    expect(cli('add', 'lisi', '--role', 'boss').stderr).toMatch(/--role/);
    expect(cli('disable', 'zhangsan').status).toBe(0);
    expect((await fetch(`${portal.url}/api/auth/me`, { headers: { cookie } })).status).toBe(401);
    expect(cli('list').stdout).toMatch(/zhangsan.*已停用/);
  });
});
