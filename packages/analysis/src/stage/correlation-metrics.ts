/** Correlation family of the analysis stage: metric pairs correlated across runs, with a picture of each. */
import { bootstrapCorrelation, pearson, spearman } from '../stats';
import type { AnalysisConfig } from './config';
import { scatterSvg } from './plots';
import { slug, type AnalysisSummary, type PlotWriter } from './results';
import type { CorrelationRow, MetricRow } from './tables';

type Pair = AnalysisConfig['correlations']['pairs'][number];

/** The runs that have both metrics of `pair`, in first-seen order, with x and (transformed) y; non-finite left out. */
function pairedValues(
  byRun: Map<string, Map<string, number>>,
  pair: Pair,
): { runs: string[]; xs: number[]; ys: number[] } {
  const runs: string[] = [];
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [run, values] of byRun) {
    const x = values.get(pair.x);
    let y = values.get(pair.y);
    if (x === undefined || y === undefined) continue;
    if (pair.yTransform === 'log') y = y > 0 ? Math.log(y) : NaN;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    runs.push(run);
    xs.push(x);
    ys.push(y);
  }
  return { runs, xs, ys };
}

/**
 * Each configured pair across the runs: Pearson and Spearman r with p, a bootstrap interval of Pearson r, and
 * `plots/correlation.<x>__<y>.svg`; a pair with fewer than 3 runs, or whose correlation is undefined, is listed
 * in the summary's `correlationsSkipped`.
 */
export function correlateRuns(
  metrics: readonly MetricRow[],
  config: AnalysisConfig['correlations'],
  summary: AnalysisSummary,
  plots: PlotWriter,
): CorrelationRow[] {
  const byRun = new Map<string, Map<string, number>>();
  for (const m of metrics) {
    if (!byRun.has(m.run_id)) byRun.set(m.run_id, new Map());
    byRun.get(m.run_id)!.set(m.metric, m.value);
  }
  const correlations: CorrelationRow[] = [];
  for (const pair of config.pairs) {
    const { runs, xs, ys } = pairedValues(byRun, pair);
    if (xs.length < 3) {
      summary.correlationsSkipped.push({
        x: pair.x,
        y: pair.y,
        reason: `${xs.length} run(s) have both metrics; a correlation needs at least 3`,
      });
      continue;
    }
    let pr: { r: number; p: number };
    let sr: { r: number; p: number };
    try {
      pr = pearson(xs, ys);
      sr = spearman(xs, ys);
    } catch (err) {
      summary.correlationsSkipped.push({ x: pair.x, y: pair.y, reason: (err as Error).message });
      continue;
    }
    const ci = bootstrapCorrelation(xs, ys, {
      method: 'pearson',
      resamples: config.bootstrap,
      seed: config.seed,
    });
    correlations.push({
      x: pair.x,
      y: pair.y,
      y_transform: pair.yTransform,
      n: xs.length,
      pearson_r: pr.r,
      pearson_p: pr.p,
      spearman_r: sr.r,
      spearman_p: sr.p,
      ci_low: ci.low,
      ci_high: ci.high,
      confidence: 0.95,
      runs: runs.join(','),
    });
    summary.correlations.push({
      x: pair.x,
      y: pair.y,
      yTransform: pair.yTransform,
      n: xs.length,
      pearsonR: pr.r,
      pearsonP: pr.p,
    });
    const yName = pair.yTransform === 'log' ? `log ${pair.y}` : pair.y;
    plots.write(
      `correlation.${slug(pair.x)}__${slug(yName)}.svg`,
      scatterSvg({
        title: `${pair.x} vs ${yName}: Pearson r = ${pr.r.toFixed(3)} (p = ${pr.p.toPrecision(2)}), n = ${xs.length}`,
        x: xs,
        y: ys,
        xLabel: pair.x,
        yLabel: yName,
        pointLabels: runs,
        axes: true,
        fitLine: true,
      }),
    );
  }
  return correlations;
}
