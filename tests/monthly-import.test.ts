// The monthly import on its own portal: the template downloads; a GBK file with mistakes gets every
// error with sheet, row, column, value and reason and cannot be committed; a good workbook (a known
// project moving on, a new one by longitude/latitude, a new one by Gauss-Krüger X/Y) previews its
// changes, commits as a data version whose tiles are built and then served; the same month again
// is a new revision, the earlier one kept; nothing is written before the commit.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { monthlyColumns } from '@guatu/data/imports/monthly-columns.ts';
import { repoRoot } from './support/portal-process.ts';
import { startOwnPortal, type OwnPortal } from './support/own-portal.ts';
import { testUser } from './support/session.ts';
import { until } from './support/until.ts';

const backend = inject('backend');
let own: OwnPortal;
let editor: string;

beforeAll(async () => {
  own = await startOwnPortal('monthly', backend);
  editor = (await testUser(own.db, own.portal.url, 'editor', null, 'imp')).cookie;
}, 400_000);
afterAll(() => own?.close());

const call = (path: string, init: RequestInit = {}, cookie = editor) => {
  const headers = new Headers(init.headers);
  headers.set('cookie', cookie);
  return fetch(`${own.portal.url}${path}`, { ...init, headers });
};
function upload(bytes: Uint8Array, filename: string, cookie = editor) {
  const form = new FormData();
  form.set('kind', 'monthly');
  form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], filename));
  return call('/api/imports', { method: 'POST', body: form }, cookie);
}
const counts = async () => (await own.db<{ p: number; v: number; m: number }[]>`
  SELECT (SELECT count(*) FROM projects)::int AS p, (SELECT count(*) FROM data_versions)::int AS v, (SELECT count(*) FROM project_months)::int AS m`)[0]!;
/** A workbook in the template's layout with these rows (keys of the column declaration). */
async function workbook(rows: Record<string, string | number>[]): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await (await call('/api/imports/template?kind=monthly&month=2026-11')).arrayBuffer()) as never);
  const sheet = book.getWorksheet('按月调度')!;
  rows.forEach((r, i) => monthlyColumns.forEach((c, j) => {
    if (r[c.key] !== undefined) sheet.getCell(i + 2, j + 1).value = r[c.key]!;
  }));
  return new Uint8Array(await book.xlsx.writeBuffer());
}

describe('the monthly import', () => {
  it('serves the template with Chinese headers and an instructions sheet', async () => {
    const res = await call('/api/imports/template?kind=monthly&month=2026-11');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/spreadsheetml/);
    expect(res.headers.get('content-disposition')).toMatch(/filename\*=UTF-8''/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    expect(book.getWorksheet('按月调度')!.getRow(1).values).toEqual([undefined, ...monthlyColumns.map((c) => c.header)]);
    expect(book.getWorksheet('填写说明')).toBeTruthy();
    expect((await call('/api/imports/template?kind=parcels')).status).toBe(400);
  });

  it('lists every mistake of a GBK file and refuses to commit it, writing nothing', async () => {
    const before = await counts();
    const res = await upload(new Uint8Array(readFileSync(join(repoRoot, 'tests/fixtures/monthly-gbk-errors.csv'))), '11月调度.csv');
    expect(res.status).toBe(201);
    const preview = (await res.json()) as any;
    expect(preview.status).toBe('preview');
    expect(preview.summary).toMatchObject({ encoding: 'gbk', rows: 3, valid: 0 });
    const at = (row: number, column: string) => preview.errors.find((e: any) => e.row === row && e.column === column);
    expect(at(2, '经度')).toMatchObject({ sheet: 'CSV', value: '', reason: expect.stringMatching(/系统中没有这个项目编码/) });
    expect(at(3, '本月完成投资（万元）')).toMatchObject({ value: '-50', reason: '不能为负数' });
    expect(at(3, '经度')).toMatchObject({ value: '35.49', reason: expect.stringMatching(/经纬度填反了/) });
    expect(at(4, '月份')).toMatchObject({ value: '2026年13月', reason: expect.stringMatching(/月份格式不正确/) });
    expect(at(4, '项目类别')).toMatchObject({ value: '交通运输' });
    const commit = await call(`/api/imports/${preview.id}/commit`, { method: 'POST' });
    expect(commit.status).toBe(422);
    expect(await counts()).toEqual(before);
  });

  it('writes nothing when a commit fails halfway', async () => {
    const [p] = await own.db<{ code: string }[]>`SELECT code FROM projects ORDER BY id DESC LIMIT 1`;
    const [q] = await own.db<{ code: string }[]>`SELECT code FROM projects ORDER BY id LIMIT 1`;
    const bytes = await workbook([
      { code: q!.code, month: '2026-11', investmentMonth: 1, investmentYtd: 1, stage: '续建' },
      { code: p!.code, month: '2026-11', investmentMonth: 1, investmentYtd: 1, stage: '续建' },
    ]);
    const preview = (await (await upload(bytes, 'half.xlsx')).json()) as any;
    expect(preview.errors).toEqual([]);
    // The second row turns invalid after the preview: the commit fails on it, after the first was written.
    await own.db`UPDATE imports SET rows = jsonb_set(rows, '{1,stage}', '"started"') WHERE id = ${preview.id}`;
    const before = await counts();
    const [stages] = await own.db`SELECT string_agg(stage, ',' ORDER BY id) AS s FROM projects`;
    expect((await call(`/api/imports/${preview.id}/commit`, { method: 'POST' })).status).toBe(500);
    expect(await counts()).toEqual(before);
    expect((await own.db`SELECT string_agg(stage, ',' ORDER BY id) AS s FROM projects`)[0]).toEqual(stages);
    const [imp] = await own.db`SELECT status FROM imports WHERE id = ${preview.id}`;
    expect(imp!.status).toBe('preview');
  });

  it('refuses unreadable files with a reason', async () => {
    const junk = await upload(Uint8Array.from([0x50, 0x4b, 3, 4, 9, 9, 9, 9]), 'broken.xlsx');
    expect(junk.status).toBe(422);
    expect(((await junk.json()) as any).error.message).toMatch(/无法读取 Excel 文件/);
    const empty = await upload(new Uint8Array(), 'empty.csv');
    expect(((await empty.json()) as any).error.message).toBe('文件是空的');
    const viewer = (await testUser(own.db, own.portal.url, 'viewer', null, 'impv')).cookie;
    expect((await upload(new TextEncoder().encode('a'), 'a.csv', viewer)).status).toBe(403);
  });

  it('previews, commits as a data version, rebuilds the tiles and serves them; a second upload is a new revision', async () => {
    const [known] = await own.db<{ code: string; id: number; stage: string }[]>`
      SELECT code, id::int AS id, stage FROM projects WHERE stage = 'new_start' ORDER BY id LIMIT 1`;
    const [gk] = await own.db<{ x: number; y: number; lon: number; lat: number; county: string }[]>`
      SELECT ST_Y(p) AS x, ST_X(p) AS y, lon, lat, code AS county FROM (
        SELECT ST_Transform(ST_SetSRID(ST_MakePoint(ST_X(c), ST_Y(c)), 4490), 4526) AS p, ST_X(c) AS lon, ST_Y(c) AS lat, code::text
        FROM (SELECT ST_PointOnSurface(boundary) AS c, code FROM regions WHERE level = 'county' AND code LIKE '1405%' ORDER BY code LIMIT 1) s) t`;
    const before = await counts();
    const bytes = await workbook([
      { code: known!.code, month: '2026-11', investmentMonth: 1500, investmentYtd: 9000, stage: '续建', progress: '主体施工', actualStart: '2026-03-01' },
      { code: 'NEW-2026-LONLAT', name: '新能源装备产业园', month: '2026-11', investmentMonth: 0, investmentYtd: 0, stage: '储备', totalInvestment: 50000, category: '工业制造', lon: gk!.lon + 0.001, lat: gk!.lat },
      { code: 'NEW-2026-GK', name: '冷链物流中心', month: '2026-11', investmentMonth: 200, investmentYtd: 200, stage: '新开工', totalInvestment: 12000, category: '现代服务业', x: Math.round(gk!.x * 100) / 100, y: Math.round(gk!.y * 100) / 100 },
    ]);
    const res = await upload(bytes, '2026年11月调度.xlsx');
    const preview = (await res.json()) as any;
    expect(preview.errors).toEqual([]);
    expect(preview.summary).toMatchObject({ sheet: '按月调度', month: '2026-11', rows: 3, new: 2, changed: 1 });
    expect(preview.changes.find((c: any) => c.code === known!.code).fields).toEqual(expect.arrayContaining([{ field: '建设阶段', from: 'new_start', to: 'continuing' }]));
    expect(await counts()).toEqual(before);

    const commit = await call(`/api/imports/${preview.id}/commit`, { method: 'POST' });
    expect(commit.status).toBe(200);
    const { dataVersion } = (await commit.json()) as any;
    expect(dataVersion).toMatchObject({ month: '2026-11', revision: 1, label: '2026年11月调度' });
    const [moved] = await own.db`SELECT stage, to_char(actual_start, 'YYYY-MM-DD') AS s, data_version_id::int AS v FROM projects WHERE id = ${known!.id}`;
    expect(moved).toEqual({ stage: 'continuing', s: '2026-03-01', v: dataVersion.id });
    const fresh = await own.db<{ code: string; region: string; lon: number; lat: number }[]>`
      SELECT code, region_code::text AS region, ST_X(location) AS lon, ST_Y(location) AS lat FROM projects WHERE code LIKE 'NEW-2026-%' ORDER BY code`;
    expect(fresh.map((f) => f.region)).toEqual([gk!.county, gk!.county]);
    // The GK point lands where it was computed from, within a centimetre.
    expect(Math.abs(fresh[0]!.lon - gk!.lon) * 111_000 * Math.cos((gk!.lat * Math.PI) / 180)).toBeLessThan(0.01);
    expect(Math.abs(fresh[0]!.lat - gk!.lat) * 111_000).toBeLessThan(0.01);
    expect((await call(`/api/imports/${preview.id}/commit`, { method: 'POST' })).status).toBe(409);

    // The map moves to the new version when its tiles are published, not before.
    await until('the new version served', async () => ((await (await call('/api/health')).json()) as any).dataVersion?.id === dataVersion.id);
    const versions = ((await (await call('/api/data-versions')).json()) as any).items;
    expect(versions[0]).toMatchObject({ id: dataVersion.id, tiles: 'published', importId: preview.id });
    // Against the demo's last month, the new project by X/Y is a new start; the one in reserve is not.
    const compared = (await (await call(`/api/data-versions/compare?from=${versions[1].id}&to=${dataVersion.id}`)).json()) as any;
    const codes = compared.items.filter((i: any) => i.change === 'new_start').map((i: any) => i.code);
    expect(codes).toContain('NEW-2026-GK');
    expect(codes).not.toContain('NEW-2026-LONLAT');

    const again = (await (await upload(bytes, '2026年11月调度（更正）.xlsx')).json()) as any;
    expect(again.summary).toMatchObject({ new: 0, changed: 0, unchanged: 3 });
    const second = (await (await call(`/api/imports/${again.id}/commit`, { method: 'POST' })).json()) as any;
    expect(second.dataVersion).toMatchObject({ month: '2026-11', revision: 2, label: '2026年11月调度（第 2 版）' });
    const kept = await own.db`SELECT revision FROM data_versions WHERE month = '2026-11-01' AND kind = 'monthly' ORDER BY revision`;
    expect(kept.map((r) => r.revision)).toEqual([1, 2]);
    const [audit] = await own.db`SELECT count(*)::int AS n FROM audit_log WHERE action = 'import.commit' AND outcome = 'ok'`;
    expect(audit!.n).toBe(2);

    // Restoring revision 1 writes its rows again as revision 3.
    await own.db`UPDATE projects SET stage = 'operating' WHERE id = ${known!.id}`;
    const restored = (await (await call(`/api/data-versions/${dataVersion.id}/restore`, { method: 'POST' })).json()) as any;
    expect(restored.dataVersion).toMatchObject({ month: '2026-11', revision: 3, label: '2026年11月调度（第 3 版，恢复自第 1 版）' });
    const [back] = await own.db`SELECT stage FROM projects WHERE id = ${known!.id}`;
    expect(back!.stage).toBe('continuing');
    expect((await call(`/api/data-versions/${versions.at(-1).id}/restore`, { method: 'POST' })).status).toBe(404);
  });

  it('keeps a county editor to its county', async () => {
    const [row] = await own.db<{ code: string; region: string }[]>`SELECT code, region_code::text AS region FROM projects WHERE region_code LIKE '1404%' ORDER BY id LIMIT 1`;
    const county = (await testUser(own.db, own.portal.url, 'editor', '140525', 'impc')).cookie;
    const bytes = await workbook([{ code: row!.code, month: '2026-11', investmentMonth: 1, investmentYtd: 1, stage: '续建' }]);
    const preview = (await (await upload(bytes, 'x.xlsx', county)).json()) as any;
    expect(preview.errors[0]).toMatchObject({ row: 2, column: '项目编码', reason: expect.stringMatching(/不在您的数据范围/) });
  });
});
