import { linearCka, linearCkaPaths } from './cka';
import { expectClose, itWithScipy, runNumpy, testFloats } from '@zsaudit/testing';

/** Y = X Q for Q a product of Givens rotations (orthogonal), computed in float64, stored in float32. */
function rotate(x: Float32Array, n: number, d: number, seed: number): Float32Array {
  const y = Float64Array.from(x);
  const angles = testFloats(3 * d, seed);
  for (let g = 0; g < 3 * d; g++) {
    const p = g % d;
    const q = (g * 7 + 3) % d;
    if (p === q) continue;
    const c = Math.cos(3 * angles[g]);
    const s = Math.sin(3 * angles[g]);
    for (let i = 0; i < n; i++) {
      const u = y[i * d + p];
      const v = y[i * d + q];
      y[i * d + p] = c * u - s * v;
      y[i * d + q] = s * u + c * v;
    }
  }
  return Float32Array.from(y);
}

describe('linearCka', () => {
  const n = 300;
  const d = 10;
  const x = testFloats(n * d, 41);

  it('is 1 for identical spaces, isotropic scaling, translation and an orthogonal transform', () => {
    expect(linearCka(x, d, x, d)).toBeCloseTo(1, 14);
    // ×4 and a shift of every column: exact in float32 for the scaling; centring removes the shift
    const scaled = x.map((v, i) => 4 * v + (i % d) * 0.5);
    expect(linearCka(x, d, scaled, d)).toBeCloseTo(1, 6);
    // rotation (rounded back to float32, hence ~1e-7)
    expect(linearCka(x, d, rotate(x, n, d, 5), d)).toBeCloseTo(1, 6);
    // the same through the Gram path (few items, wide spaces)
    const m = 8;
    const xs = x.subarray(0, m * d);
    expect(linearCka(xs, d, rotate(xs, m, d, 6), d)).toBeCloseTo(1, 6);
  });

  it('is symmetric, in [0, 1], and not invariant to non-isotropic scaling', () => {
    const y = testFloats(n * 6, 42);
    const c = linearCka(x, d, y, 6);
    expect(c).toBeCloseTo(linearCka(y, 6, x, d), 14);
    expect(c).toBeGreaterThanOrEqual(0);
    expect(c).toBeLessThan(0.2);
    // stretch one axis: CKA < 1
    const stretched = x.map((v, i) => (i % d === 0 ? 10 * v : v));
    expect(linearCka(x, d, stretched, d)).toBeLessThan(0.9);
  });

  it('computes the same value through the feature-space and the Gram paths', () => {
    for (const [m, da, db] of [
      [50, 7, 5],
      [12, 30, 40],
      [33, 9, 9],
    ]) {
      const a = testFloats(m * da, m + da);
      const b = testFloats(m * db, m + db + 100);
      for (let i = 0; i < m; i++) for (let c = 0; c < Math.min(da, db); c++) b[i * db + c] += a[i * da + c];
      const f = linearCkaPaths.features(a, da, b, db);
      const g = linearCkaPaths.gram(a, da, b, db);
      expectClose(f, g, { abs: 1e-13 }, 'feature vs Gram path');
      expect(linearCka(a, da, b, db)).toBeCloseTo(f, 13);
    }
  });

  it('returns NaN for a space without variance, and validates input', () => {
    const flat = new Float32Array(n * 3).fill(0.1);
    expect(Number.isNaN(linearCka(x, d, flat, 3))).toBe(true);
    expect(() => linearCka(x, d, x.subarray(0, (n - 1) * d), d)).toThrow(/mismatched rows/);
    expect(() => linearCka(x.subarray(0, d), d, x.subarray(0, d), d)).toThrow(/at least 2/);
    const bad = Float32Array.from(x);
    bad[5 * d + 2] = NaN;
    expect(() => linearCka(x, d, bad, d)).toThrow(/b: row 5/);
  });

  itWithScipy('matches numpy ‖YᵀX‖²_F / (‖XᵀX‖_F ‖YᵀY‖_F) on centred data, both paths', () => {
    let err = 0;
    for (const [m, da, db, mix] of [
      [400, 16, 12, 0.7],
      [1000, 3, 64, 0.3],
      [20, 80, 50, 1],
      [257, 33, 17, 0.05],
    ]) {
      const a = testFloats(m * da, 3 * m + da);
      const b = testFloats(m * db, 5 * m + db);
      for (let i = 0; i < m; i++)
        for (let c = 0; c < Math.min(da, db); c++) b[i * db + c] += mix * a[i * da + c];
      const { outs } = runNumpy(
        [
          'X = ins[0].reshape(args["m"], -1); Y = ins[1].reshape(args["m"], -1)',
          'X = X - X.mean(0); Y = Y - Y.mean(0)',
          'cka = np.linalg.norm(Y.T @ X) ** 2 / (np.linalg.norm(X.T @ X) * np.linalg.norm(Y.T @ Y))',
          'outs = [[cka]]',
        ].join('\n'),
        [a, b],
        { m },
      );
      const want = outs[0][0];
      for (const got of [
        linearCka(a, da, b, db),
        linearCkaPaths.features(a, da, b, db),
        linearCkaPaths.gram(a, da, b, db),
      ])
        err = Math.max(err, Math.abs(got - want));
    }
    console.log(`linear CKA vs numpy: max |Δ| ${err.toExponential(2)}`);
    expect(err).toBeLessThan(1e-12);
  });
});
