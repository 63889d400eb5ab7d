// `npm run user -- <command>`: manage accounts from the server's shell, e.g. when the only admin is
// locked out. Works while the portal runs (through its embedded database's local socket, or the
// server in DATABASE_URL) and when it does not (opening the embedded database itself).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Sql } from 'postgres';
import { codesOf, userRoles } from '@guatu/data/glossary.ts';
import { generatePassword, hashPassword, passwordProblems } from '../auth/password.ts';
import { loadConfig } from '../config.ts';
import { recordAudit } from '../db/audit.ts';
import { connectEmbedded } from '../db/client.ts';
import { openDatabase } from '../db/database.ts';
import { DataDirLockedError } from '../db/lock.ts';
import { migrate } from '../db/migrate.ts';
import { regionExists } from '../db/regions.ts';
import { endUserSessions } from '../db/sessions.ts';
import { createUser, findUser, listUsers, updateUser, type Role } from '../db/users.ts';

const USAGE = `用法 / usage: npm run user -- <command> [options]
  list                                   列出用户
  add <username> --role <role> [--region <code>] [--name <显示名>] [--password <pw>]
                                         新建用户（不给密码则生成一次性密码，首次登录须修改）
  reset-password <username>              重置为一次性密码（首次登录须修改），结束其会话
  disable <username> | enable <username> 停用 / 启用
  unlock <username>                      解除登录锁定
  end-sessions <username>                结束该用户的全部会话
roles: ${codesOf(userRoles).join(', ')}`;

async function connect(): Promise<{ sql: Sql; close: () => Promise<void> }> {
  const config = loadConfig();
  try {
    const db = await openDatabase(config, () => {});
    await migrate(db.sql, undefined, () => {});
    return { sql: db.sql, close: db.close };
  } catch (e) {
    // The portal owns the embedded database: talk to it through the socket it serves.
    const socket = join(config.dataDir, 'run/.s.PGSQL.5432');
    if (e instanceof DataDirLockedError && existsSync(socket)) {
      const sql = connectEmbedded({ path: socket });
      return { sql, close: () => sql.end({ timeout: 5 }) };
    }
    throw e;
  }
}

async function run(sql: Sql, command: string, args: string[], values: Record<string, string | undefined>): Promise<string> {
  const audit = (action: string, object: string, detail: Record<string, unknown> = {}) =>
    recordAudit(sql, { userId: null, username: 'cli', address: 'cli', action, object, outcome: 'ok', detail });
  if (command === 'list') {
    const users = await listUsers(sql);
    return users.map((u) => [u.username.padEnd(20), u.role.padEnd(8), (u.regionScope ?? '全部').padEnd(7), u.disabled ? '已停用' : u.lockedUntil ? '已锁定' : '正常', u.displayName ?? ''].join(' ')).join('\n');
  }
  const username = args[0];
  if (!username) throw new Error(`缺少用户名\n${USAGE}`);
  if (command === 'add') {
    const role = values.role as Role | undefined;
    if (!role || !codesOf(userRoles).includes(role)) throw new Error(`--role 应为 ${codesOf(userRoles).join(', ')} 之一`);
    if (!/^[a-z][a-z0-9_.-]{2,31}$/.test(username)) throw new Error('用户名为 3–32 位小写字母、数字或 _ . -，以字母开头');
    if (await findUser(sql, username)) throw new Error(`用户名 ${username} 已存在`);
    if (values.region && !(await regionExists(sql, values.region))) throw new Error(`没有代码为 ${values.region} 的地区`);
    const password = values.password ?? generatePassword();
    const problems = passwordProblems(password, username);
    if (problems.length) throw new Error(`密码不符合要求：${problems.join('；')}`);
    await createUser(sql, { username, role, regionScope: values.region ?? null, displayName: values.name ?? null, passwordHash: await hashPassword(password), mustChangePassword: true });
    await audit('user.create', `user:${username}`, { role, regionScope: values.region ?? null });
    return `已创建用户 ${username}（${userRoles[role]}）${values.password ? '' : `，一次性密码：${password}`}，首次登录须修改密码`;
  }
  const user = await findUser(sql, username);
  if (!user) throw new Error(`没有用户 ${username}`);
  switch (command) {
    case 'reset-password': {
      const password = generatePassword();
      await updateUser(sql, user.id, { temporaryPasswordHash: await hashPassword(password), unlock: true });
      await endUserSessions(sql, user.id);
      await audit('user.update', `user:${username}`, { resetPassword: true });
      return `${username} 的一次性密码：${password}（首次登录须修改）`;
    }
    case 'disable':
    case 'enable':
      await updateUser(sql, user.id, { disabled: command === 'disable' });
      if (command === 'disable') await endUserSessions(sql, user.id);
      await audit('user.update', `user:${username}`, { disabled: command === 'disable' });
      return `${username} 已${command === 'disable' ? '停用' : '启用'}`;
    case 'unlock':
      await updateUser(sql, user.id, { unlock: true });
      await audit('user.update', `user:${username}`, { unlock: true });
      return `${username} 已解除锁定`;
    case 'end-sessions': {
      const n = await endUserSessions(sql, user.id);
      await audit('user.end_sessions', `user:${username}`, { ended: n });
      return `已结束 ${username} 的 ${n} 个会话`;
    }
    default:
      throw new Error(`未知命令 ${command}\n${USAGE}`);
  }
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { role: { type: 'string' }, region: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' }, help: { type: 'boolean' } },
  });
  const [command, ...args] = positionals;
  if (!command || values.help) {
    console.log(USAGE);
    return;
  }
  const db = await connect();
  try {
    console.log(await run(db.sql, command, args, values as Record<string, string | undefined>));
  } finally {
    await db.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
