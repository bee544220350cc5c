/**
 * Pearson and Spearman correlation with the p-values scipy.stats reports, and a seeded percentile bootstrap.
 *
 * Undefined results: when either input is constant the correlation coefficient is 0/0. Like scipy (which returns nan
 * with a ConstantInputWarning) these functions then return `{ r: NaN, p: NaN }` rather than throw, because a
 * constant series is a legitimate outcome of an experiment (e.g. five runs with the same accuracy), not a misuse of
 * the API; callers must treat NaN as "no correlation can be measured". Invalid input (lengths differ, fewer than 3
 * pairs, a NaN or infinite value) throws a RangeError.
 */
import { mulberry32Uint32 } from '@zsaudit/core';
import { correlationPValue } from './special';

/** A correlation coefficient and its two-sided p-value (t test with n − 2 degrees of freedom). */
export interface Correlation {
  /** The coefficient in [−1, 1]; NaN when an input is constant. */
  r: number;
  /** Two-sided p-value under the null of no association; NaN when r is. */
  p: number;
}

/** Checks two paired samples: same length, at least 3 pairs, every value finite. Returns n. */
function checkPairs(a: ArrayLike<number>, b: ArrayLike<number>, fn: string): number {
  if (a.length !== b.length) throw new RangeError(`${fn}: lengths differ (${a.length} vs ${b.length})`);
  const n = a.length;
  if (n < 3) throw new RangeError(`${fn}: needs at least 3 pairs, got ${n}`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(a[i])) throw new RangeError(`${fn}: a[${i}] is not a finite number (${a[i]})`);
    if (!Number.isFinite(b[i])) throw new RangeError(`${fn}: b[${i}] is not a finite number (${b[i]})`);
  }
  return n;
}

/** Pearson's r of the first n values of two float64 vectors (two-pass, float64); NaN when either is constant. */
function pearsonR(a: ArrayLike<number>, b: ArrayLike<number>, n: number): number {
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < n; i++) {
    sa += a[i];
    sb += b[i];
  }
  const ma = sa / n;
  const mb = sb / n;
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  let constA = true;
  let constB = true;
  const a0 = a[0];
  const b0 = b[0];
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    saa += da * da;
    sbb += db * db;
    sab += da * db;
    // exact constancy, checked on the values: a rounded mean can leave tiny non-zero deviations
    if (a[i] !== a0) constA = false;
    if (b[i] !== b0) constB = false;
  }
  if (constA || constB || saa === 0 || sbb === 0) return NaN;
  const r = sab / Math.sqrt(saa * sbb);
  return Math.max(-1, Math.min(1, r));
}

/** Above this length ranks come from a radix sort: the binary searches' random reads dominate at ~10⁷ values. */
const RADIX_RANK_MIN = 1 << 16;

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Average ranks (1-based), ties sharing the mean of the ranks they span, as scipy.stats.rankdata(method='average').
 * O(n log n); for RSA's ~10⁷ distances an O(n) radix sort of the indices takes over (a few seconds instead of
 * twenty). Values must not be NaN (the callers check).
 */
export function rankData(x: ArrayLike<number>): Float64Array {
  return x.length >= RADIX_RANK_MIN ? rankByRadixSort(Float64Array.from(x)) : rankBySearch(x);
}

/** Sorted copy plus two binary searches per value: simple and fast while the array stays in cache. */
function rankBySearch(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const sorted = Float64Array.from(x).sort();
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = x[i];
    // lo = #values < v, hi = #values <= v; the tie block occupies ranks lo+1 … hi
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    let lo2 = lo;
    let hi2 = n;
    while (lo2 < hi2) {
      const mid = (lo2 + hi2) >>> 1;
      if (sorted[mid] <= v) lo2 = mid + 1;
      else hi2 = mid;
    }
    ranks[i] = (lo + 1 + lo2) / 2;
  }
  return ranks;
}

/**
 * Indices sorted by value with an LSD radix sort on the order-preserving 64-bit image of each double (sign bit
 * flipped for positives, all bits flipped for negatives): four stable passes of 16 bits, the keys travelling with
 * the indices so every pass reads sequentially. Then one walk over the sorted order gives each tie block its
 * average rank. Extra memory: 32 bytes per value.
 */
function rankByRadixSort(v: Float64Array): Float64Array {
  const n = v.length;
  const words = new Uint32Array(v.buffer, v.byteOffset, 2 * n);
  const hiWord = LITTLE_ENDIAN ? 1 : 0;
  const loWord = 1 - hiWord;
  let hi = new Uint32Array(n);
  let lo = new Uint32Array(n);
  let idx = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const h = words[2 * i + hiWord];
    const l = words[2 * i + loWord];
    // −0 is keyed as +0 so that equal values have equal keys
    const neg = h >>> 31 === 1 && (h !== 0x80000000 || l !== 0);
    hi[i] = neg ? ~h : (h & 0x7fffffff) ^ 0x80000000;
    lo[i] = neg ? ~l : l;
    idx[i] = i;
  }
  let hi2 = new Uint32Array(n);
  let lo2 = new Uint32Array(n);
  let idx2 = new Int32Array(n);
  const count = new Int32Array(65537);
  for (let pass = 0; pass < 4; pass++) {
    const key = pass < 2 ? lo : hi;
    const shift = pass % 2 === 0 ? 0 : 16;
    count.fill(0);
    for (let p = 0; p < n; p++) count[((key[p] >>> shift) & 0xffff) + 1]++;
    for (let d = 0; d < 65536; d++) count[d + 1] += count[d];
    for (let p = 0; p < n; p++) {
      const q = count[(key[p] >>> shift) & 0xffff]++;
      idx2[q] = idx[p];
      hi2[q] = hi[p];
      lo2[q] = lo[p];
    }
    [idx, idx2] = [idx2, idx];
    [hi, hi2] = [hi2, hi];
    [lo, lo2] = [lo2, lo];
  }
  const ranks = new Float64Array(n);
  for (let p = 0; p < n;) {
    // equal keys ⇔ equal values: tie blocks are found reading the sorted keys sequentially
    let q = p + 1;
    while (q < n && hi[q] === hi[p] && lo[q] === lo[p]) q++;
    const r = (p + 1 + q) / 2;
    for (let t = p; t < q; t++) ranks[idx[t]] = r;
    p = q;
  }
  return ranks;
}

/**
 * Pearson's product-moment correlation of paired samples, as scipy.stats.pearsonr (two-sided).
 *
 * @param a length n ≥ 3
 * @param b length n
 * @returns r and its two-sided p-value (t distribution, n − 2 df); both NaN when a or b is constant
 * @throws RangeError when the lengths differ, n < 3, or a value is NaN/infinite (the index is named)
 */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): Correlation {
  const n = checkPairs(a, b, 'pearson');
  const r = pearsonR(a, b, n);
  return { r, p: correlationPValue(r, n) };
}

/**
 * Spearman's rank correlation, as scipy.stats.spearmanr: Pearson's r of the average ranks (ties share their mean
 * rank) and the two-sided p-value of the t approximation with n − 2 df.
 *
 * @returns r and p; both NaN when a or b is constant
 * @throws RangeError when the lengths differ, n < 3, or a value is NaN/infinite (the index is named)
 */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): Correlation {
  const n = checkPairs(a, b, 'spearman');
  const r = pearsonR(rankData(a), rankData(b), n);
  return { r, p: correlationPValue(r, n) };
}

export interface BootstrapOptions {
  /** Correlation to resample (default 'pearson'). */
  method?: 'pearson' | 'spearman';
  /** Number of bootstrap resamples (default 10000). */
  resamples?: number;
  /** Two-sided coverage of the interval, in (0, 1) (default 0.95). */
  confidence?: number;
  /** Seed of the resampling generator (default 0); the same seed gives the same interval. */
  seed?: number;
}

export interface BootstrapResult {
  /** The correlation of the full sample (NaN when an input is constant). */
  r: number;
  /** Lower percentile bound: the (1 − confidence)/2 quantile of the resampled coefficients. */
  low: number;
  /** Upper percentile bound: the (1 + confidence)/2 quantile. */
  high: number;
  /**
   * Resamples whose correlation is undefined because a resampled input was constant (likely with n = 5: drawing the
   * same pair five times, or only tied values). They are left out of the quantiles; the interval is NaN if all are.
   */
  degenerate: number;
}

/** The q-quantile of sorted values with linear interpolation between order statistics (numpy's default). */
function quantileSorted(sorted: Float64Array, q: number): number {
  const m = sorted.length;
  if (m === 0) return NaN;
  const pos = q * (m - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(m - 1, lo + 1);
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Percentile bootstrap confidence interval of a correlation coefficient: resample the n pairs with replacement
 * `resamples` times, compute the coefficient of each resample, and take the (1 ∓ confidence)/2 quantiles (linear
 * interpolation, as numpy.percentile). Deterministic for a given seed. With n as small as 5 the interval is wide and
 * coarse; report it alongside the p-value rather than instead of it.
 *
 * @throws RangeError on invalid input (as {@link pearson}) or options
 */
export function bootstrapCorrelation(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  opts: BootstrapOptions = {},
): BootstrapResult {
  const n = checkPairs(a, b, 'bootstrapCorrelation');
  const method = opts.method ?? 'pearson';
  if (method !== 'pearson' && method !== 'spearman')
    throw new RangeError(
      `bootstrapCorrelation: method must be 'pearson' or 'spearman', got ${String(method)}`,
    );
  const resamples = opts.resamples ?? 10000;
  if (!Number.isInteger(resamples) || resamples < 1)
    throw new RangeError(`bootstrapCorrelation: resamples must be a positive integer, got ${resamples}`);
  const confidence = opts.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`bootstrapCorrelation: confidence must be in (0, 1), got ${confidence}`);
  const seed = opts.seed ?? 0;
  if (!Number.isFinite(seed))
    throw new RangeError(`bootstrapCorrelation: seed must be a finite number, got ${seed}`);

  const corr = (x: ArrayLike<number>, y: ArrayLike<number>): number =>
    method === 'pearson' ? pearsonR(x, y, n) : pearsonR(rankData(x), rankData(y), n);

  const next = mulberry32Uint32(seed);
  const ra = new Float64Array(n);
  const rb = new Float64Array(n);
  const stats = new Float64Array(resamples);
  let kept = 0;
  for (let s = 0; s < resamples; s++) {
    for (let i = 0; i < n; i++) {
      // index in [0, n): the bias of scaling a 32-bit draw is below n / 2³², negligible for any sample size here
      const j = Math.floor((next() / 4294967296) * n);
      ra[i] = a[j];
      rb[i] = b[j];
    }
    const r = corr(ra, rb);
    if (!Number.isNaN(r)) stats[kept++] = r;
  }
  const sorted = stats.subarray(0, kept).sort();
  const alpha = (1 - confidence) / 2;
  return {
    r: corr(a, b),
    low: quantileSorted(sorted, alpha),
    high: quantileSorted(sorted, 1 - alpha),
    degenerate: resamples - kept,
  };
}
