// The monthly preview: validate the table against the database, put new projects on the map, list
// what would change (new / changed / unchanged with field-level differences), and keep it all as a
// preview that a commit writes without reading the file again.
import type { Sql } from 'postgres';
import type { Table } from '@guatu/data/imports/read-table.ts';
import { monthlyColumn } from '@guatu/data/imports/monthly-columns.ts';
import { codesAndMonth, validateMonthly, type Issue, type MonthlyRow } from '@guatu/data/imports/monthly-validate.ts';
import { knownProjects, locate, regionSets, savePreview, type KnownProjectDetail, type PreviewRow } from '../db/imports.ts';

export interface FieldChange {
  field: string;
  from: string | number | null;
  to: string | number | null;
}

export interface RowChange {
  row: number;
  code: string;
  name: string;
  kind: 'new' | 'changed' | 'unchanged';
  fields: FieldChange[];
}

// At most this many problems and changes travel in an answer; the counts are always complete.
const LIST_CAP = 1_000;

function changesOf(r: MonthlyRow, k: KnownProjectDetail): FieldChange[] {
  const out: FieldChange[] = [];
  const was = k.current;
  const cmp = (field: string, from: string | number | null, to: string | number | null) => {
    if (to !== null && from !== to) out.push({ field, from, to });
  };
  cmp(monthlyColumn('stage').header, was?.stage ?? k.stage, r.stage);
  cmp(monthlyColumn('investmentMonth').header, was?.investmentMonth ?? null, r.investmentMonth);
  cmp(monthlyColumn('investmentYtd').header, was?.investmentYtd ?? null, r.investmentYtd);
  cmp(monthlyColumn('progress').header, was?.progress ?? null, r.progress);
  cmp(monthlyColumn('name').header, k.name, r.name);
  cmp(monthlyColumn('totalInvestment').header, k.totalInvestment, r.totalInvestment);
  cmp(monthlyColumn('actualStart').header, k.actualStart, r.actualStart);
  cmp(monthlyColumn('actualFinish').header, k.actualFinish, r.actualFinish);
  return out;
}

/** Validates, locates and stores a monthly preview; returns its id and what the client is shown. */
export async function previewMonthly(sql: Sql, table: Table, p: { filename: string; createdBy: number; writableRoot: string | null }) {
  const { codes, month } = codesAndMonth(table);
  const regions = await regionSets(sql, p.writableRoot);
  const known = await knownProjects(sql, codes, month ?? new Date().toISOString().slice(0, 7));
  const v = validateMonthly(table, { projects: known, regions: regions.all, writable: regions.writable });
  const errors: Issue[] = [...v.errors];
  const located = await locate(sql, v.rows.filter((r) => r.projectId === null));
  const rows: PreviewRow[] = [];
  for (const r of v.rows) {
    if (r.projectId !== null) {
      rows.push({ ...r, point: null });
      continue;
    }
    const at = located.get(r.row)!;
    const where = `换算后为 经度 ${at.lon.toFixed(6)}、纬度 ${at.lat.toFixed(6)}`;
    const column = 'x' in r.location! ? monthlyColumn('x').header : monthlyColumn('lon').header;
    const value = 'x' in r.location! ? `${r.location.x}, ${r.location.y}` : `${r.location!.lon}, ${r.location!.lat}`;
    if (!at.county) {
      errors.push({ sheet: table.sheet, row: r.row, column, value, reason: `坐标不在本系统的行政区范围内（${where}）` });
      continue;
    }
    if (r.regionCode && !(await regionContains(sql, r.regionCode, at.county))) {
      errors.push({ sheet: table.sheet, row: r.row, column, value, reason: `坐标不在所填县区 ${r.regionCode} 内（${where}，落在 ${at.county}）` });
      continue;
    }
    const region = r.regionCode ?? at.county;
    if (regions.writable && !regions.writable.has(region)) {
      errors.push({ sheet: table.sheet, row: r.row, column, value, reason: '该位置不在您的数据范围内，不能导入' });
      continue;
    }
    rows.push({ ...r, regionCode: region, point: { lon: at.lon, lat: at.lat } });
  }
  errors.sort((a, b) => a.row - b.row);
  const changes: RowChange[] = rows.map((r) => {
    const k = r.projectId === null ? null : known.get(r.code)!;
    const fields = k ? changesOf(r, k) : [];
    return { row: r.row, code: r.code, name: r.name ?? k?.name ?? '', kind: !k ? 'new' : fields.length ? 'changed' : 'unchanged', fields };
  });
  const count = (kind: RowChange['kind']) => changes.filter((c) => c.kind === kind).length;
  const summary = {
    sheet: table.sheet, encoding: table.encoding, month: v.month, rows: table.rows.length, valid: rows.length,
    new: count('new'), changed: count('changed'), unchanged: count('unchanged'), errors: errors.length, warnings: v.warnings.length,
  };
  const id = await savePreview(sql, { kind: 'monthly', filename: p.filename, month: v.month, createdBy: p.createdBy, rows, errors, warnings: v.warnings, summary });
  return {
    id, status: 'preview' as const, errors: errors.slice(0, LIST_CAP), warnings: v.warnings.slice(0, LIST_CAP), summary,
    changes: changes.filter((c) => c.kind !== 'unchanged').slice(0, LIST_CAP),
  };
}

async function regionContains(sql: Sql, region: string, county: string): Promise<boolean> {
  const [row] = await sql`SELECT 1 FROM region_subtree(${region}) WHERE code = ${county}`;
  return !!row;
}
