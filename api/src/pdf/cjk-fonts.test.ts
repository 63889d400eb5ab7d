import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { cjkFonts } from './cjk-fonts.ts';

describe('cjkFonts', () => {
  it('finds a font slice for Chinese, Latin and digits, and turns what none has into ?', async () => {
    const doc = await PDFDocument.create();
    const runs = await cjkFonts(doc).runs('选址 ABC 12.5 亩（50%）\u{10FFFD}');
    expect(runs.map((r) => r.text).join('')).toBe('选址 ABC 12.5 亩（50%）?');
    for (const r of runs) expect(r.font.widthOfTextAtSize(r.text, 10)).toBeGreaterThan(0);
    const page = doc.addPage();
    let x = 20;
    for (const r of runs) {
      page.drawText(r.text, { x, y: 700, size: 12, font: r.font });
      x += r.font.widthOfTextAtSize(r.text, 12);
    }
    const bytes = await doc.save();
    // Only the glyphs used are embedded: a few slices, not the 4.7 MB of the whole font.
    expect(bytes.length).toBeLessThan(200_000);
  });
});
