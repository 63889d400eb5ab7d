import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from './csv.ts';

describe('csv', () => {
  it('neutralises cells that a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-cmd')).toBe("'-cmd");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell(-5)).toBe('-5');
  });
  it('quotes commas, quotes and line breaks, and leaves plain text alone', () => {
    expect(csvLine(['晋城市', 'a,b', 'say "hi"', 'two\nlines', null])).toBe('晋城市,"a,b","say ""hi""","two\nlines",\r\n');
  });
});
