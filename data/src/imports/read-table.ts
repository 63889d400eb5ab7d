// Reads an uploaded spreadsheet into plain rows of text: .xlsx (the first sheet that has the
// template's headers, else the first sheet) or .csv in UTF-8 (with or without BOM) or GBK, detected.
// Cells keep their text as the data office typed it; the validator decides what they mean.
import ExcelJS from 'exceljs';

export interface TableRow {
  /** The spreadsheet's own row number (1-based, the header is row 1 or later). */
  row: number;
  cells: Record<string, string>;
}

export interface Table {
  sheet: string;
  headers: string[];
  headerRow: number;
  rows: TableRow[];
  /** For CSV: the encoding found. */
  encoding: 'utf-8' | 'gbk' | null;
}

export class TableError extends Error {}

/** Decodes CSV bytes: a BOM or valid UTF-8 means UTF-8; otherwise GBK (what Excel in Chinese Windows saves). */
export function decodeText(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'gbk' } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gbk').decode(bytes), encoding: 'gbk' };
  }
}

/** Splits CSV text (RFC 4180: quotes, doubled quotes, CRLF or LF, commas inside quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** Text of an Excel cell value: dates as YYYY-MM-DD, formulas as their result, rich text joined. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('error' in value) return String(value.error);
    return '';
  }
  return String(value);
}

/** Finds the header row (the first of the first 10 rows where `isHeader` accepts at least `min` cells) and builds the table. */
function toTable(sheet: string, grid: string[][], isHeader: (h: string) => boolean, min: number, encoding: Table['encoding'], maxRows: number): Table {
  const at = grid.slice(0, 10).findIndex((r) => r.filter((h) => isHeader(h.trim())).length >= min);
  if (at < 0) throw new TableError(`工作表「${sheet}」前 10 行中没有找到表头（应包含 项目编码、月份 等列，请使用下载的模板）`);
  const headers = grid[at]!.map((h) => h.trim());
  const rows: TableRow[] = [];
  for (let i = at + 1; i < grid.length; i++) {
    const cells: Record<string, string> = {};
    let any = false;
    headers.forEach((h, j) => {
      const v = (grid[i]![j] ?? '').trim();
      if (h) cells[h] = v;
      if (v) any = true;
    });
    if (!any) continue;
    if (rows.length >= maxRows) throw new TableError(`数据行超过上限 ${maxRows.toLocaleString('zh-CN')} 行，请拆分文件`);
    rows.push({ row: i + 1, cells });
  }
  return { sheet, headers, headerRow: at + 1, rows, encoding };
}

/** Reads a .xlsx or .csv file. */
export async function readTable(bytes: Uint8Array, filename: string, isHeader: (h: string) => boolean, min: number, maxRows: number): Promise<Table> {
  if (bytes.length === 0) throw new TableError('文件是空的');
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (/\.xlsx$/i.test(filename) || isZip) {
    if (!isZip) throw new TableError('文件扩展名是 .xlsx，但内容不是 Excel 工作簿（可能已损坏，或是改了扩展名的其他文件）');
    const book = new ExcelJS.Workbook();
    try {
      await book.xlsx.load(Buffer.from(bytes) as never);
    } catch (e) {
      throw new TableError(`无法读取 Excel 文件：${(e as Error).message.slice(0, 120)}`);
    }
    let fallback: TableError | null = null;
    for (const ws of book.worksheets) {
      const grid: string[][] = [];
      ws.eachRow({ includeEmpty: true }, (r, n) => {
        const values = (r.values as ExcelJS.CellValue[]).slice(1);
        grid[n - 1] = values.map(cellText);
      });
      for (let i = 0; i < grid.length; i++) grid[i] ??= [];
      try {
        return toTable(ws.name, grid, isHeader, min, null, maxRows);
      } catch (e) {
        if (!(e instanceof TableError) || /超过上限/.test(e.message)) throw e;
        fallback ??= e;
      }
    }
    throw fallback ?? new TableError('工作簿中没有工作表');
  }
  if (/\.xls$/i.test(filename)) throw new TableError('不支持旧版 .xls 格式，请在 Excel 中另存为 .xlsx 或 .csv');
  if (bytes.includes(0)) throw new TableError('文件不是文本表格（.csv）也不是 Excel 工作簿（.xlsx）');
  const { text, encoding } = decodeText(bytes);
  return toTable('CSV', parseCsv(text), isHeader, min, encoding, maxRows);
}
