/**
 * What the analysis stage reads: the curation stage's ESC-50 table (class and fold of each test clip), the entries
 * to analyse (each models-stage audio backbone's x_a, each run folder), and embedding tables as {@link Space}s.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readArrowFile } from '@zsaudit/core';
import { ESC50_SCHEMA_ID } from '@zsaudit/data-curation';
import { readEmbeddings } from '@zsaudit/models';
import type { AnalysisConfig } from './config';
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
}

/** Reads `<curationDir>/esc50.arrow` (schema checked; errors name the file). */
export function readEsc50(curationDir: string): Esc50 {
  const file = path.join(path.resolve(curationDir), 'esc50.arrow');
  const clips = new Map<string, Esc50Clip>();
  const labels: string[] = [];
  for (const row of readArrowFile(file, ESC50_SCHEMA_ID)) {
    clips.set(row!.clip_id, { target: row!.target, fold: row!.fold, label: row!.category });
    labels[row!.target] = row!.category;
  }
  return { file, clips, labels, classOf: new Map(labels.map((l, t) => [l, t])) };
}

/** Each audio backbone under `<modelsDir>/embeddings` that has an x_a.esc50.arrow, by name. */
function backboneEntries(modelsDir: string): Entry[] {
  const root = path.join(path.resolve(modelsDir), 'embeddings');
  const entries: Entry[] = [];
  for (const name of fs.existsSync(root) ? fs.readdirSync(root).sort() : []) {
    const xa = path.join(root, name, 'x_a.esc50.arrow');
    if (fs.existsSync(xa)) entries.push({ id: `backbone:${name}`, kind: 'backbone', xa, audio: name });
  }
  return entries;
}

/** A run folder's entry; a run without its x_a table is an error naming run.json. */
function runEntry(dir: string): Entry {
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
  };
}

/**
 * The entries to analyse, backbones first: every backbone of `modelsDir` (when given), then every run of `runDirs`
 * (default: the run folders under the config's `runs`, relative to `baseDir`). Ids must be unique.
 */
export function collectEntries(
  config: AnalysisConfig,
  modelsDir: string | undefined,
  runDirs: string[] | undefined,
  baseDir: string,
): Entry[] {
  const entries = modelsDir ? backboneEntries(modelsDir) : [];
  for (const dir of runDirs ?? findRuns(path.resolve(baseDir, config.runs))) entries.push(runEntry(dir));
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.id)) throw new Error(`two runs have the id "${e.id}"`);
    seen.add(e.id);
  }
  return entries;
}

/** An embedding table (the models stage's layout) as a space; an unreadable table is an error naming the file. */
export function readSpace(file: string): Space {
  let e: ReturnType<typeof readEmbeddings>;
  try {
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
