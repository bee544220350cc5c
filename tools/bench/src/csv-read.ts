import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readClothoCaptions, writeAudioCapsTrain } from './corpus';
import {
  BENCH_ROOT,
  CLOTHO_DIR,
  DEFAULT_SIZES,
  PYTHON,
  SEED,
  checkSizes,
  runJsonChild,
  tsxChildArgs,
} from './curation';

export const CSV_READERS = ['csv-parse-sync', 'csv-parse-stream', 'ours'] as const;
export type CsvReader = (typeof CSV_READERS)[number];

export interface CsvReadResult {
  reader: string;
  /** Data rows read (the header not counted). */
  rows: number;
  ms: number;
  maxRssKb: number;
  ruMaxRssKb: number;
}

export interface CsvBenchResult {
  bench: 'csv';
  date: string;
  cpus: number;
  node: string;
  /** One per size: the corpus and each reader's result, Python's csv module last. */
  runs: { captions: number; bytes: number; results: CsvReadResult[] }[];
}

/**
 * Reads the curation bench's AudioCaps-format corpora (same writer, same seed) with each CSV reader, cold, each in
 * its own process: csv-parse's sync and stream APIs as the curation stage configured them, ours (streamCsvRows)
 * and Python's csv module, the read of the regex reference. Says why the stage has its own reader.
 */
export function benchCsvRead(opts: { sizes?: readonly number[] } = {}): CsvBenchResult {
  const sizes = checkSizes(opts.sizes ?? DEFAULT_SIZES);
  const captions = readClothoCaptions(CLOTHO_DIR);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zsaudit-bench-csv-'));
  try {
    const runs = sizes.map((size) => {
      const file = path.join(tmp, `train.${size}.csv`);
      writeAudioCapsTrain(file, captions, size, SEED);
      const results = CSV_READERS.map(
        (reader) =>
          runJsonChild<CsvReadResult>(process.execPath, tsxChildArgs('csv-read-child.ts', [reader, file]))
            .result,
      );
      results.push(
        runJsonChild<CsvReadResult>(PYTHON, [path.join(BENCH_ROOT, 'python', 'csv_read.py'), file]).result,
      );
      for (const r of results) {
        if (r.rows !== size) throw new Error(`${r.reader} read ${r.rows} rows of ${size}`);
      }
      const bytes = fs.statSync(file).size;
      fs.rmSync(file);
      return { captions: size, bytes, results };
    });
    return {
      bench: 'csv',
      date: new Date().toISOString(),
      cpus: os.cpus().length,
      node: process.version,
      runs,
    };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

const fmt = (x: number, digits = 0) =>
  x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function formatCsvTable(r: CsvBenchResult): string {
  const rows = [['file', 'reader', 'ms', 'rows/s', 'peak RSS, MB', 'time / python csv']];
  for (const run of r.runs) {
    const python = run.results[run.results.length - 1];
    for (const res of run.results) {
      rows.push([
        `${fmt(run.captions)} rows, ${fmt(run.bytes / 2 ** 20, 1)} MB`,
        res.reader,
        fmt(res.ms),
        fmt(res.rows / (res.ms / 1000)),
        fmt(res.maxRssKb / 1024, 1),
        `${fmt(res.ms / python.ms, 2)}x`,
      ]);
    }
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  const line = (row: string[]) =>
    row
      .map((cell, c) => (c === 0 || c === 1 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join('  ')
      .trimEnd();
  return [
    `csv: reading AudioCaps-format train.csv files, cold, one process per reader; ${r.cpus} CPU(s), node ${r.node}`,
    line(rows[0]),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.slice(1).map(line),
  ].join('\n');
}
