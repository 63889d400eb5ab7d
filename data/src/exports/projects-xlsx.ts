// The filtered project list as an .xlsx for the monthly meeting: Chinese headers, labels instead of
// codes, amounts in 万元. Text that a spreadsheet could take for a formula (= + - @) is prefixed
// with ' so that it stays text even after the file is saved again as CSV.
import ExcelJS from 'exceljs';
import { projectCategories, projectLevels, projectStages, type Vocabulary } from '../glossary.ts';

export interface ExportProject {
  code: string;
  name: string;
  regionName: string;
  level: string;
  stage: string;
  category: string;
  totalInvestment: number;
  annualPlan: number;
  plannedStart: string | null;
  plannedFinish: string | null;
  actualStart: string | null;
  owner: string | null;
  /** Present only when the reader may see it. */
  responsibleLeader?: string | null;
}

/** Text that cannot run as a formula. */
export function safeText(value: string | null | undefined): string {
  if (!value) return '';
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const label = (v: Vocabulary<string>, code: string) => v[code] ?? code;

/** The workbook bytes; `title` goes in the sheet's first row (the filter, the date). */
export async function projectsWorkbook(items: ExportProject[], title: string, withLeader: boolean): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Guatu 挂图';
  const sheet = book.addWorksheet('重点项目', { views: [{ state: 'frozen', ySplit: 2 }] });
  const columns: { header: string; width: number; value: (p: ExportProject) => string | number; amount?: true }[] = [
    { header: '项目编码', width: 26, value: (p) => safeText(p.code) },
    { header: '项目名称', width: 32, value: (p) => safeText(p.name) },
    { header: '所在地区', width: 12, value: (p) => safeText(p.regionName) },
    { header: '级别', width: 10, value: (p) => label(projectLevels, p.level) },
    { header: '阶段', width: 8, value: (p) => label(projectStages, p.stage) },
    { header: '类别', width: 12, value: (p) => label(projectCategories, p.category) },
    { header: '总投资（万元）', width: 16, value: (p) => p.totalInvestment, amount: true },
    { header: '年度计划（万元）', width: 16, value: (p) => p.annualPlan, amount: true },
    { header: '计划开工', width: 12, value: (p) => p.plannedStart ?? '' },
    { header: '计划竣工', width: 12, value: (p) => p.plannedFinish ?? '' },
    { header: '实际开工', width: 12, value: (p) => p.actualStart ?? '' },
    { header: '建设单位', width: 24, value: (p) => safeText(p.owner) },
    ...(withLeader ? [{ header: '包联领导', width: 14, value: (p: ExportProject) => safeText(p.responsibleLeader) }] : []),
  ];
  sheet.addRow([safeText(title)]).font = { bold: true, size: 13 };
  const head = sheet.addRow(columns.map((c) => c.header));
  head.font = { bold: true };
  columns.forEach((c, i) => {
    sheet.getColumn(i + 1).width = c.width;
    if (c.amount) sheet.getColumn(i + 1).numFmt = '#,##0.00';
  });
  for (const p of items) sheet.addRow(columns.map((c) => c.value(p)));
  return new Uint8Array(await book.xlsx.writeBuffer());
}
