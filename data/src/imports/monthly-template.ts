// The monthly template (.xlsx): the data sheet with the declared headers, dropdowns for every
// enumeration, number and date formats, a frozen header; an instructions sheet with each column's
// rule and an example row.
import ExcelJS from 'exceljs';
import { monthlyColumns } from './monthly-columns.ts';

const ROWS_WITH_DROPDOWNS = 5_000;

/** The template workbook as bytes. */
export async function monthlyTemplate(month: string): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Guatu 挂图';
  const data = book.addWorksheet('按月调度', { views: [{ state: 'frozen', ySplit: 1 }] });
  data.columns = monthlyColumns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  const head = data.getRow(1);
  head.font = { bold: true };
  head.alignment = { vertical: 'middle', wrapText: true };
  head.height = 32;
  monthlyColumns.forEach((c, i) => {
    const cell = head.getCell(i + 1);
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: c.required ? 'FFFFE8CC' : c.forNew ? 'FFE7F5FF' : 'FFF1F3F5' } };
    cell.note = c.note;
    const column = data.getColumn(i + 1);
    if (c.kind === 'amount') column.numFmt = '#,##0.00';
    if (c.kind === 'text' || c.kind === 'region' || c.kind === 'month' || c.kind === 'date') column.numFmt = '@';
    if (c.vocabulary) {
      const list = `"${Object.values(c.vocabulary).join(',')}"`;
      for (let r = 2; r <= ROWS_WITH_DROPDOWNS; r++) {
        data.getCell(r, i + 1).dataValidation = {
          type: 'list', allowBlank: !c.required, formulae: [list], showErrorMessage: true,
          errorTitle: c.header, error: `请从下拉列表中选择：${Object.values(c.vocabulary).join('、')}`,
        };
      }
    }
  });

  const help = book.addWorksheet('填写说明');
  help.columns = [{ header: '列', width: 26 }, { header: '必填', width: 12 }, { header: '说明', width: 70 }, { header: '示例', width: 26 }];
  help.getRow(1).font = { bold: true };
  for (const c of monthlyColumns) help.addRow([c.header, c.required ? '每行必填' : c.forNew ? '新项目需要' : '选填', c.note, c.example === '' ? '' : String(c.example)]);
  help.addRow([]);
  help.addRow(['填写要点']).font = { bold: true };
  for (const line of [
    `本模板用于报送 ${month} 的按月调度数据，一个文件只报一个月份；同一月份再次导入会生成新的修订版本，之前的版本保留、可恢复。`,
    '已有项目按「项目编码」匹配，只需填写月份、投资、阶段、进度和实际日期；系统中没有的编码视为新项目，须填写名称、总投资、类别和位置。',
    '金额单位均为万元，不要填写“万元”等文字；日期格式 YYYY-MM-DD。',
    '位置填 CGCS2000 经纬度（度），或 3° 带高斯-克吕格 X（北向 7 位）/ Y（东向 8 位，含带号）。',
    '上传后先预览：所有错误会列出工作表、行、列、数值和原因；有错误时不能提交，警告不影响提交。',
  ]) help.addRow([line]);
  help.addRow([]);
  help.addRow(['示例行（复制到「按月调度」表填写）']).font = { bold: true };
  help.addRow(monthlyColumns.map((c) => c.header)).font = { bold: true };
  help.addRow(monthlyColumns.map((c) => (c.key === 'month' ? month : c.example)));
  return new Uint8Array(await book.xlsx.writeBuffer());
}
