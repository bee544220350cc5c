/**
 * Topology family of the analysis stage: NNGS, RSA, linear CKA and trustworthiness between paired spaces (x_a~E_a
 * over the test clips, E_a~E_t over the classes, x_t~E_t over the training captions).
 */
import { sampleIndices } from '@zsaudit/core';
import { linearCka, nngs, rsa, RSA_MAX_ITEMS } from '../topology';
import { trustworthiness } from '../tsne';
import type { AnalysisConfig } from './config';
import { alignTo, readSpace, takeRows, type Space } from './inputs';
import type { EntryRecorder } from './results';

type Metric = AnalysisConfig['topology']['metric'];

/** NNGS, RSA (Spearman), linear CKA and trustworthiness of one pairing; too few points is recorded, not thrown. */
export function pairMetrics(
  rec: EntryRecorder,
  pair: string,
  a: Space,
  b: Space,
  k: number,
  metric: Metric,
): void {
  const n = a.ids.length;
  if (k >= n) rec.skip(`nngs.${pair}`, `k = ${k} needs more than ${k} items, there are ${n}`);
  else rec.put(`nngs.${pair}`, nngs(a.x, a.dim, b.x, b.dim, { k, metric }));
  if (n < 3) rec.skip(`rsa.${pair}`, `${n} items; RSA needs 3`);
  else if (n > RSA_MAX_ITEMS) rec.skip(`rsa.${pair}`, `${n} items is more than RSA's ${RSA_MAX_ITEMS}`);
  else rec.put(`rsa.${pair}`, rsa(a.x, a.dim, b.x, b.dim, { metric, method: 'spearman' }).r);
  rec.put(`cka.${pair}`, linearCka(a.x, a.dim, b.x, b.dim));
  if (k >= n / 2) rec.skip(`trustworthiness.${pair}`, `k = ${k} must be below n / 2 = ${n / 2}`);
  else rec.put(`trustworthiness.${pair}`, trustworthiness(a.x, a.dim, b.x, b.dim, k));
}

/**
 * E_a~E_t at class level: each class's centroid of E_a against its (template-averaged) prompt embedding, over the
 * classes that have clips.
 *
 * @param ea    E_a of the test clips (n × dim)
 * @param text  one E_t row per class (C × dim)
 * @param count clips per class
 */
export function classPairMetrics(
  rec: EntryRecorder,
  ea: Space,
  text: Float32Array,
  targets: Int32Array,
  count: Int32Array,
  labels: string[],
  config: AnalysisConfig['topology'],
): void {
  const dim = ea.dim;
  const centroids = new Float32Array(labels.length * dim);
  for (let i = 0; i < targets.length; i++)
    for (let d = 0; d < dim; d++) centroids[targets[i] * dim + d] += ea.x[i * dim + d] / count[targets[i]];
  const withClips = labels.map((_, c) => c).filter((c) => count[c] > 0);
  pairMetrics(
    rec,
    'E_a~E_t',
    takeRows({ ids: labels, x: centroids, dim }, withClips),
    takeRows({ ids: labels, x: text, dim }, withClips),
    config.kClass,
    config.metric,
  );
}

/**
 * x_t~E_t over the training captions (`n.captions`), on a seeded sample of at most `maxCaptions` of them when
 * there are more (`n.captions.sampled`).
 *
 * @param seed the sample's seed (the stage passes the t-SNE seed)
 */
export function captionPairMetrics(
  rec: EntryRecorder,
  xtFile: string,
  etFile: string,
  config: AnalysisConfig['topology'],
  seed: number,
): void {
  const xt = readSpace(xtFile);
  const et = alignTo(readSpace(etFile), xt.ids, etFile);
  const n = xt.ids.length;
  const m = Math.min(n, config.maxCaptions);
  const rows = m < n ? sampleIndices(n, m, seed) : Int32Array.from({ length: n }, (_, i) => i);
  rec.put('n.captions', n);
  if (m < n) rec.put('n.captions.sampled', m);
  pairMetrics(rec, 'x_t~E_t', takeRows(xt, rows), takeRows(et, rows), config.kText, config.metric);
}
