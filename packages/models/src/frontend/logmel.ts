/**
 * Log-mel spectrogram exactly as PANNs computes it with torchlibrosa (`Spectrogram` + `LogmelFilterBank`):
 *
 *   1. reflect-pad nFft/2 samples on both sides (center=True, pad_mode='reflect'; numpy/torch "reflect", which does
 *      not repeat the edge sample);
 *   2. frames of nFft samples every `hop` samples: 1 + floor(len / hop) frames;
 *   3. periodic Hann window of length nFft (librosa `get_window('hann', nFft, fftbins=True)`; win_length = nFft);
 *   4. power spectrum |rfft|² (nFft/2 + 1 bins);
 *   5. mel projection with librosa.filters.mel(sr, nFft, nMels, fmin, fmax, htk=False, norm='slaney');
 *   6. 10·log10(max(amin, mel)) − 10·log10(max(amin, ref)); optional top_db clamp (PANNs: None).
 *
 * Arithmetic is float64 throughout (torchlibrosa runs in float32), the filter bank is rounded to float32 as librosa
 * stores it, and the output is float32.
 *
 * Speed: per (rate, nFft, hop, mels, fmin, fmax) a plan is cached holding the window, bit-reversal permutation,
 * FFT twiddles and each mel band's non-zero bin range. The nFft-point real FFT is one nFft/2-point complex radix-2
 * FFT of the even/odd samples plus a split step.
 */

/** Front-end settings (PANNs CNN14 at 32 kHz: nFft 1024, hop 320, 64 mels, 50–14000 Hz). */
export interface LogMelOptions {
  /** Sample rate of the input, Hz. */
  sampleRate: number;
  /** FFT size = window length, samples; a power of two ≥ 2. */
  nFft: number;
  /** Hop between frames, samples (positive integer). */
  hop: number;
  /** Number of mel bands. */
  melBins: number;
  /** Lowest filter-bank edge, Hz. */
  fMin: number;
  /** Highest filter-bank edge, Hz. */
  fMax: number;
  /** Floor on power before the log; default 1e-10. */
  amin?: number;
  /** Reference power for 0 dB; default 1.0. */
  ref?: number;
  /** If a number, values below (max − topDb) over the clip are raised to it; default null (off, as in PANNs). */
  topDb?: number | null;
}

/** A log-mel spectrogram in dB. */
export interface LogMel {
  /** frames × melBins values, row-major: data[frame · melBins + mel]. */
  data: Float32Array;
  frames: number;
  melBins: number;
}

const F_SP = 200 / 3; // Hz per mel in the linear part
const MIN_LOG_HZ = 1000;
const MIN_LOG_MEL = MIN_LOG_HZ / F_SP; // 15
const LOGSTEP = Math.log(6.4) / 27;

/** Slaney (Auditory Toolbox) mel scale as librosa `hz_to_mel(htk=False)`: linear below 1 kHz, logarithmic above. */
export function hzToMelSlaney(hz: number): number {
  return hz >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOGSTEP : hz / F_SP;
}

/** Inverse of {@link hzToMelSlaney} (librosa `mel_to_hz(htk=False)`). */
export function melToHzSlaney(mel: number): number {
  return mel >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp(LOGSTEP * (mel - MIN_LOG_MEL)) : F_SP * mel;
}

/**
 * librosa.filters.mel(sr, n_fft, n_mels, fmin, fmax, htk=False, norm='slaney'): triangular filters whose edges are
 * n_mels + 2 points equally spaced on the Slaney mel scale, each scaled by 2 / (f_hi − f_lo) (equal area).
 *
 * @returns melBins × (nFft/2 + 1) weights, row-major [mel][fftBin], float32 like librosa's default dtype.
 */
export function melFilterBank(
  sampleRate: number,
  nFft: number,
  melBins: number,
  fMin: number,
  fMax: number,
): Float32Array {
  checkMelArgs(sampleRate, nFft, melBins, fMin, fMax);
  const nBins = Math.floor(nFft / 2) + 1;
  const fftFreqs = new Float64Array(nBins);
  // np.linspace(0, sr/2, nBins)
  const df = sampleRate / 2 / (nBins - 1);
  for (let k = 0; k < nBins; k++) fftFreqs[k] = k * df;
  if (nBins > 1) fftFreqs[nBins - 1] = sampleRate / 2;
  // np.linspace(mel(fmin), mel(fmax), melBins + 2) → Hz
  const mMin = hzToMelSlaney(fMin);
  const mMax = hzToMelSlaney(fMax);
  const nPts = melBins + 2;
  const melF = new Float64Array(nPts);
  const dm = (mMax - mMin) / (nPts - 1);
  for (let i = 0; i < nPts; i++) melF[i] = melToHzSlaney(i === nPts - 1 ? mMax : mMin + i * dm);
  const w = new Float32Array(melBins * nBins);
  for (let m = 0; m < melBins; m++) {
    const lo = melF[m];
    const ce = melF[m + 1];
    const hi = melF[m + 2];
    const enorm = 2 / (hi - lo);
    for (let k = 0; k < nBins; k++) {
      const f = fftFreqs[k];
      const lower = (f - lo) / (ce - lo); // librosa: −ramps[i] / fdiff[i]
      const upper = (hi - f) / (hi - ce); // ramps[i+2] / fdiff[i+1]
      const v = Math.max(0, Math.min(lower, upper));
      // librosa stores the triangle in float32, then scales it in place: two float32 roundings
      if (v > 0) w[m * nBins + k] = Math.fround(v) * enorm;
    }
  }
  return w;
}

function checkMelArgs(sampleRate: number, nFft: number, melBins: number, fMin: number, fMax: number): void {
  if (!(sampleRate > 0) || !Number.isFinite(sampleRate))
    throw new RangeError(`logMel: sampleRate must be positive, got ${sampleRate}`);
  if (!Number.isInteger(nFft) || nFft < 2 || (nFft & (nFft - 1)) !== 0)
    throw new RangeError(`logMel: nFft must be a power of two >= 2, got ${nFft}`);
  if (!Number.isInteger(melBins) || melBins < 1)
    throw new RangeError(`logMel: melBins must be a positive integer, got ${melBins}`);
  if (!(fMin >= 0) || !(fMax > fMin) || !Number.isFinite(fMax))
    throw new RangeError(`logMel: need 0 <= fMin < fMax, got fMin=${fMin}, fMax=${fMax}`);
}

interface Plan {
  nFft: number;
  half: number; // complex FFT size
  window: Float64Array; // nFft
  bitrev: Uint32Array; // half
  twRe: Float64Array; // half/2: cos(2πk/half)
  twIm: Float64Array; // −sin(2πk/half)
  splitRe: Float64Array; // half+1: cos(2πk/nFft)
  splitIm: Float64Array; // −sin(2πk/nFft)
  mel: Float64Array; // packed non-zero weights, band after band
  melStart: Int32Array; // first non-zero fft bin per band
  melOff: Int32Array; // melBins+1 offsets into `mel`
}

const planCache = new Map<string, Plan>();

function getPlan(o: LogMelOptions): Plan {
  const key = `${o.sampleRate}|${o.nFft}|${o.melBins}|${o.fMin}|${o.fMax}`;
  const hit = planCache.get(key);
  if (hit) return hit;
  const { nFft } = o;
  const half = nFft / 2;
  const window = new Float64Array(nFft);
  // periodic Hann: 0.5 − 0.5·cos(2πn/N)
  for (let n = 0; n < nFft; n++) window[n] = 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / nFft);
  const bits = Math.round(Math.log2(half));
  const bitrev = new Uint32Array(half);
  for (let i = 0; i < half; i++) {
    let r = 0;
    for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
    bitrev[i] = r;
  }
  const twRe = new Float64Array(Math.max(1, half / 2));
  const twIm = new Float64Array(Math.max(1, half / 2));
  for (let k = 0; k < half / 2; k++) {
    twRe[k] = Math.cos((2 * Math.PI * k) / half);
    twIm[k] = -Math.sin((2 * Math.PI * k) / half);
  }
  const splitRe = new Float64Array(half + 1);
  const splitIm = new Float64Array(half + 1);
  for (let k = 0; k <= half; k++) {
    splitRe[k] = Math.cos((2 * Math.PI * k) / nFft);
    splitIm[k] = -Math.sin((2 * Math.PI * k) / nFft);
  }
  const nBins = half + 1;
  const fb = melFilterBank(o.sampleRate, nFft, o.melBins, o.fMin, o.fMax);
  const melStart = new Int32Array(o.melBins);
  const melOff = new Int32Array(o.melBins + 1);
  const packed: number[] = [];
  for (let m = 0; m < o.melBins; m++) {
    let a = 0;
    let b = nBins;
    while (a < nBins && fb[m * nBins + a] === 0) a++;
    while (b > a && fb[m * nBins + b - 1] === 0) b--;
    melStart[m] = a;
    melOff[m] = packed.length;
    for (let k = a; k < b; k++) packed.push(fb[m * nBins + k]);
  }
  melOff[o.melBins] = packed.length;
  const plan: Plan = {
    nFft,
    half,
    window,
    bitrev,
    twRe,
    twIm,
    splitRe,
    splitIm,
    mel: Float64Array.from(packed),
    melStart,
    melOff,
  };
  if (planCache.size >= 16) planCache.delete(planCache.keys().next().value as string);
  planCache.set(key, plan);
  return plan;
}

/**
 * Log-mel spectrogram in dB of a mono signal, as PANNs/torchlibrosa compute it (see the module comment).
 *
 * @param x    Mono samples at `opts.sampleRate` (non-empty).
 * @param opts Front-end settings; `nFft` must be a power of two.
 * @returns frames = 1 + floor(x.length / hop) rows of melBins dB values, row-major [frame][mel].
 * @throws RangeError for empty input or invalid options.
 */
export function logMel(x: Float32Array, opts: LogMelOptions): LogMel {
  const { nFft, hop, melBins } = opts;
  checkMelArgs(opts.sampleRate, nFft, melBins, opts.fMin, opts.fMax);
  if (!Number.isInteger(hop) || hop < 1)
    throw new RangeError(`logMel: hop must be a positive integer, got ${hop}`);
  const amin = opts.amin ?? 1e-10;
  const ref = opts.ref ?? 1.0;
  const topDb = opts.topDb ?? null;
  if (!(amin > 0)) throw new RangeError(`logMel: amin must be positive, got ${amin}`);
  if (topDb !== null && !(topDb >= 0))
    throw new RangeError(`logMel: topDb must be non-negative, got ${topDb}`);
  const len = x.length;
  if (len === 0) throw new RangeError('logMel: empty input');

  const plan = getPlan(opts);
  const { half, window, bitrev, twRe, twIm, splitRe, splitIm, mel, melStart, melOff } = plan;
  const pad = nFft / 2;
  const frames = 1 + Math.floor(len / hop);
  const out = new Float32Array(frames * melBins);
  const re = new Float64Array(half);
  const im = new Float64Array(half);
  const power = new Float64Array(half + 1);
  const refDb = 10 * Math.log10(Math.max(amin, ref));
  const period = 2 * (len - 1);
  // numpy/torch 'reflect' index (no edge repeat), folded as often as needed for very short input
  const reflect = (i: number): number => {
    if (len === 1) return 0;
    i %= period;
    if (i < 0) i += period;
    return i >= len ? period - i : i;
  };

  for (let f = 0; f < frames; f++) {
    const s0 = f * hop - pad; // first sample in unpadded coordinates
    // window, and pack even/odd samples as one complex sequence in bit-reversed order
    if (s0 >= 0 && s0 + nFft <= len) {
      for (let j = 0; j < half; j++) {
        const r = bitrev[j];
        const n = 2 * j;
        re[r] = x[s0 + n] * window[n];
        im[r] = x[s0 + n + 1] * window[n + 1];
      }
    } else {
      for (let j = 0; j < half; j++) {
        const r = bitrev[j];
        const n = 2 * j;
        re[r] = x[reflect(s0 + n)] * window[n];
        im[r] = x[reflect(s0 + n + 1)] * window[n + 1];
      }
    }
    let size = 2;
    if (half >= 4) {
      // first two radix-2 stages fused: twiddles are 1 and −i, so no multiplies
      for (let a = 0; a < half; a += 4) {
        const r0 = re[a],
          i0 = im[a],
          r1 = re[a + 1],
          i1 = im[a + 1];
        const r2 = re[a + 2],
          i2 = im[a + 2],
          r3 = re[a + 3],
          i3 = im[a + 3];
        const s0r = r0 + r1,
          s0i = i0 + i1,
          d0r = r0 - r1,
          d0i = i0 - i1;
        const s1r = r2 + r3,
          s1i = i2 + i3,
          d1r = r2 - r3,
          d1i = i2 - i3;
        re[a] = s0r + s1r;
        im[a] = s0i + s1i;
        re[a + 2] = s0r - s1r;
        im[a + 2] = s0i - s1i;
        re[a + 1] = d0r + d1i; // d0 + (−i)·d1
        im[a + 1] = d0i - d1r;
        re[a + 3] = d0r - d1i;
        im[a + 3] = d0i + d1r;
      }
      size = 8;
    }
    // remaining iterative radix-2 DIT stages
    for (; size <= half; size <<= 1) {
      const hs = size >> 1;
      const tstep = half / size;
      // twiddle-outer order: each twiddle is loaded once per stage
      for (let j = 0, t = 0; j < hs; j++, t += tstep) {
        const wr = twRe[t];
        const wi = twIm[t];
        for (let a = j; a < half; a += size) {
          const b = a + hs;
          const rb = re[b];
          const ib = im[b];
          const br = rb * wr - ib * wi;
          const bi = rb * wi + ib * wr;
          const ra = re[a];
          const ia = im[a];
          re[b] = ra - br;
          im[b] = ia - bi;
          re[a] = ra + br;
          im[a] = ia + bi;
        }
      }
    }
    // split: X[k] = E[k] + W^k O[k], with E, O the DFTs of the even and odd samples
    for (let k = 0; k <= half; k++) {
      const a = k === half ? 0 : k;
      const b = k === 0 ? 0 : half - k;
      const ar = re[a];
      const ai = im[a];
      const br = re[b];
      const bi = im[b];
      const er = 0.5 * (ar + br);
      const ei = 0.5 * (ai - bi);
      const or = 0.5 * (ai + bi);
      const oi = -0.5 * (ar - br);
      const c = splitRe[k];
      const s = splitIm[k];
      const xr = er + c * or - s * oi;
      const xi = ei + c * oi + s * or;
      power[k] = xr * xr + xi * xi;
    }
    const row = f * melBins;
    for (let m = 0; m < melBins; m++) {
      let acc = 0;
      for (let i = melOff[m], k = melStart[m], end = melOff[m + 1]; i < end; i++, k++)
        acc += mel[i] * power[k];
      out[row + m] = 10 * Math.log10(acc > amin ? acc : amin) - refDb;
    }
  }
  if (topDb !== null) {
    let max = -Infinity;
    for (let i = 0; i < out.length; i++) if (out[i] > max) max = out[i];
    const floor = max - topDb;
    for (let i = 0; i < out.length; i++) if (out[i] < floor) out[i] = floor;
  }
  return { data: out, frames, melBins };
}
