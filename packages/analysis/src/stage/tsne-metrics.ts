/** t-SNE family of the analysis stage: a map of an audio space, its trustworthiness, and its picture. */
import { trustworthiness, tsne } from '../tsne';
import type { AnalysisConfig } from './config';
import type { Space } from './inputs';
import { scatterSvg } from './plots';
import { type EntryRecorder, type PlotWriter } from './results';
import type { TsneRow } from './tables';

/** Neighbours of the trustworthiness of a t-SNE map. */
const TRUST_K = 10;

/**
 * The t-SNE map of `space` (when the config lists it): coordinates in `rows`, `tsne.trustworthiness.<space>`
 * (k = 10, when there are more than 20 points) and `plots/tsne.<run>.<space>.svg`. Too few points for the
 * perplexity (n ≤ 3 · perplexity) is recorded as not computed.
 */
export function tsneMap(
  rec: EntryRecorder,
  rows: TsneRow[],
  plots: PlotWriter,
  space: 'x_a' | 'E_a',
  s: Space,
  targets: Int32Array,
  labels: readonly string[],
  config: AnalysisConfig['tsne'],
): void {
  if (!config.spaces.includes(space)) return;
  if (s.ids.length <= 3 * config.perplexity) {
    rec.skip(`tsne.${space}`, `${s.ids.length} points is too few for perplexity ${config.perplexity}`);
    return;
  }
  const y = tsne(s.x, s.dim, {
    perplexity: config.perplexity,
    seed: config.seed,
    iterations: config.iterations,
  });
  for (let i = 0; i < s.ids.length; i++)
    rows.push({ run_id: rec.id, space, id: s.ids[i], target: targets[i], x: y[2 * i], y: y[2 * i + 1] });
  if (TRUST_K < s.ids.length / 2)
    rec.put(`tsne.trustworthiness.${space}`, trustworthiness(s.x, s.dim, y, 2, TRUST_K));
  plots.write(
    `tsne.${rec.fileKey}.${space}.svg`,
    scatterSvg({
      title: `t-SNE of ${space}: ${rec.id}`,
      x: Array.from({ length: s.ids.length }, (_, i) => y[2 * i]),
      y: Array.from({ length: s.ids.length }, (_, i) => y[2 * i + 1]),
      groups: Array.from(targets),
      groupNames: labels,
      axes: false,
    }),
  );
}
