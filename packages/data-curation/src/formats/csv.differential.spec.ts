import * as fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { mulberry32 } from '@zsaudit/core';
import { readCsvTable, type CsvReadOptions } from './csv';
import { CurationInputError, type Exclusion } from '../types';
import { fixtureTrees } from '../testing/fixtures';

const { file: write } = fixtureTrees('csv-diff');

/** What a reader made of a file: its header, rows and exclusions, or the message of the error it threw. */
type Outcome =
  | { error: string }
  | { header: string[]; rows: [number, string[]][]; exclusions: [number | null, string, string][] };

/**
 * The reader this package had before the streaming one, kept as the reference: csv-parse/sync over the whole
 * decoded file, configured as it was, a whole-text check of quoted fields first, and invalid UTF-8 found as the
 * replacement characters of a non-fatal decode (looked for only when a fatal decode failed). Returns what it
 * returned; a test-only copy, with its line-number bookkeeping, so the two can be compared on random files.
 */
function csvParseReference(file: string, requiredColumns: readonly string[]): Outcome {
  const bytes = fs.readFileSync(file);
  let text: string;
  let anyInvalid = false;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    anyInvalid = true;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const invalidLines = new Set<number>();
  if (anyInvalid) {
    text.split(/\r\n|\r|\n/).forEach((l, i) => {
      if (l.includes('\uFFFD')) invalidLines.add(i + 1);
    });
  }
  const exclusions: [number | null, string, string][] = [];
  const quote = quoteProblem(text);
  if (quote) return { error: new CurationInputError(file, quote.line, quote.message).message };
  const ends: number[] = [];
  const records = parse(text, {
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (err: (Error & { lines?: number }) | undefined) => {
      if (err?.lines != null) ends.push(err.lines);
      exclusions.push([err?.lines ?? null, 'malformed-row', 'unparsable CSV record']);
    },
  }) as unknown as { record: string[]; info: { lines: number } }[];
  if (records.length === 0) return { error: `${file}:1: empty CSV file: no header row` };
  const header = records[0].record.map((h) => h.trim());
  const missing = requiredColumns.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    return {
      error:
        `${file}:1: missing column(s) ${missing.map((m) => `"${m}"`).join(', ')}; ` +
        `header is ${header.map((h) => `"${h}"`).join(', ')}`,
    };
  }
  for (const r of records) ends.push(r.info.lines);
  ends.sort((a, b) => a - b);
  const firstLine = new Map<number, number>(ends.map((e, i) => [e, (ends[i - 1] ?? 0) + 1]));
  const rows: [number, string[]][] = [];
  for (const { record, info } of records.slice(1)) {
    const line = info.lines;
    const from = firstLine.get(line) ?? line;
    const bad = [...invalidLines].find((l) => l >= from && l <= line);
    if (bad !== undefined) {
      const at = bad !== line ? ` (on line ${bad})` : '';
      exclusions.push([line, 'invalid-encoding', `record holds bytes that are not valid UTF-8${at}`]);
    } else if (record.length !== header.length) {
      exclusions.push([
        line,
        'malformed-row',
        `record has ${record.length} fields, the header has ${header.length}`,
      ]);
    } else rows.push([line, record]);
  }
  return { header, rows, exclusions: sortExclusions(exclusions) };
}

/** The reference's check of quoted fields over the whole text (the streaming reader makes it as it reads). */
function quoteProblem(text: string): { line: number; message: string } | null {
  let line = 1;
  let fieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' && fieldStart) {
      const openedAt = line;
      let closed = false;
      for (i++; i < text.length; i++) {
        const q = text[i];
        if (q === '"') {
          if (text[i + 1] === '"') i++;
          else {
            closed = true;
            break;
          }
        } else if (q === '\n' || (q === '\r' && text[i + 1] !== '\n')) line++;
      }
      if (!closed) {
        return {
          line: openedAt,
          message:
            'a quoted field opens on this line and is never closed, so every later line would be read as part of it; ' +
            'close the quote (a quote inside a quoted field is written "")',
        };
      }
      // The old message named the UTF-16 unit after the quote, half of a character beyond U+FFFF: the whole one here.
      const next = i + 1 < text.length ? String.fromCodePoint(text.codePointAt(i + 1)!) : undefined;
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        return {
          line: openedAt,
          message:
            `a quoted field that opens on this line is closed and followed by ${JSON.stringify(next)} instead ` +
            'of a comma or a line end; the rows after it cannot be read reliably (a quote inside a quoted field ' +
            'is written "")',
        };
      }
      fieldStart = false;
      continue;
    }
    if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
    fieldStart = ch === ',' || ch === '\n' || ch === '\r';
  }
  return null;
}

const sortExclusions = (xs: [number | null, string, string][]) =>
  [...xs].sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0) || a[1].localeCompare(b[1]));

/** The streaming reader's outcome, in the reference's terms (a stray quote's message is csv-parse's own there). */
function streamed(file: string, requiredColumns: readonly string[], options?: CsvReadOptions): Outcome {
  try {
    const t = readCsvTable(file, requiredColumns, options);
    const short = (e: Exclusion): [number | null, string, string] => [
      e.row,
      e.reason,
      e.message.startsWith('unparsable CSV record') ? 'unparsable CSV record' : e.message,
    ];
    return {
      header: t.header,
      rows: t.rows.map((r) => [r.line, r.raw]),
      exclusions: sortExclusions(t.exclusions.map(short)),
    };
  } catch (err) {
    if (!(err instanceof CurationInputError)) throw err;
    return { error: err.message };
  }
}

const BREAKS = { LF: '\n', CRLF: '\r\n', CR: '\r' } as const;
const WORDS = ['dog', 'a b', ' padded ', 'café', '雨の音', '🎵 x', '42', '-', 'x y z'];
/** Byte sequences that are not UTF-8: a lone 0xFF, a lone continuation byte, a 3-byte character cut short. */
const INVALID = [Buffer.from([0xff]), Buffer.from([0x80]), Buffer.from([0xe2, 0x82])];

/**
 * A random CSV file as bytes. One kind of line break ends its records (the reference keeps the first one it meets
 * as the only record delimiter, see csv.ts); quoted fields hold commas, doubled quotes and LF or lone-CR line breaks
 * (never a CRLF, which csv-parse counts as two lines). Also: a BOM, empty lines, short and long records, stray
 * quotes in unquoted fields, invalid bytes, now and then a missing column or a broken quoted field.
 */
function randomCsv(rand: () => number): { bytes: Buffer; required: string[] } {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const chance = (p: number) => rand() < p;
  const brk = BREAKS[pick(['LF', 'CRLF', 'CR'] as const)];
  const parts: Buffer[] = [];
  const put = (s: string | Buffer) => parts.push(typeof s === 'string' ? Buffer.from(s) : s);
  if (chance(0.3)) put('\uFEFF');
  if (chance(0.1)) put(brk);
  const columns = chance(0.3) ? ['a', ' b ', 'c'] : ['a', 'b'];
  put(columns.join(',') + brk);
  const required = chance(0.05) ? ['a', 'z'] : ['a', 'b'];
  // Not with a missing column: the reference checked quoting over the whole file first, the streaming reader reads
  // the header first. Not in a CRLF file: the broken quote pairs the file's later quotes anew, so its CRLFs end up
  // inside quoted fields, where csv-parse counts two lines for each.
  const brokenAt = required.includes('z') || brk === '\r\n' || !chance(0.1) ? -1 : Math.floor(rand() * 8);
  // Quoted fields hold LF and lone-CR line breaks, unless a broken quote in the file can pair its quotes anew and
  // make one of them a record end that csv-parse does not take as one (any break but its record delimiter).
  const inQuotes = brokenAt === -1 ? ['\n', '\r', 'end\n', 'x\r'] : [brk];
  const quotedPieces = [...WORDS, ',', '""', ...inQuotes];
  const records = Math.floor(rand() * 10);
  for (let r = 0; r < records; r++) {
    if (chance(0.15)) put(brk);
    const n = chance(0.8) ? columns.length : pick([1, columns.length - 1, columns.length + 1]);
    // At most one stray quote a record, and none with invalid bytes: the reference reports each stray quote, and
    // it numbers the lines of a skipped record from its quote, so it would blame the next record for its bytes.
    const strayField = chance(0.1) ? Math.floor(rand() * n) : -1;
    const invalid = strayField === -1 && chance(0.12);
    const invalidField = Math.floor(rand() * n);
    for (let f = 0; f < n; f++) {
      if (f > 0) put(',');
      const bad = invalid && f === invalidField ? pick(INVALID) : null;
      if (r === brokenAt && f === 0) {
        put(chance(0.5) ? `"never closed${brk}` : `"closed"${pick(['x', 'é', ' '])}`);
        continue;
      }
      if (f === strayField) {
        put(`${pick(WORDS).trim() || 'w'}"${pick(WORDS)}`);
        continue;
      }
      if (chance(0.35)) {
        put('"');
        const pieces = 1 + Math.floor(rand() * 3);
        let last = '';
        for (let p = 0; p < pieces; p++) {
          const piece = pick(quotedPieces);
          // A CR followed by an LF would make a CRLF inside the field: keep them apart.
          put(last === '\r' && piece.startsWith('\n') ? `y${piece}` : piece);
          last = piece.slice(-1);
          if (bad && p === 0) {
            put(bad);
            last = '';
          }
        }
        put('"');
      } else {
        put(chance(0.15) ? '' : pick(WORDS));
        if (bad) put(bad);
      }
    }
    if (r < records - 1 || chance(0.7)) put(brk);
  }
  return { bytes: Buffer.concat(parts), required };
}

describe('streamCsvRows against the csv-parse reader it replaced', () => {
  it('returns the same header, rows, lines, exclusions and errors on 3,000 random files', () => {
    const rand = mulberry32(12);
    let compared = 0;
    const seen = { errors: 0, rows: 0, multiLineRows: 0, exclusions: new Set<string>() };
    for (let n = 0; n < 3000; n++) {
      const { bytes, required } = randomCsv(rand);
      const file = write(`r${n}.csv`, bytes);
      const expected = csvParseReference(file, required);
      const actual = streamed(file, required);
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        throw new Error(
          `file ${n} (${JSON.stringify(bytes.toString('latin1'))}) read differently:\n` +
            `  csv-parse: ${JSON.stringify(expected)}\n  streamed:  ${JSON.stringify(actual)}`,
        );
      }
      compared++;
      if ('error' in expected) seen.errors++;
      else {
        seen.rows += expected.rows.length;
        seen.multiLineRows += expected.rows.filter(([, raw]) => raw.some((v) => /[\r\n]/.test(v))).length;
        for (const [, reason, message] of expected.exclusions) {
          seen.exclusions.add(`${reason}: ${message.replace(/ \d+/g, ' N')}`);
        }
      }
    }
    expect(compared).toBe(3000);
    // The generator reaches every case it is meant to: errors, kept rows, each kind of exclusion.
    expect(seen.errors).toBeGreaterThan(100);
    expect(seen.rows).toBeGreaterThan(5000);
    expect(seen.multiLineRows).toBeGreaterThan(500);
    expect([...seen.exclusions].sort()).toEqual([
      'invalid-encoding: record holds bytes that are not valid UTF-8',
      'invalid-encoding: record holds bytes that are not valid UTF-8 (on line N)',
      'malformed-row: record has N fields, the header has N',
      'malformed-row: unparsable CSV record',
    ]);
  });

  it('reads 300 random files the same with buffers of 4 to 32 bytes as with one read', () => {
    const rand = mulberry32(34);
    for (let n = 0; n < 300; n++) {
      const { bytes, required } = randomCsv(rand);
      const file = write(`b${n}.csv`, bytes);
      const whole = streamed(file, required);
      for (const bufferSize of [4, 5, 7, 11, 32]) {
        const small = streamed(file, required, { bufferSize });
        if (JSON.stringify(small) !== JSON.stringify(whole)) {
          throw new Error(
            `file ${n} (${JSON.stringify(bytes.toString('latin1'))}) read with ${bufferSize}-byte buffers:\n` +
              `  ${JSON.stringify(small)}\n  one read: ${JSON.stringify(whole)}`,
          );
        }
      }
    }
  });
});
