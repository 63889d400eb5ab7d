// Who is asking: nobody, a signed-in user, or the holder of a share link — and what each may see.
// Field sensitivity is decided here once; the API, the tiles and every export read it from here.
import type { SessionUser } from '../db/sessions.ts';
import type { Role } from '../db/users.ts';

export type FieldProfile = 'public' | 'investor' | 'internal';

export interface ShareGrant {
  shareId: number;
  title: string;
  target: ShareTarget;
  fieldProfile: FieldProfile;
  regionScope: string | null;
  expiresAt: Date;
}

export type ShareTarget = { kind: 'view'; path: string } | { kind: 'story'; storyId: number };

export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'user'; user: SessionUser }
  | { kind: 'share'; share: ShareGrant };

/** The internal field groups a principal may see. */
export interface FieldAccess {
  /** Projects' responsible leaders (责任领导). */
  leaders: boolean;
  /** Problems: the list, their units and deadlines, and the closure figures. */
  problems: boolean;
  /** Land prices of parcels. */
  prices: boolean;
  /** The constraint-zone layer (basic farmland, ecological red line …). */
  constraints: boolean;
}

const NONE: FieldAccess = { leaders: false, problems: false, prices: false, constraints: false };

/** What each share-link profile shows: nothing internal, prices for investors, or what a viewer sees. */
export const shareProfiles: Record<FieldProfile, FieldAccess> = {
  public: NONE,
  investor: { ...NONE, prices: true },
  internal: { leaders: true, problems: true, prices: true, constraints: false },
};

/** What each role sees. Constraint layers are for planning work: planners, editors (who import them), admins. */
export const roleFields: Record<Role, FieldAccess> = {
  admin: { leaders: true, problems: true, prices: true, constraints: true },
  editor: { leaders: true, problems: true, prices: true, constraints: true },
  planner: { leaders: true, problems: true, prices: true, constraints: true },
  viewer: { leaders: true, problems: true, prices: true, constraints: false },
};

/** The field access of a principal. */
export function fieldAccess(p: Principal): FieldAccess {
  if (p.kind === 'user') return roleFields[p.user.role];
  if (p.kind === 'share') return shareProfiles[p.share.fieldProfile];
  return NONE;
}

/**
 * The internal fields a principal may take away in bulk (spreadsheet exports). A viewer — a leader
 * on a site visit — sees leaders and problems on screen, but a spreadsheet of them leaves the portal
 * and its audit: that needs an editor, planner or admin. Share links export nothing.
 */
export function exportFieldAccess(p: Principal): FieldAccess {
  return p.kind === 'user' && p.user.role !== 'viewer' ? roleFields[p.user.role] : NONE;
}

/**
 * The region a principal may read (a viewer with a region scope, a share link of one region); null
 * when it may read everything. Editors and planners read everything and write only inside their scope.
 */
export function readScope(p: Principal): string | null {
  if (p.kind === 'user') return p.user.role === 'viewer' ? p.user.regionScope : null;
  if (p.kind === 'share') return p.share.regionScope;
  return null;
}

/** The region a principal may change; null when everything (admins, or editors without a scope). */
export function writeScope(p: Principal): string | null {
  return p.kind === 'user' && p.user.role !== 'admin' ? p.user.regionScope : null;
}

/** Name and id for the audit trail. */
export function auditIdentity(p: Principal): { userId: number | null; username: string | null } {
  if (p.kind === 'user') return { userId: p.user.userId, username: p.user.username };
  if (p.kind === 'share') return { userId: null, username: `share:${p.share.shareId}` };
  return { userId: null, username: null };
}
