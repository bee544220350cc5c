import { nngs, nngsPerItem } from './nngs';
import { expectArraysClose, itWithScipy, runNumpy, testFloats } from '@zsaudit/testing';

const col = (...v: number[]): Float32Array => Float32Array.from(v);

describe('nngs', () => {
  it('is 1 for identical spaces, and for cosine under row scaling and a rotation', () => {
    const n = 30;
    const d = 6;
    const x = testFloats(n * d, 3);
    expect(nngs(x, d, x, d, { k: 5 })).toBe(1);
    expect(nngs(x, d, x, d, { k: 5, metric: 'euclidean' })).toBe(1);
    // scale each row by a positive factor and rotate the first two axes by 90° (exact in float32)
    const y = new Float32Array(n * d);
    for (let i = 0; i < n; i++) {
      const s = 2 ** ((i % 5) - 2);
      for (let c = 0; c < d; c++) y[i * d + c] = s * x[i * d + c];
      [y[i * d], y[i * d + 1]] = [-y[i * d + 1], y[i * d]];
    }
    expect(nngs(x, d, y, d, { k: 5 })).toBe(1);
    // a different width in the second space is fine
    const wide = new Float32Array(n * (d + 2));
    for (let i = 0; i < n; i++) wide.set(x.subarray(i * d, (i + 1) * d), i * (d + 2));
    expect(nngs(x, d, wide, d + 2, { k: 4 })).toBe(1);
  });

  it('matches a hand-computed value for a known permutation of points on a line', () => {
    // space a: items 0…4 at 0, 1, 2, 3, 4; space b: the same items at 0, 3, 1, 4, 2 (line order 0 2 4 1 3).
    // k = 2 neighbours (ties to the lower index): a → {1,2} {0,2} {1,3} {2,4} {2,3}; b → {2,4} {3,4} {0,4} {1,4} {1,2}
    // Jaccard: 1/3, 0, 0, 1/3, 1/3
    const a = col(0, 1, 2, 3, 4);
    const b = col(0, 3, 1, 4, 2);
    const per = nngsPerItem(a, 1, b, 1, { k: 2, metric: 'euclidean' });
    const want = [1 / 3, 0, 0, 1 / 3, 1 / 3];
    want.forEach((w, i) => expect(per[i]).toBeCloseTo(w, 15));
    expect(nngs(a, 1, b, 1, { k: 2, metric: 'euclidean' })).toBeCloseTo(0.2, 15);
    // k = 4 = n − 1: every item's neighbours are all other items
    expect(nngs(a, 1, b, 1, { k: 4, metric: 'euclidean' })).toBe(1);
  });

  it('breaks distance ties by the lower row index', () => {
    // item 0 is equidistant from items 1 and 2 in both spaces (which sit on opposite sides); k = 1 picks item 1
    // in both, so item 0 agrees. Item 3's nearest is 1 in a but 2 in b.
    const per = nngsPerItem(col(0, 1, -1, 5), 1, col(0, -1, 1, 5), 1, { k: 1, metric: 'euclidean' });
    expect(Array.from(per)).toEqual([1, 1, 1, 0]);
  });

  it('rejects mismatched rows, bad k and NaN rows', () => {
    const x = testFloats(20, 1);
    expect(() => nngs(x, 2, x.subarray(0, 18), 2, { k: 2 })).toThrow(/mismatched rows/);
    expect(() => nngs(x, 2, x, 2, { k: 10 })).toThrow(/k must be an integer in \[1, n − 1\] = \[1, 9\]/);
    expect(() => nngs(x, 2, x, 2, { k: 0 })).toThrow(RangeError);
    expect(() => nngs(x, 2, x, 2, { k: 1.5 })).toThrow(RangeError);
    const bad = Float32Array.from(x);
    bad[7] = NaN;
    expect(() => nngs(x, 2, bad, 2, { k: 2 })).toThrow(/b: row 3/);
    expect(() => nngs(x, 3, x, 2, { k: 2 })).toThrow(/whole number of rows/);
  });

  itWithScipy('matches a numpy k-NN Jaccard (stable argsort over scipy cdist) on random data', () => {
    const n = 120;
    const [da, db] = [16, 9];
    const a = testFloats(n * da, 21);
    const b = testFloats(n * db, 22);
    // make b partly follow a so the overlap is neither 0 nor 1
    for (let i = 0; i < n; i++) for (let c = 0; c < db; c++) b[i * db + c] += 2 * a[i * da + c];
    for (const metric of ['cosine', 'euclidean'] as const) {
      for (const k of [1, 5, 20]) {
        const { outs } = runNumpy(
          [
            'from scipy.spatial.distance import cdist',
            'def knn(x):',
            '    D = cdist(x, x, args["metric"]); np.fill_diagonal(D, np.inf)',
            '    return np.argsort(D, axis=1, kind="stable")[:, :args["k"]]',
            'A = knn(ins[0].reshape(args["n"], -1)); B = knn(ins[1].reshape(args["n"], -1))',
            'J = [len(set(p) & set(q)) / len(set(p) | set(q)) for p, q in zip(A, B)]',
            'outs = [np.array(J)]',
          ].join('\n'),
          [a, b],
          { n, k, metric },
        );
        const per = nngsPerItem(a, da, b, db, { k, metric });
        expectArraysClose(per, outs[0], { abs: 1e-15 }, `NNGS per item (${metric}, k = ${k})`);
        const mean = outs[0].reduce((s, v) => s + v, 0) / n;
        expect(nngs(a, da, b, db, { k, metric })).toBeCloseTo(mean, 14);
      }
    }
  });
});
