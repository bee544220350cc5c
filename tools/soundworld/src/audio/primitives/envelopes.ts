/** Primitives (conventions in ./index.ts): modulation, modal synthesis, envelopes, control curves. */
import type { Rng } from '../../rng';
import { clampRange, decayPerSample } from './levels';
import { SINE, SINE_SIZE } from './oscillators';

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
 * It is {@link modulateSmoothRandom} applied to ones (1·v is exact, so the samples are the curve's own).
 */
export function smoothRandomCurve(
  rng: Rng,
  length: number,
  sampleRate: number,
  segmentSeconds: number,
  lo: number,
  hi: number,
): Float32Array {
  const out = new Float32Array(Math.max(0, Math.floor(length))).fill(1);
  modulateSmoothRandom(out, 0, out.length, sampleRate, rng, segmentSeconds, lo, hi);
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
