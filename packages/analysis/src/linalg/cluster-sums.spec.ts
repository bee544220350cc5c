import { expectClose } from '@zsaudit/testing';
import { clusterDistanceSumsBy } from './cluster-sums';
import {
  closeDistanceWorker,
  clusterDistanceSums,
  pairwiseDistances,
  type DistanceBackend,
  type Metric,
} from './index';

/** Seeded uniform values in [−0.5, 0.5) plus `offset`, as float32 (an LCG: plenty for test data). */
function uniform(count: number, seed: number, offset = 0): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: count }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return offset + s / 2 ** 32 - 0.5;
  });
}

/** S[i][c] from the full distance matrix, pair by pair. */
function bruteForce(
  x: Float32Array,
  dim: number,
  codes: Int32Array,
  k: number,
  metric: Metric,
): Float64Array {
  const n = codes.length;
  const d = pairwiseDistances(x, dim, { metric, backend: 'js' });
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (j !== i) out[i * k + codes[j]] += d[i * n + j];
  return out;
}

function maxRelError(got: Float64Array, want: Float64Array): number {
  let scale = 0;
  let err = 0;
  for (let i = 0; i < want.length; i++) {
    scale = Math.max(scale, Math.abs(want[i]));
    err = Math.max(err, Math.abs(got[i] - want[i]));
  }
  return err / scale;
}

afterAll(() => closeDistanceWorker());

describe('clusterDistanceSums', () => {
  // 2,600 rows: the onnx reduction's tiles are 1024 rows × 2048 columns, so this crosses row blocks, column
  // chunks and tiles that straddle the diagonal.
  const n = 2600;
  const dim = 5;
  const k = 7;
  const x = uniform(n * dim, 1, 2);
  const codes = Int32Array.from({ length: n }, (_, i) => (i * 7919) % k);

  for (const metric of ['euclidean', 'cosine'] as Metric[]) {
    const want = bruteForce(x, dim, codes, k, metric);
    for (const [reduce, backend] of [
      ['auto', 'onnx'], // cosine: the centroid identity, products on onnxruntime
      ['auto', 'js'],
      ['onnx', 'onnx'],
      ['js', 'onnx'],
      ['js', 'js'],
    ] as ['auto' | 'onnx' | 'js', DistanceBackend][])
      it(`equals the pair-by-pair sums (${metric}, ${reduce} reduction, ${backend} products)`, () => {
        const got = clusterDistanceSumsBy(x, dim, codes, k, { metric, backend }, reduce);
        expect(got.length).toBe(n * k);
        expect(maxRelError(got, want)).toBeLessThan(1e-13);
      });
  }

  for (const metric of ['euclidean', 'cosine'] as Metric[])
    for (const backend of ['js', 'onnx'] as DistanceBackend[])
      it(`gives the same sums for a subset of rows, in any order (${metric}, ${backend})`, () => {
        const all = clusterDistanceSums(x, dim, codes, k, { metric, backend });
        const rows = [2599, 0, 1500, 7, 7, 1024];
        const sub = clusterDistanceSums(x, dim, codes, k, { metric, backend, rows });
        const want = Float64Array.from(rows.flatMap((i) => Array.from(all.subarray(i * k, (i + 1) * k))));
        expect(maxRelError(sub, want)).toBeLessThan(1e-13);
      });

  it('excludes the row itself exactly (a lone point in its cluster has sum 0 there)', () => {
    const small = uniform(40 * 3, 2, 100);
    const c = Int32Array.from({ length: 40 }, (_, i) => (i === 0 ? 2 : i % 2));
    for (const reduce of ['onnx', 'js'] as const) {
      const s = clusterDistanceSumsBy(small, 3, c, 3, {}, reduce);
      expect(s[0 * 3 + 2]).toBe(0);
      expect(s[1 * 3 + 2]).toBeGreaterThan(0);
    }
    // Cosine's identity subtracts the self term 1 − x̂·x̂, which is 0 only up to rounding.
    const cos = clusterDistanceSums(small, 3, c, 3, { metric: 'cosine' });
    expectClose(cos[0 * 3 + 2], 0, { abs: 1e-15 }, 'cosine self term');
  });

  it('counts a zero row at cosine distance 1 from every other row', () => {
    const v = new Float32Array([0, 0, 1, 0, 0, 1, 1, 1]);
    const s = clusterDistanceSums(v, 2, [0, 0, 1, 1], 2, { metric: 'cosine' });
    // Row 0 (zero): 1 to row 1 (cluster 0), 1 + 1 to rows 2, 3 (cluster 1).
    expect(s[0]).toBeCloseTo(1, 15);
    expect(s[1]).toBeCloseTo(2, 15);
    // Row 1 = (1, 0): 1 to row 0; to (0, 1) distance 1, to (1, 1) distance 1 − 1/√2.
    expect(s[2]).toBeCloseTo(1, 15);
    expect(s[3]).toBeCloseTo(2 - Math.SQRT1_2, 15);
  });

  it('rejects codes that do not fit k or the rows', () => {
    const small = uniform(12, 3);
    expect(() => clusterDistanceSums(small, 3, [0, 1, 2, 3], 3)).toThrow(
      /code 3 is 3, not an integer in \[0, 3\)/,
    );
    expect(() => clusterDistanceSums(small, 3, [0, 1, 0], 2)).toThrow(/3 codes for 4 rows/);
    expect(() => clusterDistanceSums(small, 3, [0, 1, 0, 0.5], 2)).toThrow(RangeError);
    expect(() => clusterDistanceSums(small, 3, [0, 1, 0, 1], 2, { rows: [1, 4] })).toThrow(
      /rows\[1\] is 4, not a row index in \[0, 4\)/,
    );
  });
});
