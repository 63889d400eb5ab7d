// User administration (admins only, by the access rules): list, create with a one-time password,
// change role, region, name, disable, reset the password, unlock, and end a user's sessions.
import { Hono } from 'hono';
import { z } from 'zod';
import { codesOf, userRoles } from '@guatu/data/glossary.ts';
import { generatePassword, hashPassword, passwordProblems } from '../../auth/password.ts';
import type { IdentityCache } from '../../auth/identity-cache.ts';
import { endUserSessions } from '../../db/sessions.ts';
import { regionExists } from '../../db/regions.ts';
import { activeAdminCount, createUser, findUser, listUsers, updateUser, userById, type Role, type UserChange } from '../../db/users.ts';
import type { AppDeps } from '../app.ts';
import { auditAction } from '../audit-context.ts';
import { parseJsonBody } from '../body.ts';
import { HttpError } from '../errors.ts';
import { principalOf } from '../guard.ts';
import { parseParams, regionCode } from '../validate.ts';

const role = z.enum(codesOf(userRoles) as [Role, ...Role[]]);
const username = z.string().trim().regex(/^[a-z][a-z0-9_.-]{2,31}$/, '用户名为 3–32 位小写字母、数字或 _ . -，以字母开头');
const displayName = z.string().trim().min(1).max(40).nullable();
const createBody = z.object({
  username, role, displayName: displayName.optional(), regionScope: regionCode.nullable().optional(),
  password: z.string().min(1).max(256).optional(),
}).strict();
const changeBody = z.object({
  role: role.optional(), displayName: displayName.optional(), regionScope: regionCode.nullable().optional(),
  disabled: z.boolean().optional(), resetPassword: z.literal(true).optional(), unlock: z.literal(true).optional(),
}).strict().refine((b) => Object.keys(b).length > 0, { message: '没有要修改的内容' });
const idParam = z.object({ id: z.coerce.number().int().min(1).max(2 ** 31) });

/** GET/POST /api/users, PATCH /api/users/:id, DELETE /api/users/:id/sessions. */
export function userRoutes(deps: AppDeps & { identities: IdentityCache }) {
  const checkRegion = async (code: string | null | undefined) => {
    if (code && !(await regionExists(deps.sql, code))) {
      throw new HttpError(400, 'invalid_body', `请求参数有误：regionScope：没有代码为 ${code} 的地区`, [{ field: 'regionScope', reason: '未知的行政区划代码' }]);
    }
  };
  return new Hono()
    .get('/api/users', async (c) => c.json({ items: await listUsers(deps.sql) }))
    .post('/api/users', async (c) => {
      const body = await parseJsonBody(c, createBody);
      await checkRegion(body.regionScope);
      if (await findUser(deps.sql, body.username)) {
        throw new HttpError(409, 'username_taken', `用户名 ${body.username} 已存在`, [{ field: 'username', reason: '用户名已存在' }]);
      }
      const password = body.password ?? generatePassword();
      const problems = passwordProblems(password, body.username);
      if (problems.length) throw new HttpError(400, 'invalid_body', `初始密码不符合要求：${problems.join('；')}`, problems.map((reason) => ({ field: 'password', reason })));
      const id = await createUser(deps.sql, {
        username: body.username, displayName: body.displayName ?? null, passwordHash: await hashPassword(password),
        role: body.role, regionScope: body.regionScope ?? null, mustChangePassword: true,
      });
      await auditAction(deps.sql, c, { action: 'user.create', object: `user:${body.username}`, outcome: 'ok', detail: { role: body.role, regionScope: body.regionScope ?? null } });
      // A generated password is shown once, here; the user must replace it at the first sign-in.
      return c.json({ user: await userById(deps.sql, id), ...(body.password ? {} : { password }) }, 201);
    })
    .patch('/api/users/:id', async (c) => {
      const { id } = parseParams(c, idParam);
      const body = await parseJsonBody(c, changeBody);
      const target = await userById(deps.sql, id);
      if (!target) throw new HttpError(404, 'user_not_found', `没有编号为 ${id} 的用户`);
      await checkRegion(body.regionScope);
      const me = principalOf(c);
      const self = me.kind === 'user' && me.user.userId === id;
      const losesAdmin = target.role === 'admin' && !target.disabled && ((body.role && body.role !== 'admin') || body.disabled === true);
      if (losesAdmin && (self || (await activeAdminCount(deps.sql)) <= 1)) {
        throw new HttpError(409, 'last_admin', self ? '不能停用自己或取消自己的管理员角色' : '至少要保留一名启用的管理员');
      }
      const change: UserChange = { role: body.role, displayName: body.displayName, regionScope: body.regionScope, disabled: body.disabled, unlock: body.unlock };
      const password = body.resetPassword ? generatePassword() : null;
      if (password) change.temporaryPasswordHash = await hashPassword(password);
      await updateUser(deps.sql, id, change);
      // Whatever changes what the user may do ends the sessions that were granted under the old rules.
      const endsSessions = body.role !== undefined || body.regionScope !== undefined || body.disabled === true || password !== null;
      const ended = endsSessions ? await endUserSessions(deps.sql, id) : 0;
      deps.identities.dropUser(id);
      await auditAction(deps.sql, c, {
        action: 'user.update', object: `user:${target.username}`, outcome: 'ok',
        detail: { ...body, ...(password ? { resetPassword: true } : {}), endedSessions: ended },
      });
      return c.json({ user: await userById(deps.sql, id), ...(password ? { password } : {}) });
    })
    .delete('/api/users/:id/sessions', async (c) => {
      const { id } = parseParams(c, idParam);
      const target = await userById(deps.sql, id);
      if (!target) throw new HttpError(404, 'user_not_found', `没有编号为 ${id} 的用户`);
      const ended = await endUserSessions(deps.sql, id);
      deps.identities.dropUser(id);
      await auditAction(deps.sql, c, { action: 'user.end_sessions', object: `user:${target.username}`, outcome: 'ok', detail: { ended } });
      return c.json({ ended });
    });
}
