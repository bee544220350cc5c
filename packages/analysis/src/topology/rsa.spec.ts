import { rsa, RSA_MAX_ITEMS, upperTriangleDistances } from './rsa';
import { itWithScipy, runNumpy, testFloats } from '@zsaudit/testing';

describe('rsa', () => {
  it('lays out the upper triangle in pdist order', () => {
    // points 0, 1, 3, 7 on a line: pairs (0,1) (0,2) (0,3) (1,2) (1,3) (2,3)
    const tri = upperTriangleDistances(Float32Array.of(0, 1, 3, 7), 1, 'euclidean');
    expect(Array.from(tri)).toEqual([1, 3, 7, 2, 6, 4]);
  });

  it('is 1 for identical spaces and for monotone-related distance structures (Spearman)', () => {
    const x = testFloats(40 * 5, 8);
    expect(rsa(x, 5, x, 5).r).toBeCloseTo(1, 14);
    expect(rsa(x, 5, x, 5, { method: 'pearson', metric: 'euclidean' }).r).toBeCloseTo(1, 14);
    // scaling the euclidean space by 3 keeps every distance's rank and the linear relation
    const y = x.map((v) => 3 * v);
    expect(rsa(x, 5, y, 5, { metric: 'euclidean' }).r).toBeCloseTo(1, 14);
    expect(rsa(x, 5, y, 5, { metric: 'euclidean', method: 'pearson' }).r).toBeCloseTo(1, 12);
  });

  it('returns NaN when a space has all-equal distances, and validates input', () => {
    const same = new Float32Array(4 * 3).fill(1);
    const x = testFloats(12, 2);
    expect(Number.isNaN(rsa(x, 3, same, 3, { metric: 'euclidean' }).r)).toBe(true);
    expect(() => rsa(x, 3, x.subarray(0, 9), 3)).toThrow(/mismatched rows/);
    expect(() => rsa(x.subarray(0, 6), 3, x.subarray(0, 6), 3)).toThrow(/at least 3 items/);
    expect(() => rsa(x, 3, x, 3, { method: 'kendall' as 'pearson' })).toThrow(RangeError);
    const bad = Float32Array.from(x);
    bad[4] = NaN;
    expect(() => rsa(bad, 3, x, 3)).toThrow(/a: row 1/);
    const big = new Float32Array(RSA_MAX_ITEMS + 1);
    expect(() => rsa(big, 1, big, 1)).toThrow(/subsample/);
  });

  itWithScipy('matches scipy: spearmanr / pearsonr of pdist upper triangles (cosine, euclidean)', () => {
    const n = 150;
    const [da, db] = [12, 7];
    const a = testFloats(n * da, 31);
    const b = testFloats(n * db, 32);
    // a weak coupling keeps p well above underflow over n(n − 1)/2 = 11,175 pairs
    for (let i = 0; i < n; i++) for (let c = 0; c < db; c++) b[i * db + c] += 0.25 * a[i * da + c];
    let errR = 0;
    let errP = 0;
    let errD = 0;
    for (const metric of ['cosine', 'euclidean'] as const) {
      const { outs } = runNumpy(
        [
          'from scipy.spatial.distance import pdist',
          'from scipy.stats import pearsonr, spearmanr',
          'A = pdist(ins[0].reshape(args["n"], -1), args["metric"]); B = pdist(ins[1].reshape(args["n"], -1), args["metric"])',
          'p = pearsonr(A, B); s = spearmanr(A, B)',
          'outs = [[p[0], p[1], s[0], s[1]], A]',
        ].join('\n'),
        [a, b],
        { n, metric },
      );
      const [pr, pp, sr, sp] = outs[0];
      const tri = upperTriangleDistances(a, da, metric);
      for (let i = 0; i < tri.length; i++) errD = Math.max(errD, Math.abs(tri[i] - outs[1][i]));
      const P = rsa(a, da, b, db, { metric, method: 'pearson' });
      const S = rsa(a, da, b, db, { metric, method: 'spearman' });
      expect(rsa(a, da, b, db, { metric })).toEqual(S); // Spearman is the default
      errR = Math.max(errR, Math.abs(P.r - pr), Math.abs(S.r - sr));
      const rel = (got: number, want: number): number => (want === 0 ? got : Math.abs(got - want) / want);
      errP = Math.max(errP, rel(P.p, pp), rel(S.p, sp));
      console.log(`rsa ${metric}: pearson r ${pr} (p ${pp}), spearman r ${sr} (p ${sp})`);
    }
    console.log(
      `rsa vs scipy: max |Δd| ${errD.toExponential(2)}, max |Δr| ${errR.toExponential(2)}, ` +
        `max relative Δp ${errP.toExponential(2)}`,
    );
    expect(errD).toBeLessThan(1e-12);
    expect(errR).toBeLessThan(1e-10);
    expect(errP).toBeLessThan(1e-6);
  });
});
