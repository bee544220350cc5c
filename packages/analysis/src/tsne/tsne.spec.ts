import { nearestNeighbors } from '../linalg/distances';
import { expectArraysClose, expectClose, itWithSklearn, runNumpy } from '@zsaudit/testing';
import { conditionalProbabilities, jointProbabilities, type SparseMatrix } from './affinities';
import { tsneGradient } from './barnes-hut';
import { pcaInit, pcaScores } from './pca';
import { gaussian } from '@zsaudit/core';
import { tsne } from './tsne';
import { trustworthiness } from './trustworthiness';

/** `clusters` Gaussian blobs in `dim` dimensions (centres N(0, spread²), unit noise), rows assigned round-robin. */
function blobs(n: number, dim: number, clusters: number, spread: number, seed: number) {
  const g = gaussian(seed);
  const centres = Float64Array.from({ length: clusters * dim }, () => spread * g());
  const x = new Float32Array(n * dim);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % clusters;
    for (let d = 0; d < dim; d++) x[i * dim + d] = centres[labels[i] * dim + d] + g();
  }
  return { x, labels };
}

/** Fraction of points whose nearest neighbour in the embedding has the same label. */
function neighbourPurity(y: Float32Array, labels: Int32Array): number {
  const { indices } = nearestNeighbors(y, 2, 1);
  let same = 0;
  for (let i = 0; i < labels.length; i++) if (labels[indices[i]] === labels[i]) same++;
  return same / labels.length;
}

function dense(p: SparseMatrix, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let e = p.indptr[i]; e < p.indptr[i + 1]; e++) out[i * n + p.indices[e]] = p.values[e];
  return out;
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

// Shared by the reference checks: 300 points, 3 clusters in 8-d, perplexity 30 (k = 91).
const small = blobs(300, 8, 3, 2, 11);
const K = 91;
const knn = nearestNeighbors(small.x, 8, K);

describe('t-SNE building blocks against sklearn', () => {
  itWithSklearn("conditional probabilities match sklearn's _binary_search_perplexity", () => {
    const sq = Float32Array.from(knn.distances, (d) => d * d);
    const ours = conditionalProbabilities(sq, K, 30);
    const { outs } = runNumpy(
      [
        'from sklearn.manifold import _utils',
        'outs = [_utils._binary_search_perplexity(ins[0].astype(np.float32).reshape(-1, 91), 30.0, 0)]',
      ].join('\n'),
      [sq],
    );
    expectArraysClose(ours, outs[0], { abs: 1e-9 }, 'conditional P');
    // Each row is a distribution with entropy log(30) (to sklearn's 1e-5 tolerance).
    for (let i = 0; i < 300; i += 37) {
      let s = 0;
      let h = 0;
      for (let q = 0; q < K; q++) {
        const v = ours[i * K + q];
        s += v;
        if (v > 0) h -= v * Math.log(v);
      }
      expect(s).toBeCloseTo(1, 12);
      expectClose(h, Math.log(30), { abs: 1e-4 }, `entropy of row ${i}`);
    }
  });

  itWithSklearn("the symmetrised P matches sklearn's _joint_probabilities_nn", () => {
    const p = jointProbabilities(knn.indices, knn.distances, K, 30);
    const { outs } = runNumpy(
      [
        'from scipy.sparse import csr_matrix',
        'from sklearn.manifold._t_sne import _joint_probabilities_nn',
        'n, k = 300, 91',
        'D = csr_matrix((ins[1] ** 2, ins[0].astype(np.int64), np.arange(0, n * k + 1, k)), shape=(n, n))',
        'outs = [_joint_probabilities_nn(D, 30.0, 0).toarray()]',
      ].join('\n'),
      [knn.indices, knn.distances],
    );
    const ours = dense(p, 300);
    expectArraysClose(ours, outs[0], { abs: 1e-12 }, 'joint P');
    // Symmetric, sums to 1, columns ascending in each row.
    let total = 0;
    let asymmetric = 0;
    for (let i = 0; i < 300; i++)
      for (let j = 0; j < 300; j++) {
        if (ours[i * 300 + j] !== ours[j * 300 + i]) asymmetric++;
        total += ours[i * 300 + j];
      }
    expect(asymmetric).toBe(0);
    expect(total).toBeCloseTo(1, 12);
    let unsorted = 0;
    for (let i = 0; i < 300; i++)
      for (let e = p.indptr[i] + 1; e < p.indptr[i + 1]; e++)
        if (p.indices[e] <= p.indices[e - 1]) unsorted++;
    expect(unsorted).toBe(0);
  });

  itWithSklearn("the gradient matches sklearn's Barnes–Hut (θ = 0.5) and exact (θ = 0) gradients", () => {
    const p = jointProbabilities(knn.indices, knn.distances, K, 30);
    // A mid-optimisation-like embedding: spread over a few units, so cells get summarised.
    const g = gaussian(5);
    const y = Float64Array.from({ length: 600 }, () => 3 * g());
    const bh = tsneGradient(p, y, 0.5, 12);
    const exact = tsneGradient(p, y, 0, 1);
    const { outs } = runNumpy(
      [
        'from scipy.sparse import csr_matrix',
        'from scipy.spatial.distance import squareform',
        'from sklearn.manifold._t_sne import _kl_divergence_bh, _kl_divergence',
        'n = 300',
        'P = csr_matrix(ins[0].reshape(n, n))',
        'y = ins[1]',
        'e_bh, g_bh = _kl_divergence_bh((y).astype(np.float32), 12 * P, 1, n, 2, angle=0.5)',
        'e_ex, g_ex = _kl_divergence(y, squareform(ins[0].reshape(n, n), checks=False), 1, n, 2)',
        'outs = [g_bh, [e_bh], g_ex, [e_ex]]',
      ].join('\n'),
      [dense(p, 300), y],
    );
    // sklearn's Barnes–Hut runs in float32: agreement to float32 accuracy relative to the gradient's scale (the
    // same cells are summarised on both sides; otherwise it would be of the order of the BH error itself, ~1e-3 here).
    expectArraysClose(bh.grad, outs[0], { abs: 1e-5 * maxAbs(outs[0]) }, 'Barnes–Hut gradient');
    expectClose(bh.kl, outs[1][0], { rel: 1e-5 }, 'Barnes–Hut KL');
    // θ = 0 opens every cell: the exact gradient, in float64 on both sides.
    expectArraysClose(exact.grad, outs[2], { abs: 1e-9 * maxAbs(outs[2]) }, 'exact gradient');
    // sklearn's exact KL sums over all pairs (P clamped at machine epsilon); ours over the stored entries of P.
    expectClose(exact.kl, outs[3][0], { rel: 1e-6 }, 'exact KL');
  });

  itWithSklearn("the PCA init matches sklearn's PCA (signs included) and is scaled to std 1e-4", () => {
    // Distinct variances per axis (then rotated), so the top two components are well determined.
    const n = 400;
    const dim = 20;
    const g = gaussian(3);
    const scales = Array.from({ length: dim }, (_, d) => (d === 0 ? 6 : d === 1 ? 3 : 1 / (1 + d)));
    const raw = Array.from({ length: n * dim }, (_, e) => scales[e % dim] * g() + (e % dim === 4 ? 10 : 0));
    const rot = Array.from({ length: dim * dim }, () => g());
    const x = new Float32Array(n * dim);
    for (let i = 0; i < n; i++)
      for (let c = 0; c < dim; c++) {
        let s = 0;
        for (let d = 0; d < dim; d++) s += raw[i * dim + d] * rot[d * dim + c];
        x[i * dim + c] = s / Math.sqrt(dim);
      }
    const scores = pcaScores(x, dim, 2, 0);
    const { outs } = runNumpy(
      [
        'from sklearn.decomposition import PCA',
        'outs = [PCA(n_components=2, svd_solver="full").fit_transform(ins[0].reshape(-1, 20))]',
      ].join('\n'),
      [x],
    );
    expectArraysClose(scores, outs[0], { abs: 1e-6 * maxAbs(outs[0]) }, 'PCA scores');

    const y = pcaInit(x, dim, 0);
    let m = 0;
    for (let i = 0; i < n; i++) m += y[2 * i] / n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (y[2 * i] - m) ** 2 / n;
    expect(Math.sqrt(v)).toBeCloseTo(1e-4, 15);
    expect(y[1] / y[0]).toBeCloseTo(scores[1] / scores[0], 10);
  });
});

describe('tsne', () => {
  // 10 well-separated Gaussian clusters in 50-d: the reference data of the quality checks.
  const data = blobs(800, 50, 10, 2, 2024);
  let ours: Float32Array;
  const klTrace: [number, number][] = [];
  beforeAll(() => {
    ours = tsne(data.x, 50, { perplexity: 30, seed: 1, onProgress: (it, kl) => klTrace.push([it, kl]) });
  });

  it('returns n × 2 finite values and reports progress every 50 iterations', () => {
    expect(ours).toBeInstanceOf(Float32Array);
    expect(ours.length).toBe(800 * 2);
    expect(ours.every(Number.isFinite)).toBe(true);
    expect(klTrace.map(([it]) => it)).toEqual(Array.from({ length: 20 }, (_, i) => 50 * (i + 1)));
    // Phase 2 (true P) steadily lowers the KL divergence.
    const phase2 = klTrace.filter(([it]) => it > 250).map(([, kl]) => kl);
    expect(phase2[phase2.length - 1]).toBeLessThan(phase2[0]);
    expect(phase2[phase2.length - 1]).toBeGreaterThan(0);
  });

  it('separates the clusters', () => {
    expect(neighbourPurity(ours, data.labels)).toBeGreaterThan(0.99);
    // Cluster centroids in the embedding are far apart relative to the clusters' own spread.
    const cx = new Float64Array(20);
    for (let i = 0; i < 800; i++) {
      cx[2 * data.labels[i]] += ours[2 * i] / 80;
      cx[2 * data.labels[i] + 1] += ours[2 * i + 1] / 80;
    }
    let within = 0;
    for (let i = 0; i < 800; i++)
      within +=
        Math.hypot(ours[2 * i] - cx[2 * data.labels[i]], ours[2 * i + 1] - cx[2 * data.labels[i] + 1]) / 800;
    let nearest = Infinity;
    for (let a = 0; a < 10; a++)
      for (let b = a + 1; b < 10; b++)
        nearest = Math.min(nearest, Math.hypot(cx[2 * a] - cx[2 * b], cx[2 * a + 1] - cx[2 * b + 1]));
    expect(nearest).toBeGreaterThan(2 * within);
  });

  itWithSklearn(
    "keeps neighbourhoods as well as sklearn's TSNE: trustworthiness (k = 10) within 0.01",
    () => {
      const { outs } = runNumpy(
        [
          'from sklearn.manifold import TSNE',
          'from threadpoolctl import threadpool_limits',
          'X = ins[0].reshape(-1, 50).astype(np.float32)',
          'tsne = TSNE(n_components=2, perplexity=30.0, init="pca", method="barnes_hut", angle=0.5, random_state=0)',
          // One OpenMP thread: reproducible, and spared the spin-wait slowdowns of OpenMP on a busy machine.
          'with threadpool_limits(1, user_api="openmp"):',
          '    outs = [tsne.fit_transform(X)]',
        ].join('\n'),
        [data.x],
      );
      const theirs = Float32Array.from(outs[0]);
      const tOurs = trustworthiness(data.x, 50, ours, 2, 10);
      const tTheirs = trustworthiness(data.x, 50, theirs, 2, 10);
      expect(tTheirs).toBeGreaterThan(0.9);
      expectClose(tOurs, tTheirs, { abs: 0.01 }, 'trustworthiness vs sklearn');
      expect(neighbourPurity(theirs, data.labels)).toBeGreaterThan(0.99);
    },
  );

  it('is deterministic: the same seed gives bit-identical output, with or without worker threads', () => {
    const { x } = blobs(400, 10, 4, 2, 9);
    const opts = { perplexity: 20, seed: 7, iterations: 300 };
    const a = tsne(x, 10, { ...opts, threads: 1 });
    const b = tsne(x, 10, { ...opts, threads: 1 });
    const c = tsne(x, 10, { ...opts, threads: 2 });
    expect(Buffer.from(b.buffer).equals(Buffer.from(a.buffer))).toBe(true);
    expect(Buffer.from(c.buffer).equals(Buffer.from(a.buffer))).toBe(true);
  });

  it('supports the cosine metric and explicit options', () => {
    const { x, labels } = blobs(300, 20, 3, 2, 4);
    const y = tsne(x, 20, {
      perplexity: 15,
      metric: 'cosine',
      learningRate: 100,
      earlyExaggeration: 8,
      angle: 0.3,
      iterations: 400,
    });
    expect(y.every(Number.isFinite)).toBe(true);
    expect(neighbourPurity(y, labels)).toBeGreaterThan(0.95);
  });

  it('handles tiny inputs and degenerate ones', () => {
    // n = 5, perplexity 1.5: k = min(n − 1, ⌊3 · 1.5 + 1⌋) = 4.
    const tiny = tsne(Float32Array.from([0, 0, 1, 0, 0, 1, 5, 5, 6, 5]), 2, {
      perplexity: 1.5,
      iterations: 300,
    });
    expect(tiny.every(Number.isFinite)).toBe(true);
    // All rows identical: no spread for PCA, so the random init takes over; still finite.
    const same = tsne(new Float32Array(40 * 3).fill(1), 3, { perplexity: 5, iterations: 300 });
    expect(same.every(Number.isFinite)).toBe(true);
    // One input column: the second axis starts from noise.
    const line = tsne(
      Float32Array.from({ length: 60 }, (_, i) => (i % 3) * 10 + i / 60),
      1,
      {
        perplexity: 5,
        iterations: 300,
      },
    );
    expect(line.every(Number.isFinite)).toBe(true);
  });

  it('rejects a perplexity not below n, non-finite rows and bad options with RangeErrors', () => {
    const { x } = blobs(20, 3, 2, 2, 1);
    expect(() => tsne(x, 3)).toThrow(RangeError); // perplexity 30 ≥ n = 20
    expect(() => tsne(x, 3)).toThrow(/perplexity \(30\) must be less than the number of rows \(20\)/);
    expect(() => tsne(x, 3, { perplexity: 20 })).toThrow(/less than the number of rows/);
    const bad = x.slice();
    bad[3 * 12 + 2] = NaN;
    expect(() => tsne(bad, 3, { perplexity: 5 })).toThrow(/row 12/);
    expect(() => tsne(x.subarray(0, 3), 3, { perplexity: 0.5 })).toThrow(/at least 2 rows/);
    expect(() => tsne(x, 3, { perplexity: 0 })).toThrow(RangeError);
    expect(() => tsne(x, 3, { perplexity: 5, iterations: 100 })).toThrow(/iterations/);
    expect(() => tsne(x, 3, { perplexity: 5, angle: 1.5 })).toThrow(/angle/);
    expect(() => tsne(x, 3, { perplexity: 5, learningRate: -1 })).toThrow(/learningRate/);
    expect(() => tsne(x, 3, { perplexity: 5, earlyExaggeration: 0.5 })).toThrow(/earlyExaggeration/);
    expect(() => tsne(x, 3, { perplexity: 5, threads: 0 })).toThrow(/threads/);
    expect(() => tsne(x, 3, { perplexity: 5, seed: 1.5 })).toThrow(/seed/);
  });
});
