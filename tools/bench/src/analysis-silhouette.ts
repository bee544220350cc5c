/**
 * Benchmark of the exact silhouette score (@zsaudit/analysis silhouetteScore) against scikit-learn's
 * silhouette_score (BLAS-backed) on the same float32 matrices, in the same run: seeded clustered data, 50
 * labels, 2,000 × 1024 and 20,000 × 1024, euclidean and cosine. Prints seconds, the ratio ours/sklearn
 * (target ≤ 1.0) and |score difference| (target ≤ 1e-5); also the sampled estimate (silhouetteScoreSampled)
 * on the large case.
 *
 * Ours is timed warm (the distance worker started by an untimed call, whose time is printed as "start-up");
 * sklearn is timed on the silhouette_score call alone (imports and reads excluded), in its own process. Best
 * of `repeats` runs each for n ≤ 5,000; above, `large-repeats` rounds that alternate ours and sklearn (so
 * both see the same background load), best of each. A run takes about 2 minutes on 2 cores.
 *
 *   npx tsx tools/bench/src/analysis-silhouette.ts [--sizes=2000,20000]
 *     [--metrics=euclidean,cosine] [--repeats=5] [--large-repeats=2]
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { closeDistanceWorker, silhouetteScore, silhouetteScoreSampled } from '@zsaudit/analysis';
import { CLUSTERS, clusteredData, DIM } from './clusters';

const PYTHON = process.env.ZSAUDIT_BENCH_PYTHON ?? '/usr/bin/python3';
/** Rows of the sampled estimate on cases with more rows than this. */
const SAMPLE = 2000;

type Metric = 'euclidean' | 'cosine';

/** f's result and its wall time in seconds. */
function timed<T>(f: () => T): [T, number] {
  const t = process.hrtime.bigint();
  const r = f();
  return [r, Number(process.hrtime.bigint() - t) / 1e9];
}

interface SklearnRun {
  seconds: number;
  score: number;
  sklearn: string;
}

/** Best of `reps` silhouette_score calls in one Python process; null (with a message) if Python fails. */
function sklearnSilhouette(
  xFile: string,
  lFile: string,
  n: number,
  metric: Metric,
  reps: number,
): SklearnRun | null {
  const script = path.join(__dirname, '..', 'python', 'sklearn_silhouette.py');
  const py = spawnSync(PYTHON, [script, xFile, lFile, String(n), String(DIM), metric, `--repeats=${reps}`], {
    encoding: 'utf8',
  });
  if (py.status !== 0) {
    const why = (py.stderr || py.error?.message || '').trim().split('\n').pop();
    console.error(`sklearn reference failed for n=${n} ${metric}: ${why}`);
    return null;
  }
  return JSON.parse(py.stdout.trim().split('\n').pop()!) as SklearnRun;
}

interface Row {
  n: number;
  metric: Metric;
  ours: number;
  sklearn: number | null;
  oursScore: number;
  sklearnScore: number | null;
  sampled?: { seconds: number; score: number; standardError: number; sampleSize: number };
}

function main(): void {
  const arg = (name: string, d: string) =>
    process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? d;
  const sizes = arg('sizes', '2000,20000').split(',').map(Number);
  const metrics = arg('metrics', 'euclidean,cosine').split(',') as Metric[];
  const repeats = Number(arg('repeats', '5'));
  const largeRepeats = Number(arg('large-repeats', '2'));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zsaudit-bench-silhouette-'));
  const rows: Row[] = [];
  let sklearnVersion = '';
  try {
    // Start-up: the first onnxruntime call starts the worker thread (and tsx in it when run from sources).
    const warm = clusteredData(64, 99);
    const [, startup] = timed(() => silhouetteScore(warm.x, DIM, warm.labels, { backend: 'onnx' }));

    for (const n of sizes) {
      const { x, labels } = clusteredData(n, n);
      const xFile = path.join(tmp, `x${n}.f32`);
      const lFile = path.join(tmp, `labels${n}.i32`);
      fs.writeFileSync(xFile, Buffer.from(x.buffer, x.byteOffset, x.byteLength));
      fs.writeFileSync(lFile, Buffer.from(labels.buffer, labels.byteOffset, labels.byteLength));
      for (const metric of metrics) {
        const ours: { seconds: number; score: number }[] = [];
        const sklearn: SklearnRun[] = [];
        const runOurs = () => {
          const [score, sec] = timed(() => silhouetteScore(x, DIM, labels, { metric }));
          ours.push({ seconds: sec, score });
        };
        const runSklearn = (reps: number) => {
          const r = sklearnSilhouette(xFile, lFile, n, metric, reps);
          if (r) sklearn.push(r);
        };
        if (n <= 5000) {
          for (let r = 0; r < repeats; r++) runOurs();
          runSklearn(repeats);
        } else {
          // Slow runs alternate, best of each kept, so both sides see the same background load.
          for (let r = 0; r < largeRepeats; r++) {
            runOurs();
            runSklearn(1);
          }
        }
        const best = <T extends { seconds: number }>(runs: T[]) =>
          runs.length ? runs.reduce((a, b) => (b.seconds < a.seconds ? b : a)) : null;
        const o = best(ours)!;
        const ref = best(sklearn);
        if (ref) sklearnVersion = ref.sklearn;
        const row: Row = {
          n,
          metric,
          ours: o.seconds,
          sklearn: ref?.seconds ?? null,
          oursScore: o.score,
          sklearnScore: ref?.score ?? null,
        };
        if (n > SAMPLE) {
          const [est, sec] = timed(() =>
            silhouetteScoreSampled(x, DIM, labels, { metric, sampleSize: SAMPLE, seed: 1 }),
          );
          row.sampled = {
            seconds: sec,
            score: est.score,
            standardError: est.standardError,
            sampleSize: SAMPLE,
          };
        }
        rows.push(row);
      }
    }

    const lines = [
      `analysis-silhouette: exact silhouette score, ${CLUSTERS} labels, dim ${DIM}, float32 input, ${os.cpus().length} CPU(s); sklearn ${sklearnVersion || 'unavailable'} via ${PYTHON}`,
      `  ours: start-up of the distance worker (first call, untimed below) ${startup.toFixed(2)} s`,
      `  ${'n'.padStart(6)}  ${'metric'.padEnd(9)}  ${'ours s'.padStart(8)}  ${'sklearn s'.padStart(9)}  ${'ours/sklearn'.padStart(12)}  ${'|Δscore|'.padStart(9)}  score`,
    ];
    for (const r of rows) {
      const ratio = r.sklearn ? r.ours / r.sklearn : NaN;
      const diff = r.sklearnScore !== null ? Math.abs(r.oursScore - r.sklearnScore) : NaN;
      lines.push(
        `  ${String(r.n).padStart(6)}  ${r.metric.padEnd(9)}  ${r.ours.toFixed(3).padStart(8)}  ${(r.sklearn?.toFixed(3) ?? '-').padStart(9)}  ${ratio.toFixed(2).padStart(12)}  ${diff.toExponential(1).padStart(9)}  ${r.oursScore.toFixed(6)}`,
      );
      if (r.sampled)
        lines.push(
          `          sampled m=${r.sampled.sampleSize} seed 1: ${r.sampled.seconds.toFixed(3)} s, ${r.sampled.score.toFixed(4)} ± ${r.sampled.standardError.toFixed(4)} (SE); |estimate − exact| ${Math.abs(r.sampled.score - r.oursScore).toExponential(1)}`,
        );
    }
    lines.push('  targets: ours/sklearn ≤ 1.0, |Δscore| ≤ 1e-5');
    console.log(lines.join('\n'));
    const resultsDir = path.join(__dirname, '..', 'results');
    fs.mkdirSync(resultsDir, { recursive: true });
    fs.writeFileSync(
      path.join(resultsDir, 'analysis-silhouette.json'),
      JSON.stringify({ dim: DIM, clusters: CLUSTERS, startupSeconds: startup, rows }, null, 2) + '\n',
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
    void closeDistanceWorker();
  }
}

try {
  main();
} catch (err) {
  console.error(`bench analysis-silhouette: ${(err as Error).message}`);
  process.exitCode = 1;
}
