import * as path from 'node:path';
import { z } from 'zod';
import { resolveInside, writeFileAtomic } from '@zsaudit/core';
import { CurationInputError, type LoadedCorpus, type LoadOptions } from '../types';
import type { CsvRow } from './csv';
import {
  assertNotSource,
  audioDirFor,
  ClipCollector,
  clipIdOf,
  collectCsvClips,
  isFile,
  issueList,
  outsideRootMessage,
  readUtf8Strict,
  writeCsvSubset,
  type ClipDraft,
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
  const text = readUtf8Strict(file);
  try {
    return JSON.parse(text);
  } catch (err) {
    const msg = (err as Error).message;
    const pos = /position (\d+)/.exec(msg);
    const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : null;
    throw new CurationInputError(file, line, `malformed JSON: ${msg}`);
  }
}

/** The metadata of one group: `metadata/<group>_clips_info_FSD50K.json`, an object keyed by fname. */
function readGroupMetadata(
  root: string,
  group: Fsd50kGroup,
): { file: string; meta: Record<string, unknown> } {
  const file = path.join(root, 'metadata', `${group}_clips_info_FSD50K.json`);
  const doc = readJsonFile(file);
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new CurationInputError(file, null, 'expected a JSON object keyed by fname');
  }
  return { file, meta: doc as Record<string, unknown> };
}

/**
 * Checks one ground-truth row of a group and its metadata entry, claims its clip id and returns its draft, or
 * records why it is left out and returns null.
 */
function fsd50kDraft(
  c: ClipCollector,
  group: Fsd50kGroup,
  row: CsvRow,
  source: { file: string; row: number },
  metadata: { file: string; meta: Record<string, unknown> },
  audioDir: string | null,
): ClipDraft | null {
  const csvFile = source.file;
  const fname = row.values.fname.trim();
  if (audioDir !== null && fname !== '' && resolveInside(audioDir, `${fname}.wav`) === null) {
    c.exclude(csvFile, row.line, 'path-outside-root', outsideRootMessage(`${fname}.wav`, audioDir));
    return null;
  }
  if (fname === '' || /[\\/]/.test(fname)) {
    c.exclude(csvFile, row.line, 'invalid-value', `fname "${row.values.fname}" is not a clip name`);
    return null;
  }
  let split = 'eval';
  if (group === 'dev') {
    split = row.values.split.trim();
    if (split !== 'train' && split !== 'val') {
      c.exclude(csvFile, row.line, 'invalid-value', `split "${row.values.split}" is neither train nor val`);
      return null;
    }
  }
  const clipId = clipIdOf('fsd50k', split, fname);
  if (!c.claim(clipId, source)) return null;
  const { file: metadataFile, meta } = metadata;
  if (!Object.prototype.hasOwnProperty.call(meta, fname)) {
    c.exclude(csvFile, row.line, 'invalid-value', `no entry for fname ${fname} in ${metadataFile}`, clipId);
    return null;
  }
  const parsed = metadataEntry.safeParse(meta[fname]);
  if (!parsed.success) {
    const issues = issueList(parsed.error, '(entry)');
    c.exclude(
      csvFile,
      row.line,
      'invalid-value',
      `bad entry for fname ${fname} in ${metadataFile}: ${issues}`,
      clipId,
    );
    return null;
  }
  const m = parsed.data;
  return {
    corpus: 'fsd50k',
    split,
    sourceId: fname,
    source,
    fields: [
      ['title', m.title ?? ''],
      ['description', m.description ?? ''],
      ['tags', (m.tags ?? []).map(String).join(', ')],
    ],
    audio: audioDir ? { root: audioDir, name: `${fname}.wav` } : null,
  };
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

  const c = new ClipCollector(opts);
  const files: string[] = [];
  const loadGroup = (group: Fsd50kGroup, csvFile: string): Fsd50kGroupRaw => {
    const metadata = readGroupMetadata(abs, group);
    files.push(csvFile, metadata.file);
    const audioDir = opts.audio ? audioDirFor(opts.audio, group) : null;
    const kept: Record<string, unknown> = {};
    const csv = collectCsvClips(
      c,
      csvFile,
      group === 'dev' ? ['fname', 'labels', 'mids', 'split'] : ['fname', 'labels', 'mids'],
      group,
      (row, source) => fsd50kDraft(c, group, row, source, metadata, audioDir),
      (clip) => {
        if (c.keepRaw) kept[clip.sourceId] = metadata.meta[clip.sourceId];
      },
    );
    return { csv, metadataFile: metadata.file, metadata: kept };
  };

  const raw: Fsd50kRaw = {
    dev: loadGroup('dev', devCsv),
    eval: isFile(evalCsv) ? loadGroup('eval', evalCsv) : null,
  };
  return c.loaded('fsd50k', files, opts.audio, raw);
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
