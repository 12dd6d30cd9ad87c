import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './open-data.csv.ts';

describe('CSV for open data', () => {
  it('quotes what needs quoting and defuses formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell(' =HYPERLINK("http://example.org")')).toBe('"\' =HYPERLINK(""http://example.org"")"');
    expect(csvCell('\n@SUM(A1)')).toBe('"\'\n@SUM(A1)"');
    expect(csvCell('\u00a0+1')).toBe("'\u00a0+1");
    expect(csvCell('a = b')).toBe('a = b');
    expect(csvCell(-1)).toBe('-1');
    expect(csvCell(null)).toBe('');
  });

  it('writes a header and CRLF lines', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          [1, 'x'],
          [2, null],
        ],
      ),
    ).toBe('a,b\r\n1,x\r\n2,\r\n');
  });
});
