/**
 * Signal building blocks for the procedural sound world. Everything works on mono Float32Array buffers at a
 * caller-given sample rate (Hz); times are in seconds unless a name says otherwise (`…Samples`, `…Ms`).
 *
 * Conventions, so recipes stay cheap and deterministic:
 * - Generators ADD into `out[offset .. offset + length)` (clipped to the buffer) and never allocate per sample;
 *   processors (filters, envelopes, modulators) work IN PLACE on a range.
 * - All randomness comes from an {@link Rng} argument, never from Math.random, so the same stream gives the
 *   same samples.
 * - Oscillators read a shared sine table / per-spectrum wavetables with linear interpolation; decays and glides
 *   are multiplicative recurrences instead of per-sample Math.exp / Math.pow.
 */
import type { Rng } from '../rng';

// Module-local alias of the global Math: per-sample Math calls in hot loops otherwise go through a global-object
// lookup, which is very slow in sandboxed module contexts such as Jest's vm (3-5x slower synthesis).
const Math = globalThis.Math;

// ---------------------------------------------------------------------------------------------------------------
// Small helpers

/** Decibels to a linear amplitude factor (20·log10 convention), for gains given in dB. */
export function dbToGain(db: number): number {
  return Math.pow(10, db / 20);
}

/** Linear amplitude factor to decibels; −Infinity for 0. */
export function gainToDb(gain: number): number {
  return 20 * Math.log10(gain);
}

/** Per-sample multiplier that decays by 60 dB over `t60` seconds: r^(t60·sampleRate) = 1e-3. */
export function decayPerSample(t60: number, sampleRate: number): number {
  return t60 > 0 ? Math.exp(-6.907755278982137 / (t60 * sampleRate)) : 0;
}

function clampRange(out: Float32Array, offset: number, length: number): [number, number] {
  const start = Math.max(0, Math.floor(offset));
  const end = Math.min(out.length, Math.floor(offset) + Math.max(0, Math.floor(length)));
  return [start, end];
}

// ---------------------------------------------------------------------------------------------------------------
// Tables and oscillators

const SINE_BITS = 12;
/** Size of the shared sine table (one period, plus one guard sample for interpolation). */
export const SINE_SIZE = 1 << SINE_BITS;
const SINE = new Float32Array(SINE_SIZE + 1);
for (let i = 0; i <= SINE_SIZE; i++) SINE[i] = Math.sin((2 * Math.PI * i) / SINE_SIZE);

/** sin(2π·phase) for a phase in cycles, from the shared table (nearest-lower entry, for control-rate use). */
export function fastSin(phaseCycles: number): number {
  const p = phaseCycles - Math.floor(phaseCycles);
  return SINE[(p * SINE_SIZE) | 0];
}

/** Wavetable length used by {@link buildWavetable} (one period + 1 guard sample). */
export const WAVETABLE_SIZE = 2048;
const tableCache = new Map<string, Float32Array>();

/**
 * One period of Σ_k amps[k-1]·sin(2πk·t) (harmonics 1..K), normalized to an RMS of 1/√2 (a unit sine's), so
 * tones of different spectra have comparable loudness. Length WAVETABLE_SIZE + 1 (guard). Cached by spectrum.
 */
export function buildWavetable(amps: ArrayLike<number>): Float32Array {
  const key = Array.prototype.map.call(amps, (a: number) => a.toFixed(4)).join(',');
  const cached = tableCache.get(key);
  if (cached) return cached;
  const size = WAVETABLE_SIZE;
  const step = SINE_SIZE / size; // integer: table index stride of harmonic 1
  const t = new Float32Array(size + 1);
  let energy = 0;
  for (let k = 1; k <= amps.length; k++) {
    const a = amps[k - 1];
    if (a === 0) continue;
    energy += a * a;
    const stride = k * step;
    for (let i = 0; i < size; i++) t[i] += a * SINE[(i * stride) & (SINE_SIZE - 1)];
  }
  const g = energy > 0 ? 1 / Math.sqrt(energy) : 0; // Parseval: RMS = sqrt(Σa²/2) → 1/√2 after scaling
  for (let i = 0; i < size; i++) t[i] *= g;
  t[size] = t[0];
  if (tableCache.size > 512) tableCache.clear();
  tableCache.set(key, t);
  return t;
}

/** Harmonic amplitudes k^-rolloff for k = 1..count (rolloff 1 ≈ sawtooth, 0 = flat/impulse-like, 2 = dull). */
export function rolloffPartials(count: number, rolloff: number): number[] {
  const a: number[] = [];
  for (let k = 1; k <= count; k++) a.push(Math.pow(k, -rolloff));
  return a;
}

/**
 * Wavetable oscillator: adds amp·table(phase) with frequency `freqHz` (constant, or per-sample Hz array indexed
 * from `offset`). Returns the end phase (cycles) for continuity across calls.
 */
export function wavetableOsc(
  out: Float32Array,
  offset: number,
  length: number,
  sampleRate: number,
  table: Float32Array,
  freqHz: number | Float32Array,
  amp = 1,
  phase = 0,
): number {
  const [s, e] = clampRange(out, offset, length);
  const size = table.length - 1;
  const inv = 1 / sampleRate;
  const fMax = 0.49 * sampleRate; // frequencies are clamped to [0, 0.49·sampleRate], so one wrap per sample suffices
  let ph = phase - Math.floor(phase);
  if (typeof freqHz === 'number') {
    const inc = Math.min(Math.max(freqHz, 0), fMax) * inv;
    for (let i = s; i < e; i++) {
      const x = ph * size;
      const j = x | 0;
      const t0 = table[j];
      out[i] += amp * (t0 + (x - j) * (table[j + 1] - t0));
      ph += inc;
      if (ph >= 1) ph -= 1;
    }
  } else {
    const base = Math.floor(offset);
    for (let i = s; i < e; i++) {
      const x = ph * size;
      const j = x | 0;
      const t0 = table[j];
      out[i] += amp * (t0 + (x - j) * (table[j + 1] - t0));
      const f = freqHz[i - base];
      ph += (f < 0 ? 0 : f > fMax ? fMax : f) * inv;
      if (ph >= 1) ph -= 1;
    }
  }
  return ph;
}

/** A harmonic tone's parameters. */
export interface ToneSpec {
  /** Fundamental frequency, Hz (the contour multiplies it). */
  f0: number;
  /**
   * f0 multipliers at equally spaced points from the start to the end of the tone (default [1]); between
   * points the glide is exponential (constant ratio per sample). E.g. [1, 1.2, 0.8] rises then falls.
   */
  contour?: readonly number[];
  /** Vibrato rate, Hz (default 0). */
  vibratoHz?: number;
  /** Vibrato depth as a fraction of f0 (0.02 = ±2 %). */
  vibratoDepth?: number;
  /** Amplitudes of harmonics 1..K (default [1], a sine). Harmonics above ~0.47·sampleRate at the tone's highest f0 are dropped. */
  partials?: readonly number[];
  /** Start phase, cycles. */
  phase?: number;
}

/**
 * Adds a harmonic tone with a pitch contour and vibrato to out[offset..offset+length). Loudness: RMS ≈ amp/√2
 * whatever the partials. Returns the end phase (cycles). Cost: one table read per sample.
 */
export function harmonicTone(
  out: Float32Array,
  offset: number,
  length: number,
  sampleRate: number,
  spec: ToneSpec,
  amp = 1,
): number {
  const contour = spec.contour && spec.contour.length > 0 ? spec.contour : [1];
  const vd = spec.vibratoDepth ?? 0;
  const vinc = (spec.vibratoHz ?? 0) / sampleRate;
  let fmax = 0;
  for (const c of contour) fmax = Math.max(fmax, c * spec.f0);
  fmax *= 1 + Math.abs(vd);
  if (fmax >= 0.49 * sampleRate || !(fmax > 0)) return spec.phase ?? 0; // above Nyquist: nothing audible to add
  const partials = spec.partials ?? [1];
  const kmax = Math.max(1, Math.min(partials.length, Math.floor((0.47 * sampleRate) / Math.max(fmax, 1e-3))));
  const table = buildWavetable(partials.length > kmax ? partials.slice(0, kmax) : partials);
  const size = table.length - 1;
  const inv = 1 / sampleRate;
  const [s, e] = clampRange(out, offset, length);
  const total = Math.max(1, Math.floor(length));
  const segs = Math.max(1, contour.length - 1);
  // phase is kept in table units [0, size); frequencies in table units per sample
  const p0 = spec.phase ?? 0;
  let ph = (p0 - Math.floor(p0)) * size;
  let vph = 0;
  const vincT = vinc * SINE_SIZE;
  // Iterate over the whole nominal range so the contour is independent of clipping; write only inside [s, e).
  const base = Math.floor(offset);
  const k0 = s - base;
  const k1 = e - base;
  for (let g = 0; g < segs; g++) {
    const i0 = Math.floor((g * total) / segs);
    const i1 = Math.floor(((g + 1) * total) / segs);
    const c0 = contour[Math.min(g, contour.length - 1)];
    const c1 = contour[Math.min(g + 1, contour.length - 1)];
    let f = spec.f0 * c0 * inv * size;
    const ratio = i1 > i0 ? Math.pow(c1 / c0, 1 / (i1 - i0)) : 1;
    const a0 = Math.min(Math.max(i0, k0), i1);
    const a1 = Math.max(Math.min(i1, k1), a0);
    for (let k = i0; k < a0; k++) {
      // clipped part before the buffer: advance only
      ph += vd !== 0 ? f * (1 + vd * SINE[vph | 0]) : f;
      vph += vincT;
      if (vph >= SINE_SIZE) vph -= SINE_SIZE;
      while (ph >= size) ph -= size;
      f *= ratio;
    }
    if (vd === 0) ph = toneRun(out, base + a0, base + a1, table, size, ph, f, ratio, amp);
    else {
      ph = toneRunVibrato(out, base + a0, base + a1, table, size, ph, f, ratio, amp, vd, vph, vincT);
      vph = lastVibratoPhase;
    }
    // the part after the buffer needs no advancing: nothing is written later in this call
    if (a1 < i1) break;
  }
  ph /= size;
  return ph;
}

/** Inner loop of harmonicTone without vibrato (kept small and monomorphic so V8 optimizes it well). */
function toneRun(
  out: Float32Array,
  i0: number,
  i1: number,
  table: Float32Array,
  size: number,
  ph: number,
  f: number,
  ratio: number,
  amp: number,
): number {
  for (let i = i0; i < i1; i++) {
    const j = ph | 0;
    const t0 = table[j];
    out[i] += amp * (t0 + (ph - j) * (table[j + 1] - t0));
    ph += f;
    if (ph >= size) ph -= size; // f < size/2 (checked by the caller), so one wrap suffices
    f *= ratio;
  }
  return ph;
}

let lastVibratoPhase = 0;
/** Inner loop of harmonicTone with vibrato; leaves the vibrato phase in lastVibratoPhase. */
function toneRunVibrato(
  out: Float32Array,
  i0: number,
  i1: number,
  table: Float32Array,
  size: number,
  ph: number,
  f: number,
  ratio: number,
  amp: number,
  vd: number,
  vph: number,
  vinc: number,
): number {
  for (let i = i0; i < i1; i++) {
    const j = ph | 0;
    const t0 = table[j];
    out[i] += amp * (t0 + (ph - j) * (table[j + 1] - t0));
    ph += f * (1 + vd * SINE[vph | 0]);
    vph += vinc;
    if (vph >= SINE_SIZE) vph -= SINE_SIZE;
    if (ph >= size) ph -= size; // f < size/2 (checked by the caller), so one wrap suffices
    f *= ratio;
  }
  lastVibratoPhase = vph;
  return ph;
}

/** Chirp options. */
export interface ChirpOptions {
  /** 'linear' (Hz per second constant) or 'exp' (octaves per second constant; default). */
  kind?: 'linear' | 'exp';
  /** Peak amplitude (default 1). */
  amp?: number;
  /** If set, an exponential amplitude decay with this T60 in seconds (e.g. a bubble's ring). */
  t60?: number;
  /** Start phase, cycles. */
  phase?: number;
}

/** Adds a sine sweep from f0 to f1 Hz over `length` samples (bubbles, whistles, sirens, kicks). Returns the end phase. */
export function chirp(
  out: Float32Array,
  offset: number,
  length: number,
  sampleRate: number,
  f0: number,
  f1: number,
  opts: ChirpOptions = {},
): number {
  const [s, e] = clampRange(out, offset, length);
  const n = Math.max(1, Math.floor(length));
  const inv = 1 / sampleRate;
  const fLim = 0.49 * sampleRate;
  f0 = Math.min(Math.max(f0, 1e-3), fLim);
  f1 = Math.min(Math.max(f1, 1e-3), fLim);
  const exp = (opts.kind ?? 'exp') === 'exp' && f0 > 0 && f1 > 0;
  const ratio = exp ? Math.pow(f1 / f0, 1 / n) : 1;
  const df = exp ? 0 : (f1 - f0) / n;
  const r = opts.t60 ? decayPerSample(opts.t60, sampleRate) : 1;
  let a = opts.amp ?? 1;
  let f = f0;
  let ph = (opts.phase ?? 0) - Math.floor(opts.phase ?? 0);
  const base = Math.floor(offset);
  // skip the part before the buffer (keeps the sweep aligned to its nominal start)
  for (let i = base; i < s; i++) {
    ph += f * inv;
    ph -= Math.floor(ph);
    if (exp) f *= ratio;
    else f += df;
    a *= r;
  }
  for (let i = s; i < e; i++) {
    const x = ph * SINE_SIZE;
    const j = x | 0;
    const t0 = SINE[j];
    out[i] += a * (t0 + (x - j) * (SINE[j + 1] - t0));
    ph += f * inv;
    if (ph >= 1) ph -= 1; // 0 < f < sampleRate/2 (clamped above), so one wrap suffices
    if (exp) f *= ratio;
    else f += df;
    a *= r;
    if (a < 1e-20 && r < 1) break; // decayed: nothing audible left (and no denormals)
  }
  return ph;
}

// ---------------------------------------------------------------------------------------------------------------
// Noise

/**
 * A 32-bit seed for the inline xorshift32 noise generators, drawn from rng (one draw per call), so noise is as
 * deterministic as the stream but costs ~1 ns per sample instead of a stream call.
 */
export function noiseSeed(rng: Rng): number {
  return (rng.next() * 4294967296) | 0 || 0x2545f491;
}

/** 2^-31: scales a signed 32-bit integer to [−1, 1). */
const I31 = 4.656612873077393e-10;

/** Adds uniform white noise in [−amp, amp) (RMS amp/√3); the raw material of most textures. */
export function whiteNoise(out: Float32Array, offset: number, length: number, rng: Rng, amp = 1): void {
  const [s, e] = clampRange(out, offset, length);
  let x = noiseSeed(rng);
  const g = amp * I31;
  for (let i = s; i < e; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] += g * x;
  }
}

/**
 * Adds pink (−3 dB/octave) noise, Paul Kellet's 3-pole economy filter on white noise; scaled so its RMS is
 * about amp/√3 like {@link whiteNoise}. For wind, water beds, rooms.
 */
export function pinkNoise(out: Float32Array, offset: number, length: number, rng: Rng, amp = 1): void {
  const [s, e] = clampRange(out, offset, length);
  let x = noiseSeed(rng);
  let b0 = 0;
  let b1 = 0;
  let b2 = 0;
  const g = amp * 0.3365;
  for (let i = s; i < e; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const w = x * I31;
    b0 = 0.99765 * b0 + w * 0.099046;
    b1 = 0.963 * b1 + w * 0.2965164;
    b2 = 0.57 * b2 + w * 1.0526913;
    out[i] += g * (b0 + b1 + b2 + w * 0.1848);
  }
}

/** Adds brown (−6 dB/octave above ~5 Hz) noise: a leaky integrator of white noise, RMS about amp/√3. For rumble and surf. */
export function brownNoise(out: Float32Array, offset: number, length: number, rng: Rng, amp = 1): void {
  const [s, e] = clampRange(out, offset, length);
  let x = noiseSeed(rng);
  let y = 0;
  const g = amp * 1.01;
  for (let i = s; i < e; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    y = 0.998 * y + 0.0632 * I31 * x;
    out[i] += g * y;
  }
}

/** Adds one noise burst of `amp` peak that decays by 60 dB over t60 seconds: a click, clap, drop or pop. */
export function noiseBurst(
  out: Float32Array,
  offset: number,
  sampleRate: number,
  rng: Rng,
  amp: number,
  t60: number,
): void {
  const len = Math.ceil(t60 * sampleRate);
  const [s, e] = clampRange(out, offset, len);
  const r = decayPerSample(t60, sampleRate);
  let x = noiseSeed(rng);
  let a = amp * I31 * Math.pow(r, s - Math.floor(offset));
  for (let i = s; i < e; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] += a * x;
    a *= r;
  }
}

/** Crackle parameters: sparse random clicks (Poisson times), each a decaying noise burst. */
export interface CrackleSpec {
  /** Mean clicks per second. */
  ratePerSec: number;
  /** Decay of one click, ms to −60 dB. */
  t60Ms: number;
  /** Peak amplitude of the loudest clicks (default 1). */
  amp?: number;
  /** Click amplitudes are log-uniform over this many dB below amp (default 20). */
  rangeDb?: number;
  /** Optional per-sample density/amplitude curve (indexed from offset, values ≥ 0): scales each click's amp. */
  curve?: Float32Array;
}

/** Adds crackle (fire, rain pattering, vinyl-like ticks) over a range; returns the number of clicks. */
export function crackle(
  out: Float32Array,
  offset: number,
  length: number,
  sampleRate: number,
  rng: Rng,
  spec: CrackleSpec,
): number {
  if (spec.ratePerSec <= 0) return 0;
  const mean = sampleRate / spec.ratePerSec;
  const amp = spec.amp ?? 1;
  const range = spec.rangeDb ?? 20;
  const t60 = spec.t60Ms / 1000;
  let t = -Math.log(1 - rng.next()) * mean;
  let count = 0;
  while (t < length) {
    const pos = Math.floor(t);
    const c = spec.curve ? spec.curve[pos] : 1;
    if (c > 0) {
      noiseBurst(out, offset + pos, sampleRate, rng, amp * c * dbToGain(-range * rng.next()), t60);
      count++;
    }
    t += -Math.log(1 - rng.next()) * mean;
  }
  return count;
}

// ---------------------------------------------------------------------------------------------------------------
// Impulse trains and event timing

/**
 * Adds an impulse train (glottal pulses, engine firing, stick-slip friction, teeth of a saw): impulses of height
 * amp at a rate in Hz (constant, or per-sample Hz array indexed from offset), each period scaled by
 * 1 + jitter·U(−1, 1) and each height by 1 + ampJitter·U(−1, 1). Fractional positions are split over two samples
 * so the pitch stays clean. Returns the number of impulses.
 */
export function impulseTrain(
  out: Float32Array,
  offset: number,
  length: number,
  sampleRate: number,
  rateHz: number | Float32Array,
  jitter: number,
  rng: Rng,
  amp = 1,
  ampJitter = 0,
): number {
  const base = Math.floor(offset);
  const n = Math.floor(length);
  let t = 0;
  let count = 0;
  while (t < n) {
    const k = Math.floor(t);
    const frac = t - k;
    const a = amp * (1 + ampJitter * (2 * rng.next() - 1));
    const i = base + k;
    if (i >= 0 && i < out.length) out[i] += a * (1 - frac);
    if (i + 1 >= 0 && i + 1 < out.length && k + 1 < n) out[i + 1] += a * frac;
    count++;
    const r = typeof rateHz === 'number' ? rateHz : rateHz[Math.min(k, rateHz.length - 1)];
    const period = (sampleRate / Math.max(r, 1e-3)) * (1 + jitter * (2 * rng.next() - 1));
    t += Math.max(1, period);
  }
  return count;
}

/**
 * Onset times (s) in [0, seconds) of a roughly periodic process: mean rate `rateHz`, each interval scaled by
 * 1 + jitter·U(−1, 1) (jitter 0 = metronome, 1 = very irregular), first onset uniform in one period. For
 * scheduling sub-events (barks, ticks, footsteps).
 */
export function onsetTimes(rng: Rng, seconds: number, rateHz: number, jitter: number): number[] {
  const times: number[] = [];
  if (rateHz <= 0) return times;
  const period = 1 / rateHz;
  let t = rng.next() * period;
  while (t < seconds) {
    times.push(t);
    t += period * (1 + jitter * (2 * rng.next() - 1));
  }
  return times;
}

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

// ---------------------------------------------------------------------------------------------------------------
// Modulation, modal synthesis, envelopes

/** Amplitude-modulation options. */
export interface AmOptions {
  /** Start phase, cycles. */
  phase?: number;
  /** 'sine' (default): smooth tremolo; 'pulse': raised-cosine pulses of width duty·period (insect trills, rotor slap). */
  shape?: 'sine' | 'pulse';
  /** Pulse width as a fraction of the period (pulse shape only; default 0.5). */
  duty?: number;
}

/**
 * Multiplies buf[offset..+length) in place by 1 − depth·(1 − m(t)), m ∈ [0, 1] periodic at rateHz, so the gain
 * swings between 1 − depth and 1 (depth 0..1). Returns the end phase (cycles).
 */
export function amplitudeModulate(
  buf: Float32Array,
  offset: number,
  length: number,
  sampleRate: number,
  rateHz: number,
  depth: number,
  opts: AmOptions = {},
): number {
  const [s, e] = clampRange(buf, offset, length);
  const inc = rateHz / sampleRate;
  let ph = (opts.phase ?? 0) - Math.floor(opts.phase ?? 0);
  ph += inc * (s - Math.floor(offset));
  ph -= Math.floor(ph);
  if ((opts.shape ?? 'sine') === 'sine') {
    for (let i = s; i < e; i++) {
      let pc = ph + 0.25;
      if (pc >= 1) pc -= 1;
      buf[i] *= 1 - depth * (0.5 + 0.5 * SINE[(pc * SINE_SIZE) | 0]);
      ph += inc;
      if (ph >= 1) ph -= 1;
    }
    // m(t) = 0.5 − 0.5·cos: we used 1 − depth·(0.5 + 0.5cos) = 1 − depth·(1 − m)
  } else {
    const duty = Math.min(1, Math.max(1e-3, opts.duty ?? 0.5));
    const invDuty = 1 / duty;
    for (let i = s; i < e; i++) {
      let m = 0;
      if (ph < duty) {
        let pc = ph * invDuty + 0.25; // pulse position 0..1, shifted a quarter period to read a cosine
        if (pc >= 1) pc -= 1;
        m = 0.5 - 0.5 * SINE[(pc * SINE_SIZE) | 0];
      }
      buf[i] *= 1 - depth * (1 - m);
      ph += inc;
      if (ph >= 1) ph -= 1;
    }
  }
  return ph;
}

/** One mode of a struck object: frequency ratio to f0, amplitude, T60 decay (s). */
export interface Mode {
  ratio: number;
  amp: number;
  t60: number;
}

/**
 * Adds a struck resonator (bell, bar, glass, wood): a sum of exponentially decaying sines at f0·ratio Hz (ratios
 * may be inharmonic), each computed by the two-multiply resonator recurrence y[n] = 2r·cos(w)·y[n−1] − r²·y[n−2]
 * and stopped at −60 dB. Modes above 0.48·sampleRate are dropped.
 */
export function modalStrike(
  out: Float32Array,
  offset: number,
  length: number,
  sampleRate: number,
  f0: number,
  modes: readonly Mode[],
  amp = 1,
): void {
  const base = Math.floor(offset);
  for (const m of modes) {
    const f = f0 * m.ratio;
    if (f >= 0.48 * sampleRate || f <= 0 || m.t60 <= 0) continue;
    const w = (2 * Math.PI * f) / sampleRate;
    const r = decayPerSample(m.t60, sampleRate);
    const c = 2 * r * Math.cos(w);
    const r2 = r * r;
    const n = Math.min(Math.floor(length), Math.ceil(m.t60 * sampleRate));
    let y2 = 0;
    let y1 = amp * m.amp * r * Math.sin(w);
    const e = Math.min(out.length, base + n);
    if (base + 1 >= 0 && base + 1 < e) out[base + 1] += y1;
    for (let i = base + 2; i < e; i++) {
      const y = c * y1 - r2 * y2;
      y2 = y1;
      y1 = y;
      if (i >= 0) out[i] += y;
    }
  }
}

/** ADSR envelope times (s) and sustain level (0..1). */
export interface Adsr {
  attack: number;
  decay: number;
  sustain: number;
  release: number;
}

/**
 * Multiplies buf[offset..+length) in place by a linear ADSR envelope spanning exactly that range: rise over
 * attack, fall to sustain over decay, hold, fall to 0 over the last `release` seconds (segments are shortened
 * proportionally when they don't fit).
 */
export function applyAdsr(
  buf: Float32Array,
  offset: number,
  length: number,
  sampleRate: number,
  env: Adsr,
): void {
  const n = Math.floor(length);
  let a = Math.floor(env.attack * sampleRate);
  let d = Math.floor(env.decay * sampleRate);
  let r = Math.floor(env.release * sampleRate);
  const total = a + d + r;
  if (total > n && total > 0) {
    const k = n / total;
    a = Math.floor(a * k);
    d = Math.floor(d * k);
    r = Math.floor(r * k);
  }
  const base = Math.floor(offset);
  const sus = env.sustain;
  for (let k = 0; k < n; k++) {
    const i = base + k;
    if (i < 0 || i >= buf.length) continue;
    let g: number;
    if (k < a) g = (k + 1) / (a + 1);
    else if (k < a + d) g = 1 - ((1 - sus) * (k - a + 1)) / (d + 1);
    else g = sus;
    if (k >= n - r) g *= (n - k) / (r + 1);
    buf[i] *= g;
  }
}

/** Multiplies buf[offset..+length) in place by an exponential decay of T60 seconds starting at startGain (plucks, rings). */
export function applyExpDecay(
  buf: Float32Array,
  offset: number,
  length: number,
  sampleRate: number,
  t60: number,
  startGain = 1,
): void {
  const [s, e] = clampRange(buf, offset, length);
  const r = decayPerSample(t60, sampleRate);
  let g = startGain * Math.pow(r, s - Math.floor(offset));
  for (let i = s; i < e; i++) {
    buf[i] *= g;
    g *= r;
    if (g < 1e-20) {
      buf.fill(0, i + 1, e); // far below audibility; also keeps products out of the slow denormal range
      break;
    }
  }
}

/** Linear fade-in and fade-out of `fadeSamples` at both ends of a range, in place (avoids clicks at cuts). */
export function applyFades(buf: Float32Array, offset: number, length: number, fadeSamples: number): void {
  const n = Math.floor(length);
  const f = Math.min(Math.floor(fadeSamples), Math.floor(n / 2));
  const base = Math.floor(offset);
  for (let k = 0; k < f; k++) {
    const g = (k + 1) / (f + 1);
    const i0 = base + k;
    const i1 = base + n - 1 - k;
    if (i0 >= 0 && i0 < buf.length) buf[i0] *= g;
    if (i1 >= 0 && i1 < buf.length) buf[i1] *= g;
  }
}

/** Multiplies buf[offset..+length) in place by a per-sample curve (indexed from curveOffset). */
export function applyCurve(
  buf: Float32Array,
  offset: number,
  length: number,
  curve: Float32Array,
  curveOffset = 0,
): void {
  const [s, e] = clampRange(buf, offset, length);
  const d = curveOffset - Math.floor(offset);
  for (let i = s; i < e; i++) buf[i] *= curve[i + d];
}

/**
 * A slowly varying random control signal of `length` samples: values drawn uniformly in [lo, hi] every
 * ~segmentSeconds (±30 %), joined by smoothstep interpolation. For gusts, swells, load changes, babble.
 */
export function smoothRandomCurve(
  rng: Rng,
  length: number,
  sampleRate: number,
  segmentSeconds: number,
  lo: number,
  hi: number,
): Float32Array {
  const out = new Float32Array(Math.max(0, Math.floor(length)));
  let i = 0;
  let v0 = rng.uniform(lo, hi);
  while (i < out.length) {
    const seg = Math.max(2, Math.floor(segmentSeconds * sampleRate * rng.uniform(0.7, 1.3)));
    const v1 = rng.uniform(lo, hi);
    const end = Math.min(out.length, i + seg);
    const inv = 1 / seg;
    for (let k = i; k < end; k++) {
      const x = (k - i) * inv;
      out[k] = v0 + (v1 - v0) * x * x * (3 - 2 * x);
    }
    v0 = v1;
    i = end;
  }
  return out;
}

/**
 * Multiplies buf[offset..+length) in place by a smooth random curve with the same law (and the same draws) as
 * {@link smoothRandomCurve}, without materializing it: one pass instead of two, no allocation.
 */
export function modulateSmoothRandom(
  buf: Float32Array,
  offset: number,
  length: number,
  sampleRate: number,
  rng: Rng,
  segmentSeconds: number,
  lo: number,
  hi: number,
): void {
  const base = Math.floor(offset);
  const n = Math.max(0, Math.floor(length));
  let i = 0;
  let v0 = rng.uniform(lo, hi);
  while (i < n) {
    const seg = Math.max(2, Math.floor(segmentSeconds * sampleRate * rng.uniform(0.7, 1.3)));
    const v1 = rng.uniform(lo, hi);
    const end = Math.min(n, i + seg);
    const inv = 1 / seg;
    const d = v1 - v0;
    const k0 = Math.max(i, -base);
    const k1 = Math.min(end, buf.length - base);
    for (let k = k0; k < k1; k++) {
      const x = (k - i) * inv;
      buf[base + k] *= v0 + d * x * x * (3 - 2 * x);
    }
    v0 = v1;
    i = end;
  }
}

/** Piecewise-linear curve of `length` samples through (fraction of length, value) points sorted by fraction. */
export function breakpointCurve(
  length: number,
  points: readonly (readonly [number, number])[],
): Float32Array {
  const n = Math.max(0, Math.floor(length));
  const out = new Float32Array(n);
  if (points.length === 0) return out;
  let p = 0;
  for (let i = 0; i < n; i++) {
    const x = n > 1 ? i / (n - 1) : 0;
    if (points.length === 1) {
      out[i] = points[0][1];
      continue;
    }
    while (p < points.length - 2 && points[p + 1][0] < x) p++;
    const [x0, y0] = points[p];
    const [x1, y1] = points[p + 1];
    out[i] = x <= x0 ? y0 : x >= x1 ? y1 : y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Mixing and levels

/** dst[dstOffset + i] += gain(dB)·src[srcOffset + i] for the overlapping range (sums sources at a level). */
export function mixInto(
  dst: Float32Array,
  src: Float32Array,
  dstOffset = 0,
  gainDb = 0,
  srcOffset = 0,
  length = src.length - srcOffset,
): void {
  const g = dbToGain(gainDb);
  const d0 = Math.floor(dstOffset);
  const k0 = Math.max(0, -d0, 0);
  const k1 = Math.min(length, src.length - srcOffset, dst.length - d0);
  for (let k = k0; k < k1; k++) dst[d0 + k] += g * src[srcOffset + k];
}

/** Root mean square of buf[offset..+length) (0 for an empty range), for SNR and level matching. */
export function rms(buf: Float32Array, offset = 0, length = buf.length - offset): number {
  const [s, e] = clampRange(buf, offset, length);
  if (e <= s) return 0;
  let acc = 0;
  for (let i = s; i < e; i++) acc += buf[i] * buf[i];
  return Math.sqrt(acc / (e - s));
}

/** Largest absolute sample value. */
export function peakAbs(buf: Float32Array): number {
  let p = 0;
  for (let i = 0; i < buf.length; i++) {
    const a = Math.abs(buf[i]);
    if (a > p) p = a;
  }
  return p;
}

/** Multiplies buf in place by g. */
export function scaleInPlace(buf: Float32Array, g: number): void {
  for (let i = 0; i < buf.length; i++) buf[i] *= g;
}

/** Scales buf in place so its peak is `target` (no-op on silence); returns the factor applied. */
export function normalizePeak(buf: Float32Array, target: number): number {
  const p = peakAbs(buf);
  if (p === 0 || !(p < Infinity)) return 1;
  const g = target / p;
  scaleInPlace(buf, g);
  return g;
}
