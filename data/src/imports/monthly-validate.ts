// Validation of a monthly dispatch table before anything is written: every problem with sheet, row,
// column, value and reason in Chinese. Errors block the commit (unknown code without a location,
// amounts that are negative or not numbers, a bad month, swapped coordinates …); warnings do not
// (year-to-date going down, completed above the total, a stage going backwards).
import { codesOf, projectStages, type Vocabulary } from '../glossary.ts';
import { headerKey, monthlyColumn, monthlyColumns, type MonthlyKey } from './monthly-columns.ts';
import type { Table } from './read-table.ts';

export interface Issue {
  sheet: string;
  row: number;
  column: string;
  value: string;
  reason: string;
}

/** What the portal knows of a project the file names. */
export interface KnownProject {
  id: number;
  code: string;
  name: string;
  stage: string;
  totalInvestment: number;
  regionCode: string;
  /** The latest year-to-date figure reported before the file's month, in the same year. */
  previousYtd: { month: string; ytd: number } | null;
}

export interface MonthlyContext {
  projects: Map<string, KnownProject>;
  /** Region codes that exist. */
  regions: Set<string>;
  /** Region codes the importer may change (a county editor's subtree); null: all. */
  writable: Set<string> | null;
}

export type Location = { lon: number; lat: number } | { x: number; y: number; zone: number };

export interface MonthlyRow {
  row: number;
  code: string;
  projectId: number | null;
  name: string | null;
  investmentMonth: number;
  investmentYtd: number;
  stage: string;
  progress: string | null;
  actualStart: string | null;
  actualFinish: string | null;
  totalInvestment: number | null;
  level: string | null;
  category: string | null;
  regionCode: string | null;
  location: Location | null;
}

export interface MonthlyValidation {
  month: string | null;
  rows: MonthlyRow[];
  errors: Issue[];
  warnings: Issue[];
}

const stageOrder = codesOf(projectStages);

/** A month written as 2026-11, 2026/11, 2026年11月, 202611 or an Excel date (2026-11-01). */
export function parseMonth(text: string): string | null {
  const m = /^(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*月?|(\d{2}))(?:[-/.]\d{1,2}(?:[T ].*)?)?$/.exec(text.trim());
  if (!m) return null;
  const month = Number(m[2] ?? m[3]);
  const year = Number(m[1]);
  if (month < 1 || month > 12 || year < 2000 || year > 2100) return null;
  return `${year}-${String(month).padStart(2, '0')}`;
}

/** A date written as 2026-01-02, 2026/1/2 or 2026年1月2日; null when not a real date. */
export function parseDate(text: string): string | null {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[T ].*)?$/.exec(text.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** A number as typed: thousands separators and spaces allowed; null when not a number. */
export function parseNumber(text: string): number | null {
  const t = text.replace(/[,，\s]/g, '');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** The code of an enumeration value written as its Chinese label or its code. */
function enumCode(vocabulary: Vocabulary<string>, text: string): string | null {
  const t = text.trim();
  if (t in vocabulary) return t;
  return Object.entries(vocabulary).find(([, label]) => label === t)?.[0] ?? null;
}

/** Validates the table of a monthly upload against what the portal knows. */
export function validateMonthly(table: Table, ctx: MonthlyContext): MonthlyValidation {
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const keyOf = new Map<string, MonthlyKey>();
  for (const h of table.headers) {
    const key = headerKey(h);
    if (key && ![...keyOf.values()].includes(key)) keyOf.set(h, key);
  }
  const present = new Set(keyOf.values());
  for (const c of monthlyColumns.filter((c) => c.required)) {
    if (!present.has(c.key)) errors.push({ sheet: table.sheet, row: table.headerRow, column: c.header, value: '', reason: `缺少必填列「${c.header}」，请使用下载的模板` });
  }
  if (errors.length) return { month: null, rows: [], errors, warnings };
  if (table.rows.length === 0) {
    errors.push({ sheet: table.sheet, row: table.headerRow + 1, column: '', value: '', reason: '表中没有数据行' });
    return { month: null, rows: [], errors, warnings };
  }

  const months = new Map<string, number>();
  const seen = new Map<string, number>();
  const rows: MonthlyRow[] = [];
  for (const r of table.rows) {
    const cell = (key: MonthlyKey) => {
      for (const [h, k] of keyOf) if (k === key) return r.cells[h] ?? '';
      return '';
    };
    const issue = (list: Issue[], key: MonthlyKey, reason: string) =>
      list.push({ sheet: table.sheet, row: r.row, column: monthlyColumn(key).header, value: cell(key), reason });
    const rowErrors = errors.length;

    const code = cell('code');
    if (!code) issue(errors, 'code', '项目编码不能为空');
    else if (code.length < 4 || code.length > 40) issue(errors, 'code', '项目编码应为 4–40 个字符');
    else if (seen.has(code)) issue(errors, 'code', `与第 ${seen.get(code)} 行的项目编码重复`);
    else seen.set(code, r.row);

    const monthText = cell('month');
    const month = parseMonth(monthText);
    if (!month) issue(errors, 'month', monthText ? '月份格式不正确，应为 YYYY-MM，例如 2026-11' : '月份不能为空');
    else months.set(month, (months.get(month) ?? 0) + 1);

    const amount = (key: 'investmentMonth' | 'investmentYtd' | 'totalInvestment', required: boolean): number | null => {
      const text = cell(key);
      if (!text) {
        if (required) issue(errors, key, '不能为空（没有投资请填 0）');
        return null;
      }
      const n = parseNumber(text);
      if (n === null) issue(errors, key, '不是数字（请只填数字，单位万元）');
      else if (n < 0) issue(errors, key, '不能为负数');
      else if (n > 1e11) issue(errors, key, '数额过大，请确认单位是万元');
      else return n;
      return null;
    };
    const investmentMonth = amount('investmentMonth', true);
    const investmentYtd = amount('investmentYtd', true);
    const totalInvestment = amount('totalInvestment', false);

    const enumOf = (key: 'stage' | 'level' | 'category', required: boolean): string | null => {
      const text = cell(key);
      const column = monthlyColumn(key);
      if (!text) {
        if (required) issue(errors, key, `${column.header}不能为空`);
        return null;
      }
      const code = enumCode(column.vocabulary!, text);
      if (!code) issue(errors, key, `应为 ${Object.values(column.vocabulary!).join('、')} 之一`);
      return code;
    };
    const stage = enumOf('stage', true);
    const level = enumOf('level', false);
    const category = enumOf('category', false);

    const dateOf = (key: 'actualStart' | 'actualFinish'): string | null => {
      const text = cell(key);
      if (!text) return null;
      const d = parseDate(text);
      if (!d) issue(errors, key, '日期格式不正确，应为 YYYY-MM-DD，例如 2026-03-15');
      return d;
    };
    const actualStart = dateOf('actualStart');
    const actualFinish = dateOf('actualFinish');
    if (actualStart && actualFinish && actualFinish < actualStart) issue(errors, 'actualFinish', '实际竣工日期早于实际开工日期');

    const regionText = cell('regionCode');
    let regionCode: string | null = null;
    if (regionText) {
      if (!/^\d{6}$/.test(regionText)) issue(errors, 'regionCode', '应为 6 位行政区划代码，例如 140525');
      else if (!ctx.regions.has(regionText)) issue(errors, 'regionCode', '没有这个行政区划代码');
      else regionCode = regionText;
    }

    const location = locationOf(cell, (key, reason) => issue(errors, key, reason));
    const known = code ? ctx.projects.get(code) ?? null : null;
    const progress = cell('progress') || null;
    if (progress && progress.length > 500) issue(errors, 'progress', '形象进度超过 500 字');
    const name = cell('name') || null;

    if (code && !known) {
      // A new project: everything needed to put it on the map.
      if (!name) issue(errors, 'name', '新项目（系统中没有这个编码）必须填写项目名称');
      if (totalInvestment === null && !cell('totalInvestment')) issue(errors, 'totalInvestment', '新项目必须填写总投资');
      if (!category && !cell('category')) issue(errors, 'category', '新项目必须填写项目类别');
      if (!location && !cell('lon') && !cell('x')) issue(errors, 'lon', '系统中没有这个项目编码：请核对编码，或作为新项目填写经纬度（或 X/Y 坐标）');
    }
    const scopeRegion = regionCode ?? known?.regionCode ?? null;
    if (ctx.writable && scopeRegion && !ctx.writable.has(scopeRegion)) issue(errors, 'code', '该项目不在您的数据范围内，不能导入');

    if (known && investmentYtd !== null && month && known.previousYtd && known.previousYtd.ytd > investmentYtd + 1e-6) {
      issue(warnings, 'investmentYtd', `年度累计比 ${known.previousYtd.month} 的 ${known.previousYtd.ytd} 万元还少`);
    }
    const total = totalInvestment ?? known?.totalInvestment ?? null;
    if (total !== null && investmentYtd !== null && investmentYtd > total + 1e-6) issue(warnings, 'investmentYtd', `年度累计完成超过总投资（${total} 万元）`);
    if (investmentMonth !== null && investmentYtd !== null && investmentMonth > investmentYtd + 1e-6) issue(warnings, 'investmentMonth', '本月完成投资大于年度累计');
    if (known && stage && stageOrder.indexOf(stage as never) < stageOrder.indexOf(known.stage as never)) {
      issue(warnings, 'stage', `建设阶段从「${projectStages[known.stage as keyof typeof projectStages]}」倒退为「${projectStages[stage as keyof typeof projectStages]}」`);
    }

    if (errors.length === rowErrors) {
      rows.push({
        row: r.row, code, projectId: known?.id ?? null, name, investmentMonth: investmentMonth!, investmentYtd: investmentYtd!, stage: stage!, progress,
        actualStart, actualFinish, totalInvestment, level, category, regionCode, location,
      });
    }
  }
  // One file reports one month: the most common one is taken as meant, the others are errors.
  const month = [...months.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  if (months.size > 1) {
    for (const r of table.rows) {
      const m = parseMonth(Object.entries(r.cells).find(([h]) => headerKey(h) === 'month')?.[1] ?? '');
      if (m && m !== month) errors.push({ sheet: table.sheet, row: r.row, column: monthlyColumn('month').header, value: m, reason: `一个文件只能报一个月份，本文件主要是 ${month}` });
    }
  }
  errors.sort((a, b) => a.row - b.row);
  warnings.sort((a, b) => a.row - b.row);
  return { month, rows, errors, warnings };
}

/** The location of a row: lon/lat, or GK X/Y with a zone prefix; swapped pairs are refused with why. */
function locationOf(cell: (key: MonthlyKey) => string, fail: (key: MonthlyKey, reason: string) => void): Location | null {
  const [lonText, latText, xText, yText] = [cell('lon'), cell('lat'), cell('x'), cell('y')];
  if (lonText || latText) {
    const lon = parseNumber(lonText);
    const lat = parseNumber(latText);
    if (lon === null || lat === null) {
      fail(lon === null ? 'lon' : 'lat', '经度和纬度都要填写数字（度）');
      return null;
    }
    if (lat >= 73 && lat <= 136 && lon >= 3 && lon <= 54) {
      fail('lon', `经纬度填反了：经度 ${lon}、纬度 ${lat}；中国境内经度约 73–136，纬度约 3–54`);
      return null;
    }
    if (lon < 73 || lon > 136 || lat < 3 || lat > 54) {
      fail('lon', '经纬度不在中国范围内（经度 73–136，纬度 3–54）；如果是平面坐标请填在 X/Y 列');
      return null;
    }
    return { lon, lat };
  }
  if (xText || yText) {
    const x = parseNumber(xText);
    const y = parseNumber(yText);
    if (x === null || y === null) {
      fail(x === null ? 'x' : 'y', 'X 和 Y 都要填写数字（米）');
      return null;
    }
    const digits = (n: number) => String(Math.floor(Math.abs(n))).length;
    if (digits(x) === 8 && digits(y) === 7) {
      fail('x', `X/Y 填反了：X 是北向坐标（7 位），Y 是带带号的东向坐标（8 位），本行 X=${x}、Y=${y}`);
      return null;
    }
    if (digits(x) !== 7 || digits(y) !== 8) {
      fail('y', 'X 应为 7 位北向坐标，Y 应为 8 位东向坐标（前两位为 3° 带带号 25–45）；不带带号的坐标无法确定位置');
      return null;
    }
    const zone = Math.floor(y / 1_000_000);
    if (zone < 25 || zone > 45) {
      fail('y', `Y 的前两位应为 3° 带带号 25–45，本行为 ${zone}`);
      return null;
    }
    return { x, y, zone };
  }
  return null;
}

/** The project codes a table names and the month most of its rows report (for looking things up before validating). */
export function codesAndMonth(table: Table): { codes: string[]; month: string | null } {
  const column = (key: MonthlyKey) => table.headers.find((h) => headerKey(h) === key);
  const codeHeader = column('code');
  const monthHeader = column('month');
  const codes = codeHeader ? [...new Set(table.rows.map((r) => r.cells[codeHeader] ?? '').filter(Boolean))] : [];
  const counts = new Map<string, number>();
  if (monthHeader) {
    for (const r of table.rows) {
      const m = parseMonth(r.cells[monthHeader] ?? '');
      if (m) counts.set(m, (counts.get(m) ?? 0) + 1);
    }
  }
  return { codes, month: [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null };
}
