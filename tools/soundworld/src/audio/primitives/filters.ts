/** Primitives (conventions in ./index.ts): biquads, swept band-passes, formant banks, DC blocking. */
import { clampRange, dbToGain } from './levels';

// ---------------------------------------------------------------------------------------------------------------
// Filters

/**
 * Second-order IIR section (RBJ Audio EQ Cookbook), transposed direct form II, with state kept between calls so
 * a signal can be filtered block by block (and the coefficients retuned between blocks for sweeps).
 * Frequencies in Hz, Q dimensionless (0.707 = Butterworth), gains in dB.
 */
export class Biquad {
  b0 = 1;
  b1 = 0;
  b2 = 0;
  a1 = 0;
  a2 = 0;
  private z1 = 0;
  private z2 = 0;

  constructor(readonly sampleRate: number) {}

  /** A low-pass at fc Hz. */
  static lowpass(fc: number, q: number, sampleRate: number): Biquad {
    return new Biquad(sampleRate).setLowpass(fc, q);
  }
  /** A high-pass at fc Hz. */
  static highpass(fc: number, q: number, sampleRate: number): Biquad {
    return new Biquad(sampleRate).setHighpass(fc, q);
  }
  /** A band-pass centred on fc Hz with 0 dB peak gain; bandwidth ≈ fc/Q. */
  static bandpass(fc: number, q: number, sampleRate: number): Biquad {
    return new Biquad(sampleRate).setBandpass(fc, q);
  }
  /** A peaking EQ: gainDb at fc, 0 dB far away. */
  static peaking(fc: number, q: number, gainDb: number, sampleRate: number): Biquad {
    return new Biquad(sampleRate).setPeaking(fc, q, gainDb);
  }
  /** A low shelf (slope 1): gainDb below fc. */
  static lowShelf(fc: number, gainDb: number, sampleRate: number): Biquad {
    return new Biquad(sampleRate).setShelf(fc, gainDb, false);
  }
  /** A high shelf (slope 1): gainDb above fc. */
  static highShelf(fc: number, gainDb: number, sampleRate: number): Biquad {
    return new Biquad(sampleRate).setShelf(fc, gainDb, true);
  }

  private cw = 1;
  private sw = 0;
  private w(fc: number): void {
    const f = Math.min(Math.max(fc, 1), 0.49 * this.sampleRate);
    const w0 = (2 * Math.PI * f) / this.sampleRate;
    this.cw = Math.cos(w0);
    this.sw = Math.sin(w0);
  }
  private set(b0: number, b1: number, b2: number, a0: number, a1: number, a2: number): this {
    this.b0 = b0 / a0;
    this.b1 = b1 / a0;
    this.b2 = b2 / a0;
    this.a1 = a1 / a0;
    this.a2 = a2 / a0;
    return this;
  }
  /** Retunes as a low-pass (state kept). */
  setLowpass(fc: number, q: number): this {
    this.w(fc);
    const c = this.cw;
    const s = this.sw;
    const al = s / (2 * q);
    return this.set((1 - c) / 2, 1 - c, (1 - c) / 2, 1 + al, -2 * c, 1 - al);
  }
  /** Retunes as a high-pass (state kept). */
  setHighpass(fc: number, q: number): this {
    this.w(fc);
    const c = this.cw;
    const s = this.sw;
    const al = s / (2 * q);
    return this.set((1 + c) / 2, -(1 + c), (1 + c) / 2, 1 + al, -2 * c, 1 - al);
  }
  /** Retunes as a 0 dB-peak band-pass (state kept). */
  setBandpass(fc: number, q: number): this {
    this.w(fc);
    const c = this.cw;
    const s = this.sw;
    const al = s / (2 * q);
    return this.set(al, 0, -al, 1 + al, -2 * c, 1 - al);
  }
  /** Retunes as a peaking EQ (state kept). */
  setPeaking(fc: number, q: number, gainDb: number): this {
    this.w(fc);
    const c = this.cw;
    const s = this.sw;
    const al = s / (2 * q);
    const A = Math.pow(10, gainDb / 40);
    return this.set(1 + al * A, -2 * c, 1 - al * A, 1 + al / A, -2 * c, 1 - al / A);
  }
  /** Retunes as a shelf with slope 1 (state kept). */
  setShelf(fc: number, gainDb: number, high: boolean): this {
    this.w(fc);
    const c = this.cw;
    const s = this.sw;
    const A = Math.pow(10, gainDb / 40);
    const al = (s / 2) * Math.SQRT2;
    const sq = 2 * Math.sqrt(A) * al;
    if (high) {
      return this.set(
        A * (A + 1 + (A - 1) * c + sq),
        -2 * A * (A - 1 + (A + 1) * c),
        A * (A + 1 + (A - 1) * c - sq),
        A + 1 - (A - 1) * c + sq,
        2 * (A - 1 - (A + 1) * c),
        A + 1 - (A - 1) * c - sq,
      );
    }
    return this.set(
      A * (A + 1 - (A - 1) * c + sq),
      2 * A * (A - 1 - (A + 1) * c),
      A * (A + 1 - (A - 1) * c - sq),
      A + 1 + (A - 1) * c + sq,
      -2 * (A - 1 + (A + 1) * c),
      A + 1 + (A - 1) * c - sq,
    );
  }
  /** Clears the state. */
  reset(): void {
    this.z1 = 0;
    this.z2 = 0;
  }
  /** Filters buf[offset..offset+length) in place. */
  process(buf: Float32Array, offset = 0, length = buf.length - offset): void {
    this.processInto(buf, offset, buf, offset, length, 1, false);
  }
  /**
   * Filters src[srcOffset..+length) into dst[dstOffset..): dst = gain·y (add=false) or dst += gain·y (add=true).
   * src and dst may be the same buffer at the same offset.
   */
  processInto(
    src: Float32Array,
    srcOffset: number,
    dst: Float32Array,
    dstOffset: number,
    length: number,
    gain = 1,
    add = true,
  ): void {
    const { b0, b1, b2, a1, a2 } = this;
    let z1 = this.z1;
    let z2 = this.z2;
    const n = Math.min(length, src.length - srcOffset, dst.length - dstOffset);
    for (let k0 = 0; k0 < n; k0 += 1024) {
      const k1 = Math.min(n, k0 + 1024);
      if (add) {
        for (let k = k0; k < k1; k++) {
          const x = src[srcOffset + k];
          const y = b0 * x + z1;
          z1 = b1 * x - a1 * y + z2;
          z2 = b2 * x - a2 * y;
          dst[dstOffset + k] += gain * y;
        }
      } else {
        for (let k = k0; k < k1; k++) {
          const x = src[srcOffset + k];
          const y = b0 * x + z1;
          z1 = b1 * x - a1 * y + z2;
          z2 = b2 * x - a2 * y;
          dst[dstOffset + k] = gain * y;
        }
      }
      // flush denormals, which make float math crawl during long silences
      if (Math.abs(z1) < 1e-25) z1 = 0;
      if (Math.abs(z2) < 1e-25) z2 = 0;
    }
    this.z1 = z1;
    this.z2 = z2;
  }
  /** Magnitude response in dB at f Hz (for tests and documentation). */
  responseDb(f: number): number {
    const w = (2 * Math.PI * f) / this.sampleRate;
    const c1 = Math.cos(w);
    const s1 = Math.sin(w);
    const c2 = Math.cos(2 * w);
    const s2 = Math.sin(2 * w);
    const nr = this.b0 + this.b1 * c1 + this.b2 * c2;
    const ni = -(this.b1 * s1 + this.b2 * s2);
    const dr = 1 + this.a1 * c1 + this.a2 * c2;
    const di = -(this.a1 * s1 + this.a2 * s2);
    return 10 * Math.log10((nr * nr + ni * ni) / (dr * dr + di * di));
  }
}

/**
 * Runs a band-pass over buf in place whose centre (Hz) follows `center` — a per-sample array indexed from
 * offset, or a function of the sample index from offset — read once per `block` samples and the filter retuned
 * there: gusting wind, filling vessels, sweeping resonances.
 */
export function sweepBandpass(
  buf: Float32Array,
  offset: number,
  length: number,
  sampleRate: number,
  center: Float32Array | ((i: number) => number),
  q: number,
  block = 64,
): void {
  const bq = new Biquad(sampleRate);
  const [s, e] = clampRange(buf, offset, length);
  const base = Math.floor(offset);
  for (let i = s; i < e; i += block) {
    bq.setBandpass(typeof center === 'function' ? center(i - base) : center[i - base], q);
    bq.process(buf, i, Math.min(block, e - i));
  }
}

/** One vocal-tract resonance: centre Hz, bandwidth Hz, gain dB (default 0). */
export interface Formant {
  freq: number;
  bw: number;
  gainDb?: number;
}

/** Vowel name for {@link VOWELS}. */
export type VowelName = 'a' | 'e' | 'i' | 'o' | 'u' | 'm';

/** First three formants of adult vowels (Peterson & Barney style values, Hz), plus a nasal murmur 'm'. */
export const VOWELS: Readonly<Record<VowelName, readonly Formant[]>> = {
  a: [
    { freq: 730, bw: 110 },
    { freq: 1090, bw: 120, gainDb: -4 },
    { freq: 2440, bw: 170, gainDb: -12 },
  ],
  e: [
    { freq: 530, bw: 90 },
    { freq: 1840, bw: 130, gainDb: -8 },
    { freq: 2480, bw: 170, gainDb: -12 },
  ],
  i: [
    { freq: 270, bw: 70 },
    { freq: 2290, bw: 150, gainDb: -10 },
    { freq: 3010, bw: 200, gainDb: -14 },
  ],
  o: [
    { freq: 570, bw: 90 },
    { freq: 840, bw: 100, gainDb: -3 },
    { freq: 2410, bw: 170, gainDb: -16 },
  ],
  u: [
    { freq: 300, bw: 70 },
    { freq: 870, bw: 110, gainDb: -8 },
    { freq: 2240, bw: 170, gainDb: -20 },
  ],
  m: [
    { freq: 250, bw: 80 },
    { freq: 1100, bw: 200, gainDb: -18 },
    { freq: 2500, bw: 300, gainDb: -24 },
  ],
};

/**
 * Parallel band-pass bank (vowel-like resonances): y = Σ_k g_k·BP_k(x). `shift` scales all centre frequencies
 * and bandwidths (children and small animals > 1, large animals < 1). Cost: one biquad per formant per sample.
 */
export class FormantBank {
  private readonly filters: Biquad[];
  private readonly gains: number[];

  constructor(formants: readonly Formant[], sampleRate: number, shift = 1) {
    this.filters = formants.map((f) =>
      Biquad.bandpass(f.freq * shift, (f.freq * shift) / Math.max(f.bw * shift, 1), sampleRate),
    );
    this.gains = formants.map((f) => dbToGain(f.gainDb ?? 0));
  }

  /** dst[dstOffset..+length) += gain·bank(src[srcOffset..+length)). */
  processInto(
    src: Float32Array,
    srcOffset: number,
    dst: Float32Array,
    dstOffset: number,
    length: number,
    gain = 1,
  ): void {
    for (let k = 0; k < this.filters.length; k++)
      this.filters[k].processInto(src, srcOffset, dst, dstOffset, length, gain * this.gains[k], true);
  }
}

/**
 * Removes DC and sub-audio drift in place: one-pole high-pass y[n] = x[n] − x[n−1] + R·y[n−1] with the corner
 * at cutoffHz (default 20 Hz).
 */
export function dcBlock(buf: Float32Array, sampleRate: number, cutoffHz = 20): void {
  const R = Math.exp((-2 * Math.PI * cutoffHz) / sampleRate);
  let x1 = 0;
  let y1 = 0;
  for (let i = 0; i < buf.length; i++) {
    const x = buf[i];
    const y = x - x1 + R * y1;
    x1 = x;
    y1 = Math.abs(y) < 1e-25 ? 0 : y;
    buf[i] = y;
  }
}
