// A top-down A4 writer on pdf-lib: wrapped Chinese text, table rows that move to a new page when
// they do not fit, rectangles and SVG paths, a page footer. Coordinates are points from the top left.
import { PDFDocument, rgb, type PDFPage, type RGB } from 'pdf-lib';
import { cjkFonts, type TextRun } from './cjk-fonts.ts';

export const A4: [number, number] = [595.28, 841.89];
export const A4_LANDSCAPE: [number, number] = [841.89, 595.28];
const MARGIN = 42;

export interface TextStyle {
  size?: number;
  bold?: boolean;
  color?: string;
}

/** '#rrggbb' as a pdf-lib colour. */
export function hex(color: string): RGB {
  const n = Number.parseInt(color.slice(1), 16);
  return rgb(((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255);
}

/** A writer for one document of `size` pages (A4 portrait by default); `footer` is printed at the foot of every page. */
export async function pageWriter(footer: string, pageSize: [number, number] = A4) {
  const doc = await PDFDocument.create();
  const fonts = cjkFonts(doc);
  let page: PDFPage = doc.addPage(pageSize);
  let y = MARGIN;
  const width = pageSize[0] - 2 * MARGIN;

  /** The text broken into lines of runs no wider than `max`. */
  async function wrap(text: string, style: TextStyle, max: number): Promise<TextRun[][]> {
    const size = style.size ?? 10;
    const lines: TextRun[][] = [[]];
    let used = 0;
    for (const run of await fonts.runs(text, style.bold ? 700 : 400)) {
      for (const ch of run.text) {
        const w = run.font.widthOfTextAtSize(ch, size);
        if (used + w > max && used > 0) {
          lines.push([]);
          used = 0;
        }
        const line = lines[lines.length - 1]!;
        const last = line[line.length - 1];
        if (last && last.font === run.font) last.text += ch;
        else line.push({ font: run.font, text: ch });
        used += w;
      }
    }
    return lines;
  }

  function drawLines(lines: TextRun[][], x: number, top: number, style: TextStyle) {
    const size = style.size ?? 10;
    const color = hex(style.color ?? '#212529');
    lines.forEach((line, i) => {
      let at = x;
      for (const r of line) {
        page.drawText(r.text, { x: at, y: pageSize[1] - top - size - i * size * 1.45, size, font: r.font, color });
        at += r.font.widthOfTextAtSize(r.text, size);
      }
    });
    return lines.length * (style.size ?? 10) * 1.45;
  }

  const self = {
    doc, width, left: MARGIN,
    get y() { return y; },
    set y(v: number) { y = v; },
    /** Starts a new page. */
    newPage() {
      page = doc.addPage(pageSize);
      y = MARGIN;
    },
    /** Moves to a new page unless `height` more points fit on this one. */
    ensure(height: number) {
      if (y + height > pageSize[1] - MARGIN - 16) self.newPage();
    },
    /** A paragraph across `max` points (the full width by default) at the cursor, which moves below it. */
    async text(text: string, style: TextStyle = {}, o: { x?: number; max?: number; background?: string } = {}) {
      const lines = await wrap(text, style, o.max ?? width);
      const height = lines.length * (style.size ?? 10) * 1.45;
      self.ensure(height);
      if (o.background) page.drawRectangle({ x: (o.x ?? MARGIN) - 6, y: pageSize[1] - y - height - 6, width: (o.max ?? width) + 12, height: height + 8, color: hex(o.background) });
      y += drawLines(lines, o.x ?? MARGIN, y, style) + 4;
    },
    /** One table row; cells wrap in their column widths, the row moves to a new page whole. */
    async row(cells: string[], widths: number[], style: TextStyle & { fill?: string } = {}) {
      const wrapped = await Promise.all(cells.map((c, i) => wrap(c, style, widths[i]! - 8)));
      const height = Math.max(...wrapped.map((l) => l.length)) * (style.size ?? 9) * 1.45 + 6;
      self.ensure(height);
      let x = MARGIN;
      wrapped.forEach((lines, i) => {
        page.drawRectangle({ x, y: pageSize[1] - y - height, width: widths[i]!, height, borderColor: hex('#dee2e6'), borderWidth: 0.6, ...(style.fill ? { color: hex(style.fill) } : {}) });
        drawLines(lines, x + 4, y + 3, style);
        x += widths[i]!;
      });
      y += height;
    },
    /** SVG path data drawn with its top left at (x, top). */
    path(d: string, x: number, top: number, o: { fill?: string; stroke?: string; opacity?: number; strokeWidth?: number }) {
      page.drawSvgPath(d, {
        x, y: pageSize[1] - top,
        ...(o.fill ? { color: hex(o.fill), opacity: o.opacity ?? 1 } : {}),
        ...(o.stroke ? { borderColor: hex(o.stroke), borderWidth: o.strokeWidth ?? 1 } : { borderWidth: 0 }),
      });
    },
    /** A PNG or JPEG image across at most `max` × `maxHeight` points at the cursor, which moves below it. */
    async image(bytes: Uint8Array, kind: 'png' | 'jpeg', max: number, maxHeight: number) {
      const img = kind === 'png' ? await doc.embedPng(bytes) : await doc.embedJpg(bytes);
      const k = Math.min(max / img.width, maxHeight / img.height);
      const [w, h] = [img.width * k, img.height * k];
      self.ensure(h);
      page.drawImage(img, { x: MARGIN + (max - w) / 2, y: pageSize[1] - y - h, width: w, height: h });
      y += h + 8;
    },
    /** Text at a place, not moving the cursor. */
    async label(text: string, x: number, top: number, style: TextStyle = {}) {
      drawLines(await wrap(text, style, width), x, top, style);
    },
    /** The finished document, every page with the footer and its number. */
    async save(): Promise<Uint8Array> {
      const pages = doc.getPages();
      for (const [i, p] of pages.entries()) {
        page = p;
        drawLines(await wrap(`${footer}　第 ${i + 1} / ${pages.length} 页`, { size: 8 }, width), MARGIN, pageSize[1] - MARGIN + 6, { size: 8, color: '#868e96' });
      }
      return doc.save();
    },
  };
  return self;
}
