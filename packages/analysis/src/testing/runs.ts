/**
 * Test fixtures of the analysis stage (specs only; not built): a synthetic curation folder (esc50.arrow over 10
 * classes of 10 clips) and run folders whose audio clusters have a chosen spread.
 */
import * as path from 'node:path';
import { buildTable, mulberry32, writeArrowFile } from '@zsaudit/core';
import { ESC50_SCHEMA_ID, esc50Fields } from '@zsaudit/data-curation';
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

/** Writes `<dir>/esc50.arrow` for {@link clipIds}. */
export function writeEsc50(dir: string): void {
  writeArrowFile(
    path.join(dir, 'esc50.arrow'),
    buildTable(
      esc50Fields,
      {
        clip_id: clipIds,
        filename: clipIds.map((c) => c.split(':')[2]),
        path: clipIds.map(() => null),
        fold: clipIds.map((_, i) => 1 + (i % 5)),
        target: clipIds.map((_, i) => targetOf(i)),
        category: clipIds.map((_, i) => LABELS[targetOf(i)]),
        esc10: clipIds.map(() => false),
        src_file: clipIds.map((_, i) => String(i)),
        take: clipIds.map(() => 'A'),
      },
      ESC50_SCHEMA_ID,
    ),
  );
}

/**
 * A synthetic run folder `<root>/<id>` whose audio clusters have spread `sigma`: E_a around class centres shared
 * with the prompts' E_t, x_a a fixed linear map of E_a (24-d) plus noise; two prompt templates; 60 captions.
 */
export function makeRun(root: string, id: string, sigma: number, seed: number): string {
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
  const promptIds = [0, 1].flatMap((k) => LABELS.map((l) => `prompt:${k}:${l}`));
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
  });
  return dir;
}
