/** Silhouette family of the analysis stage: ESC-50 classes in the audio spaces, prompt classes in the text spaces. */
import { silhouetteSamples, silhouetteScoreSampled } from '../silhouette';
import type { AnalysisConfig } from './config';
import type { Space } from './inputs';
import type { EntryRecorder } from './results';
import type { SilhouetteRow } from './tables';

/**
 * `silhouette.<space>.<metric>` with the clips' classes as labels: exact, with each clip's value in `rows`; or, when
 * `sampleSize` is below the row count, the sampled estimate and its standard error (`.stderr`).
 */
export function spaceSilhouettes(
  rec: EntryRecorder,
  rows: SilhouetteRow[],
  space: string,
  s: Space,
  targets: Int32Array,
  config: AnalysisConfig['silhouette'],
): void {
  for (const metric of config.metrics) {
    const name = `silhouette.${space}.${metric}`;
    if (config.sampleSize !== null && config.sampleSize < s.ids.length) {
      const est = silhouetteScoreSampled(s.x, s.dim, targets, {
        metric,
        sampleSize: config.sampleSize,
        seed: 0,
      });
      rec.put(name, est.score);
      rec.put(`${name}.stderr`, est.standardError);
      continue;
    }
    const values = silhouetteSamples(s.x, s.dim, targets, { metric });
    let sum = 0;
    values.forEach((v, i) => {
      sum += v;
      rows.push({ run_id: rec.id, space, metric, id: s.ids[i], target: targets[i], value: v });
    });
    rec.put(name, sum / values.length);
  }
}

/**
 * `silhouette.<space>.prompts.<metric>` over template-major prompt rows (row k·C + c is class c): each class's
 * templates form a cluster.
 */
export function promptSilhouettes(
  rec: EntryRecorder,
  space: string,
  p: { x: Float32Array; dim: number; templates: number },
  classes: number,
  metrics: AnalysisConfig['silhouette']['metrics'],
): void {
  const promptLabels = Int32Array.from({ length: p.templates * classes }, (_, r) => r % classes);
  for (const metric of metrics) {
    const v = silhouetteSamples(p.x, p.dim, promptLabels, { metric });
    rec.put(`silhouette.${space}.prompts.${metric}`, v.reduce((a, b) => a + b, 0) / v.length);
  }
}
