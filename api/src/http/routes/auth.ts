// Sign-in, sign-out and "who am I". Failures are counted per account (locked in the database after
// repeated failures) and per client address (throttled in memory); every attempt is audited.
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { Hono } from 'hono';
import { z } from 'zod';
import { addressThrottle } from '../../auth/throttle.ts';
import { hashPassword, passwordProblems, verifyPassword } from '../../auth/password.ts';
import { recordAudit } from '../../db/audit.ts';
import { createSession, endSession, endUserSessions } from '../../db/sessions.ts';
import { fieldAccess } from '../../auth/principal.ts';
import { clearLoginFailures, findUser, recordLoginFailure, setPassword } from '../../db/users.ts';
import type { AppDeps } from '../app.ts';
import { parseJsonBody } from '../body.ts';
import { clientAddress } from '../client-address.ts';
import { principalOf, SESSION_COOKIE, signedInUser } from '../guard.ts';
import type { IdentityCache } from '../../auth/identity-cache.ts';
import { HttpError } from '../errors.ts';

const LOCK_AFTER = 5;
const LOCK_MINUTES = 15;

const passwordBody = z.object({ currentPassword: z.string().min(1, '请输入当前密码').max(256), newPassword: z.string().min(1, '请输入新密码').max(256) }).strict();
const loginBody = z.object({ username: z.string().trim().min(1, '请输入用户名').max(64), password: z.string().min(1, '请输入密码').max(256) }).strict();

const isHttps = (c: Context) => new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';

const timeOf = (d: Date) => d.toLocaleTimeString('zh-CN', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Asia/Shanghai' });

/** POST /api/auth/login, POST /api/auth/logout, GET /api/auth/me, POST /api/auth/password. */
export function authRoutes(deps: AppDeps & { identities: IdentityCache }) {
  const throttle = addressThrottle();
  // Unknown users cost the same time as known ones: the answer must not tell which names exist.
  const decoy = hashPassword('decoy-password-never-used-2026!');
  const audit = (c: Context, e: Omit<Parameters<typeof recordAudit>[1], 'address'>) => recordAudit(deps.sql, { ...e, address: clientAddress(c) });

  return new Hono()
    .post('/api/auth/login', async (c) => {
      const { username, password } = await parseJsonBody(c, loginBody);
      const address = clientAddress(c);
      const wait = throttle.blockedFor(address);
      if (wait > 0) {
        await audit(c, { userId: null, username, action: 'auth.login', outcome: 'denied', detail: { reason: 'address throttled' } });
        throw new HttpError(429, 'too_many_attempts', `登录失败次数过多，请 ${Math.ceil(wait / 60)} 分钟后再试`);
      }
      const user = await findUser(deps.sql, username);
      if (user?.lockedUntil && user.lockedUntil > new Date()) {
        await audit(c, { userId: user.id, username, action: 'auth.login', outcome: 'denied', detail: { reason: 'account locked' } });
        throw new HttpError(429, 'account_locked', `连续输错密码，账号已临时锁定，请在 ${timeOf(user.lockedUntil)} 后再试`);
      }
      const ok = user && !user.disabled ? await verifyPassword(user.passwordHash, password) : (await verifyPassword(await decoy, password), false);
      if (!user || !ok) {
        throttle.fail(address);
        const lockedUntil = user && !user.disabled ? await recordLoginFailure(deps.sql, user.id, LOCK_AFTER, LOCK_MINUTES) : null;
        await audit(c, { userId: user?.id ?? null, username, action: 'auth.login', outcome: 'failed', detail: { reason: user?.disabled ? 'disabled' : 'bad credentials' } });
        if (lockedUntil) throw new HttpError(429, 'account_locked', `连续输错密码 ${LOCK_AFTER} 次，账号已临时锁定，请在 ${timeOf(lockedUntil)} 后再试`);
        const left = user && !user.disabled ? LOCK_AFTER - (user.failedLogins + 1) : null;
        throw new HttpError(401, 'bad_credentials', `用户名或密码错误${left !== null && left <= 2 ? `（再错 ${left} 次将临时锁定账号）` : ''}`);
      }
      await clearLoginFailures(deps.sql, user.id);
      throttle.clear(address);
      // A new session at every sign-in; the one the browser brought (if any) ends.
      const previous = getCookie(c, SESSION_COOKIE);
      if (previous) {
        await endSession(deps.sql, previous);
        deps.identities.dropToken(previous);
      }
      const token = await createSession(deps.sql, user.id, { absoluteHours: deps.auth.sessionMaxHours, address, userAgent: c.req.header('user-agent') ?? null });
      setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Lax', secure: isHttps(c), path: '/', maxAge: deps.auth.sessionMaxHours * 3600 });
      await audit(c, { userId: user.id, username, action: 'auth.login', outcome: 'ok' });
      return c.json({ user: { username: user.username, displayName: user.displayName, role: user.role, regionScope: user.regionScope, mustChangePassword: user.mustChangePassword } });
    })
    .post('/api/auth/logout', async (c) => {
      const token = getCookie(c, SESSION_COOKIE);
      const everywhere = c.req.query('everywhere') === 'true';
      const p = principalOf(c);
      const user = p.kind === 'user' ? p.user : null;
      if (token) {
        await endSession(deps.sql, token);
        deps.identities.dropToken(token);
      }
      const ended = user && everywhere ? await endUserSessions(deps.sql, user.userId) : 0;
      if (user && everywhere) deps.identities.dropUser(user.userId);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      if (user) await audit(c, { userId: user.userId, username: user.username, action: everywhere ? 'auth.logout_everywhere' : 'auth.logout', outcome: 'ok', detail: { otherSessions: ended } });
      return c.json({ ok: true });
    })
    .post('/api/auth/password', async (c) => {
      const session = signedInUser(c).user;
      const { currentPassword, newPassword } = await parseJsonBody(c, passwordBody);
      const user = (await findUser(deps.sql, session.username))!;
      if (!(await verifyPassword(user.passwordHash, currentPassword))) {
        await audit(c, { userId: user.id, username: user.username, action: 'auth.password_change', outcome: 'failed', detail: { reason: 'wrong current password' } });
        throw new HttpError(400, 'invalid_body', '当前密码不正确', [{ field: 'currentPassword', reason: '当前密码不正确' }]);
      }
      const problems = passwordProblems(newPassword, user.username);
      if (newPassword === currentPassword) problems.push('新密码不能与当前密码相同');
      if (problems.length) throw new HttpError(400, 'invalid_body', `新密码不符合要求：${problems.join('；')}`, problems.map((reason) => ({ field: 'newPassword', reason })));
      await setPassword(deps.sql, user.id, await hashPassword(newPassword));
      // Every other session of the account ends; this browser gets a fresh one.
      await endUserSessions(deps.sql, user.id);
      deps.identities.dropUser(user.id);
      const fresh = await createSession(deps.sql, user.id, { absoluteHours: deps.auth.sessionMaxHours, address: clientAddress(c), userAgent: c.req.header('user-agent') ?? null });
      setCookie(c, SESSION_COOKIE, fresh, { httpOnly: true, sameSite: 'Lax', secure: isHttps(c), path: '/', maxAge: deps.auth.sessionMaxHours * 3600 });
      await audit(c, { userId: user.id, username: user.username, action: 'auth.password_change', outcome: 'ok' });
      return c.json({ ok: true });
    })
    .get('/api/auth/me', async (c) => {
      const p = principalOf(c);
      if (p.kind === 'share') {
        const { shareId, title, target, fieldProfile, regionScope, expiresAt } = p.share;
        return c.json({ user: null, share: { id: shareId, title, target, fieldProfile, regionScope, expiresAt }, fields: fieldAccess(p) });
      }
      if (p.kind !== 'user') throw new HttpError(401, 'unauthenticated', '未登录或登录已过期，请重新登录');
      const user = p.user;
      return c.json({
        user: { username: user.username, displayName: user.displayName, role: user.role, regionScope: user.regionScope, mustChangePassword: user.mustChangePassword },
        expiresAt: user.expiresAt, fields: fieldAccess(p),
      });
    });
}
