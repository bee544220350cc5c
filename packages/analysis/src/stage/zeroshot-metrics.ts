/**
 * Zero-shot family of the analysis stage: the prompt tables as class-level text embeddings, and top-k accuracy of
 * E_a against them (overall, per fold, per class, confusion matrix).
 */
import { averagePromptEmbeddings, zeroShotEvaluate } from '../zeroshot';
import type { Esc50, Space } from './inputs';
import { readSpace } from './inputs';
import type { EntryRecorder } from './results';
import type { ClassRow, ConfusionRow } from './tables';

/** A prompt table in template-major order over every class: row k·C + c is template k of class c. */
export interface PromptSpace {
  x: Float32Array;
  dim: number;
  templates: number;
}

/**
 * Reads a prompt table (ids `prompt:<template>:<label>`), or null without a file. Every id must be a prompt of an
 * ESC-50 class, and every class needs a prompt for every template; errors name the file.
 */
export function readPrompts(file: string | undefined, esc: Esc50): PromptSpace | null {
  if (!file) return null;
  const s = readSpace(file);
  const byKey = new Map<string, number>();
  const templates = new Set<number>();
  s.ids.forEach((pid, r) => {
    const m = /^prompt:(\d+):(.+)$/.exec(pid);
    if (!m) throw new Error(`${file}: id "${pid}" is not a prompt id (prompt:<template>:<label>)`);
    if (!esc.classOf.has(m[2]))
      throw new Error(`${file}: prompt "${pid}" names a label that is not an ESC-50 class`);
    templates.add(Number(m[1]));
    byKey.set(`${m[1]}:${m[2]}`, r);
  });
  const t = [...templates].sort((a, b) => a - b);
  const C = esc.labels.length;
  const x = new Float32Array(t.length * C * s.dim);
  t.forEach((k, ki) =>
    esc.labels.forEach((label, c) => {
      const r = byKey.get(`${k}:${label}`);
      if (r === undefined) throw new Error(`${file}: no prompt for class "${label}" with template ${k}`);
      x.set(s.x.subarray(r * s.dim, (r + 1) * s.dim), (ki * C + c) * s.dim);
    }),
  );
  return { x, dim: s.dim, templates: t.length };
}

/**
 * `zeroshot.top<k>` and `zeroshot.top<k>.fold<f>` (k of `topK` up to the class count) of E_a against the
 * template-averaged prompts, with a row per class in `classes` and the non-zero confusion cells in `confusion`.
 *
 * @returns the class-level text embeddings (C × dim) and the clips per class, for the class-level pairing
 */
export function zeroShotMetrics(
  rec: EntryRecorder,
  rows: { classes: ClassRow[]; confusion: ConfusionRow[] },
  ea: Space,
  et: PromptSpace,
  clips: { targets: Int32Array; folds: Int32Array },
  labels: string[],
  topKs: readonly number[],
): { text: Float32Array; count: Int32Array } {
  const C = labels.length;
  const { targets, folds } = clips;
  const text = averagePromptEmbeddings(et.x, et.dim, C, et.templates);
  const topK = topKs.filter((k) => k <= C);
  const z = zeroShotEvaluate(ea.x, text, et.dim, targets, { folds, topK });
  topK.forEach((k) => rec.put(`zeroshot.top${k}`, z.accuracy[k]));
  for (const f of z.perFold) for (const k of topK) rec.put(`zeroshot.top${k}.fold${f.fold}`, f.accuracy[k]);
  const count = new Int32Array(C);
  for (const t of targets) count[t]++;
  labels.forEach((label, c) =>
    rows.classes.push({ run_id: rec.id, target: c, label, n: count[c], top1: z.perClass[c] }),
  );
  for (let t = 0; t < C; t++)
    for (let p = 0; p < C; p++)
      if (z.confusion[t * C + p])
        rows.confusion.push({
          run_id: rec.id,
          true_target: t,
          predicted_target: p,
          count: z.confusion[t * C + p],
        });
  return { text, count };
}
