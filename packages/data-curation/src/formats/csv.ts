import { isUtf8 } from 'node:buffer';
import * as fs from 'node:fs';
import { CurationInputError, type Exclusion } from '../types';

export interface CsvRow {
  /** 1-based line on which the record ends in the file (the header is line 1). */
  line: number;
  values: Record<string, string>;
  /** The record's fields in file order, kept for writing the file back. */
  raw: string[];
}

/** What a streamed read returns once every row was handed over: the header and the per-row exclusions. */
export interface CsvStreamResult {
  file: string;
  header: string[];
  /** Records handed to `onRow`. */
  rows: number;
  exclusions: Exclusion[];
}

export interface CsvTable {
  file: string;
  header: string[];
  rows: CsvRow[];
  exclusions: Exclusion[];
}

export interface CsvReadOptions {
  /**
   * Bytes read from the file at a time (default 1 MiB). The buffer grows past it only to hold a single record
   * longer than that; tests set it tiny so that records, line breaks and characters straddle reads.
   */
  bufferSize?: number;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
const DEFAULT_BUFFER_SIZE = 1 << 20;

/**
 * Reads a CSV file with a header row; see {@link streamCsvRows} for what is checked and excluded. Holds every row:
 * for the small tables (label sets, ESC-50 and FSD50K metadata); caption files are streamed.
 */
export function readCsvTable(
  file: string,
  requiredColumns: readonly string[],
  options: CsvReadOptions = {},
): CsvTable {
  const rows: CsvRow[] = [];
  const r = streamCsvRows(file, requiredColumns, (row) => rows.push(row), options);
  return { file, header: r.header, rows, exclusions: r.exclusions };
}

/**
 * Streams a CSV file with a header row: each well-formed record goes to `onRow` in file order, and nothing of the
 * file is held beyond the record being read, so memory does not grow with the file.
 *
 * The file is RFC 4180 CSV in UTF-8 (a BOM is skipped): fields separated by commas, a field that holds commas,
 * quotes or line breaks is quoted whole and its quotes are doubled. A line break is LF, CRLF or a lone CR (old Mac
 * files, Excel's "CSV (Macintosh)"), and lines are numbered as an editor shows them, the header on line 1; a
 * record is named by the line on which it ends. Empty lines are skipped; the header's names are trimmed.
 *
 * Errors (CurationInputError, possibly after earlier rows were handed over): an empty file; a missing required
 * column (line 1); a quoted field that breaks the file's structure, named by the line of its opening quote, where
 * the user has to look: a quote never closed (every later line would be one field) or a closing quote followed
 * by something other than a comma or a line end (the rows after it cannot be read reliably).
 * Exclusions (the record is skipped, reading goes on): a quote inside an unquoted field, bytes that are not valid
 * UTF-8 (a validly encoded U+FFFD is text like any other), a field count other than the header's.
 *
 * Why a reader of its own rather than csv-parse, which the stage used before: `npm run bench -- --only=csv` in
 * tools/bench (cold, one process per reader, 2 CPUs) read the 50,000-caption AudioCaps-format file (4.1 MB) in
 * 461 ms with csv-parse's sync API and 545 ms with its stream API, the 500,000-caption one (41 MB) in 4.2 s and
 * 4.1 s, where Python's csv module takes 89 ms and 896 ms: the library's byte-at-a-time state machine is the cost,
 * whichever API. This reader takes 79 ms and 376 ms. It finds each delimiter with Buffer#indexOf (native, and not
 * searched again until the scan passes it), decodes a record without quotes as one string cut at its commas,
 * validates UTF-8 a buffer at a time with `isUtf8`, and decodes only the records it hands over.
 * csv-parse also numbered a CRLF inside a quoted field as two lines, and took the first line break it met for the
 * only record delimiter (in an LF file a lone CR stayed inside a field). On files with one kind of line break and
 * no CRLF inside quotes this reader returns what the csv-parse-based one did (csv.differential.spec.ts checks it),
 * except that a record with several stray quotes is one exclusion, not one per quote, a header with one is an
 * error (csv-parse took the next record for the header), and a validly encoded U+FFFD is text even in a file that
 * also has invalid bytes.
 */
export function streamCsvRows(
  file: string,
  requiredColumns: readonly string[],
  onRow: (row: CsvRow) => void,
  options: CsvReadOptions = {},
): CsvStreamResult {
  const exclusions: Exclusion[] = [];
  const exclude = (row: number, reason: Exclusion['reason'], message: string) =>
    exclusions.push({ file, row, clipId: null, textId: null, reason, message });

  const fd = fs.openSync(file, 'r');
  try {
    let buf = Buffer.allocUnsafe(Math.max(4, options.bufferSize ?? DEFAULT_BUFFER_SIZE));
    /** Bytes of data in `buf`. */
    let end = 0;
    /** File offset of buf[0]. */
    let base = 0;
    let eof = false;
    /** buf[0, checked) has been validated as UTF-8; it always ends after a line break (or at the end of the file). */
    let checked = 0;
    /** File offsets [start, end) of lines holding invalid UTF-8, ascending, two numbers a line. */
    const badLines: number[] = [];
    let badAt = 0;

    /** Validates buf[checked, last line break] in one native call; only when it fails, finds the bad lines. */
    const checkUtf8 = () => {
      let upTo = end;
      if (!eof) {
        while (upTo > checked && buf[upTo - 1] !== LF && buf[upTo - 1] !== CR) upTo--;
        if (upTo <= checked) return;
      }
      if (!isUtf8(buf.subarray(checked, upTo))) {
        // A multi-byte character never holds a byte below 0x80, so a line is valid exactly when its bytes are.
        let from = checked;
        for (let k = checked; k <= upTo; k++) {
          if (k === upTo || buf[k] === LF || buf[k] === CR) {
            if (k > from && !isUtf8(buf.subarray(from, k))) badLines.push(base + from, base + k);
            from = k + 1;
          }
        }
      }
      checked = upTo;
    };

    // Where the next quote, comma, LF and CR are at or after a position (`end` when there is none in the data), so
    // that each is searched for natively once and not again until the scan passes it; -1: not searched yet.
    let nextQuote = -1;
    let nextComma = -1;
    let nextLf = -1;
    let nextCr = -1;
    const find = (byte: number, from: number) => {
      const k = buf.indexOf(byte, from);
      return k === -1 || k >= end ? end : k;
    };
    const quoteAt = (from: number) => (nextQuote >= from ? nextQuote : (nextQuote = find(QUOTE, from)));
    const commaAt = (from: number) => (nextComma >= from ? nextComma : (nextComma = find(COMMA, from)));
    const lfAt = (from: number) => (nextLf >= from ? nextLf : (nextLf = find(LF, from)));
    const crAt = (from: number) => (nextCr >= from ? nextCr : (nextCr = find(CR, from)));
    /** Line breaks in buf[from, to), CRLF counted once. */
    const breaksIn = (from: number, to: number) => {
      let n = 0;
      for (let k = from; k < to; k++) if (buf[k] === CR || (buf[k] === LF && buf[k - 1] !== CR)) n++;
      return n;
    };

    /** Drops buf[0, keepFrom), reads more after what is kept (growing the buffer for a long record). */
    const refill = (keepFrom: number) => {
      if (keepFrom > 0) {
        buf.copyWithin(0, keepFrom, end);
        end -= keepFrom;
        base += keepFrom;
        checked = Math.max(0, checked - keepFrom);
      }
      if (end > buf.length / 2) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, end);
        buf = bigger;
      }
      const n = fs.readSync(fd, buf, end, buf.length - end, null);
      if (n === 0) eof = true;
      end += n;
      nextQuote = nextComma = nextLf = nextCr = -1;
      checkUtf8();
    };

    refill(0);
    while (!eof && end < 3) refill(0);
    let pos = end >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
    /** Line of the byte at `pos`. */
    let line = 1;
    /** The byte before `pos` was a CR ending a line: an LF at `pos` completes that CRLF. */
    let afterCr = false;

    let header: string[] | null = null;
    let rows = 0;
    // The current record's fields, when it has quotes: byte ranges of buf, and whether doubled quotes are to undo.
    const starts: number[] = [];
    const ends: number[] = [];
    const escaped: boolean[] = [];
    /** The fields of the record in buf[from, to), from starts/ends/escaped. */
    const quotedRecordFields = (from: number, to: number, count: number): string[] => {
      // No encoding argument: Buffer#toString then goes straight to its UTF-8 decoder (about 60 ns less a call).
      const text = buf.toString(undefined, from, to);
      // As many UTF-16 units as bytes: one byte a character, so the fields are cut from the record's text.
      const oneBytePerChar = text.length === to - from;
      const out = new Array<string>(count);
      for (let k = 0; k < count; k++) {
        const v = oneBytePerChar
          ? text.slice(starts[k] - from, ends[k] - from)
          : buf.toString(undefined, starts[k], ends[k]);
        out[k] = escaped[k] ? v.replaceAll('""', '"') : v;
      }
      return out;
    };

    records: for (;;) {
      if (pos >= end) {
        if (eof) break;
        refill(pos);
        pos = 0;
        continue;
      }
      const first = buf[pos];
      // Line breaks of empty lines, and the LF of a CRLF that ended the last record.
      if (first === LF) {
        if (!afterCr) line++;
        afterCr = false;
        pos++;
        continue;
      }
      if (first === CR) {
        line++;
        afterCr = true;
        pos++;
        continue;
      }
      afterCr = false;

      const recordStart = pos;
      let ln = line;
      /** The record is one line without quotes (most are): its fields are cut from its text, not from starts/ends. */
      let plain = false;
      let fields = 0;
      /** Line of the first quote inside an unquoted field, 0 if none. */
      let strayQuote = 0;
      /** Index of the byte that ended the record (a line break), or `end` at the end of the file. */
      let i = pos;
      let needMore = false;

      const lineEnd = Math.min(lfAt(pos), crAt(pos));
      if (lineEnd >= end && !eof) needMore = true;
      else if (quoteAt(pos) >= lineEnd) {
        i = lineEnd;
        plain = true;
      } else {
        for (;;) {
          // One field from buf[i].
          if (i >= end && !eof) {
            needMore = true;
            break;
          }
          if (i < end && buf[i] === QUOTE) {
            const openLine = ln;
            let j = i + 1;
            let esc = false;
            let closed = false;
            for (;;) {
              const q = quoteAt(j);
              if (Math.min(lfAt(j), crAt(j)) < q) ln += breaksIn(j, q);
              if (q >= end) break;
              if (q + 1 < end && buf[q + 1] === QUOTE) {
                esc = true;
                j = q + 2;
                continue;
              }
              if (q + 1 >= end && !eof) break;
              j = q;
              closed = true;
              break;
            }
            if (!closed) {
              if (!eof) {
                needMore = true;
                break;
              }
              throw new CurationInputError(
                file,
                openLine,
                'a quoted field opens on this line and is never closed, so every later line would be read as part ' +
                  'of it; close the quote (a quote inside a quoted field is written "")',
              );
            }
            starts[fields] = i + 1;
            ends[fields] = j;
            escaped[fields] = esc;
            fields++;
            i = j + 1;
            // Only at the end of the file: with more to read, the byte after a closing quote was waited for above.
            if (i >= end) break;
            const next = buf[i];
            if (next === COMMA) {
              i++;
              continue;
            }
            if (next === LF || next === CR) break;
            const nextChar = String.fromCodePoint(
              buf.toString('utf8', i, Math.min(end, i + 4)).codePointAt(0) ?? next,
            );
            throw new CurationInputError(
              file,
              openLine,
              `a quoted field that opens on this line is closed and followed by ${JSON.stringify(nextChar)} instead ` +
                'of a comma or a line end; the rows after it cannot be read reliably (a quote inside a quoted field ' +
                'is written "")',
            );
          }
          const fieldEnd = Math.min(commaAt(i), lfAt(i), crAt(i));
          if (fieldEnd >= end && !eof) {
            needMore = true;
            break;
          }
          // A quote opens a field only at its start; csv-parse skipped a record with one anywhere else.
          if (strayQuote === 0 && quoteAt(i) < fieldEnd) strayQuote = ln;
          starts[fields] = i;
          ends[fields] = fieldEnd;
          escaped[fields] = false;
          fields++;
          i = fieldEnd;
          if (i < end && buf[i] === COMMA) {
            i++;
            continue;
          }
          break;
        }
      }
      if (needMore) {
        refill(recordStart);
        pos = 0;
        continue records;
      }

      const recordLine = ln;
      const startLine = line;
      if (i >= end) pos = end;
      else {
        pos = i + 1;
        line = ln + 1;
        afterCr = buf[i] === CR;
      }

      if (strayQuote !== 0) {
        // csv-parse skipped such a header and took the next record for it, which only made a confusing error.
        if (header === null) {
          throw new CurationInputError(
            file,
            strayQuote,
            'the header has a quote inside an unquoted field (a field holding quotes is quoted whole, and each ' +
              'quote inside it is written "")',
          );
        }
        exclude(
          strayQuote,
          'malformed-row',
          `unparsable CSV record: a quote inside an unquoted field on line ${strayQuote} (a field holding quotes is ` +
            'quoted whole, and each quote inside it is written "")',
        );
        continue;
      }
      if (header !== null && badAt < badLines.length) {
        const from = base + recordStart;
        const to = base + i;
        while (badAt < badLines.length && badLines[badAt + 1] <= from) badAt += 2;
        if (badAt < badLines.length && badLines[badAt] < to) {
          const badLine = startLine + breaksIn(recordStart, Math.max(recordStart, badLines[badAt] - base));
          exclude(
            recordLine,
            'invalid-encoding',
            `record holds bytes that are not valid UTF-8${badLine !== recordLine ? ` (on line ${badLine})` : ''}`,
          );
          continue;
        }
      }
      let simple: string[] | null = null;
      if (plain) {
        // Decoded as one string and cut at its commas: half the time of a decode per field or String#split.
        const text = buf.toString(undefined, recordStart, i);
        simple = [];
        for (let from = 0; ;) {
          const comma = text.indexOf(',', from);
          if (comma === -1) {
            simple.push(text.slice(from));
            break;
          }
          simple.push(text.slice(from, comma));
          from = comma + 1;
        }
        fields = simple.length;
      }
      if (header === null) {
        const names: string[] = [];
        for (const name of simple ?? quotedRecordFields(recordStart, i, fields)) names.push(name.trim());
        const missing = requiredColumns.filter((col) => !names.includes(col));
        if (missing.length > 0) {
          throw new CurationInputError(
            file,
            1,
            `missing column(s) ${missing.map((m) => `"${m}"`).join(', ')}; header is ${names.map((h) => `"${h}"`).join(', ')}`,
          );
        }
        header = names;
        continue;
      }
      if (fields !== header.length) {
        exclude(recordLine, 'malformed-row', `record has ${fields} fields, the header has ${header.length}`);
        continue;
      }
      const raw = simple ?? quotedRecordFields(recordStart, i, fields);
      const values: Record<string, string> = {};
      for (let k = 0; k < fields; k++) values[header[k]] = raw[k];
      rows++;
      onRow({ line: recordLine, values, raw });
    }
    if (header === null) throw new CurationInputError(file, 1, 'empty CSV file: no header row');
    return { file, header, rows, exclusions };
  } finally {
    fs.closeSync(fd);
  }
}
