import { describe, expect, it } from 'vitest';
import { csvCell, csvRow } from './csv-row.ts';

describe('csvRow', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\r\nlf', '"cr\r\nlf"'],
    ['=1+2', "'=1+2"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['=HYPERLINK("http://evil","x")', `"'=HYPERLINK(""http://evil"",""x"")"`],
    ['a=b', 'a=b'],
    ['', ''],
  ])('text %j → %j', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('writes numbers, booleans and empty cells as values, never prefixing a negative number', () => {
    expect(csvRow([-0.5, 3, true, false, null, undefined, Number.NaN])).toBe('-0.5,3,true,false,,,\r\n');
  });

  it('ends each record with CRLF', () => {
    expect(csvRow(['id', 'x,y'])).toBe('id,"x,y"\r\n');
  });
});
