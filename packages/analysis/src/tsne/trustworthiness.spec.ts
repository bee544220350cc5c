import { expectClose, itWithSklearn, runNumpy } from '@zsaudit/testing';
import { gaussian } from '@zsaudit/core';
import { trustworthiness } from './trustworthiness';

/** n × dim standard normal rows (float32), seeded. */
function randomMatrix(n: number, dim: number, seed: number): Float32Array {
  const g = gaussian(seed);
  return Float32Array.from({ length: n * dim }, () => g());
}

describe('trustworthiness', () => {
  it('matches a hand-computed case', () => {
    // Input space: 1-D points whose pairwise distances are all distinct, so input-space ranks are unambiguous.
    const high = Float32Array.from([0, 1, 3, 7, 15, 31]);
    // Embedding: a shuffled line. With k = 2 every point's 2 embedding neighbours are unique (ties only inside them):
    //   i  input order (nearest first)  embedding 2-NN  their input ranks  penalty Σ max(0, r − 2)
    //   0  1 2 3 4 5                    2, 4            2, 4               2
    //   1  0 2 3 4 5                    3, 5            3, 5               1 + 3
    //   2  1 0 3 4 5                    0, 4            2, 4               2
    //   3  2 1 0 4 5                    1, 5            2, 5               3
    //   4  3 2 1 0 5                    2, 5            2, 5               3
    //   5  4 3 2 1 0                    3, 4            2, 1               0
    // Σ = 14, so T = 1 − 14 · 2 / (n k (2n − 3k − 1)) = 1 − 28 / (6 · 2 · 5) = 1 − 28/60.
    const low = Float32Array.from([0, 5, 1, 4, 2, 3]);
    expect(trustworthiness(high, 1, low, 1, 2)).toBeCloseTo(1 - 28 / 60, 14);
  });

  it('is 1 for an embedding that keeps every neighbourhood (the input itself, or a scaled copy)', () => {
    const x = randomMatrix(60, 5, 1);
    expect(trustworthiness(x, 5, x, 5, 5)).toBe(1);
    expect(
      trustworthiness(
        x,
        5,
        x.map((v) => 3 * v),
        5,
        10,
      ),
    ).toBe(1);
  });

  itWithSklearn('matches sklearn.manifold.trustworthiness to 1e-5 for several k', () => {
    const n = 240;
    const high = randomMatrix(n, 12, 7);
    // A noisy projection: partly faithful, so T lands well inside (0.5, 1) and ranks matter.
    const g = gaussian(8);
    const low = new Float32Array(n * 2);
    for (let i = 0; i < n; i++)
      for (let c = 0; c < 2; c++) low[i * 2 + c] = high[i * 12 + c] + 0.7 * high[i * 12 + 2 + c] + 0.5 * g();
    const ks = [1, 5, 10, 30, 119];
    const { outs } = runNumpy(
      [
        'from sklearn.manifold import trustworthiness',
        'X = ins[0].reshape(-1, 12); Y = ins[1].reshape(-1, 2)',
        'outs = [[trustworthiness(X, Y, n_neighbors=int(k)) for k in args["ks"]]]',
      ].join('\n'),
      [high, low],
      { ks },
    );
    ks.forEach((k, i) => {
      const ours = trustworthiness(high, 12, low, 2, k);
      expectClose(ours, outs[0][i], { abs: 1e-5 }, `trustworthiness k = ${k}`);
    });
    // And the values are informative (not all saturated).
    expect(outs[0][1]).toBeGreaterThan(0.55);
    expect(outs[0][1]).toBeLessThan(0.95);
  });

  it('rejects k ≥ n / 2, k < 1, mismatched rows and non-finite values', () => {
    const x = randomMatrix(20, 3, 2);
    const y = randomMatrix(20, 2, 3);
    expect(() => trustworthiness(x, 3, y, 2, 10)).toThrow(RangeError);
    expect(() => trustworthiness(x, 3, y, 2, 10)).toThrow(/less than n \/ 2/);
    expect(() => trustworthiness(x, 3, y, 2, 9)).not.toThrow();
    expect(() => trustworthiness(x, 3, y, 2, 0)).toThrow(RangeError);
    expect(() => trustworthiness(x, 3, y.subarray(0, 38), 2, 3)).toThrow(/19/);
    const bad = x.slice();
    bad[3 * 7 + 1] = NaN;
    expect(() => trustworthiness(bad, 3, y, 2, 3)).toThrow(/row 7/);
  });
});
