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
 * Reads a CSV file with a header row. A missing required column is an error; a record with the wrong field count,
 * unparsable quoting or invalid UTF-8 is excluded with its line and reason, and reading goes on.
 */
export function readCsvTable(file: string, requiredColumns: readonly string[]): CsvTable {
  const { text, invalidLines } = readUtf8(file);
  const exclusions: Exclusion[] = [];
  const exclude = (row: number | null, reason: Exclusion['reason'], message: string) =>
    exclusions.push({ file, row, clipId: null, textId: null, reason, message });

  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (err: (Error & { lines?: number }) | undefined) => {
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
  const rows: CsvRow[] = [];
  for (const { record, info } of records.slice(1)) {
    const line = info.lines;
    if (invalidLines.has(line)) {
      exclude(line, 'invalid-encoding', 'record holds bytes that are not valid UTF-8');
      continue;
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
