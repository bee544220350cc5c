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

  it('strips a BOM from the header', () => {
    const t = readCsvTable(write('d.csv', '\uFEFFa,b\n1,2\n'), ['a']);
    expect(t.header).toEqual(['a', 'b']);
  });
});
