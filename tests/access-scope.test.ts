// Region scope and field-level sensitivity on the real portal: a county editor changes only its own
// county; a viewer limited to a county reads only it; internal fields (leaders, problems, prices,
// the constraint layer) reach only the roles that may see them — in the API and in the tiles — and
// every refusal is in the audit trail.
import { gunzipSync } from 'node:zlib';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api, portalFetch, servedTiles, testDb } from './support/db.ts';
import { testUser } from './support/session.ts';

const sql = testDb();
const baseUrl = inject('baseUrl');
afterAll(() => sql.end());

let county = '';
let otherCounty = '';
let ownProblem = 0;
let otherProblem = 0;
let ownProject = 0;
let otherProject = 0;
const users: Record<string, { id: number; username: string; cookie: string }> = {};

const patch = (cookie: string, path: string, body: unknown) =>
  fetch(`${baseUrl}${path}`, { method: 'PATCH', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
const denials = (username: string) => sql<{ action: string; object: string; detail: any }[]>`
  SELECT action, object, detail FROM audit_log WHERE username = ${username} AND outcome = 'denied' ORDER BY id`;

beforeAll(async () => {
  // Two counties that both have projects with open problems (open → assigned changes no figure that
  // other tests check on the shared data: both count as unsolved).
  const rows = await sql<{ region: string; problem: number; project: number }[]>`
    SELECT DISTINCT ON (p.region_code) p.region_code::text AS region, q.id::int AS problem, p.id::int AS project
    FROM problems q JOIN projects p ON p.id = q.project_id WHERE q.status = 'open' ORDER BY p.region_code, q.id LIMIT 2`;
  [county, otherCounty] = [rows[0]!.region, rows[1]!.region];
  [ownProblem, otherProblem] = [rows[0]!.problem, rows[1]!.problem];
  [ownProject, otherProject] = [rows[0]!.project, rows[1]!.project];
  users.editor = await testUser(sql, baseUrl, 'editor', county, 'sceditor');
  users.viewer = await testUser(sql, baseUrl, 'viewer', county, 'scviewer');
  users.wideViewer = await testUser(sql, baseUrl, 'viewer', null, 'scwide');
  users.planner = await testUser(sql, baseUrl, 'planner', null, 'scplanner');
});

describe('region scope', () => {
  it('lets a county editor update a problem of its county, not of another, and audits both', async () => {
    const own = await patch(users.editor!.cookie, `/api/problems/${ownProblem}`, { status: 'assigned', feedback: '已协调供电公司' });
    expect(own.status).toBe(200);
    const [row] = await sql`SELECT status, feedback FROM problems WHERE id = ${ownProblem}`;
    expect(row).toMatchObject({ status: 'assigned', feedback: '已协调供电公司' });
    const before = await sql`SELECT status, feedback FROM problems WHERE id = ${otherProblem}`;
    const other = await patch(users.editor!.cookie, `/api/problems/${otherProblem}`, { status: 'closed' });
    expect(other.status).toBe(403);
    expect(((await other.json()) as any).error).toMatchObject({ code: 'out_of_scope' });
    expect(await sql`SELECT status, feedback FROM problems WHERE id = ${otherProblem}`).toEqual(before);
    const [ok] = await sql`SELECT outcome FROM audit_log WHERE username = ${users.editor!.username} AND action = 'problem.update'`;
    expect(ok!.outcome).toBe('ok');
    expect((await denials(users.editor!.username)).some((d) => d.detail.code === 'out_of_scope' && d.detail.object === `problem:${otherProblem}`)).toBe(true);
  });

  it('refuses a viewer any write, and audits it', async () => {
    const res = await patch(users.viewer!.cookie, `/api/problems/${ownProblem}`, { status: 'closed' });
    expect(res.status).toBe(403);
    expect((await denials(users.viewer!.username)).some((d) => d.object === `PATCH /api/problems/${ownProblem}`)).toBe(true);
  });

  it('keeps a county viewer inside its county: lists, figures, search and files', async () => {
    const [n] = await sql`SELECT count(*)::int AS n FROM projects WHERE region_code = ${county}`;
    const list = await api('/api/projects?limit=1', users.viewer!.cookie);
    expect(list.body.total).toBe(n!.n);
    expect((await api(`/api/stats/overview`, users.viewer!.cookie)).body.region.code).toBe(county);
    expect((await api(`/api/projects?region=${otherCounty}`, users.viewer!.cookie)).status).toBe(403);
    expect((await api(`/api/projects/${otherProject}`, users.viewer!.cookie)).status).toBe(403);
    expect((await api(`/api/projects/${ownProject}`, users.viewer!.cookie)).status).toBe(200);
    const [other] = await sql`SELECT code FROM projects WHERE id = ${otherProject}`;
    expect((await api(`/api/search?q=${other!.code}`, users.viewer!.cookie)).body.items).toEqual([]);
    // A viewer without a scope sees the other county's project.
    expect((await api(`/api/projects/${otherProject}`, users.wideViewer!.cookie)).status).toBe(200);
  });
});

describe('internal fields', () => {
  it('shows leaders, problems and prices to signed-in roles', async () => {
    const file = (await api(`/api/projects/${ownProject}`, users.wideViewer!.cookie)).body;
    expect(file).toHaveProperty('responsibleLeader');
    expect(file.problems.length).toBeGreaterThan(0);
    const factors = (await api('/api/factors', users.wideViewer!.cookie)).body;
    expect(factors.standardLand.some((l: any) => typeof l.priceWanPerMu === 'number')).toBe(true);
    expect((await api('/api/stats/overview', users.wideViewer!.cookie)).body.totals.problems.total).toBeGreaterThan(0);
  });

  it('serves the constraint layer to planners only', async () => {
    const layersOf = async (cookie: string) => ((await api('/api/layers', cookie)).body.items as { id: string }[]).map((l) => l.id);
    expect(await layersOf(users.planner!.cookie)).toContain('constraint_zones');
    expect(await layersOf(users.wideViewer!.cookie)).not.toContain('constraint_zones');
    const version = await servedTiles();
    // A tile over the demo region that has constraint zones in it.
    const [z] = await sql<{ x: number; y: number }[]>`
      SELECT floor((ST_X(c) + 180) / 360 * 256)::int AS x,
             floor((1 - ln(tan(radians(ST_Y(c))) + 1 / cos(radians(ST_Y(c)))) / pi()) / 2 * 256)::int AS y
      FROM (SELECT ST_PointOnSurface(geom) AS c FROM constraint_zones ORDER BY id LIMIT 1) s`;
    const path = `/tiles/v/${version}/constraint_zones/8/${z!.x}/${z!.y}.mvt`;
    const planner = await portalFetch(path, { headers: { cookie: users.planner!.cookie } });
    expect(planner.status).toBe(200);
    const bytes = new Uint8Array(await planner.arrayBuffer());
    const tile = new VectorTile(new PbfReader(bytes[0] === 0x1f ? gunzipSync(bytes) : bytes));
    expect(tile.layers.constraint_zones!.length).toBeGreaterThan(0);
    expect((await portalFetch(path, { headers: { cookie: users.wideViewer!.cookie } })).status).toBe(403);
    expect((await portalFetch('/tiles/constraint_zones.json', { headers: { cookie: users.wideViewer!.cookie } })).status).toBe(403);
    expect((await denials(users.wideViewer!.username)).some((d) => d.detail.code === 'layer_restricted')).toBe(true);
    expect(Object.keys((await api('/api/layers/counts', users.wideViewer!.cookie)).body)).not.toContain('constraint_zones');
  });
});
