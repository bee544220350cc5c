/**
 * What the analysis stage reads: the curation stage's ESC-50 table (class and fold of each test clip), the entries
 * to analyse (each models-stage audio backbone's x_a, each run folder), and embedding tables as {@link Space}s.
 */
import * as path from 'node:path';
import { checkSafeName, verifyOutputFile } from '@zsaudit/core';
import { CURATION_STAGE, readEsc50Manifest } from '@zsaudit/data-curation';
import { readEmbeddings, readModelsOutputs } from '@zsaudit/models';
import type { AnalysisConfig } from './config';
import { checkArrowIpcFile, checkEmbeddingTable } from './arrow-input';
import { findRuns, loadRun, type LoadedRun } from './run';

/** A matrix of embeddings with its ids: rows × dim, row-major. */
export interface Space {
  ids: string[];
  x: Float32Array;
  dim: number;
}

export interface Esc50Clip {
  target: number;
  fold: number;
  label: string;
}

/** The ESC-50 test set as the curation stage lists it. */
export interface Esc50 {
  file: string;
  clips: Map<string, Esc50Clip>;
  /** Class names by target. */
  labels: string[];
  /** Target of each class name. */
  classOf: Map<string, number>;
}

/** One thing analysed: a run folder, or an audio backbone's x_a alone (before any training). */
export interface Entry {
  id: string;
  kind: 'run' | 'backbone';
  run?: LoadedRun;
  /** The x_a table. */
  xa: string;
  audio: string;
  text?: string;
  /** The ESC-50 table the entry is analysed against: run.json's `esc50`, else `--curation`'s (absolute). */
  esc50: string;
  /** The id as it appears in output file names (plots): a safe file name, unique among the entries. */
  fileKey: string;
}

/**
 * Reads an ESC-50 table through the curation stage's reader (schema, labels and categories checked; errors name
 * the file). The table must belong to a complete curation output set (the curation folder, or a copy of it in a run
 * folder) and be the file that run wrote: the set is checked first, so a file replaced since then is named as such
 * rather than as garbage.
 */
export function readEsc50(file: string): Esc50 {
  verifyOutputFile(path.dirname(file), path.basename(file), CURATION_STAGE);
  checkArrowIpcFile(file, 'the ESC-50 table');
  const manifest = readEsc50Manifest(file);
  const clips = new Map<string, Esc50Clip>();
  for (const c of manifest.clips) clips.set(c.id, { target: c.target, fold: c.fold, label: c.category });
  const { labels } = manifest;
  return { file, clips, labels, classOf: new Map(labels.map((l, t) => [l, t])) };
}

/**
 * Each audio backbone's x_a of the ESC-50 clips, from the models stage's summary: the stage's reader refuses a
 * folder whose run did not finish or whose files were replaced by another run.
 */
function backboneEntries(modelsDir: string, esc50: string): Omit<Entry, 'fileKey'>[] {
  return readModelsOutputs(modelsDir)
    .outputs.filter((o) => o.modality === 'audio' && o.input === 'esc50')
    .sort((a, b) => (a.backbone < b.backbone ? -1 : a.backbone > b.backbone ? 1 : 0))
    .map((o) => ({ id: `backbone:${o.backbone}`, kind: 'backbone', xa: o.path, audio: o.backbone, esc50 }));
}

/** A run folder's entry; a run without its x_a table is an error naming run.json. */
function runEntry(dir: string, esc50: string): Omit<Entry, 'fileKey'> {
  const run = loadRun(path.resolve(dir));
  if (!run.files.x_a)
    throw new Error(
      `${path.join(dir, 'run.json')}: the run has no x_a table (${run.descriptor.embeddings.x_a})`,
    );
  return {
    id: run.descriptor.id,
    kind: 'run',
    run,
    xa: run.files.x_a,
    audio: run.descriptor.backbones.audio,
    text: run.descriptor.backbones.text,
    esc50: run.esc50?.file ?? esc50,
  };
}

/** File-name form of an entry id: runs of other characters become "_" ("sigma=0.4" -> "sigma_0.4"). */
const fileKeyOf = (id: string): string => id.replace(/[^A-Za-z0-9._-]+/g, '_');

export interface EntrySources {
  /** The models stage's folder (its audio backbones' x_a), or none. */
  modelsDir?: string;
  /** Run folders; default: those under the config's `runs`, relative to `baseDir`. */
  runDirs?: string[];
  baseDir: string;
  /** The ESC-50 table of every entry whose run.json names none. */
  esc50: string;
}

/**
 * The entries to analyse, backbones first: every backbone of `modelsDir` (when given), then every run of `runDirs`
 * (default: the run folders under the config's `runs`, relative to `baseDir`). Ids must be unique, and so must
 * their file-name forms, which must be safe file names (outputs never land outside the output folder).
 */
export function collectEntries(config: AnalysisConfig, sources: EntrySources): Entry[] {
  const { modelsDir, runDirs, baseDir, esc50 } = sources;
  const found = modelsDir ? backboneEntries(modelsDir, esc50) : [];
  for (const dir of runDirs ?? findRuns(path.resolve(baseDir, config.runs))) found.push(runEntry(dir, esc50));
  const byId = new Map<string, Entry>();
  const byKey = new Map<string, Entry>();
  for (const e of found) {
    const where = e.run ? `${path.join(e.run.dir, 'run.json')}: id` : `${e.xa}: backbone name`;
    const entry: Entry = { ...e, fileKey: fileKeyOf(e.id) };
    checkSafeName(entry.fileKey, `${where} ${JSON.stringify(e.id)} as a file name`);
    if (byId.has(e.id)) throw new Error(`two runs have the id "${e.id}"`);
    const clash = byKey.get(entry.fileKey);
    if (clash)
      throw new Error(
        `${where}: "${e.id}" and "${clash.id}" have the same file name "${entry.fileKey}" (plots would overwrite each other)`,
      );
    byId.set(e.id, entry);
    byKey.set(entry.fileKey, entry);
  }
  return [...byId.values()];
}

/**
 * Checks every table the entries will read before any metric is computed, so a garbage, truncated or mis-typed
 * table fails the stage at once, naming the file, instead of after minutes of t-SNE.
 */
export function checkEntryTables(entries: readonly Entry[]): void {
  for (const e of entries) {
    checkEmbeddingTable(e.xa, `x_a of ${e.id}`);
    for (const [role, file] of Object.entries(e.run?.files ?? {}))
      if (file !== e.xa) checkEmbeddingTable(file, `${role} of ${e.id}`);
  }
}

/** An embedding table (the models stage's layout) as a space; an unreadable table is an error naming the file. */
export function readSpace(file: string): Space {
  let e: ReturnType<typeof readEmbeddings>;
  try {
    checkArrowIpcFile(file, 'an embedding table');
    e = readEmbeddings(file);
  } catch (err) {
    const message = (err as Error).message;
    if (message.includes(file)) throw err;
    throw new Error(`${file}: not a readable embedding table (${message})`);
  }
  return { ids: e.ids, x: e.vectors, dim: e.dim };
}

/** Rows of `s` reordered to `ids`; every id must be there (the two spaces of a pairing hold the same items). */
export function alignTo(s: Space, ids: readonly string[], what: string): Space {
  const row = new Map(s.ids.map((id, i) => [id, i]));
  const x = new Float32Array(ids.length * s.dim);
  ids.forEach((id, i) => {
    const r = row.get(id);
    if (r === undefined)
      throw new Error(`${what}: no row for id "${id}" (the two spaces must hold the same ids)`);
    x.set(s.x.subarray(r * s.dim, (r + 1) * s.dim), i * s.dim);
  });
  if (s.ids.length !== ids.length) {
    const wanted = new Set(ids);
    const extra = s.ids.find((id) => !wanted.has(id));
    throw new Error(`${what}: id "${extra}" has no counterpart in the other space`);
  }
  return { ids: [...ids], x, dim: s.dim };
}

/** The rows `rows` of `s`, in that order. */
export function takeRows(s: Space, rows: ArrayLike<number>): Space {
  const x = new Float32Array(rows.length * s.dim);
  const ids: string[] = [];
  for (let i = 0; i < rows.length; i++) {
    x.set(s.x.subarray(rows[i] * s.dim, (rows[i] + 1) * s.dim), i * s.dim);
    ids.push(s.ids[rows[i]]);
  }
  return { ids, x, dim: s.dim };
}
