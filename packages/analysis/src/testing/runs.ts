/**
 * Test fixtures of the analysis stage (specs only; not built): a synthetic curation output set (esc50.arrow over 10
 * classes of 10 clips) and run folders whose audio clusters have a chosen spread.
 */
import * as path from 'node:path';
import {
  buildTable,
  mulberry32,
  StagedOutput,
  writeArrowFile,
  writeFileAtomic,
  writeJsonAtomic,
} from '@zsaudit/core';
import { ESC50_SCHEMA_ID, esc50Fields, LABELS_KEY, PATHS_BASE_KEY } from '@zsaudit/data-curation';
import { writeEmbeddings } from '@zsaudit/models';
import { writeRun } from '../stage/run';

export const C = 10; // classes
const PER_CLASS = 10; // clips per class, two per fold
export const D = 16;
export const LABELS = [
  'dog',
  'rain',
  'crying_baby',
  'clock_tick',
  'sea_waves',
  'siren',
  'cow',
  'wind',
  'train',
  'snoring',
];

const gauss = (r: () => number) => Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());

export const clipIds = Array.from(
  { length: C * PER_CLASS },
  (_, i) => `esc50:test:${1 + (i % 5)}-${i}-A-${i % C}.wav`,
);
const targetOf = (i: number) => i % C;

/**
 * Writes an ESC-50 table (the curation stage's schema) for {@link clipIds} to `file`; `labels` renames the classes
 * (a run's own table with other class names).
 */
export function writeEsc50Table(file: string, labels: readonly string[] = LABELS): void {
  writeArrowFile(
    file,
    buildTable(
      esc50Fields,
      {
        clip_id: clipIds,
        filename: clipIds.map((c) => c.split(':')[2]),
        path: clipIds.map(() => null),
        audio_sha256: clipIds.map(() => null),
        fold: clipIds.map((_, i) => 1 + (i % 5)),
        target: clipIds.map((_, i) => targetOf(i)),
        category: clipIds.map((_, i) => labels[targetOf(i)]),
        esc10: clipIds.map(() => false),
        src_file: clipIds.map((_, i) => String(i)),
        take: clipIds.map(() => 'A'),
      },
      ESC50_SCHEMA_ID,
      // A text-only table: no audio paths to resolve, the base is the table's own folder.
      { [PATHS_BASE_KEY]: '.', [LABELS_KEY]: JSON.stringify(labels) },
    ),
  );
}

/**
 * Writes `<dir>` as a complete curation output set holding esc50.arrow: {@link writeEsc50Table}'s with `labels`, or
 * the bytes `content` in its place.
 */
export function writeEsc50(
  dir: string,
  table: { labels?: readonly string[]; content?: Uint8Array } = {},
): void {
  const staged = StagedOutput.begin(dir, 'curation');
  if (table.content) writeFileAtomic(staged.path('esc50.arrow'), table.content);
  else writeEsc50Table(staged.path('esc50.arrow'), table.labels);
  staged.commit();
}

/**
 * A synthetic run folder `<root>/<id>` whose audio clusters have spread `sigma`: E_a around class centres shared
 * with the prompts' E_t, x_a a fixed linear map of E_a (24-d) plus noise; two prompt templates (named with
 * `run.labels`); 60 captions; `run.esc50`: run.json's esc50.
 */
export function makeRun(
  root: string,
  id: string,
  sigma: number,
  seed: number,
  run: { labels?: readonly string[]; esc50?: string } = {},
): string {
  const labels = run.labels ?? LABELS;
  const r = mulberry32(seed);
  const centres = Float32Array.from({ length: C * D }, () => gauss(mulberry32(1000 + seed)) + gauss(r));
  for (let i = 0; i < C * D; i++) centres[i] = gauss(r) * 2;
  const map = Float32Array.from({ length: D * 24 }, () => gauss(r) / 4);
  const Ea = new Float32Array(clipIds.length * D);
  const xa = new Float32Array(clipIds.length * 24);
  clipIds.forEach((_, i) => {
    for (let d = 0; d < D; d++) Ea[i * D + d] = centres[targetOf(i) * D + d] + sigma * gauss(r);
    for (let o = 0; o < 24; o++) {
      let v = 0.05 * gauss(r);
      for (let d = 0; d < D; d++) v += Ea[i * D + d] * map[d * 24 + o];
      xa[i * 24 + o] = v;
    }
  });
  const promptIds = [0, 1].flatMap((k) => labels.map((l) => `prompt:${k}:${l}`));
  const Et = new Float32Array(promptIds.length * D);
  promptIds.forEach((_, p) => {
    for (let d = 0; d < D; d++) Et[p * D + d] = centres[(p % C) * D + d] + 0.2 * gauss(r);
  });
  const xt = Float32Array.from({ length: promptIds.length * 12 }, () => gauss(r));
  const capIds = Array.from({ length: 60 }, (_, i) => `clotho:development:${i}.wav#caption_1`);
  const capXt = Float32Array.from({ length: 60 * 12 }, () => gauss(r));
  const capEt = Float32Array.from(
    { length: 60 * D },
    (_, i) => capXt[Math.floor(i / D) * 12 + (i % 12)] + 0.1 * gauss(r),
  );
  const dir = path.join(root, id);
  const w = (name: string, ids: string[], v: Float32Array, dim: number) =>
    writeEmbeddings(path.join(dir, name), ids, v, dim, {});
  // E_a rows in another order than x_a: the stage pairs them by id
  const order = clipIds.map((_, i) => i).reverse();
  w('x_a.esc50.arrow', clipIds, xa, 24);
  w(
    'E_a.esc50.arrow',
    order.map((i) => clipIds[i]),
    Float32Array.from(order.flatMap((i) => Array.from(Ea.subarray(i * D, (i + 1) * D)))),
    D,
  );
  w('x_t.prompts.arrow', promptIds, xt, 12);
  w('E_t.prompts.arrow', promptIds, Et, D);
  w('x_t.captions.arrow', capIds, capXt, 12);
  w('E_t.captions.arrow', capIds, capEt, D);
  writeRun(dir, {
    schema: 'zsaudit.run/1',
    id,
    conditions: { sigma },
    backbones: { audio: 'synthetic-audio', text: 'synthetic-text' },
    esc50: run.esc50,
  });
  return dir;
}

/**
 * A finished models-stage folder `<dir>` holding, for each audio backbone of `backbones`, an x_a of the ESC-50
 * clips (`embeddings/<name>/x_a.esc50.arrow`, clustered by class) listed in models-summary.json with its source.
 */
export function writeModelsFolder(dir: string, backbones: readonly string[]): void {
  const outputs = backbones.map((name, k) => {
    const file = `embeddings/${name}/x_a.esc50.arrow`;
    const source = `test backbone ${name}`;
    const r = mulberry32(100 + k);
    const x = Float32Array.from({ length: clipIds.length * D }, (_, j) => {
      const i = Math.floor(j / D);
      return (j % D === targetOf(i) ? 3 : 0) + gauss(r);
    });
    writeEmbeddings(path.join(dir, file), clipIds, x, D, { 'zsaudit.source': source });
    return {
      file,
      backbone: name,
      modality: 'audio',
      input: 'esc50',
      rows: clipIds.length,
      excluded: 0,
      reused: false,
      source,
    };
  });
  writeJsonAtomic(path.join(dir, 'models-summary.json'), {
    schema: 'zsaudit.models.summary/2',
    shard: null,
    backbones: backbones.map((name) => ({
      name,
      modality: 'audio',
      sha256: '0'.repeat(64),
      dim: D,
      manifest: `backbones/${name}.json`,
    })),
    outputs,
    exclusions: [],
  });
}
