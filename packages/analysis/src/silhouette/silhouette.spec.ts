import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { mulberry32 } from '@zsaudit/core';
import { closeDistanceWorker, type DistanceBackend, type Metric } from '../linalg';
import { expectArraysClose, expectClose, itWithSklearn, PYTHON } from '@zsaudit/testing';
import { silhouetteSamples, silhouetteScore, silhouetteScoreSampled } from './index';
import { silhouetteSamplesBy } from './silhouette';

// ---- scikit-learn reference (@zsaudit/testing: skipped with a warning when missing, a failure under
// CI=true) --

/** sklearn.metrics.silhouette_samples and silhouette_score on the same float32 matrix (labels as float64). */
function sklearnSilhouette(
  x: Float32Array,
  dim: number,
  labels: ArrayLike<number>,
  metric: Metric,
  /** Hand sklearn the matrix as float64 (exact widening) rather than float32. */
  float64 = false,
): { samples: Float64Array; score: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zsaudit-silhouette-'));
  try {
    fs.writeFileSync(path.join(dir, 'x.f32'), Buffer.from(x.buffer, x.byteOffset, x.byteLength));
    fs.writeFileSync(path.join(dir, 'labels.f64'), Buffer.from(Float64Array.from(labels).buffer));
    const script = [
      'import sys, os, json',
      'import numpy as np',
      'from sklearn.metrics import silhouette_samples, silhouette_score',
      'd, dim, metric = sys.argv[1], int(sys.argv[2]), sys.argv[3]',
      'x = np.fromfile(os.path.join(d, "x.f32"), dtype="<f4").reshape(-1, dim)',
      'x = x.astype(np.float64) if sys.argv[4] == "1" else x',
      'labels = np.fromfile(os.path.join(d, "labels.f64"), dtype="<f8")',
      'np.asarray(silhouette_samples(x, labels, metric=metric), dtype="<f8").tofile(os.path.join(d, "out.f64"))',
      'print(json.dumps(float(silhouette_score(x, labels, metric=metric))))',
    ].join('\n');
    const r = spawnSync(PYTHON, ['-c', script, dir, String(dim), metric, float64 ? '1' : '0'], {
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`sklearn reference failed (${r.status}): ${r.stderr || r.error}`);
    const b = fs.readFileSync(path.join(dir, 'out.f64'));
    return {
      samples: new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)),
      score: JSON.parse(r.stdout.trim()) as number,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ---- data
// ---------------------------------------------------------------------------------------------------------

/**
 * n points in k seeded Gaussian clusters: centre ~ N(offset, 1) per coordinate, point = centre + N(0,
 * spread²); labels are the clusters, given as `labelValue(c)`.
 */
function clustered(
  n: number,
  dim: number,
  k: number,
  seed: number,
  opts: { spread?: number; offset?: number; labelValue?: (c: number) => number } = {},
): { x: Float32Array; labels: number[] } {
  const rand = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const centres = Array.from({ length: k * dim }, () => (opts.offset ?? 0) + normal());
  const x = new Float32Array(n * dim);
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i < k ? i : Math.floor(rand() * k); // every cluster non-empty
    labels.push((opts.labelValue ?? ((v) => v))(c));
    for (let d = 0; d < dim; d++) x[i * dim + d] = centres[c * dim + d] + (opts.spread ?? 0.7) * normal();
  }
  return { x, labels };
}

afterAll(() => closeDistanceWorker());

// ---- tests
// --------------------------------------------------------------------------------------------------------

describe('silhouette on hand-computed cases', () => {
  // 1-D points: cluster A = {0, 2}, B = {5, 6}, C = {20} (a singleton).
  const x = new Float32Array([0, 2, 5, 6, 20]);
  const labels = [1, 1, 2, 2, 3];
  // i=0: a = 2, b = min(mean(5, 6), 20) = 5.5 → 3.5 / 5.5;   i=1: a = 2, b = mean(3, 4) = 3.5 → 1.5 / 3.5
  // i=2: a = 1, b = mean(5, 3) = 4 → 3 / 4;                   i=3: a = 1, b = mean(6, 4) = 5 → 4 / 5
  // i=4: singleton → 0
  const want = [3.5 / 5.5, 1.5 / 3.5, 3 / 4, 4 / 5, 0];

  for (const backend of ['js', 'onnx'] as DistanceBackend[])
    it(`gives the textbook values, singleton 0 (euclidean, ${backend})`, () => {
      const s = silhouetteSamples(x, 1, labels, { backend });
      expectArraysClose(s, want, { abs: 1e-15 }, 'silhouette samples');
      expect(silhouetteScore(x, 1, labels, { backend })).toBeCloseTo(want.reduce((p, q) => p + q) / 5, 15);
    });

  it('gives the textbook values for cosine', () => {
    // Unit directions at 0°, 60° (cluster 0) and 180°, 240° (cluster 1): cosine distances 1 − cos Δθ.
    const deg = [0, 60, 180, 240].map((d) => (d * Math.PI) / 180);
    const v = new Float32Array(deg.flatMap((t) => [Math.cos(t), Math.sin(t)]));
    const d = (p: number, q: number) => 1 - Math.cos(deg[p] - deg[q]);
    const want = [0, 1, 2, 3].map((i) => {
      const mate = i ^ 1;
      const others = i < 2 ? [2, 3] : [0, 1];
      const a = d(i, mate);
      const b = (d(i, others[0]) + d(i, others[1])) / 2;
      return (b - a) / Math.max(a, b);
    });
    expectArraysClose(
      silhouetteSamples(v, 2, [0, 0, 1, 1], { metric: 'cosine' }),
      want,
      { abs: 1e-7 },
      'cosine samples',
    );
  });

  it('gives 0 where a = b = 0 (coincident points), as sklearn', () => {
    const dup = new Float32Array([1, 1, 1, 1, 1, 1]);
    expect(Array.from(silhouetteSamples(dup, 2, [0, 0, 1]))).toEqual([0, 0, 0]);
  });
});

describe('silhouette against sklearn', () => {
  const cases: {
    name: string;
    n: number;
    dim: number;
    k: number;
    metric: Metric;
    backend: DistanceBackend;
  }[] = [
    { name: 'small, JS products', n: 240, dim: 12, k: 6, metric: 'euclidean', backend: 'js' },
    { name: 'small, JS products', n: 240, dim: 12, k: 6, metric: 'cosine', backend: 'js' },
    { name: 'onnxruntime products', n: 1500, dim: 96, k: 25, metric: 'euclidean', backend: 'onnx' },
    { name: 'onnxruntime products', n: 1500, dim: 96, k: 25, metric: 'cosine', backend: 'onnx' },
  ];
  for (const c of cases)
    itWithSklearn(`matches silhouette_samples and silhouette_score to 1e-5 (${c.metric}, ${c.name})`, () => {
      // Non-contiguous, negative and fractional label values; offset data, as embeddings often are.
      const { x, labels } = clustered(c.n, c.dim, c.k, c.n + c.dim, {
        offset: 3,
        labelValue: (v) => (v % 3 === 0 ? -v : v + 0.5),
      });
      const ref = sklearnSilhouette(x, c.dim, labels, c.metric);
      const samples = silhouetteSamples(x, c.dim, labels, { metric: c.metric, backend: c.backend });
      expectArraysClose(samples, ref.samples, { abs: 1e-5 }, 'samples vs sklearn');
      expectClose(
        silhouetteScore(x, c.dim, labels, { metric: c.metric, backend: c.backend }),
        ref.score,
        { abs: 1e-5 },
        'score vs sklearn',
      );
    });

  itWithSklearn('matches sklearn with a singleton cluster and tight, far-off clusters', () => {
    // Offset 100, spread 0.05: ‖x‖² ≈ 6e5 against intra-cluster d² ≈ 0.3, where a float32 Gram fails. sklearn
    // upcasts float32 to float64 for euclidean, but computes cosine in float32: intra-cluster cosine
    // distances (~3e-7) drown in its rounding (s(i) off by 1e-3 here). Cosine is therefore checked against
    // sklearn on the same values widened to float64.
    const { x, labels } = clustered(400, 64, 8, 11, { spread: 0.05, offset: 100 });
    labels[7] = 99; // row 7 alone in its cluster
    for (const metric of ['euclidean', 'cosine'] as Metric[]) {
      const ref = sklearnSilhouette(x, 64, labels, metric, metric === 'cosine');
      const samples = silhouetteSamples(x, 64, labels, { metric, backend: 'onnx' });
      expect(samples[7]).toBe(0);
      expectArraysClose(samples, ref.samples, { abs: 1e-5 }, `${metric} samples vs sklearn`);
    }
  });
});

describe('exact silhouette: reductions and backends agree', () => {
  const { x, labels } = clustered(700, 20, 9, 5);

  it('sums (each pair once, n × k sums) equals rows (full rows), on both backends', () => {
    for (const metric of ['euclidean', 'cosine'] as Metric[]) {
      const ref = silhouetteSamplesBy(x, 20, labels, { metric, backend: 'js' }, 'rows');
      for (const backend of ['js', 'onnx'] as DistanceBackend[])
        for (const mode of ['sums', 'rows'] as const)
          expectArraysClose(
            silhouetteSamplesBy(x, 20, labels, { metric, backend }, mode),
            ref,
            { abs: 1e-13 },
            `${metric}, ${backend}, ${mode}`,
          );
    }
  });

  it('does not depend on the label values, only on the partition', () => {
    const renamed = labels.map((l) => 1000 - 7 * l);
    expectArraysClose(
      silhouetteSamples(x, 20, renamed),
      silhouetteSamples(x, 20, labels),
      { abs: 0 },
      'renamed',
    );
  });
});

describe('sampled silhouette', () => {
  const n = 1200;
  const { x, labels } = clustered(n, 16, 12, 21, { spread: 1.2 });
  const exact = silhouetteSamples(x, 16, labels);
  const exactScore = exact.reduce((p, q) => p + q) / n;

  it('computes exact s(i) for the sampled rows, reproducibly from the seed', () => {
    const r = silhouetteScoreSampled(x, 16, labels, { sampleSize: 150, seed: 3 });
    expect(r.sampleSize).toBe(150);
    expect(r.n).toBe(n);
    expect(new Set(r.indices).size).toBe(150);
    for (let q = 1; q < 150; q++) expect(r.indices[q]).toBeGreaterThan(r.indices[q - 1]);
    expectArraysClose(
      r.samples,
      Array.from(r.indices, (i) => exact[i]),
      { abs: 1e-12 },
      'sampled rows',
    );
    expect(r.score).toBeCloseTo(r.samples.reduce((p, q) => p + q) / 150, 14);
    const again = silhouetteScoreSampled(x, 16, labels, { sampleSize: 150, seed: 3 });
    expect(Array.from(again.indices)).toEqual(Array.from(r.indices));
    const other = silhouetteScoreSampled(x, 16, labels, { sampleSize: 150, seed: 4 });
    expect(Array.from(other.indices)).not.toEqual(Array.from(r.indices));
  });

  it('has a standard error that describes its spread around the exact score', () => {
    // Over 40 seeds, the z-scores (estimate − exact) / SE should look standard: mean |z| ≈ 0.8, none beyond
    // 4.
    const zs = Array.from({ length: 40 }, (_, seed) => {
      const r = silhouetteScoreSampled(x, 16, labels, { sampleSize: 100, seed });
      expect(r.standardError).toBeGreaterThan(0);
      return (r.score - exactScore) / r.standardError;
    });
    expect(Math.max(...zs.map(Math.abs))).toBeLessThan(4);
    const meanAbs = zs.reduce((p, z) => p + Math.abs(z), 0) / zs.length;
    expect(meanAbs).toBeGreaterThan(0.4);
    expect(meanAbs).toBeLessThan(1.3);
  });

  it('is the exact score with standard error 0 when the sample is every row', () => {
    const r = silhouetteScoreSampled(x, 16, labels, { sampleSize: n + 10, seed: 1 });
    expect(r.sampleSize).toBe(n);
    expect(r.standardError).toBe(0);
    expect(r.score).toBeCloseTo(exactScore, 14);
  });
});

describe('silhouette input errors', () => {
  const x = new Float32Array([0, 0, 1, 1, 5, 5, 6, 6]);

  it('names the row with a NaN', () => {
    const bad = x.slice();
    bad[5] = NaN;
    expect(() => silhouetteScore(bad, 2, [0, 0, 1, 1])).toThrow(RangeError);
    expect(() => silhouetteScore(bad, 2, [0, 0, 1, 1])).toThrow(/row 2 has a non-finite value \(NaN\)/);
    expect(() => silhouetteScoreSampled(bad, 2, [0, 0, 1, 1], { sampleSize: 2 })).toThrow(/row 2/);
  });

  it('rejects fewer than two classes', () => {
    expect(() => silhouetteScore(x, 2, [4, 4, 4, 4])).toThrow(/at least two classes, got 1 distinct label/);
  });

  it('rejects more classes than n − 1', () => {
    expect(() => silhouetteScore(x, 2, [0, 1, 2, 3])).toThrow(
      /4 distinct labels for 4 rows; valid counts are 2 to n − 1 = 3/,
    );
    expect(silhouetteScore(x, 2, [0, 1, 2, 2])).toBeGreaterThan(-1);
  });

  it('rejects labels of the wrong length', () => {
    expect(() => silhouetteScore(x, 2, [0, 0, 1])).toThrow(/labels has 3 entries but x has 4 rows/);
  });

  it('rejects a non-finite label', () => {
    expect(() => silhouetteScore(x, 2, [0, NaN, 1, 1])).toThrow(/label 1 is not a finite number/);
  });

  it('rejects a dim that does not match the data', () => {
    expect(() => silhouetteScore(x, 3, [0, 0, 1])).toThrow(/8 values is not a whole number of rows of 3/);
    expect(() => silhouetteScore(x, 0, [0, 0, 1, 1])).toThrow(/dim must be a positive integer/);
  });

  it('rejects a sample size below 2', () => {
    expect(() => silhouetteScoreSampled(x, 2, [0, 0, 1, 1], { sampleSize: 1 })).toThrow(
      /sampleSize must be an integer ≥ 2/,
    );
    expect(() => silhouetteScoreSampled(x, 2, [0, 0, 1, 1], { sampleSize: 2.5 })).toThrow(RangeError);
  });
});
