/**
 * Benchmark of Barnes–Hut t-SNE (@zsaudit/analysis tsne) against scikit-learn's TSNE(method='barnes_hut') on the
 * same float32 matrices, in the same run: seeded clustered data (50 clusters, dim 1024), 2,000 rows, and 20,000 with
 * --large. Both sides use perplexity 30, 1000 iterations, PCA init, θ = 0.5, euclidean. Prints seconds, the ratio
 * ours/sklearn (target ≤ 1.0) and the trustworthiness (k = 10) of both embeddings (target: ours within 0.01 of
 * sklearn's); above 5,000 rows trustworthiness is computed on the same seeded sample of 2,000 rows for both.
 *
 * Ours is timed for the whole tsne() call (kNN, affinities, PCA, 1000 iterations) with the distance worker already
 * started by an untimed call (its start-up is printed); sklearn on fit_transform alone, in its own process, with
 * OpenMP on every core. "prep" is our time before the first iteration, estimated from the progress callbacks.
 *
 *   npx tsx tools/bench/src/analysis-tsne.ts [--large] [--sizes=2000,20000]
 *     [--seed=1]
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { closeDistanceWorker, nearestNeighbors, trustworthiness, tsne } from '@zsaudit/analysis';
import { sampleIndices } from '@zsaudit/core';
import { CLUSTERS, clusteredData, DIM } from './clusters';

const PYTHON = process.env.ZSAUDIT_BENCH_PYTHON ?? '/usr/bin/python3';
const PERPLEXITY = 30;
const TRUST_K = 10;
/** Rows on which trustworthiness is computed when there are more. */
const TRUST_SAMPLE = 2000;

/** Rows `rows` of an n × dim matrix. */
function takeRows(x: Float32Array, dim: number, rows: Int32Array): Float32Array {
  const out = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => out.set(x.subarray(r * dim, (r + 1) * dim), i * dim));
  return out;
}

function seconds(f: () => void): number {
  const t = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

interface SklearnResult {
  seconds: number;
  kl: number;
  iterations: number;
  sklearn: string;
  numpy: string;
  threads: number;
}

interface Row {
  n: number;
  ours: number;
  oursPrep: number;
  oursKl: number;
  sklearn: SklearnResult | null;
  trustRows: number;
  oursTrust: number;
  sklearnTrust: number | null;
}

function main(): void {
  const arg = (name: string, d: string) =>
    process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? d;
  const large = process.argv.includes('--large');
  const sizes = arg('sizes', large ? '2000,20000' : '2000')
    .split(',')
    .map(Number);
  const seed = Number(arg('seed', '1'));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zsaudit-bench-tsne-'));
  const rows: Row[] = [];
  try {
    // Start-up: the first large distance call starts the onnxruntime worker (and tsx in it when run from sources).
    const warm = clusteredData(256, 99).x;
    const startup = seconds(() => nearestNeighbors(warm, DIM, 10, { backend: 'onnx' }));

    for (const n of sizes) {
      const { x } = clusteredData(n, n);
      const xFile = path.join(tmp, `x${n}.f32`);
      const skFile = path.join(tmp, `sk${n}.f32`);
      fs.writeFileSync(xFile, Buffer.from(x.buffer, x.byteOffset, x.byteLength));

      const py = spawnSync(
        PYTHON,
        [
          path.join(__dirname, '..', 'python', 'sklearn_tsne.py'),
          xFile,
          String(n),
          String(DIM),
          String(PERPLEXITY),
          String(seed),
          skFile,
        ],
        { encoding: 'utf8', maxBuffer: 1 << 24 },
      );
      let sk: SklearnResult | null = null;
      let theirs: Float32Array | null = null;
      if (py.status === 0) {
        sk = JSON.parse(py.stdout.trim().split('\n').pop()!) as SklearnResult;
        const b = fs.readFileSync(skFile);
        theirs = new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
      } else
        console.error(
          `sklearn reference failed for n=${n}: ${(py.stderr || py.error?.message || '').trim().split('\n').pop()}`,
        );

      let y: Float32Array = new Float32Array(0);
      const marks: [number, number][] = [];
      let lastKl = NaN;
      const t0 = process.hrtime.bigint();
      const ours = seconds(() => {
        y = tsne(x, DIM, {
          perplexity: PERPLEXITY,
          seed,
          onProgress: (it, kl) => {
            marks.push([it, Number(process.hrtime.bigint() - t0) / 1e9]);
            lastKl = kl;
          },
        });
      });
      // Time before iteration 1 ≈ time at the first report − that many iterations at the average pace after it.
      const [firstIt, firstT] = marks[0];
      const [lastIt, lastT] = marks[marks.length - 1];
      const pace = (lastT - firstT) / Math.max(1, lastIt - firstIt);
      const oursPrep = firstT - firstIt * pace;

      const sample = n > TRUST_SAMPLE * 2.5 ? sampleIndices(n, TRUST_SAMPLE, seed) : null;
      const trust = (emb: Float32Array) =>
        sample
          ? trustworthiness(takeRows(x, DIM, sample), DIM, takeRows(emb, 2, sample), 2, TRUST_K)
          : trustworthiness(x, DIM, emb, 2, TRUST_K);
      rows.push({
        n,
        ours,
        oursPrep,
        oursKl: lastKl,
        sklearn: sk,
        trustRows: sample ? sample.length : n,
        oursTrust: trust(y),
        sklearnTrust: theirs ? trust(theirs) : null,
      });
    }

    const sk0 = rows.find((r) => r.sklearn)?.sklearn;
    const lines = [
      `analysis-tsne: Barnes–Hut t-SNE, perplexity ${PERPLEXITY}, 1000 iterations, PCA init, θ 0.5, ${CLUSTERS} clusters, dim ${DIM}, ` +
        `${os.cpus().length} CPU(s); sklearn ${sk0 ? `${sk0.sklearn} (${sk0.threads} OpenMP threads)` : 'unavailable'} via ${PYTHON}`,
      `  ours: start-up of the distance worker (first call, untimed below) ${startup.toFixed(2)} s`,
      `  ${'n'.padStart(6)}  ${'ours s'.padStart(8)}  ${'(prep)'.padStart(7)}  ${'sklearn s'.padStart(9)}  ${'ours/sklearn'.padStart(12)}  ` +
        `${'T ours'.padStart(8)}  ${'T sklearn'.padStart(9)}  ${'|ΔT|'.padStart(7)}  ${'KL ours'.padStart(7)}  ${'KL sk'.padStart(6)}`,
    ];
    for (const r of rows) {
      const ratio = r.sklearn ? r.ours / r.sklearn.seconds : NaN;
      const dT = r.sklearnTrust !== null ? Math.abs(r.oursTrust - r.sklearnTrust) : NaN;
      lines.push(
        `  ${String(r.n).padStart(6)}  ${r.ours.toFixed(2).padStart(8)}  ${r.oursPrep.toFixed(1).padStart(7)}  ` +
          `${(r.sklearn?.seconds.toFixed(2) ?? '-').padStart(9)}  ${ratio.toFixed(2).padStart(12)}  ` +
          `${r.oursTrust.toFixed(4).padStart(8)}  ${(r.sklearnTrust?.toFixed(4) ?? '-').padStart(9)}  ${dT.toFixed(4).padStart(7)}  ` +
          `${r.oursKl.toFixed(3).padStart(7)}  ${(r.sklearn?.kl.toFixed(3) ?? '-').padStart(6)}` +
          (r.trustRows < r.n ? `   (T on a seeded sample of ${r.trustRows} rows, the same for both)` : ''),
      );
    }
    lines.push(`  targets: ours/sklearn ≤ 1.0, |ΔT| ≤ 0.01 (T = trustworthiness, k = ${TRUST_K})`);
    if (!sizes.some((n) => n >= 20000)) lines.push('  (20,000 rows: add --large; a few minutes)');
    console.log(lines.join('\n'));
    const resultsDir = path.join(__dirname, '..', 'results');
    fs.mkdirSync(resultsDir, { recursive: true });
    fs.writeFileSync(
      path.join(resultsDir, 'analysis-tsne.json'),
      JSON.stringify(
        {
          date: new Date().toISOString(),
          dim: DIM,
          clusters: CLUSTERS,
          perplexity: PERPLEXITY,
          seed,
          startupSeconds: startup,
          rows,
        },
        null,
        2,
      ) + '\n',
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
    void closeDistanceWorker();
  }
}

try {
  main();
} catch (err) {
  console.error(`bench analysis-tsne: ${(err as Error).message}`);
  process.exitCode = 1;
}
