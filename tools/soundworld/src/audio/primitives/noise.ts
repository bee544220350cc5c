/** Primitives (conventions in ./index.ts): noise generators, impulse trains and event timing. */
import type { Rng } from '../../rng';
import { clampRange, dbToGain, decayPerSample } from './levels';

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
