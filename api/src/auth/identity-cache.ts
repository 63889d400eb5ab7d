// A short-lived in-process cache of who a session or share token belongs to, so that the hundreds of
// tile requests a map makes do not each write a session row. Reads may use an entry for `ttlMs`;
// identity checks and every change go to the database. Ending sessions, revoking links and changing
// users in this process drop entries at once; another process sharing the database sees such a
// change after at most `ttlMs`.
import type { ShareGrant } from './principal.ts';
import type { SessionUser } from '../db/sessions.ts';

type Entry = { at: number } & ({ user: SessionUser } | { share: ShareGrant });

export interface IdentityCache {
  get(token: string): Entry | undefined;
  set(token: string, value: { user: SessionUser } | { share: ShareGrant }): void;
  /** Forgets one token. */
  dropToken(token: string): void;
  /** Forgets every session of a user. */
  dropUser(userId: number): void;
  /** Forgets a share link. */
  dropShare(shareId: number): void;
}

/** A cache whose entries live `ttlMs` and which holds at most `max` tokens. */
export function identityCache(ttlMs = 15_000, max = 10_000, now: () => number = Date.now): IdentityCache {
  const entries = new Map<string, Entry>();
  const drop = (test: (e: Entry) => boolean) => {
    for (const [k, e] of entries) if (test(e)) entries.delete(k);
  };
  return {
    get(token) {
      const e = entries.get(token);
      if (!e) return undefined;
      if (now() - e.at > ttlMs || ('user' in e && e.user.expiresAt.getTime() <= now()) || ('share' in e && e.share.expiresAt.getTime() <= now())) {
        entries.delete(token);
        return undefined;
      }
      return e;
    },
    set(token, value) {
      if (entries.size >= max) entries.delete(entries.keys().next().value!);
      entries.set(token, { at: now(), ...value });
    },
    dropToken: (token) => void entries.delete(token),
    dropUser: (userId) => drop((e) => 'user' in e && e.user.userId === userId),
    dropShare: (shareId) => drop((e) => 'share' in e && e.share.shareId === shareId),
  };
}
