import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { siteChecksWorkbook } from './site-checks-xlsx.ts';

describe('siteChecksWorkbook', () => {
  it('writes one row per site with its verdict, the 亩 per layer and formula-proof text', async () => {
    const bytes = await siteChecksWorkbook([
      { code: 'P-1', name: '=HYPERLINK("x")', regionName: '示例县', areaMu: 90, verdict: 'conflict', explanation: '存在冲突', overlapMu: { basic_farmland: 12.5 } },
      { code: 'P-2', name: '无冲突项目', regionName: null, areaMu: 30, verdict: 'clear', explanation: '未发现', overlapMu: {} },
    ], '批量检查');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as never);
    const sheet = book.getWorksheet('选址冲突')!;
    const header = (sheet.getRow(2).values as unknown[]).slice(1);
    expect(header).toContain('永久基本农田（亩）');
    expect(header).toContain('城镇开发边界外（亩）');
    const first = sheet.getRow(3);
    expect(first.getCell(2).value).toBe("'=HYPERLINK(\"x\")");
    expect(first.getCell(5).value).toBe('存在冲突');
    expect(first.getCell(header.indexOf('永久基本农田（亩）') + 1).value).toBe(12.5);
    expect(sheet.getRow(4).getCell(5).value).toBe('无冲突');
  });
});
