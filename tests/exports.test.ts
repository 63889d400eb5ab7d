// The list export (.xlsx) on the real portal: the filtered projects exactly, labels in Chinese,
// formula-like text neutralised, the responsible leader only for roles that may export internal
// fields (not viewers, not share links), the region scope applied, and an audit row per export.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { portalFetch, testDb } from './support/db.ts';
import { testUser } from './support/session.ts';
import { safeText } from '@guatu/data/exports/projects-xlsx.ts';

const sql = testDb();
const baseUrl = inject('baseUrl');
afterAll(() => sql.end());
let viewer: { username: string; cookie: string };
let planner: { username: string; cookie: string };

beforeAll(async () => {
  viewer = await testUser(sql, baseUrl, 'viewer', '140500', 'expv');
  planner = await testUser(sql, baseUrl, 'planner', null, 'expp');
});

async function sheetOf(path: string, cookie: string) {
  const res = await portalFetch(path, { headers: { cookie } });
  expect(res.status).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  const sheet = book.getWorksheet('重点项目')!;
  const rows = sheet.getSheetValues().slice(1).map((r) => (r as ExcelJS.CellValue[]).slice(1));
  return { title: rows[0]![0] as string, header: rows[1] as string[], body: rows.slice(2) };
}

describe('GET /api/projects/export', () => {
  it('exports exactly the filtered projects, with the leader for a planner', async () => {
    const [n] = await sql`SELECT count(*)::int AS n FROM projects WHERE stage = 'new_start' AND region_code IN (SELECT code FROM region_subtree('140400'))`;
    const { header, body, title } = await sheetOf('/api/projects/export?region=140400&stage=new_start', planner.cookie);
    expect(title).toMatch(/重点项目清单/);
    expect(header).toContain('包联领导');
    expect(body).toHaveLength(n!.n);
    expect(new Set(body.map((r) => r[header.indexOf('阶段')]))).toEqual(new Set(['新开工']));
    const [audit] = await sql`SELECT detail FROM audit_log WHERE username = ${planner.username} AND action = 'export.projects'`;
    expect(audit!.detail.rows).toBe(n!.n);
  });

  it('leaves internal fields out for a viewer and keeps a county viewer in its region', async () => {
    const { header, body } = await sheetOf('/api/projects/export', viewer.cookie);
    expect(header).not.toContain('包联领导');
    const [n] = await sql`SELECT count(*)::int AS n FROM projects WHERE region_code IN (SELECT code FROM region_subtree('140500'))`;
    expect(body).toHaveLength(n!.n);
    expect((await portalFetch('/api/projects/export?region=140400', { headers: { cookie: viewer.cookie } })).status).toBe(403);
  });

  it('neutralises text a spreadsheet would run as a formula', () => {
    expect([safeText('=1+1'), safeText('+86'), safeText('-北区'), safeText('@x'), safeText('晋城')]).toEqual(["'=1+1", "'+86", "'-北区", "'@x", '晋城']);
  });
});
