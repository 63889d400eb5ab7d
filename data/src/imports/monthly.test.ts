import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { headerKey, monthlyColumns } from './monthly-columns.ts';
import { monthlyTemplate } from './monthly-template.ts';
import { decodeText, parseCsv, readTable, TableError } from './read-table.ts';
import { parseDate, parseMonth, validateMonthly, type KnownProject, type MonthlyContext } from './monthly-validate.ts';

const isHeader = (h: string) => headerKey(h) !== null;
const read = (bytes: Uint8Array, name = 'x.csv') => readTable(bytes, name, isHeader, 3, 100_000);
const csv = (lines: string[]) => new TextEncoder().encode(lines.join('\r\n'));
const HEAD = '项目编码,项目名称,月份,本月完成投资（万元）,年度累计完成投资（万元）,建设阶段,形象进度,实际开工日期,总投资（万元）,项目类别,经度,纬度,X 坐标（北）,Y 坐标（东，含带号）';

const known: KnownProject = { id: 7, code: 'P-0001', name: '已有项目', stage: 'continuing', totalInvestment: 1000, regionCode: '140525', previousYtd: { month: '2026-10', ytd: 500 } };
const ctx = (writable: string[] | null = null): MonthlyContext => ({ projects: new Map([[known.code, known]]), regions: new Set(['140525', '140581']), writable: writable && new Set(writable) });

describe('reading tables', () => {
  it('detects GBK, UTF-8 and a BOM', () => {
    const gbk = Uint8Array.from([0xcf, 0xee, 0xc4, 0xbf, 0xb1, 0xe0, 0xc2, 0xeb]); // 项目编码 in GBK
    expect(decodeText(gbk)).toEqual({ text: '项目编码', encoding: 'gbk' });
    expect(decodeText(Uint8Array.from([0xef, 0xbb, 0xbf, 0x61]))).toEqual({ text: 'a', encoding: 'utf-8' });
    expect(decodeText(new TextEncoder().encode('月份'))).toEqual({ text: '月份', encoding: 'utf-8' });
  });
  it('splits quoted CSV with commas, quotes and line breaks', () => {
    expect(parseCsv('a,"b,c","say ""hi""","two\nlines"\r\nd,,e\n')).toEqual([['a', 'b,c', 'say "hi"', 'two\nlines'], ['d', '', 'e']]);
  });
  it('refuses empty files, old .xls, binary and headerless tables with reasons', async () => {
    await expect(read(new Uint8Array(), 'a.csv')).rejects.toThrow('文件是空的');
    await expect(read(csv(['a,b', '1,2']), 'a.xls')).rejects.toThrow(/另存为 \.xlsx/);
    await expect(read(Uint8Array.from([1, 0, 2]), 'a.csv')).rejects.toThrow(TableError);
    await expect(read(csv(['a,b,c', '1,2,3']))).rejects.toThrow(/没有找到表头/);
    await expect(read(csv(['x']), 'a.xlsx')).rejects.toThrow(/不是 Excel 工作簿/);
  });
  it('reads the template back: headers in order, dropdowns on enumerations, an instructions sheet', async () => {
    const bytes = await monthlyTemplate('2026-11');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(bytes) as never);
    expect(book.worksheets.map((w) => w.name)).toEqual(['按月调度', '填写说明']);
    const sheet = book.getWorksheet('按月调度')!;
    const stageColumn = monthlyColumns.findIndex((c) => c.key === 'stage') + 1;
    expect(sheet.getCell(2, stageColumn).dataValidation.formulae).toEqual(['"储备,新开工,续建,竣工,投产"']);
    const table = await read(bytes, 'template.xlsx');
    expect(table.headers).toEqual(monthlyColumns.map((c) => c.header));
    expect(table.rows).toEqual([]);
  });
});

describe('validating a monthly table', () => {
  it('accepts a good file, maps Chinese labels and reads months and dates in common forms', async () => {
    const t = await read(csv([HEAD, 'P-0001,,2026年11月,"1,200",620,续建,主体完工,2026/1/2,,,,,,', 'N-0001,新项目,2026-11,0,0,新开工,,,500,工业制造,112.9,35.5,,']));
    const v = validateMonthly(t, ctx());
    expect(v.errors).toEqual([]);
    expect(v.month).toBe('2026-11');
    expect(v.rows.map((r) => [r.code, r.projectId, r.stage, r.investmentMonth, r.actualStart])).toEqual([
      ['P-0001', 7, 'continuing', 1200, '2026-01-02'], ['N-0001', null, 'new_start', 0, null],
    ]);
    expect(v.rows[1]!.location).toEqual({ lon: 112.9, lat: 35.5 });
    expect(v.warnings.map((w) => w.reason)).toEqual(['本月完成投资大于年度累计']);
    expect([parseMonth('202611'), parseMonth('2026-13'), parseDate('2026-02-30'), parseDate('2026年2月3日')]).toEqual(['2026-11', null, null, '2026-02-03']);
  });

  it('names sheet, row, column, value and reason for each error', async () => {
    const t = await read(csv([
      HEAD,
      'P-0001,,2026-11,-5,abc,开工,,,,,,,,',
      'X-9999,,2026-11,1,1,续建,,,,,,,,',
      'N-0002,新项目,2026-11,1,1,续建,,,10,工业制造,35.5,112.9,,',
      'N-0003,新项目,2026-11,1,1,续建,,,10,工业制造,,,38500000,3930000',
      'N-0003,重复,2026-12,1,1,续建,,,10,工业制造,112.9,35.5,,',
    ]));
    const v = validateMonthly(t, ctx());
    const got = v.errors.map((e) => `${e.sheet}:${e.row}:${e.column}:${e.value}`);
    expect(got).toEqual(expect.arrayContaining([
      'CSV:2:本月完成投资（万元）:-5', 'CSV:2:年度累计完成投资（万元）:abc', 'CSV:2:建设阶段:开工',
      'CSV:3:经度:', 'CSV:4:经度:35.5', 'CSV:5:X 坐标（北）:38500000', 'CSV:6:项目编码:N-0003', 'CSV:6:月份:2026-12',
    ]));
    expect(v.errors.find((e) => e.row === 4)!.reason).toMatch(/经纬度填反了/);
    expect(v.errors.find((e) => e.row === 5)!.reason).toMatch(/X\/Y 填反了/);
    expect(v.errors.find((e) => e.row === 3 && e.column === '经度')!.reason).toMatch(/系统中没有这个项目编码/);
    expect(v.rows).toEqual([]);
  });

  it('warns about year-to-date going down, above the total and a stage going backwards', async () => {
    const t = await read(csv([HEAD, 'P-0001,,2026-11,0,1200,新开工,,,,,,,,']));
    const v = validateMonthly(t, ctx());
    expect(v.errors).toEqual([]);
    expect(v.warnings.map((w) => w.reason)).toEqual([expect.stringMatching(/超过总投资/), expect.stringMatching(/倒退/)]);
    const down = validateMonthly(await read(csv([HEAD, 'P-0001,,2026-11,0,400,续建,,,,,,,,'])), ctx());
    expect(down.warnings[0]!.reason).toMatch(/比 2026-10 的 500 万元还少/);
  });

  it('refuses rows outside the importer\'s region and a table without required columns', async () => {
    const outside = validateMonthly(await read(csv([HEAD, 'P-0001,,2026-11,0,600,续建,,,,,,,,'])), ctx(['140581']));
    expect(outside.errors[0]!.reason).toMatch(/不在您的数据范围/);
    const missing = validateMonthly(await read(csv(['项目编码,项目名称,建设阶段', 'P-0001,x,续建'])), ctx());
    expect(missing.errors.map((e) => e.column)).toEqual(['月份', '本月完成投资（万元）', '年度累计完成投资（万元）']);
  });
});
