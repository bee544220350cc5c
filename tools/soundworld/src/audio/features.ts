/**
 * A deliberately simple baseline feature and classifier, used to check that the synthetic classes carry
 * recoverable but not trivial identity: clip-level log-mel statistics and a nearest-centroid classifier.
 */

/**
 * Radix-2 real FFT of a fixed size N (power of two ≥ 4), computed as an N/2-point complex FFT of the even/odd
 * packed input followed by the standard split step. Tables are built once per instance; no allocation per call.
 */
export class RealFft {
  readonly size: number;
  private readonly half: number;
  private readonly rev: Uint32Array;
  private readonly cosT: Float64Array; // complex FFT twiddles, size half/2
  private readonly sinT: Float64Array;
  private readonly splitCos: Float64Array; // e^{-2πik/N}, k = 0..N/2
  private readonly splitSin: Float64Array;
  private readonly re: Float64Array;
  private readonly im: Float64Array;

  constructor(size: number) {
    if (size < 4 || (size & (size - 1)) !== 0)
      throw new Error(`RealFft: size must be a power of two ≥ 4, got ${size}`);
    this.size = size;
    const h = size >> 1;
    this.half = h;
    this.rev = new Uint32Array(h);
    const bits = Math.log2(h);
    for (let i = 0; i < h; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
      this.rev[i] = r;
    }
    this.cosT = new Float64Array(h >> 1 || 1);
    this.sinT = new Float64Array(h >> 1 || 1);
    for (let i = 0; i < h >> 1; i++) {
      this.cosT[i] = Math.cos((2 * Math.PI * i) / h);
      this.sinT[i] = -Math.sin((2 * Math.PI * i) / h);
    }
    this.splitCos = new Float64Array(h + 1);
    this.splitSin = new Float64Array(h + 1);
    for (let k = 0; k <= h; k++) {
      this.splitCos[k] = Math.cos((2 * Math.PI * k) / size);
      this.splitSin[k] = -Math.sin((2 * Math.PI * k) / size);
    }
    this.re = new Float64Array(h);
    this.im = new Float64Array(h);
  }

  /**
   * Spectrum of input[offset..offset+N) (missing samples read as 0): writes Re/Im of bins k = 0..N/2 into
   * outRe/outIm (length ≥ N/2 + 1). X[k] = Σ x[n]·e^{−2πikn/N}.
   */
  transform(
    input: ArrayLike<number>,
    offset: number,
    outRe: Float64Array | Float32Array,
    outIm: Float64Array | Float32Array,
  ): void {
    const h = this.half;
    const re = this.re;
    const im = this.im;
    const rev = this.rev;
    const avail = input.length - offset;
    for (let i = 0; i < h; i++) {
      const j = rev[i];
      re[j] = 2 * i < avail ? input[offset + 2 * i] : 0;
      im[j] = 2 * i + 1 < avail ? input[offset + 2 * i + 1] : 0;
    }
    // iterative radix-2 decimation in time
    for (let len = 2; len <= h; len <<= 1) {
      const halfLen = len >> 1;
      const step = h / len;
      for (let i = 0; i < h; i += len) {
        for (let k = 0; k < halfLen; k++) {
          const wr = this.cosT[k * step];
          const wi = this.sinT[k * step];
          const a = i + k;
          const b = a + halfLen;
          const tr = re[b] * wr - im[b] * wi;
          const ti = re[b] * wi + im[b] * wr;
          re[b] = re[a] - tr;
          im[b] = im[a] - ti;
          re[a] += tr;
          im[a] += ti;
        }
      }
    }
    // split: X[k] = E[k] + W^k O[k], E = (Z[k] + conj Z[h−k])/2, O = (Z[k] − conj Z[h−k])/(2i)
    for (let k = 0; k <= h; k++) {
      const k1 = k % h;
      const k2 = (h - k) % h;
      const zr = re[k1];
      const zi = im[k1];
      const cr = re[k2];
      const ci = -im[k2];
      const er = 0.5 * (zr + cr);
      const ei = 0.5 * (zi + ci);
      // (z − c)/(2i) = (zi − ci)/2 − i·(zr − cr)/2
      const or = 0.5 * (zi - ci);
      const oi = -0.5 * (zr - cr);
      const wr = this.splitCos[k];
      const wi = this.splitSin[k];
      outRe[k] = er + or * wr - oi * wi;
      outIm[k] = ei + or * wi + oi * wr;
    }
  }

  /** Power spectrum |X[k]|² for k = 0..N/2 of input[offset..offset+N) into out (length ≥ N/2 + 1). */
  power(
    input: ArrayLike<number>,
    offset: number,
    out: Float64Array | Float32Array,
    scratchRe?: Float64Array,
    scratchIm?: Float64Array,
  ): void {
    const h = this.half;
    const r = scratchRe ?? new Float64Array(h + 1);
    const i = scratchIm ?? new Float64Array(h + 1);
    this.transform(input, offset, r, i);
    for (let k = 0; k <= h; k++) out[k] = r[k] * r[k] + i[k] * i[k];
  }
}

/** STFT frame length (samples), Hann window. */
export const FRAME = 512;
/** STFT hop (samples). */
export const HOP = 256;
/** Number of mel bands. */
export const MEL_BANDS = 40;
/** Length of the {@link logMelStats} vector: 40 band means, 40 band standard deviations, spectral flux mean, zero-crossing rate. */
export const FEATURE_DIM = 2 * MEL_BANDS + 2;

/** HTK mel scale: 2595·log10(1 + f/700). */
export function hzToMel(f: number): number {
  return 2595 * Math.log10(1 + f / 700);
}
/** Inverse of {@link hzToMel}. */
export function melToHz(m: number): number {
  return 700 * (Math.pow(10, m / 2595) - 1);
}

interface MelBank {
  start: Int32Array;
  weights: Float64Array[];
}
const melCache = new Map<number, MelBank>();

/**
 * 40 triangular filters equally spaced on the HTK mel scale from 0 Hz to sampleRate/2, peak weight 1 (not
 * area-normalized), over the N/2+1 bins of a 512-point FFT. A filter too narrow to cover a bin gets its
 * nearest bin with weight 1.
 */
function melBank(sampleRate: number): MelBank {
  const cached = melCache.get(sampleRate);
  if (cached) return cached;
  const bins = FRAME / 2 + 1;
  const mMax = hzToMel(sampleRate / 2);
  const edges: number[] = [];
  for (let i = 0; i < MEL_BANDS + 2; i++) edges.push(melToHz((mMax * i) / (MEL_BANDS + 1)));
  const start = new Int32Array(MEL_BANDS);
  const weights: Float64Array[] = [];
  for (let b = 0; b < MEL_BANDS; b++) {
    const lo = edges[b];
    const mid = edges[b + 1];
    const hi = edges[b + 2];
    const w: number[] = [];
    let first = -1;
    for (let k = 0; k < bins; k++) {
      const f = (k * sampleRate) / FRAME;
      let g = 0;
      if (f > lo && f < hi) g = f <= mid ? (f - lo) / (mid - lo) : (hi - f) / (hi - mid);
      if (g > 0) {
        if (first < 0) first = k;
        while (w.length < k - first) w.push(0);
        w.push(g);
      }
    }
    if (first < 0) {
      first = Math.min(bins - 1, Math.round((mid * FRAME) / sampleRate));
      w.push(1);
    }
    start[b] = first;
    weights.push(Float64Array.from(w));
  }
  const bank = { start, weights };
  melCache.set(sampleRate, bank);
  return bank;
}

/**
 * Clip-level baseline features (length {@link FEATURE_DIM}): STFT with a 512-sample Hann window and hop 256,
 * power spectrum, 40 HTK-mel bands (0 .. sampleRate/2), log(power + 1e-10); then per band the mean and the
 * standard deviation over frames (80 values), the mean spectral flux (mean positive log-mel increase per band
 * between consecutive frames) and the zero-crossing rate (sign changes per sample). Clips shorter than one
 * frame are zero-padded to one frame.
 */
export function logMelStats(samples: Float32Array, sampleRate: number): Float32Array {
  const fft = getFft();
  const bank = melBank(sampleRate);
  const frames = samples.length <= FRAME ? 1 : 1 + Math.floor((samples.length - FRAME) / HOP);
  const win = hann();
  const frame = new Float64Array(FRAME);
  const pow = new Float64Array(FRAME / 2 + 1);
  const sr = new Float64Array(FRAME / 2 + 1);
  const si = new Float64Array(FRAME / 2 + 1);
  const sum = new Float64Array(MEL_BANDS);
  const sumSq = new Float64Array(MEL_BANDS);
  const prev = new Float64Array(MEL_BANDS);
  const cur = new Float64Array(MEL_BANDS);
  let flux = 0;
  for (let t = 0; t < frames; t++) {
    const off = t * HOP;
    for (let i = 0; i < FRAME; i++) {
      const j = off + i;
      frame[i] = j < samples.length ? samples[j] * win[i] : 0;
    }
    fft.power(frame, 0, pow, sr, si);
    for (let b = 0; b < MEL_BANDS; b++) {
      const w = bank.weights[b];
      const s0 = bank.start[b];
      let e = 0;
      for (let k = 0; k < w.length; k++) e += w[k] * pow[s0 + k];
      const v = Math.log(e + 1e-10);
      cur[b] = v;
      sum[b] += v;
      sumSq[b] += v * v;
      if (t > 0) {
        const d = v - prev[b];
        if (d > 0) flux += d;
      }
    }
    prev.set(cur);
  }
  const out = new Float32Array(FEATURE_DIM);
  for (let b = 0; b < MEL_BANDS; b++) {
    const m = sum[b] / frames;
    out[b] = m;
    out[MEL_BANDS + b] = Math.sqrt(Math.max(0, sumSq[b] / frames - m * m));
  }
  out[2 * MEL_BANDS] = frames > 1 ? flux / ((frames - 1) * MEL_BANDS) : 0;
  let zc = 0;
  for (let i = 1; i < samples.length; i++) if (samples[i - 1] < 0 !== samples[i] < 0) zc++;
  out[2 * MEL_BANDS + 1] = samples.length > 1 ? zc / (samples.length - 1) : 0;
  return out;
}

let fftInstance: RealFft | null = null;
function getFft(): RealFft {
  if (!fftInstance) fftInstance = new RealFft(FRAME);
  return fftInstance;
}
let hannWin: Float64Array | null = null;
function hann(): Float64Array {
  if (!hannWin) {
    hannWin = new Float64Array(FRAME);
    for (let i = 0; i < FRAME; i++) hannWin[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / FRAME); // periodic Hann
  }
  return hannWin;
}

/** A nearest-centroid model: the class labels, the z-scoring statistics, and one centroid per class (z space). */
export interface CentroidModel {
  /** Distinct labels, ascending; centroids[i] belongs to classes[i]. */
  classes: number[];
  /** Per-dimension mean of the training features. */
  mean: Float32Array;
  /** Per-dimension standard deviation of the training features (floored at 1e-6). */
  std: Float32Array;
  /** Class means of the z-scored training features. */
  centroids: Float32Array[];
}

/** Fits a nearest-centroid classifier on z-scored features: the weakest reasonable baseline, with no tuning to overfit. */
export function fitCentroids(features: Float32Array[], labels: number[]): CentroidModel {
  if (features.length === 0 || features.length !== labels.length)
    throw new Error('fitCentroids: need one label per feature vector and at least one vector');
  const d = features[0].length;
  const mean = new Float32Array(d);
  const std = new Float32Array(d);
  const acc = new Float64Array(d);
  const accSq = new Float64Array(d);
  for (const f of features) {
    if (f.length !== d) throw new Error('fitCentroids: feature vectors differ in length');
    for (let j = 0; j < d; j++) {
      acc[j] += f[j];
      accSq[j] += f[j] * f[j];
    }
  }
  for (let j = 0; j < d; j++) {
    const m = acc[j] / features.length;
    mean[j] = m;
    std[j] = Math.max(1e-6, Math.sqrt(Math.max(0, accSq[j] / features.length - m * m)));
  }
  const classes = [...new Set(labels)].sort((a, b) => a - b);
  const idx = new Map(classes.map((c, i) => [c, i]));
  const sums = classes.map(() => new Float64Array(d));
  const counts = classes.map(() => 0);
  features.forEach((f, n) => {
    const i = idx.get(labels[n])!;
    counts[i]++;
    for (let j = 0; j < d; j++) sums[i][j] += (f[j] - mean[j]) / std[j];
  });
  const centroids = sums.map((s, i) => Float32Array.from(s, (v) => v / counts[i]));
  return { classes, mean, std, centroids };
}

/** Predicts the label of the nearest centroid (Euclidean distance in z space; ties go to the smaller label). */
export function predictCentroid(model: CentroidModel, feature: Float32Array): number {
  const d = model.mean.length;
  let best = -1;
  let bestDist = Infinity;
  for (let i = 0; i < model.centroids.length; i++) {
    const c = model.centroids[i];
    let dist = 0;
    for (let j = 0; j < d; j++) {
      const z = (feature[j] - model.mean[j]) / model.std[j] - c[j];
      dist += z * z;
    }
    if (dist < bestDist) {
      bestDist = dist;
      best = i;
    }
  }
  return model.classes[best];
}
