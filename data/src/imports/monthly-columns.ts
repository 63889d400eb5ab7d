// The monthly dispatch spreadsheet (按月调度表): one declaration of its columns, read by the template
// generator, the parser and the validator. Headers are what the data office sees; keys are what the
// code uses. Columns marked `forNew` are needed only for a project the portal does not know yet.
import { projectCategories, projectLevels, projectStages, type Vocabulary } from '../glossary.ts';

export type MonthlyKey =
  | 'code' | 'name' | 'month' | 'investmentMonth' | 'investmentYtd' | 'stage' | 'progress' | 'actualStart' | 'actualFinish'
  | 'totalInvestment' | 'level' | 'category' | 'regionCode' | 'lon' | 'lat' | 'x' | 'y';

export interface MonthlyColumn {
  key: MonthlyKey;
  header: string;
  kind: 'text' | 'month' | 'amount' | 'date' | 'enum' | 'number' | 'region';
  /** Needed on every row. */
  required?: true;
  /** Needed (or one of a group) only for a new project. */
  forNew?: true;
  vocabulary?: Vocabulary<string>;
  /** Shown in the template's instructions sheet. */
  note: string;
  example: string | number;
  width: number;
}

export const monthlyColumns: readonly MonthlyColumn[] = [
  { key: 'code', header: '项目编码', kind: 'text', required: true, note: '项目的唯一编码（4–40 位），已有项目按编码匹配', example: '2026-140525-38-03-000002', width: 26 },
  { key: 'name', header: '项目名称', kind: 'text', forNew: true, note: '新项目必填；已有项目填写则更新名称', example: '晋钢低碳氢冶金项目', width: 28 },
  { key: 'month', header: '月份', kind: 'month', required: true, note: '本表所报月份，YYYY-MM（一个文件只报一个月）', example: '2026-11', width: 10 },
  { key: 'investmentMonth', header: '本月完成投资（万元）', kind: 'amount', required: true, note: '不小于 0 的数字，单位万元', example: 1200, width: 18 },
  { key: 'investmentYtd', header: '年度累计完成投资（万元）', kind: 'amount', required: true, note: '本年 1 月至本月累计，单位万元', example: 63000, width: 22 },
  { key: 'stage', header: '建设阶段', kind: 'enum', required: true, vocabulary: projectStages, note: `下拉选择：${Object.values(projectStages).join('、')}`, example: '续建', width: 10 },
  { key: 'progress', header: '形象进度', kind: 'text', note: '本月工程形象进度（500 字以内）', example: '主体结构完成 80%', width: 30 },
  { key: 'actualStart', header: '实际开工日期', kind: 'date', note: 'YYYY-MM-DD，已开工项目填写', example: '2026-01-02', width: 14 },
  { key: 'actualFinish', header: '实际竣工日期', kind: 'date', note: 'YYYY-MM-DD，已竣工项目填写', example: '', width: 14 },
  { key: 'totalInvestment', header: '总投资（万元）', kind: 'amount', forNew: true, note: '新项目必填；已有项目填写则更新', example: 420000, width: 16 },
  { key: 'level', header: '项目级别', kind: 'enum', vocabulary: projectLevels, note: `新项目选填（默认一般项目）：${Object.values(projectLevels).join('、')}`, example: '省级重点', width: 12 },
  { key: 'category', header: '项目类别', kind: 'enum', forNew: true, vocabulary: projectCategories, note: `新项目必填：${Object.values(projectCategories).join('、')}`, example: '工业制造', width: 12 },
  { key: 'regionCode', header: '所在县区代码', kind: 'region', note: '6 位行政区划代码；新项目不填时按坐标所在县区确定', example: '140525', width: 14 },
  { key: 'lon', header: '经度', kind: 'number', forNew: true, note: '新项目位置：CGCS2000 经纬度（度），或填下面的 X/Y', example: 112.9021, width: 12 },
  { key: 'lat', header: '纬度', kind: 'number', forNew: true, note: 'CGCS2000 纬度（度）', example: 35.4512, width: 12 },
  { key: 'x', header: 'X 坐标（北）', kind: 'number', forNew: true, note: '或：CGCS2000 3° 带高斯-克吕格 X（北向，7 位，米）', example: '', width: 14 },
  { key: 'y', header: 'Y 坐标（东，含带号）', kind: 'number', forNew: true, note: 'Y（东向，8 位，前两位为带号，如 38 带）', example: '', width: 18 },
];

/** Column of a key. */
export function monthlyColumn(key: MonthlyKey): MonthlyColumn {
  return monthlyColumns.find((c) => c.key === key)!;
}

/** Header text → key, tolerant of spaces, full-width brackets and unit suffixes written differently. */
export function headerKey(header: string): MonthlyKey | null {
  const norm = (s: string) => s.replace(/\s+/g, '').replace(/[（(].*?[）)]/g, '').toLowerCase();
  const h = norm(header);
  if (!h) return null;
  return monthlyColumns.find((c) => norm(c.header) === h)?.key ?? null;
}
