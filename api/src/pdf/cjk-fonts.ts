// Chinese text in PDFs without a system font: the Noto Sans SC web font the web app already bundles
// (@fontsource/noto-sans-sc), which comes as ~100 WOFF slices by Unicode range. Each slice is turned
// back into a plain TrueType font (WOFF 1 is the sfnt tables, each zlib-compressed), text is cut
// into runs by the slice that has each character, and pdf-lib embeds only the glyphs used.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { inflateSync } from 'node:zlib';
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';

/** The sfnt (TrueType/OpenType) font inside a WOFF 1.0 file. */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.toString('latin1', 0, 4) !== 'wOFF') throw new Error('not a WOFF font');
  const count = woff.readUInt16BE(12);
  const tables = Array.from({ length: count }, (_, i) => {
    const at = 44 + i * 20;
    const [offset, compressed, original] = [woff.readUInt32BE(at + 4), woff.readUInt32BE(at + 8), woff.readUInt32BE(at + 12)];
    const raw = woff.subarray(offset, offset + compressed);
    return { tag: woff.subarray(at, at + 4), checksum: woff.readUInt32BE(at + 16), data: compressed < original ? inflateSync(raw) : raw };
  });
  const head = Buffer.alloc(12 + 16 * count);
  woff.copy(head, 0, 4, 8); // the flavour: TrueType or CFF
  const power = 2 ** Math.floor(Math.log2(count));
  head.writeUInt16BE(count, 4);
  head.writeUInt16BE(power * 16, 6);
  head.writeUInt16BE(Math.log2(power), 8);
  head.writeUInt16BE(count * 16 - power * 16, 10);
  const parts: Buffer[] = [head];
  let offset = head.length;
  tables.forEach((t, i) => {
    const at = 12 + i * 16;
    t.tag.copy(head, at);
    head.writeUInt32BE(t.checksum, at + 4);
    head.writeUInt32BE(offset, at + 8);
    head.writeUInt32BE(t.data.length, at + 12);
    const padded = Buffer.alloc((t.data.length + 3) & ~3);
    t.data.copy(padded);
    parts.push(padded);
    offset += padded.length;
  });
  return Buffer.concat(parts);
}

interface Slice {
  bytes: Buffer;
  has: (codePoint: number) => boolean;
}

let slices: Map<string, Slice[]> | null = null;

/** The font's slices for a weight (400 or 700), read once. */
function slicesOf(weight: 400 | 700): Slice[] {
  slices ??= new Map();
  const key = String(weight);
  if (!slices.has(key)) {
    const dir = join(dirname(createRequire(import.meta.url).resolve('@fontsource/noto-sans-sc/package.json')), 'files');
    const files = readdirSync(dir).filter((f) => f.endsWith(`-${weight}-normal.woff`)).sort((a, b) => Number(/latin/.test(b)) - Number(/latin/.test(a)));
    slices.set(key, files.map((f) => {
      const bytes = woffToSfnt(readFileSync(join(dir, f)));
      const font = fontkit.create(bytes);
      return { bytes, has: (cp: number) => font.hasGlyphForCodePoint(cp) };
    }));
  }
  return slices.get(key)!;
}

export interface TextRun {
  font: PDFFont;
  text: string;
}

/** Fonts for one document: embeds the slices a text needs, lazily; characters no slice has become '?'. */
export function cjkFonts(doc: PDFDocument) {
  doc.registerFontkit(fontkit);
  const embedded = new Map<string, Promise<PDFFont>>();
  const embed = (weight: 400 | 700, i: number) => {
    const key = `${weight}:${i}`;
    if (!embedded.has(key)) embedded.set(key, doc.embedFont(slicesOf(weight)[i]!.bytes, { subset: true }));
    return embedded.get(key)!;
  };
  return {
    /** The text cut into runs, each with a font that has its characters. */
    async runs(text: string, weight: 400 | 700 = 400): Promise<TextRun[]> {
      const all = slicesOf(weight);
      const runs: { slice: number; text: string }[] = [];
      for (const ch of text.replace(/[\r\n\t]/g, ' ')) {
        let slice = all.findIndex((s) => s.has(ch.codePointAt(0)!));
        const c = slice < 0 ? '?' : ch;
        if (slice < 0) slice = all.findIndex((s) => s.has(63));
        const last = runs[runs.length - 1];
        if (last && last.slice === slice) last.text += c;
        else runs.push({ slice, text: c });
      }
      return Promise.all(runs.map(async (r) => ({ font: await embed(weight, r.slice), text: r.text })));
    },
  };
}
