// Share links: created by an author for one view of the map, with an expiry, an optional password, a
// field profile and a region; revoked by their author or an admin; opened by anyone holding the link,
// which sets a cookie that grants reads of that view only (the guard and scope checks enforce it).
import type { Context } from 'hono';
import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { z } from 'zod';
import { codesOf, shareFieldProfiles } from '@guatu/data/glossary.ts';
import { addressThrottle } from '../../auth/throttle.ts';
import { hashPassword, verifyPassword } from '../../auth/password.ts';
import type { IdentityCache } from '../../auth/identity-cache.ts';
import { readScope, writeScope, type FieldProfile, type ShareTarget } from '../../auth/principal.ts';
import { regionExists, regionWithin } from '../../db/regions.ts';
import { storyById } from '../../db/stories.ts';
import { countShareOpened, createShare, liveShare, listShares, revokeShare, shareOwner } from '../../db/shares.ts';
import type { AppDeps } from '../app.ts';
import { auditAction } from '../audit-context.ts';
import { parseJsonBody } from '../body.ts';
import { clientAddress } from '../client-address.ts';
import { HttpError } from '../errors.ts';
import { SHARE_COOKIE, sharePasswordProof, signedInUser } from '../guard.ts';
import { parseParams, parseQuery, regionCode } from '../validate.ts';

// A path of the palm map: same-origin, no scheme, no host.
const viewPath = z.string().max(2000).regex(/^\/(\?[^#\s]*)?$/, '应为地图视图的地址，例如 /?region=140525&stage=new_start');
const createBody = z.object({
  title: z.string().trim().min(1).max(100).optional(),
  view: z.object({ path: viewPath }).strict().optional(),
  /** A map story (招商推介): the link opens its player and nothing else. */
  storyId: z.number().int().min(1).optional(),
  days: z.number().int().min(1, '有效期至少 1 天').max(90, '有效期最长 90 天').default(7),
  password: z.string().min(6, '访问密码至少 6 位').max(128).optional(),
  fieldProfile: z.enum(codesOf(shareFieldProfiles) as [FieldProfile, ...FieldProfile[]]).default('public'),
  region: regionCode.optional(),
}).strict().refine((b) => (b.view === undefined) !== (b.storyId === undefined), '请给出 view（地图视图）或 storyId（演示）之一');
const openBody = z.object({ token: z.string().regex(/^[\w-]{20,64}$/, '分享链接无效'), password: z.string().max(128).optional() }).strict();

/** The shared view's region: from the body, else the view's own `region` parameter. */
function regionOfView(path: string, region: string | undefined): string | undefined {
  return region ?? new URLSearchParams(path.split('?')[1] ?? '').get('region') ?? undefined;
}

const isHttps = (c: Context) => new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';

/** GET/POST /api/shares, DELETE /api/shares/:id, POST /api/shares/open. */
export function shareRoutes(deps: AppDeps & { identities: IdentityCache }) {
  const throttle = addressThrottle(20, 15 * 60_000);
  return new Hono()
    .get('/api/shares', async (c) => {
      const { all } = parseQuery(c, z.object({ all: z.enum(['true', 'false']).optional() }).strict());
      const p = signedInUser(c);
      const everyone = all === 'true' && p.user.role === 'admin';
      return c.json({ items: await listShares(deps.sql, everyone ? null : p.user.userId) });
    })
    .post('/api/shares', async (c) => {
      const p = signedInUser(c);
      const body = await parseJsonBody(c, createBody);
      const own = readScope(p) ?? writeScope(p);
      const story = body.storyId !== undefined ? await storyById(deps.sql, body.storyId) : null;
      if (body.storyId !== undefined && !story) throw new HttpError(404, 'story_not_found', `没有编号为 ${body.storyId} 的演示`);
      let region = (story ? (body.region ?? story.regionCode ?? undefined) : regionOfView(body.view!.path, body.region)) ?? own ?? undefined;
      if (region && !(await regionExists(deps.sql, region))) {
        throw new HttpError(400, 'invalid_body', `请求参数有误：region：没有代码为 ${region} 的地区`, [{ field: 'region', reason: '未知的行政区划代码' }]);
      }
      // Nobody shares more than they may see themselves.
      if (own && region && !(await regionWithin(deps.sql, region, own))) throw new HttpError(403, 'out_of_scope', '只能分享本人数据范围内的视图', { scope: own });
      const target: ShareTarget = story ? { kind: 'story', storyId: story.id } : { kind: 'view', path: body.view!.path };
      const title = body.title ?? story?.title ?? '分享的地图视图';
      const created = await createShare(deps.sql, {
        title, createdBy: p.user.userId, days: body.days, passwordHash: body.password ? await hashPassword(body.password) : null,
        target, fieldProfile: body.fieldProfile, regionScope: region ?? null,
      });
      await auditAction(deps.sql, c, {
        action: 'share.create', object: `share:${created.id}`, outcome: 'ok',
        detail: { title, target, days: body.days, fieldProfile: body.fieldProfile, region: region ?? null, password: !!body.password },
      });
      const url = `${new URL(c.req.url).origin}/s/${created.token}`;
      return c.json({ id: created.id, url, expiresAt: created.expiresAt, fieldProfile: body.fieldProfile, regionScope: region ?? null }, 201);
    })
    .delete('/api/shares/:id', async (c) => {
      const { id } = parseParams(c, z.object({ id: z.coerce.number().int().min(1).max(2 ** 53 - 1) }));
      const p = signedInUser(c);
      const owner = await shareOwner(deps.sql, id);
      if (owner === null) throw new HttpError(404, 'share_not_found', `没有编号为 ${id} 的分享链接`);
      if (owner !== p.user.userId && p.user.role !== 'admin') throw new HttpError(403, 'forbidden', '只能撤销自己创建的分享链接');
      await revokeShare(deps.sql, id, p.user.userId);
      deps.identities.dropShare(id);
      await auditAction(deps.sql, c, { action: 'share.revoke', object: `share:${id}`, outcome: 'ok' });
      return c.json({ ok: true });
    })
    .post('/api/shares/open', async (c) => {
      const { token, password } = await parseJsonBody(c, openBody);
      const address = clientAddress(c);
      const wait = throttle.blockedFor(address);
      if (wait > 0) throw new HttpError(429, 'too_many_attempts', `尝试次数过多，请 ${Math.ceil(wait / 60)} 分钟后再试`);
      const share = await liveShare(deps.sql, token);
      if (!share) {
        throttle.fail(address);
        await auditAction(deps.sql, c, { action: 'share.open', object: null, outcome: 'failed', detail: { reason: 'unknown, expired or revoked' } });
        throw new HttpError(404, 'share_not_found', '分享链接无效、已过期或已被撤销，请向分享人索取新的链接');
      }
      if (share.passwordHash) {
        if (!password) throw new HttpError(401, 'share_password_required', '此分享链接需要访问密码');
        if (!(await verifyPassword(share.passwordHash, password))) {
          throttle.fail(address);
          await auditAction(deps.sql, c, { action: 'share.open', object: `share:${share.shareId}`, outcome: 'failed', detail: { reason: 'wrong password' } });
          throw new HttpError(401, 'share_password_wrong', '访问密码不正确');
        }
      }
      const value = share.passwordHash ? `${token}.${sharePasswordProof(token, share.passwordHash)}` : token;
      setCookie(c, SHARE_COOKIE, value, { httpOnly: true, sameSite: 'Lax', secure: isHttps(c), path: '/', expires: share.expiresAt });
      await countShareOpened(deps.sql, share.shareId);
      await auditAction(deps.sql, c, { action: 'share.open', object: `share:${share.shareId}`, outcome: 'ok', detail: { title: share.title } });
      return c.json({ title: share.title, target: share.target, fieldProfile: share.fieldProfile, regionScope: share.regionScope, expiresAt: share.expiresAt });
    });
}
