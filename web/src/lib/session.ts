// Who is using the app: a signed-in user or the holder of a share link, what they may see, and the
// way back to the login page when a session ends.
import type { FieldAccess, FieldProfile, ShareTarget } from '@guatu/api/auth/principal.ts';
import type { Role } from '@guatu/api/db/users.ts';
import { accessRules } from '@guatu/api/http/access-rules.ts';
import { layers, type LayerId } from '@guatu/data/layers.ts';
import type { RegionNode } from '$lib/api';

export type { FieldAccess, FieldProfile, Role };

export interface Me {
  user: { username: string; displayName: string | null; role: Role; regionScope: string | null; mustChangePassword: boolean } | null;
  share?: { id: number; title: string; target: ShareTarget; fieldProfile: FieldProfile; regionScope: string | null; expiresAt: string };
  expiresAt?: string;
  fields: FieldAccess;
}

/** Sends the browser to the login page, coming back here afterwards. */
export function toLogin(): void {
  const next = `${window.location.pathname}${window.location.search}`;
  window.location.assign(`/login?next=${encodeURIComponent(next)}`);
}

/** A `next` target that stays on this site (a path, never another origin). */
export function safeNext(next: string | null): string {
  return next && /^\/(?!\/)/.test(next) && !next.startsWith('/login') ? next : '/';
}

/** Who is signed in (or which share link is open); null when nobody. */
export async function loadMe(): Promise<Me | null> {
  const res = await fetch('/api/auth/me');
  if (res.status === 401) return null;
  if (!res.ok) throw new Error(`无法确认登录状态（${res.status}）`);
  return (await res.json()) as Me;
}

/** The registry layers this principal may see (restricted ones need their field group). */
export function availableLayers(fields: FieldAccess): Set<LayerId> {
  return new Set(layers.filter((l) => !l.restrictedTo || fields[l.restrictedTo]).map((l) => l.id));
}

/** The region a principal is limited to when reading: a county viewer's, a share link's. */
export function readScopeOf(me: Me): string | null {
  if (me.share) return me.share.regionScope;
  return me.user?.role === 'viewer' ? me.user.regionScope : null;
}

/** The region tree cut down to `scope` and the regions above it (for the region picker). */
export function pruneToScope(tree: RegionNode[], scope: string | null): RegionNode[] {
  if (!scope) return tree;
  const walk = (nodes: RegionNode[]): RegionNode[] =>
    nodes.flatMap((n) => {
      if (n.code === scope) return [n];
      const kept = walk(n.children);
      return kept.length ? [{ ...n, children: kept }] : [];
    });
  return walk(tree);
}

/** Roles that may create share links: read from the API's own access rules. */
export const shareAuthors = accessRules['POST /api/shares']!.who as readonly Role[];
/** Who may run site checks (from the same access rules as the API). */
export const siteCheckers = accessRules['POST /api/site-checks']!.who as readonly Role[];

/** Sends JSON with a method; throws with the API's Chinese message. */
export async function sendJson<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const data = (await res.json().catch(() => null)) as (T & { error?: { code: string; message: string } }) | null;
  if (!res.ok) throw Object.assign(new Error(data?.error?.message ?? `请求失败（${res.status}）`), { status: res.status, code: data?.error?.code });
  return data as T;
}
