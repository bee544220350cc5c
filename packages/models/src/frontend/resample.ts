/**
 * Band-limited resampling by windowed-sinc interpolation, reproducing resampy's `kaiser_best` filter, which is what
 * PANNs' `librosa.load(path, sr=32000)` used (librosa ≤ 0.9 defaulted to res_type='kaiser_best').
 *
 * Filter (resampy `kaiser_best`): the right wing of a sinc with 64 zero crossings, tabulated at 2^9 = 512 points per
 * zero crossing (64·512 + 1 = 32769 taps), times the right half of a symmetric Kaiser window (β = 14.769656459379492),
 * with roll-off 0.9475937167399596: cutoff = 0.9476 · 0.5 · min(from, to). Between table points the weight is linearly
 * interpolated. When downsampling the filter is stretched by from/to (so its cutoff follows the output Nyquist) and
 * scaled by to/from to keep unit gain. Per output sample that is 2·64 taps when upsampling and ≈ 2·64·from/to when
 * downsampling (≈ 177 taps for 44.1 → 32 kHz). The filter itself rejects its stop band by well over 100 dB.
 *
 * Like resampy, the table stride is truncated to an integer (`int(scale · 512)`), and input samples outside the
 * signal count as zero (the filter is simply cut at the ends). The truncated stride makes the two wings of the kernel
 * sample the filter at slightly inconsistent positions when downsampling, which caps the stop band at about −75 dB
 * (48 → 16 kHz); `stride: 'exact'` removes that quirk (≈ −160 dB) at the price of no longer matching resampy/PANNs.
 *
 * Speed: output sample t sits at input time t·M/L (L/M = to/from reduced), so outputs with the same t mod L share one
 * kernel. When L · taps is small (e.g. 320 phases for 44.1 → 32 kHz) the kernels are tabulated once per rate pair and
 * cached; otherwise each output's kernel is computed on the fly from the same table (identical weights, slower).
 */

/** resampy `kaiser_best` parameters. */
export const KAISER_BEST = Object.freeze({
  zeroCrossings: 64,
  /** Table points per zero crossing (2^precision, precision = 9). */
  tablePerZero: 512,
  beta: 14.769656459379492,
  rolloff: 0.9475937167399596,
});

/** Tuning knobs; defaults suit production. */
export interface ResampleOptions {
  /**
   * Largest polyphase table (number of weights, all phases together) to precompute; beyond it kernels are computed per
   * output sample. Default 2^21 (16 MiB of float64). 0 forces the per-sample path (used by tests to cross-check).
   */
  maxTableSize?: number;
  /**
   * 'resampy' (default): table stride truncated to an integer, exactly as resampy (hence PANNs' librosa.load) does.
   * 'exact': taps at their exact filter positions; cleaner stop band, but not what the PANNs front end computed.
   */
  stride?: 'resampy' | 'exact';
}

let baseWindow: { win: Float64Array; delta: Float64Array } | null = null;

/** I0, the modified Bessel function of the first kind, order 0 (power series; converges fast for |x| ≲ 30). */
function besselI0(x: number): number {
  const q = (x * x) / 4;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 500; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

/** resampy's interp_win (unscaled) and its forward differences, built once. */
function kaiserBestTable(): { win: Float64Array; delta: Float64Array } {
  if (baseWindow) return baseWindow;
  const { zeroCrossings, tablePerZero, beta, rolloff } = KAISER_BEST;
  const n = zeroCrossings * tablePerZero;
  const win = new Float64Array(n + 1);
  const i0b = besselI0(beta);
  for (let k = 0; k <= n; k++) {
    const t = k / tablePerZero; // position in zero crossings
    const a = Math.PI * rolloff * t;
    const sinc = k === 0 ? 1 : Math.sin(a) / a;
    const r = k / n;
    const taper = besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0b;
    win[k] = rolloff * sinc * taper;
  }
  const delta = new Float64Array(n + 1);
  for (let k = 0; k < n; k++) delta[k] = win[k + 1] - win[k];
  baseWindow = { win, delta };
  return baseWindow;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Everything that depends only on the rate pair. */
interface Plan {
  L: number; // to / g: output samples per period
  M: number; // from / g: input samples per period
  gain: number; // to/from when downsampling, else 1
  scale: number; // min(1, to/from)
  step: number; // int(scale · 512): table stride per input sample
  exact: boolean; // stride 'exact': taps at (frac + i) · scale · 512
  /** Polyphase table, or null for the per-sample path. Phase p: taps at [p·width, p·width + left[p] + right[p]). */
  table: Float64Array | null;
  width: number;
  left: Int32Array | null;
  right: Int32Array | null;
}

/**
 * Kernel for an output whose time is n + rem/L input samples: writes taps for x[n − left + 1 .. n + right] into
 * `out` starting at `at`, returns [left, right]. Follows resampy's `_resample_f` weight by weight.
 */
function kernel(plan: Plan, rem: number, out: Float64Array, at: number, lr: Int32Array): void {
  const { win, delta } = kaiserBestTable();
  const nwin = win.length;
  const { scale, step, L, gain } = plan;
  const num = KAISER_BEST.tablePerZero;
  if (plan.exact) {
    const fl = rem / L; // distance of x[n] behind the output time, input samples
    const unit = scale * num; // table points per input sample
    const left = Math.floor((nwin - 1 - fl * unit) / unit) + 1;
    const right = Math.floor((nwin - 1 - (1 - fl) * unit) / unit) + 1;
    for (let i = 0; i < left; i++) {
      const pos = (fl + i) * unit;
      const j = Math.floor(pos);
      out[at + left - 1 - i] = gain * (win[j] + (pos - j) * delta[j]);
    }
    for (let k = 0; k < right; k++) {
      const pos = (1 - fl + k) * unit;
      const j = Math.floor(pos);
      out[at + left + k] = gain * (win[j] + (pos - j) * delta[j]);
    }
    lr[0] = left;
    lr[1] = Math.max(0, right);
    return;
  }
  // left wing: x[n − i], i = 0, 1, …
  let frac = (scale * rem) / L;
  let idx = frac * num;
  let offset = Math.floor(idx);
  let eta = idx - offset;
  const left = Math.floor((nwin - offset) / step);
  for (let i = 0; i < left; i++) {
    const j = offset + i * step;
    out[at + left - 1 - i] = gain * (win[j] + eta * delta[j]);
  }
  // right wing: x[n + 1 + k], k = 0, 1, …
  frac = scale - frac;
  idx = frac * num;
  offset = Math.floor(idx);
  eta = idx - offset;
  const right = Math.floor((nwin - offset) / step);
  for (let k = 0; k < right; k++) {
    const j = offset + k * step;
    out[at + left + k] = gain * (win[j] + eta * delta[j]);
  }
  lr[0] = left;
  lr[1] = right;
}

const planCache = new Map<string, Plan>();

function getPlan(from: number, to: number, maxTableSize: number, exact: boolean): Plan {
  const key = `${from}:${to}:${maxTableSize}:${exact}`;
  const cached = planCache.get(key);
  if (cached) return cached;
  const g = gcd(from, to);
  const L = to / g;
  const M = from / g;
  const ratio = to / from;
  const scale = Math.min(1, ratio);
  const step = Math.floor(scale * KAISER_BEST.tablePerZero);
  const nwin = KAISER_BEST.zeroCrossings * KAISER_BEST.tablePerZero + 1;
  const maxWing = Math.floor(nwin / step) + 1; // ≥ both variants' wing length
  const plan: Plan = {
    L,
    M,
    gain: ratio < 1 ? ratio : 1,
    scale,
    step,
    exact,
    table: null,
    width: 2 * maxWing,
    left: null,
    right: null,
  };
  if (L * plan.width <= maxTableSize) {
    const table = new Float64Array(L * plan.width);
    const left = new Int32Array(L);
    const right = new Int32Array(L);
    const lr = new Int32Array(2);
    for (let p = 0; p < L; p++) {
      kernel(plan, (p * M) % L, table, p * plan.width, lr);
      left[p] = lr[0];
      right[p] = lr[1];
    }
    plan.table = table;
    plan.left = left;
    plan.right = right;
  }
  if (planCache.size >= 16) planCache.delete(planCache.keys().next().value as string);
  planCache.set(key, plan);
  return plan;
}

/**
 * Output length for `n` input samples: ceil(n · to / from), computed in exact integer arithmetic.
 *
 * This is librosa's `resample` length (`int(np.ceil(n · ratio))`, what `librosa.load(sr=…)` returns). resampy itself
 * gives floor and librosa pads the missing last sample with a zero; here that sample is interpolated instead (it lies
 * inside the signal), so the two can differ only in that one sample, and only when n · to / from is not an integer.
 */
export function resampledLength(n: number, fromRate: number, toRate: number): number {
  checkRate(fromRate, 'fromRate');
  checkRate(toRate, 'toRate');
  if (fromRate === toRate) return n;
  const g = gcd(fromRate, toRate);
  const L = toRate / g;
  const M = fromRate / g;
  if (!Number.isSafeInteger(n * L + M)) throw new RangeError(`resample: input of ${n} samples is too long`);
  return Math.floor((n * L + M - 1) / M);
}

function checkRate(r: number, name: string): void {
  if (!Number.isInteger(r) || r <= 0)
    throw new RangeError(`resample: ${name} must be a positive integer (Hz), got ${r}`);
}

/**
 * Resamples a mono signal with resampy's `kaiser_best` windowed-sinc filter (see the module comment).
 *
 * @param x        Input samples at `fromRate`.
 * @param fromRate Input sample rate, Hz (positive integer).
 * @param toRate   Output sample rate, Hz (positive integer).
 * @returns A new array of `ceil(x.length · toRate / fromRate)` samples at `toRate` (see {@link resampledLength});
 *   a copy of `x` when the rates are equal. Deterministic: the same input always gives the same bits.
 * @throws RangeError for non-integer or non-positive rates.
 */
export function resample(
  x: Float32Array,
  fromRate: number,
  toRate: number,
  opts: ResampleOptions = {},
): Float32Array {
  checkRate(fromRate, 'fromRate');
  checkRate(toRate, 'toRate');
  if (fromRate === toRate) return new Float32Array(x);
  const N = x.length;
  const nOut = resampledLength(N, fromRate, toRate);
  const y = new Float32Array(nOut);
  if (N === 0) return y;
  const stride = opts.stride ?? 'resampy';
  if (stride !== 'resampy' && stride !== 'exact')
    throw new RangeError(`resample: unknown stride ${JSON.stringify(stride)}`);
  const plan = getPlan(fromRate, toRate, opts.maxTableSize ?? 1 << 21, stride === 'exact');
  const { L, M, width } = plan;
  const scratch = plan.table ? null : new Float64Array(width);
  const lr = new Int32Array(2);
  let n = 0; // floor(t·M/L), advanced incrementally to stay exact
  let rem = 0; // t·M mod L
  let p = 0; // t mod L
  const stepWhole = Math.floor(M / L);
  const stepRem = M % L;
  for (let t = 0; t < nOut; t++) {
    let h: Float64Array;
    let base: number;
    let left: number;
    let right: number;
    if (plan.table) {
      h = plan.table;
      base = p * width;
      left = plan.left![p];
      right = plan.right![p];
    } else {
      h = scratch!;
      base = 0;
      kernel(plan, rem, h, 0, lr);
      left = lr[0];
      right = lr[1];
    }
    // taps cover x[n − left + 1 .. n + right]; samples outside [0, N) count as zero
    const first = n - left + 1;
    const jStart = first < 0 ? -first : 0;
    const jEnd = Math.min(left + right, N - first);
    // four accumulators, fixed order: lets the JIT overlap multiplies and keeps the result deterministic
    const d = first - base; // x index = h index + d
    const hEnd = base + jEnd;
    let hi = base + jStart;
    let acc0 = 0;
    let acc1 = 0;
    let acc2 = 0;
    let acc3 = 0;
    for (; hi + 3 < hEnd; hi += 4) {
      const xi = hi + d;
      acc0 += h[hi] * x[xi];
      acc1 += h[hi + 1] * x[xi + 1];
      acc2 += h[hi + 2] * x[xi + 2];
      acc3 += h[hi + 3] * x[xi + 3];
    }
    for (; hi < hEnd; hi++) acc0 += h[hi] * x[hi + d];
    y[t] = acc0 + acc1 + (acc2 + acc3);
    // advance time by M/L input samples
    n += stepWhole;
    rem += stepRem;
    if (rem >= L) {
      rem -= L;
      n++;
    }
    if (++p === L) p = 0;
  }
  return y;
}
