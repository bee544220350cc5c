import { readCsvTable, streamCsvRows, type CsvRow } from './csv';
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
    // Read on, the quote would take lines 3-6 into one field and the reading would stop at the end of the file.
    const f = write('open.csv', 'a,b\n1,2\n"x,3\n4,5\n6,7\n');
    expect(() => readCsvTable(f, ['a'])).toThrow(CurationInputError);
    expect(() => readCsvTable(f, ['a'])).toThrow(
      `${f}:3: a quoted field opens on this line and is never closed`,
    );
    // A closed quote followed by text: the field's end is unclear, and a reader that goes on swallows the next rows.
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

  it('keeps a validly encoded U+FFFD as text, in a file that also has invalid bytes', () => {
    const body = Buffer.concat([
      Buffer.from('a,b\nreplacement \uFFFD char,1\n'),
      Buffer.from([0x62, 0xff, 0x2c, 0x32, 0x0a]),
      Buffer.from('\uFFFD,3\n'),
    ]);
    const t = readCsvTable(write('fffd.csv', body), ['a']);
    expect(t.rows.map((r) => [r.line, r.values.a])).toEqual([
      [2, 'replacement \uFFFD char'],
      [4, '\uFFFD'],
    ]);
    expect(t.exclusions).toEqual([expect.objectContaining({ row: 3, reason: 'invalid-encoding' })]);
  });

  it('takes every LF, CRLF and lone CR for a line break, and a CRLF inside a quoted field for one line', () => {
    // csv-parse kept the first break it met (LF here) as the only record delimiter: "2\r" and "3\r4" were fields.
    const t = readCsvTable(write('mixed.csv', 'a,b\n1,2\r\n3\r4,5\n"x\r\ny",6\r\n7,8'), ['a', 'b']);
    expect(t.exclusions).toEqual([expect.objectContaining({ row: 3, reason: 'malformed-row' })]);
    expect(t.rows.map((r) => [r.line, r.raw])).toEqual([
      [2, ['1', '2']],
      [4, ['4', '5']],
      [6, ['x\r\ny', '6']],
      [7, ['7', '8']],
    ]);
  });

  it('excludes a record with quotes inside unquoted fields once, on the line of the first', () => {
    const t = readCsvTable(write('stray.csv', 'a,b\n1,2\nx"y,"z\nw",z"z\n3,4\n'), ['a']);
    expect(t.rows.map((r) => r.values.a)).toEqual(['1', '3']);
    expect(t.exclusions).toEqual([
      expect.objectContaining({
        row: 3,
        reason: 'malformed-row',
        message: expect.stringContaining('on line 3'),
      }),
    ]);
  });

  it('does not blame the next record for the invalid bytes of a skipped record over several lines', () => {
    // The csv-parse reader numbered a skipped record's lines from its stray quote, so line 4 counted as the next one's.
    const body = Buffer.concat([
      Buffer.from('a,b\nx"y,"multi\nline'),
      Buffer.from([0xff]),
      Buffer.from('"\nok,1\n'),
    ]);
    const t = readCsvTable(write('skipped.csv', body), ['a']);
    expect(t.rows.map((r) => [r.line, r.values.a])).toEqual([[4, 'ok']]);
    expect(t.exclusions).toEqual([expect.objectContaining({ row: 2, reason: 'malformed-row' })]);
  });

  it('names the line of a header with a quote inside an unquoted field', () => {
    const f = write('bad-header.csv', '\na,b"\n1,2\n');
    expect(() => readCsvTable(f, ['a'])).toThrow(`${f}:2: the header has a quote inside an unquoted field`);
  });

  it('rejects an empty file and a file of empty lines', () => {
    for (const [name, body] of [
      ['empty.csv', ''],
      ['blank.csv', '\r\n\n\r'],
      ['bom.csv', '\uFEFF'],
    ]) {
      const f = write(name, body);
      expect(() => readCsvTable(f, [])).toThrow(`${f}:1: empty CSV file: no header row`);
    }
  });

  it('reads the same whatever the buffer size, with records, CRLFs, quotes and characters straddling reads', () => {
    const body = Buffer.concat([
      Buffer.from('\uFEFFid, text \r\n1,"say ""hi"", 🎵"\r\n\r\n2,"two\nlines"\r\n3,雨の音'),
      Buffer.from([0xe2, 0x82]),
      Buffer.from('\r\n4,"x\r\ny, é"\r\n5,🎵\r\n6,last'),
    ]);
    const f = write('straddle.csv', body);
    const expected = {
      header: ['id', 'text'],
      rows: [
        [2, ['1', 'say "hi", 🎵']],
        [5, ['2', 'two\nlines']],
        [8, ['4', 'x\r\ny, é']],
        [9, ['5', '🎵']],
        [10, ['6', 'last']],
      ],
      exclusions: [[6, 'invalid-encoding']],
    };
    // 4 bytes upwards: every record, CRLF, doubled quote and multi-byte character is cut by some buffer size.
    for (let bufferSize = 4; bufferSize <= body.length + 1; bufferSize++) {
      const rows: CsvRow[] = [];
      const r = streamCsvRows(f, ['id', 'text'], (row) => rows.push(row), { bufferSize });
      expect({
        header: r.header,
        rows: rows.map((row) => [row.line, row.raw]),
        exclusions: r.exclusions.map((e) => [e.row, e.reason]),
      }).toEqual(expected);
      expect(r.rows).toBe(rows.length);
    }
  });

  it('hands rows over as it reads, so an error after them comes after they were handed over', () => {
    const f = write('late-error.csv', `a,b\n${'1,2\n'.repeat(100)}"x"y,3\n`);
    const lines: number[] = [];
    expect(() => streamCsvRows(f, ['a'], (row) => lines.push(row.line), { bufferSize: 64 })).toThrow(
      `${f}:102: a quoted field that opens on this line is closed and followed by "y"`,
    );
    expect(lines).toHaveLength(100);
  });
});
