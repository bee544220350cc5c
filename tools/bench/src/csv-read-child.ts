/**
 * The measured side of the CSV benchmark: reads an AudioCaps-format train.csv with one reader, cold, in its own
 * process, and prints one JSON line (rows read, milliseconds, peak RSS):
 *
 *   node --import tsx csv-read-child.ts <csv-parse-sync|csv-parse-stream|ours> <train.csv>
 *
 * csv-parse is configured as the curation stage used it before it got its own reader (records with their line
 * numbers, ragged records kept, empty lines skipped, bad records skipped); `ours` is that reader, streamCsvRows.
 */
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parse as parseStream } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
// Not part of the package's API: the reader the loaders use, measured on its own.
import { streamCsvRows } from '../../../packages/data-curation/src/formats/csv';
import { CSV_READERS, type CsvReader, type CsvReadResult } from './csv-read';
import { peakRssKb } from './rss';

const CSV_PARSE_OPTIONS = {
  info: true,
  relax_column_count: true,
  skip_empty_lines: true,
  skip_records_with_error: true,
} as const;

async function read(reader: CsvReader, file: string): Promise<number> {
  if (reader === 'csv-parse-sync') {
    return (parseSync(fs.readFileSync(file, 'utf8'), CSV_PARSE_OPTIONS) as unknown[]).length - 1;
  }
  if (reader === 'csv-parse-stream') {
    let records = 0;
    await new Promise<void>((resolve, reject) => {
      const parser = fs
        .createReadStream(file, { highWaterMark: 1 << 20 })
        .pipe(parseStream(CSV_PARSE_OPTIONS));
      parser.on('data', () => records++);
      parser.on('end', resolve);
      parser.on('error', reject);
    });
    return records - 1;
  }
  return streamCsvRows(file, ['caption'], () => {}).rows;
}

async function main(): Promise<CsvReadResult> {
  const [reader, file, ...rest] = process.argv.slice(2);
  if (!CSV_READERS.includes(reader as CsvReader) || !file || rest.length > 0) {
    throw new Error(`usage: csv-read-child.ts <${CSV_READERS.join('|')}> <train.csv>`);
  }
  const t0 = performance.now();
  const rows = await read(reader as CsvReader, file);
  const ms = performance.now() - t0;
  return { reader, rows, ms, ...peakRssKb() };
}

void main().then((result) => process.stdout.write(JSON.stringify(result) + '\n'));
