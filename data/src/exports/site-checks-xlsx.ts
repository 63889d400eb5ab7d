// A site check as an .xlsx: one row per site or per project of a batch, with the verdict, the 亩 on
// each checked layer and the explanation, for the planning meeting's table of conflicts.
import ExcelJS from 'exceljs';
import { checkLayers, verdictLabels, type CheckLayerId, type Verdict } from '../site-check-rules.ts';
import { safeText } from './projects-xlsx.ts';

export interface SiteCheckRow {
  code: string;
  name: string;
  regionName: string | null;
  areaMu: number;
  verdict: Verdict;
  explanation: string;
  overlapMu: Partial<Record<CheckLayerId, number>>;
}

const fills: Record<Verdict, string> = { conflict: 'FFFFE3E3', attention: 'FFFFF3BF', clear: 'FFEBFBEE' };

/** The workbook bytes; `title` goes in the sheet's first row (what was checked, the data version). */
export async function siteChecksWorkbook(rows: SiteCheckRow[], title: string): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Guatu 挂图';
  const sheet = book.addWorksheet('选址冲突', { views: [{ state: 'frozen', ySplit: 2, xSplit: 2 }] });
  const layerColumns = checkLayers.map((c) => ({ header: `${c.id === 'urban_boundary' ? '城镇开发边界外' : c.label}（亩）`, width: 14, id: c.id }));
  sheet.addRow([safeText(title)]).font = { bold: true, size: 13 };
  sheet.addRow(['编码', '名称', '所在地区', '面积（亩）', '结论', ...layerColumns.map((c) => c.header), '说明']).font = { bold: true };
  [26, 32, 12, 12, 10, ...layerColumns.map((c) => c.width), 60].forEach((w, i) => (sheet.getColumn(i + 1).width = w));
  for (let i = 4; i <= 5 + layerColumns.length; i++) if (i !== 5) sheet.getColumn(i).numFmt = '#,##0.00';
  for (const r of rows) {
    const row = sheet.addRow([safeText(r.code), safeText(r.name), safeText(r.regionName ?? ''), r.areaMu, verdictLabels[r.verdict],
      ...layerColumns.map((c) => r.overlapMu[c.id] ?? null), safeText(r.explanation)]);
    row.getCell(5).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: fills[r.verdict] } };
  }
  return new Uint8Array(await book.xlsx.writeBuffer());
}
