import * as path from 'node:path';
import type { LoadedCorpus, LoadOptions } from '../types';
import {
  audioDirFor,
  ClipCollector,
  clipIdOf,
  collectCsvClips,
  exportCsvFiles,
  inputFiles,
  listFiles,
  type CsvFileRaw,
} from './common';

/** Clotho's caption columns, in file order. */
export const CLOTHO_CAPTION_FIELDS = [
  'caption_1',
  'caption_2',
  'caption_3',
  'caption_4',
  'caption_5',
] as const;
const CLOTHO_COLUMNS = ['file_name', ...CLOTHO_CAPTION_FIELDS] as const;
const KNOWN_SPLITS = new Set(['development', 'evaluation', 'validation']);
const CAPTION_FILE_RE = /^clotho_captions_.+\.csv$/;

/** What Clotho keeps to write its clean subset back: one entry per caption file read. */
export interface ClothoRaw {
  files: CsvFileRaw[];
}

/** The split of a Clotho caption file: `clotho_captions_<split>.csv` for the three published splits, else the base name. */
export function clothoSplitOf(file: string): string {
  const base = path.basename(file, path.extname(file));
  const m = /^clotho_captions_(.+)$/.exec(base);
  return m && KNOWN_SPLITS.has(m[1]) ? m[1] : base;
}

/**
 * Loads Clotho captions from one `clotho_captions_<split>.csv` or from a folder holding them, so every caption can
 * be audited; bad rows become exclusions, never silent drops.
 */
export function loadClotho(input: string, opts: LoadOptions = {}): LoadedCorpus<ClothoRaw> {
  const files = inputFiles(
    input,
    (dir) => listFiles(dir, CAPTION_FILE_RE),
    'no clotho_captions_*.csv file in this folder',
  );
  const c = new ClipCollector(opts);
  const raw: ClothoRaw = {
    files: files.map((file) => {
      const split = clothoSplitOf(file);
      const audioDir = opts.audio ? audioDirFor(opts.audio, split) : null;
      return collectCsvClips(c, file, CLOTHO_COLUMNS, split, (row, source) => {
        const name = row.values.file_name;
        if (name.trim() === '') {
          c.exclude(file, row.line, 'invalid-value', 'file_name is empty');
          return null;
        }
        if (!c.claim(clipIdOf('clotho', split, name), source)) return null;
        return {
          corpus: 'clotho',
          split,
          sourceId: name,
          source,
          fields: CLOTHO_CAPTION_FIELDS.map((f) => [f, row.values[f]] as const),
          audio: audioDir ? { root: audioDir, name } : null,
        };
      });
    }),
  };
  return c.loaded('clotho', files, opts.audio, raw);
}

/**
 * Writes the kept clips back as Clotho caption files (same file names, header and field values), so the clean set
 * drops into any Clotho tooling. Ids not in this corpus are ignored. Returns the written paths.
 */
export function exportCleanClotho(
  loaded: LoadedCorpus<ClothoRaw>,
  keep: ReadonlySet<string>,
  outDir: string,
): string[] {
  return exportCsvFiles(loaded.raw.files, keep, outDir, loaded.files);
}
