/** Primitives (conventions in ./index.ts): the shared sine table, wavetables and oscillators. */
import { clampRange, decayPerSample } from './levels';

// ---------------------------------------------------------------------------------------------------------------
// Tables and oscillators

const SINE_BITS = 12;
/** Size of the shared sine table (one period, plus one guard sample for interpolation). */
export const SINE_SIZE = 1 << SINE_BITS;
/** The shared sine table (one period at SINE_SIZE points, plus the guard sample). */
export const SINE = new Float32Array(SINE_SIZE + 1);
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
