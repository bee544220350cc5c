import { readCsvTable } from './csv';
import { CurationInputError } from '../types';
import { fixtureTrees } from '../testing/fixtures';

const { file: write } = fixtureTrees('csv');

describe('readCsvTable', () => {
  it('reads quoted fields and records short rows as exclusions with their line', () => {
    const t = readCsvTable(write('a.csv', 'a,b,c\n1,2,3\n4,5\n"x,y",7,8\n'), ['a', 'b']);
    expect(t.rows.map((r) => r.values.a)).toEqual(['1', 'x,y']);
    expect(t.rows.map((r) => r.line)).toEqual([2, 4]);
    expect(t.exclusions).toEqual([expect.objectContaining({ row: 3, reason: 'malformed-row' })]);
  });

  it('names the file and the missing column', () => {
    const f = write('b.csv', 'a,c\n1,2\n');
    expect(() => readCsvTable(f, ['a', 'b'])).toThrow(CurationInputError);
    expect(() => readCsvTable(f, ['a', 'b'])).toThrow(/b\.csv:1: missing column\(s\) "b"/);
  });

  it('excludes records with invalid UTF-8 and keeps the others', () => {
    const body = Buffer.concat([
      Buffer.from('a,b\nok,1\n'),
      Buffer.from([0x62, 0xff, 0x2c, 0x32, 0x0a]),
      Buffer.from('fine,3\n'),
    ]);
    const t = readCsvTable(write('c.csv', body), ['a']);
    expect(t.rows.map((r) => r.values.a)).toEqual(['ok', 'fine']);
    expect(t.exclusions).toEqual([expect.objectContaining({ row: 3, reason: 'invalid-encoding' })]);
  });

  it('names the line of the opening quote of a quoted field that is never closed', () => {
    // csv-parse stops at the end of the file (line 6) and would take lines 4-6 into one field.
    const f = write('open.csv', 'a,b\n1,2\n"x,3\n4,5\n6,7\n');
    expect(() => readCsvTable(f, ['a'])).toThrow(CurationInputError);
    expect(() => readCsvTable(f, ['a'])).toThrow(
      `${f}:3: a quoted field opens on this line and is never closed`,
    );
    // A closed quote followed by text: csv-parse loses its place there and swallows the next rows.
    const g = write('closed.csv', 'a,b\n1,2\n"x"y,3\n4,5\n');
    expect(() => readCsvTable(g, ['a'])).toThrow(/closed\.csv:3: a quoted field .* followed by "y"/);
    // Quoted fields over several lines, with escaped quotes, are fine.
    const ok = readCsvTable(write('ok.csv', 'a,b\n"x\n""y""",1\n2,3\n'), ['a']);
    expect(ok.rows.map((r) => [r.line, r.values.a])).toEqual([
      [3, 'x\n"y"'],
      [4, '2'],
    ]);
  });

  it('reads CR-only line endings (old Mac files) as line breaks, lines numbered as the file breaks them', () => {
    const lf = 'a,b\n1,2\n"x\ny",3\n4,5\n';
    const t = readCsvTable(write('mac.csv', lf.replace(/\n/g, '\r')), ['a', 'b']);
    expect(t.exclusions).toEqual([]);
    expect(t.rows.map((r) => [r.line, r.values.a, r.values.b])).toEqual([
      [2, '1', '2'],
      [4, 'x\ry', '3'],
      [5, '4', '5'],
    ]);
    // Invalid UTF-8 in a CR-only file is found on its own line (counting LFs would put it on line 1 and keep it).
    const bad = Buffer.concat([
      Buffer.from('a,b\rok,1\r'),
      Buffer.from([0x62, 0xff, 0x2c, 0x32, 0x0d]),
      Buffer.from('fine,3\r'),
    ]);
    const b = readCsvTable(write('mac-bad.csv', bad), ['a']);
    expect(b.rows.map((r) => r.values.a)).toEqual(['ok', 'fine']);
    expect(b.exclusions).toEqual([expect.objectContaining({ row: 3, reason: 'invalid-encoding' })]);
  });

  it('excludes a record spanning several lines when any of its lines holds invalid UTF-8', () => {
    const body = Buffer.concat([
      Buffer.from('a,b\n"x'),
      Buffer.from([0xff]),
      Buffer.from('\nmore",1\nfine,2\n'),
    ]);
    const t = readCsvTable(write('span.csv', body), ['a']);
    expect(t.rows.map((r) => r.values.a)).toEqual(['fine']);
    expect(t.exclusions).toEqual([
      expect.objectContaining({
        row: 3,
        reason: 'invalid-encoding',
        message: expect.stringContaining('on line 2'),
      }),
    ]);
  });

  it('strips a BOM from the header', () => {
    const t = readCsvTable(write('d.csv', '\uFEFFa,b\n1,2\n'), ['a']);
    expect(t.header).toEqual(['a', 'b']);
  });
});
