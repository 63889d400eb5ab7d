// The access guard in front of every route: finds who is asking (session cookie, else share-link
// cookie), applies the route's rule from access-rules.ts, refuses cross-site writes, and records every
// refusal in the audit trail. Pages of the web app need a session or a share link too, except the
// login page, share links and static assets.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { matchedRoutes } from 'hono/route';
import type { Sql } from 'postgres';
import { userRoles } from '@guatu/data/glossary.ts';
import type { IdentityCache } from '../auth/identity-cache.ts';
import { auditIdentity, type Principal } from '../auth/principal.ts';
import { recordAudit } from '../db/audit.ts';
import { sessionUser } from '../db/sessions.ts';
import { liveShare } from '../db/shares.ts';
import { accessRules, publicPagePrefixes, type AccessRule } from './access-rules.ts';
import { errorBody, HttpError } from './errors.ts';
import { clientAddress } from './client-address.ts';

export const SESSION_COOKIE = 'guatu_session';
export const SHARE_COOKIE = 'guatu_share';

declare module 'hono' {
  interface ContextVariableMap {
    principal: Principal;
  }
}

/** The principal the guard found for this request. */
export function principalOf(c: Context): Principal {
  return c.get('principal') ?? { kind: 'anonymous' };
}

/** The signed-in user of a route the rules open to accounts only; a 401 otherwise (the guard already refused others). */
export function signedInUser(c: Context): Extract<Principal, { kind: 'user' }> {
  const p = principalOf(c);
  if (p.kind !== 'user') throw new HttpError(401, 'unauthenticated', '未登录或登录已过期，请重新登录');
  return p;
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The rule of the route that will answer, or null when no rule covers it. */
export function ruleFor(c: Context): { key: string; rule: AccessRule } | null {
  for (const r of matchedRoutes(c)) {
    if (r.method === 'ALL') continue;
    const key = `${r.method} ${r.path}`;
    const rule = accessRules[key];
    if (rule) return { key, rule };
  }
  return null;
}

/** Is this request from another site? (Origin, or Sec-Fetch-Site where the browser sends it.) */
export function crossSite(c: Context): boolean {
  if (c.req.header('sec-fetch-site') === 'cross-site') return true;
  const origin = c.req.header('origin');
  if (!origin) return false;
  try {
    return new URL(origin).host !== c.req.header('host');
  } catch {
    return true;
  }
}

interface GuardDeps {
  sql: Sql;
  auth: { sessionIdleMinutes: number };
  identities: IdentityCache;
}

/**
 * What the share cookie of a password-protected link carries besides the link's token: derived from
 * the password's salted hash, so knowing the link is not enough to forge it, and a new password ends it.
 */
export function sharePasswordProof(token: string, passwordHash: string): string {
  return createHash('sha256').update(`${token}\n${passwordHash}`).digest('base64url');
}

const sameText = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Finds the principal; `fresh` skips the cache (identity checks, writes). */
export async function identify(c: Context, deps: GuardDeps, fresh: boolean): Promise<Principal> {
  const token = getCookie(c, SESSION_COOKIE);
  if (token) {
    const cached = fresh ? undefined : deps.identities.get(token);
    if (cached && 'user' in cached) return { kind: 'user', user: cached.user };
    const user = await sessionUser(deps.sql, token, deps.auth.sessionIdleMinutes);
    if (user) {
      deps.identities.set(token, { user });
      return { kind: 'user', user };
    }
    deps.identities.dropToken(token);
  }
  const shareCookie = getCookie(c, SHARE_COOKIE);
  if (shareCookie) {
    const cached = fresh ? undefined : deps.identities.get(`share:${shareCookie}`);
    if (cached && 'share' in cached) return { kind: 'share', share: cached.share };
    const [token = '', proof = ''] = shareCookie.split('.');
    const live = await liveShare(deps.sql, token);
    if (live && (!live.passwordHash || sameText(proof, sharePasswordProof(token, live.passwordHash)))) {
      const { passwordHash: _, ...share } = live;
      deps.identities.set(`share:${shareCookie}`, { share });
      return { kind: 'share', share };
    }
    deps.identities.dropToken(`share:${shareCookie}`);
  }
  return { kind: 'anonymous' };
}

/** The guard middleware. */
export function guard(deps: GuardDeps & { log: (line: string) => void }): MiddlewareHandler {
  return async (c, next) => {
    const path = c.req.path;
    const method = c.req.method;
    const isApi = path.startsWith('/api/') || path.startsWith('/tiles/');
    if (!isApi) {
      if (publicPagePrefixes.some((p) => path === p || path.startsWith(p))) return next();
      const principal = await identify(c, deps, false);
      c.set('principal', principal);
      if (principal.kind === 'anonymous') {
        const url = new URL(c.req.url);
        return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 302);
      }
      return next();
    }
    const found = ruleFor(c);
    const writing = MUTATING.has(method);
    const principal = await identify(c, deps, writing || path === '/api/auth/me');
    c.set('principal', principal);
    const refuse = async (status: 401 | 403, code: string, message: string) => {
      // Anonymous reads are the login page's own probes: refused, but not worth an audit row each.
      if (status === 403 || writing) {
        await recordAudit(deps.sql, {
          ...auditIdentity(principal), address: clientAddress(c), action: 'access.denied', object: `${method} ${path}`, outcome: 'denied',
          detail: { code, ...(found ? { route: found.key } : {}) },
        });
      }
      return c.json(errorBody(code, message), status);
    };
    if (writing && crossSite(c)) return refuse(403, 'cross_site_request', '拒绝来自其他站点的请求');
    if (!found) {
      // A route someone forgot to put in the table is closed, not open.
      const routed = matchedRoutes(c).some((r) => r.method !== 'ALL' && /^\/(api|tiles)\//.test(r.path));
      if (routed) {
        deps.log(`no access rule for ${method} ${path}: refused`);
        return refuse(403, 'no_access_rule', '此接口未配置访问规则，已拒绝');
      }
      if (principal.kind === 'anonymous') return refuse(401, 'unauthenticated', '请先登录');
      return next();
    }
    const { rule } = found;
    if (rule.who === 'public') return next();
    if (principal.kind === 'anonymous') return refuse(401, 'unauthenticated', '未登录或登录已过期，请重新登录');
    if (principal.kind === 'share') {
      // A story link plays its story; a view link reads the map: each only what its rule names.
      if (!(principal.share.target.kind === 'story' ? rule.story : rule.share)) return refuse(403, 'share_forbidden', '分享链接只能查看分享的内容');
      return next();
    }
    const { user } = principal;
    if (user.mustChangePassword && !rule.beforePasswordChange) return refuse(403, 'password_change_required', '请先修改初始密码');
    if (rule.who !== 'signed-in' && !rule.who.includes(user.role)) {
      return refuse(403, 'forbidden', `您的角色（${userRoles[user.role]}）无权执行此操作`);
    }
    return next();
  };
}
