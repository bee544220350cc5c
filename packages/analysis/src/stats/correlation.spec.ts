import { bootstrapCorrelation, pearson, rankData, spearman } from './correlation';
import { expectClose, itWithScipy, runNumpy, testFloats } from '@zsaudit/testing';

/** Paired test vectors: b = mix·a + noise, optionally rounded to `levels` steps to create ties. */
function pairs(n: number, seed: number, mix: number, levels = 0): [Float64Array, Float64Array] {
  const u = testFloats(2 * n, seed);
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = u[i];
    b[i] = mix * u[i] + (1 - Math.abs(mix)) * u[n + i];
    if (levels > 0) {
      a[i] = Math.round(a[i] * levels) / levels;
      b[i] = Math.round(b[i] * levels) / levels;
    }
  }
  return [a, b];
}

describe('pearson / spearman', () => {
  it('gives ±1 and p = 0 for exact linear / monotone relations', () => {
    const a = [1, 2, 3, 4, 5];
    expect(pearson(a, [3, 5, 7, 9, 11])).toEqual({ r: 1, p: 0 });
    expect(pearson(a, [-1, -2, -3, -4, -5]).r).toBe(-1);
    expect(spearman(a, [1, 4, 9, 16, 25])).toEqual({ r: 1, p: 0 });
    expect(spearman(a, [5, 4, 3, 2, 1]).r).toBe(-1);
  });

  it('averages tied ranks as scipy.stats.rankdata', () => {
    expect(Array.from(rankData([10, 20, 10, 30, 20, 10]))).toEqual([2, 4.5, 2, 6, 4.5, 2]);
    expect(Array.from(rankData([-0, 0, 1]))).toEqual([1.5, 1.5, 3]);
  });

  it('returns NaN (as scipy) when an input is constant, and throws on invalid input', () => {
    for (const f of [pearson, spearman]) {
      const c = f([1, 2, 3, 4], [7, 7, 7, 7]);
      expect(Number.isNaN(c.r) && Number.isNaN(c.p)).toBe(true);
      expect(() => f([1, 2, 3], [1, 2])).toThrow(/lengths differ/);
      expect(() => f([1, 2], [1, 2])).toThrow(/at least 3/);
      expect(() => f([1, 2, NaN, 4], [1, 2, 3, 4])).toThrow(/a\[2\]/);
      expect(() => f([1, 2, 3, 4], [1, Infinity, 3, 4])).toThrow(/b\[1\]/);
    }
  });

  itWithScipy(
    'ranks like scipy.stats.rankdata on both paths (search below 2^16 values, radix sort above)',
    () => {
      for (const m of [1000, 70000]) {
        const u = testFloats(m, m);
        const x = new Float64Array(m);
        // negatives, heavy ties (every third value on a coarse grid), ±0 and a run of equal large values
        for (let i = 0; i < m; i++) x[i] = i % 3 === 0 ? Math.round(u[i] * 20) / 4 : u[i] * 1e3;
        x[5] = -0;
        x[6] = 0;
        for (let i = 10; i < 20; i++) x[i] = 1e300;
        x[21] = -1e-300;
        const { outs } = runNumpy('from scipy.stats import rankdata\nouts = [rankdata(ins[0])]', [x]);
        expect(Array.from(rankData(x))).toEqual(Array.from(outs[0]));
      }
    },
  );

  itWithScipy(
    'match scipy.stats.pearsonr / spearmanr (r to 1e-12, p to 1e-9 relative) incl. ties and n = 5',
    () => {
      const cases: [string, Float64Array, Float64Array][] = [];
      const sizes = [3, 5, 5, 7, 12, 50, 400, 5000];
      sizes.forEach((n, k) => {
        for (const mix of [0, 0.3, 0.85, -0.6])
          cases.push([`n=${n} mix=${mix}`, ...pairs(n, 17 + 31 * k, mix)]);
        cases.push([`n=${n} ties`, ...pairs(n, 99 + k, 0.5, 3)]);
      });
      // the study's situation: five runs, e.g. accuracy vs a separability score
      cases.push([
        'paper-like n=5',
        Float64Array.of(0.61, 0.72, 0.64, 0.8, 0.77),
        Float64Array.of(0.2, 0.35, 0.3, 0.4, 0.31),
      ]);
      const { outs } = runNumpy(
        [
          'from scipy.stats import pearsonr, spearmanr',
          'res = []',
          'for k in range(len(ins) // 2):',
          '    a, b = ins[2 * k], ins[2 * k + 1]',
          '    p = pearsonr(a, b); s = spearmanr(a, b)',
          '    res.append([p[0], p[1], s[0], s[1]])',
          'outs = [np.array(res)]',
        ].join('\n'),
        cases.flatMap(([, a, b]) => [a, b]),
      );
      let errR = 0;
      let errP = 0;
      cases.forEach(([label, a, b], k) => {
        const [pr, pp, sr, sp] = outs[0].subarray(4 * k, 4 * k + 4);
        const P = pearson(a, b);
        const S = spearman(a, b);
        for (const [got, want] of [
          [P.r, pr],
          [S.r, sr],
        ])
          errR = Math.max(errR, Math.abs(got - want));
        for (const [got, want] of [
          [P.p, pp],
          [S.p, sp],
        ]) {
          // identical rankings: r is exactly ±1 here while scipy's rounding leaves 1 − 2⁻⁵² and a p near 1e-24
          if (want < 1e-20 && got < 1e-20) continue;
          const e = want === 0 ? Math.abs(got) : Math.abs(got - want) / want;
          if (e > 1e-9) throw new Error(`${label}: p ${got} vs scipy ${want}`);
          errP = Math.max(errP, e);
        }
      });
      console.log(
        `${cases.length} cases: max |Δr| ${errR.toExponential(2)}, max relative Δp ${errP.toExponential(2)}`,
      );
      expect(errR).toBeLessThan(1e-12);
      expect(errP).toBeLessThan(1e-9);
    },
  );

  itWithScipy(
    'reproduce the paper-style reading: ρ = 0.85 over 5 runs has two-sided p ≈ 0.068 (scipy)',
    () => {
      // Spearman ρ over 5 untied runs moves in steps of 0.1, so ρ = 0.85 needs a tie; Pearson hits it exactly below.
      const a = Float64Array.of(1, 2, 3, 4, 5);
      const e = Float64Array.of(0, 0, 0, 0, 0);
      // b = 0.85·a_std + √(1 − 0.85²)·e_std with e orthogonal to a gives Pearson r = 0.85 exactly
      const ort = Float64Array.of(1, -2, 0, 2, -1).map((v) => v / Math.sqrt(10));
      const as = a.map((v) => (v - 3) / Math.sqrt(10));
      for (let i = 0; i < 5; i++) e[i] = 0.85 * as[i] + Math.sqrt(1 - 0.85 ** 2) * ort[i];
      const { outs } = runNumpy(
        'from scipy.stats import pearsonr\nr = pearsonr(ins[0], ins[1])\nouts = [[r[0], r[1]]]',
        [a, e],
      );
      const P = pearson(a, e);
      expect(P.r).toBeCloseTo(0.85, 14);
      expectClose(P.p, outs[0][1], { rel: 1e-9 }, 'Pearson p');
      expect(P.p).toBeCloseTo(0.068, 3);
    },
  );
});

describe('bootstrapCorrelation', () => {
  const [a, b] = pairs(40, 5, 0.6);

  it('is deterministic for a seed and changes with it', () => {
    const x = bootstrapCorrelation(a, b, { seed: 7, resamples: 2000 });
    expect(bootstrapCorrelation(a, b, { seed: 7, resamples: 2000 })).toEqual(x);
    expect(bootstrapCorrelation(a, b, { seed: 8, resamples: 2000 }).low).not.toBe(x.low);
    // default seed is fixed too
    expect(bootstrapCorrelation(a, b, { resamples: 500 })).toEqual(
      bootstrapCorrelation(a, b, { resamples: 500 }),
    );
  });

  it('brackets the point estimate, narrows with lower confidence, and collapses for exact relations', () => {
    for (const method of ['pearson', 'spearman'] as const) {
      const wide = bootstrapCorrelation(a, b, { method, resamples: 3000, confidence: 0.99 });
      const narrow = bootstrapCorrelation(a, b, { method, resamples: 3000, confidence: 0.5 });
      expect(wide.r).toBeCloseTo(method === 'pearson' ? pearson(a, b).r : spearman(a, b).r, 14);
      expect(wide.low).toBeLessThan(narrow.low);
      expect(narrow.low).toBeLessThan(wide.r);
      expect(wide.r).toBeLessThan(narrow.high);
      expect(narrow.high).toBeLessThan(wide.high);
      expect(wide.degenerate).toBe(0);
    }
    const exact = bootstrapCorrelation([1, 2, 3, 4, 5], [2, 4, 6, 8, 10], { resamples: 1000 });
    expect(exact.low).toBeCloseTo(1, 12);
    expect(exact.high).toBeCloseTo(1, 12);
    // with 5 pairs, ~1/625 of resamples draw one pair five times: their r is undefined and is left out
    expect(exact.degenerate).toBeGreaterThan(0);
    expect(exact.degenerate).toBeLessThan(20);
  });

  it('validates its options', () => {
    expect(() => bootstrapCorrelation(a, b, { resamples: 0 })).toThrow(RangeError);
    expect(() => bootstrapCorrelation(a, b, { confidence: 1 })).toThrow(RangeError);
    expect(() => bootstrapCorrelation(a, b, { method: 'kendall' as 'pearson' })).toThrow(RangeError);
    expect(() => bootstrapCorrelation([1, 2, NaN], [1, 2, 3])).toThrow(/a\[2\]/);
  });

  itWithScipy('agrees with scipy.stats.bootstrap (percentile) to within resampling noise', () => {
    const [x, y] = pairs(200, 11, 0.5);
    const { outs } = runNumpy(
      [
        'from scipy.stats import bootstrap',
        'def r(a, b, axis):',
        '    a = a - a.mean(axis, keepdims=True); b = b - b.mean(axis, keepdims=True)',
        '    return (a * b).sum(axis) / np.sqrt((a * a).sum(axis) * (b * b).sum(axis))',
        'res = bootstrap((ins[0], ins[1]), r, paired=True, vectorized=True,',
        '                n_resamples=4000, method="percentile", random_state=np.random.default_rng(3))',
        'outs = [[res.confidence_interval.low, res.confidence_interval.high]]',
      ].join('\n'),
      [x, y],
    );
    const ours = bootstrapCorrelation(x, y, { resamples: 4000, seed: 3 });
    console.log(`bootstrap 95% CI: ours [${ours.low}, ${ours.high}], scipy [${outs[0][0]}, ${outs[0][1]}]`);
    expectClose(ours.low, outs[0][0], { abs: 0.03 }, 'CI low');
    expectClose(ours.high, outs[0][1], { abs: 0.03 }, 'CI high');
  });
});
