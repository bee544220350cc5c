import { parse } from 'csv-parse/sync';
import { readUtf8 } from '@zsaudit/core';
import { CurationInputError, type Exclusion } from '../types';

export interface CsvRow {
  /** 1-based line on which the record ends in the file (the header is line 1). */
  line: number;
  values: Record<string, string>;
  /** The record's fields in file order, kept for writing the file back. */
  raw: string[];
}

export interface CsvTable {
  file: string;
  header: string[];
  rows: CsvRow[];
  exclusions: Exclusion[];
}

/**
 * A line break as csv-parse counts them: LF, CRLF, or a lone CR. Old Mac files (Excel's "CSV (Macintosh)") end
 * lines with CR only; they are read as the line breaks their writer meant, and lines are numbered the same way.
 */
export const LINE_BREAK = /\r\n|\r|\n/;

/** The 1-based lines of decoded text that hold a replacement character (where the bytes were not valid UTF-8). */
function linesWithInvalidBytes(text: string): Set<number> {
  const lines = new Set<number>();
  text.split(LINE_BREAK).forEach((l, i) => {
    if (l.includes('\uFFFD')) lines.add(i + 1);
  });
  return lines;
}

/**
 * The first quoted field that breaks the file's structure, or null: a quote never closed (csv-parse reports it at
 * the end of the file, where its reading stopped, and every line after the quote would be one field) or a closing
 * quote followed by something other than a comma or a line end (csv-parse loses its place there and swallows the
 * next rows). Named by the line of the field's opening quote, where the user has to look. A quote opens a field
 * only at its start; `""` inside a quoted field is an escaped quote.
 */
export function quoteProblem(text: string): { line: number; message: string } | null {
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
      const next = text[i + 1];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        return {
          line: openedAt,
          message:
            `a quoted field that opens on this line is closed and followed by ${JSON.stringify(next)} instead of a ` +
            'comma or a line end; the rows after it cannot be read reliably (a quote inside a quoted field is written "")',
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

/**
 * Reads a CSV file with a header row. A missing required column is an error, and so is a quoted field that breaks
 * the file's structure ({@link quoteProblem}), named by the line of its opening quote; a record with the wrong
 * field count, a stray quote inside an unquoted field or invalid UTF-8 is excluded with its line and reason, and
 * reading goes on.
 */
export function readCsvTable(file: string, requiredColumns: readonly string[]): CsvTable {
  const read = readUtf8(file);
  const text = read.text;
  // readUtf8 numbers lines by LF only; a CR-only file needs them counted as csv-parse does.
  const invalidLines = read.invalidLines.size > 0 ? linesWithInvalidBytes(text) : read.invalidLines;
  const exclusions: Exclusion[] = [];
  const exclude = (row: number | null, reason: Exclusion['reason'], message: string) =>
    exclusions.push({ file, row, clipId: null, textId: null, reason, message });

  const quote = quoteProblem(text);
  if (quote) throw new CurationInputError(file, quote.line, quote.message);

  let records: { record: string[]; info: { lines: number } }[];
  // End lines of every record, parsed or skipped, so each record's first line is known (records can span lines).
  const ends: number[] = [];
  try {
    records = parse(text, {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (err: (Error & { lines?: number }) | undefined) => {
        if (err?.lines != null) ends.push(err.lines);
        exclude(
          err?.lines ?? null,
          'malformed-row',
          `unparsable CSV record: ${err?.message ?? 'unknown error'}`,
        );
      },
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    const e = err as Error & { lines?: number };
    throw new CurationInputError(file, e.lines ?? null, `cannot parse CSV: ${e.message}`);
  }
  if (records.length === 0) throw new CurationInputError(file, 1, 'empty CSV file: no header row');
  const header = records[0].record.map((h) => h.trim());
  const missing = requiredColumns.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new CurationInputError(
      file,
      1,
      `missing column(s) ${missing.map((m) => `"${m}"`).join(', ')}; header is ${header.map((h) => `"${h}"`).join(', ')}`,
    );
  }
  ends.push(...records.map((r) => r.info.lines));
  ends.sort((a, b) => a - b);
  const firstLine = new Map<number, number>(ends.map((e, i) => [e, (ends[i - 1] ?? 0) + 1]));
  const rows: CsvRow[] = [];
  for (const { record, info } of records.slice(1)) {
    const line = info.lines;
    if (invalidLines.size > 0) {
      const from = firstLine.get(line) ?? line;
      const bad = [...invalidLines].find((l) => l >= from && l <= line);
      if (bad !== undefined) {
        exclude(
          line,
          'invalid-encoding',
          `record holds bytes that are not valid UTF-8${bad !== line ? ` (on line ${bad})` : ''}`,
        );
        continue;
      }
    }
    if (record.length !== header.length) {
      exclude(line, 'malformed-row', `record has ${record.length} fields, the header has ${header.length}`);
      continue;
    }
    const values: Record<string, string> = {};
    header.forEach((h, i) => (values[h] = record[i]));
    rows.push({ line, values, raw: record });
  }
  return { file, header, rows, exclusions };
}
