// Who may call each route, in one table a security review can read top to bottom. The guard refuses
// a route that is missing here, and the role × endpoint test walks the router and fails for it too.
import type { Role } from '../db/users.ts';

export interface AccessRule {
  /** `public`: anyone; `signed-in`: any account; or the roles allowed. */
  who: 'public' | 'signed-in' | readonly Role[];
  /** A map-view share link's holder may call it too (reads only; its region and field profile still apply). */
  share?: true;
  /** A story share link's holder may call it (the player's reads; nothing else of the portal). */
  story?: true;
  /** Callable while the account must still change its first password. */
  beforePasswordChange?: true;
}

const PUBLIC: AccessRule = { who: 'public' };
/** Reads of the map and its lists: every account, and share links. */
const READ: AccessRule = { who: 'signed-in', share: true };
const ADMIN: AccessRule = { who: ['admin'] };
const EDIT: AccessRule = { who: ['admin', 'editor'] };
const SHARE_AUTHORS: AccessRule = { who: ['admin', 'editor', 'planner'] };
/** Working with geometry: imports (editors) and site checks (planners). */
const GIS: AccessRule = { who: ['admin', 'editor', 'planner'] };
/** What the story player reads: every account, view links and story links. */
const PLAYER: AccessRule = { ...READ, story: true };

/** The rule of every API and tile route, keyed `METHOD path` as registered with the router. */
export const accessRules: Record<string, AccessRule> = {
  'GET /api/health': PUBLIC,
  'POST /api/auth/login': PUBLIC,
  'POST /api/auth/logout': { ...PUBLIC, beforePasswordChange: true },
  'GET /api/auth/me': { ...PUBLIC, beforePasswordChange: true },
  'POST /api/auth/password': { who: 'signed-in', beforePasswordChange: true },
  'POST /api/shares/open': PUBLIC,

  'GET /api/regions': READ,
  'GET /api/regions/boundaries': READ,
  'GET /api/regions/:code': READ,
  'GET /api/projects': READ,
  'GET /api/projects/ids': READ,
  'GET /api/map/projects': READ,
  'GET /api/projects/:id': READ,
  // Signed-in users only: a share link shows its view, it does not hand out spreadsheets.
  'GET /api/projects/export': { who: 'signed-in' },
  'GET /api/stats/overview': READ,
  'GET /api/search': READ,
  'GET /api/layers/counts': READ,
  'GET /api/factors': READ,
  'GET /api/stats/energy': READ,
  'GET /api/map-config': PLAYER,
  'GET /api/layers': PLAYER,
  'GET /tiles/:name{[a-z_]+\\.json}': PLAYER,
  'GET /tiles/v/:version{[0-9]+}/:layer/:z/:x/:y{[0-9]+\\.mvt}': PLAYER,
  'GET /tiles/v/:version{[0-9]+}/:name{[a-z_]+\\.pmtiles}': PLAYER,
  'GET /tiles/:layer/:z/:x/:y{[0-9]+\\.mvt}': PLAYER,

  'GET /api/tile-builds': EDIT,
  'GET /api/imports/template': EDIT,
  'POST /api/imports': EDIT,
  'GET /api/imports': EDIT,
  'GET /api/imports/:id': EDIT,
  'POST /api/imports/:id/commit': EDIT,
  'GET /api/data-versions': READ,
  'GET /api/data-versions/compare': READ,
  'POST /api/data-versions/:id/restore': EDIT,
  'PATCH /api/problems/:id': EDIT,

  'POST /api/geometry/parse': GIS,
  'POST /api/site-checks': GIS,
  'GET /api/site-checks/:id': GIS,
  'GET /api/site-checks/:id/report': GIS,
  'POST /api/site-checks/batch': GIS,
  'GET /api/site-checks/:id/export': GIS,
  'GET /api/stories': { who: 'signed-in' },
  'POST /api/stories': SHARE_AUTHORS,
  // The handler lets a story link read its own story only.
  'GET /api/stories/:id': { who: 'signed-in', story: true },
  'PUT /api/stories/:id': SHARE_AUTHORS,
  'DELETE /api/stories/:id': SHARE_AUTHORS,
  'POST /api/stories/:id/duplicate': SHARE_AUTHORS,
  'GET /api/stories/:id/versions': SHARE_AUTHORS,
  'GET /api/stories/:id/versions/:version': SHARE_AUTHORS,
  // The player's PDF handout: its images are the viewer's own screen; the handler checks a link's story.
  'POST /api/stories/:id/handout': { who: 'signed-in', story: true },

  'GET /api/shares': SHARE_AUTHORS,
  'POST /api/shares': SHARE_AUTHORS,
  'DELETE /api/shares/:id': SHARE_AUTHORS,

  'GET /api/users': ADMIN,
  'POST /api/users': ADMIN,
  'PATCH /api/users/:id': ADMIN,
  'DELETE /api/users/:id/sessions': ADMIN,
  'GET /api/audit': ADMIN,
  'GET /api/audit/export': ADMIN,
};

/** Path prefixes of the web app that answer without signing in: the login page, share links, assets. */
export const publicPagePrefixes = ['/login', '/s/', '/_app/', '/favicon.svg', '/robots.txt'];
