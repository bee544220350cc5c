import * as path from 'node:path';
import { z } from 'zod';
import { audioDirFor, readUtf8, writeFileAtomic } from '../io';
import { CurationInputError, type LoadedCorpus, type LoadOptions } from '../types';
import { readCsvTable } from './csv';
import {
  assertNotSource,
  ClipCollector,
  clipIdOf,
  csvFileRaw,
  isFile,
  writeCsvSubset,
  type CsvFileRaw,
} from './common';

/** FSD50K's two halves: `dev` (splits train and val) and `eval`. Audio and metadata are laid out per group. */
export type Fsd50kGroup = 'dev' | 'eval';

/** One group as read: its ground-truth CSV and its clip metadata, both kept to write the clean subset back. */
export interface Fsd50kGroupRaw {
  csv: CsvFileRaw;
  /** Absolute path of `metadata/<group>_clips_info_FSD50K.json`. */
  metadataFile: string;
  /** Metadata entries of the kept clips, keyed by fname, exactly as parsed. */
  metadata: Record<string, unknown>;
}

export interface Fsd50kRaw {
  dev: Fsd50kGroupRaw;
  eval: Fsd50kGroupRaw | null;
}

/** The text fields FSD50K contributes per clip, in this order. */
export const FSD50K_TEXT_FIELDS = ['title', 'description', 'tags'] as const;

const metadataEntry = z.object({
  title: z.string().nullable(),
  description: z.string().nullable(),
  tags: z.array(z.union([z.string(), z.number()])).nullable(),
});

/** Parses a JSON document, naming the file and (where the parser says where) the line of a syntax error. */
function readJsonFile(file: string): unknown {
  if (!isFile(file)) throw new CurationInputError(file, null, 'metadata file not found');
  const { text, invalidLines } = readUtf8(file);
  if (invalidLines.size > 0) {
    throw new CurationInputError(
      file,
      Math.min(...invalidLines),
      'file holds bytes that are not valid UTF-8',
    );
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    const msg = (err as Error).message;
    const pos = /position (\d+)/.exec(msg);
    const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : null;
    throw new CurationInputError(file, line, `malformed JSON: ${msg}`);
  }
}

/**
 * Loads FSD50K's clip texts (Freesound title, description and tags) for the clips listed in `ground_truth/dev.csv`
 * (and `eval.csv` when present), so they can be audited; bad rows become exclusions, never silent drops.
 *
 * Audio: `opts.audio` is a folder template whose `{split}` is filled with the group, `dev` for train and val clips
 * and `eval` for eval clips; the real layout is served by `<root>/FSD50K.{split}_audio`. Files are `<fname>.wav`.
 */
export function loadFsd50k(root: string, opts: LoadOptions = {}): LoadedCorpus<Fsd50kRaw> {
  const abs = path.resolve(root);
  const devCsv = path.join(abs, 'ground_truth', 'dev.csv');
  const evalCsv = path.join(abs, 'ground_truth', 'eval.csv');
  if (!isFile(devCsv)) throw new CurationInputError(devCsv, null, 'FSD50K ground-truth file not found');

  const c = new ClipCollector();
  const files: string[] = [];
  const loadGroup = (group: Fsd50kGroup, csvFile: string): Fsd50kGroupRaw => {
    const table = readCsvTable(
      csvFile,
      group === 'dev' ? ['fname', 'labels', 'mids', 'split'] : ['fname', 'labels', 'mids'],
    );
    const metadataFile = path.join(abs, 'metadata', `${group}_clips_info_FSD50K.json`);
    const doc = readJsonFile(metadataFile);
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
      throw new CurationInputError(metadataFile, null, 'expected a JSON object keyed by fname');
    }
    const meta = doc as Record<string, unknown>;
    files.push(csvFile, metadataFile);
    c.addAll(table.exclusions);
    const raw: Fsd50kGroupRaw = { csv: csvFileRaw(table, group), metadataFile, metadata: {} };
    const audioDir = opts.audio ? audioDirFor(opts.audio, group) : null;
    for (const row of table.rows) {
      const source = { file: csvFile, row: row.line };
      const fname = row.values.fname.trim();
      if (fname === '' || /[\\/]/.test(fname)) {
        c.exclude(csvFile, row.line, 'invalid-value', `fname "${row.values.fname}" is not a clip name`);
        continue;
      }
      let split = 'eval';
      if (group === 'dev') {
        split = row.values.split.trim();
        if (split !== 'train' && split !== 'val') {
          c.exclude(
            csvFile,
            row.line,
            'invalid-value',
            `split "${row.values.split}" is neither train nor val`,
          );
          continue;
        }
      }
      const clipId = clipIdOf('fsd50k', split, fname);
      if (!c.claim(clipId, source)) continue;
      if (!Object.prototype.hasOwnProperty.call(meta, fname)) {
        c.exclude(
          csvFile,
          row.line,
          'invalid-value',
          `no entry for fname ${fname} in ${metadataFile}`,
          clipId,
        );
        continue;
      }
      const parsed = metadataEntry.safeParse(meta[fname]);
      if (!parsed.success) {
        const issues = parsed.error.issues
          .map((i) => `${i.path.join('.') || '(entry)'}: ${i.message}`)
          .join('; ');
        c.exclude(
          csvFile,
          row.line,
          'invalid-value',
          `bad entry for fname ${fname} in ${metadataFile}: ${issues}`,
          clipId,
        );
        continue;
      }
      const m = parsed.data;
      const clip = c.add({
        corpus: 'fsd50k',
        split,
        sourceId: fname,
        source,
        fields: [
          ['title', m.title ?? ''],
          ['description', m.description ?? ''],
          ['tags', (m.tags ?? []).map(String).join(', ')],
        ],
        audioPath: audioDir ? path.join(audioDir, `${fname}.wav`) : null,
      });
      if (clip) {
        raw.csv.rows.push({ clipId, line: row.line, raw: row.raw });
        raw.metadata[fname] = meta[fname];
      }
    }
    return raw;
  };

  const raw: Fsd50kRaw = {
    dev: loadGroup('dev', devCsv),
    eval: isFile(evalCsv) ? loadGroup('eval', evalCsv) : null,
  };
  return { corpus: 'fsd50k', files, clips: c.clips, exclusions: c.exclusions, textOnly: !opts.audio, raw };
}

/** JSON object text with keys in the given order (JSON.parse/stringify would reorder numeric fnames). */
function orderedJson(entries: [string, unknown][]): string {
  if (entries.length === 0) return '{}\n';
  return `{\n${entries.map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n')}\n}\n`;
}

/**
 * Writes the kept clips back in FSD50K's layout (`ground_truth/<group>.csv` with the original header and fields,
 * `metadata/<group>_clips_info_FSD50K.json` with the original entries), so the clean set drops into FSD50K tooling.
 * Ids not in this corpus are ignored. Returns the written paths.
 */
export function exportCleanFsd50k(
  loaded: LoadedCorpus<Fsd50kRaw>,
  keep: ReadonlySet<string>,
  outDir: string,
): string[] {
  const written: string[] = [];
  for (const group of [loaded.raw.dev, loaded.raw.eval]) {
    if (!group) continue;
    const jsonOut = path.resolve(outDir, 'metadata', path.basename(group.metadataFile));
    assertNotSource(jsonOut, loaded.files);
    const csvOut = writeCsvSubset(
      group.csv,
      keep,
      path.join(outDir, 'ground_truth', path.basename(group.csv.file)),
      loaded.files,
    );
    const fnameCol = group.csv.header.indexOf('fname');
    const entries = group.csv.rows
      .filter((r) => keep.has(r.clipId))
      .map((r): [string, unknown] => {
        const fname = r.raw[fnameCol].trim();
        return [fname, group.metadata[fname]];
      });
    writeFileAtomic(jsonOut, orderedJson(entries));
    written.push(csvOut, jsonOut);
  }
  return written;
}
