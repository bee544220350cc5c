/**
 * One synthesis recipe per sound class. Each acoustic family (see FAMILIES in ../ontology) has ONE generator
 * built from the shared primitives, and its classes are parameter sets of that generator, so within-family pairs
 * (rain / water drops / pouring water; helicopter / airplane / engine; dog / wolf / lion) are genuinely confusable
 * while families differ in kind. Each family's table entry lists every component of its generator (silent ones
 * at level 0), and `cohere` pulls the classes' numeric parameters part-way toward the family mean
 * (FAMILY_DISTINCTNESS), which is the knob for how confusable siblings are. Every clip also varies by a per-clip
 * pitch factor, tempo factor, spectral tilt, onset and per-sub-event durations and gains, all drawn from the
 * clip's Rng.
 *
 * Cost target: a handful of oscillator/filter operations per output sample (noise is rendered once and
 * filtered; decays and glides are recurrences).
 */
import type { Rng } from '../rng';
import { FAMILIES, type SoundClass } from '../ontology';
import * as P from './primitives';

// Module-local alias of the global Math: per-sample Math calls in hot loops otherwise go through a global-object
// lookup, which is very slow in sandboxed module contexts such as Jest's vm (3-5x slower synthesis).
const Math = globalThis.Math;

type Range = readonly [number, number];

/** How much clips of one class vary (fractions; ±). The knobs that set how hard the baseline task is. */
export const VARIATION = {
  /** Per-clip pitch factor (all frequencies of tonal parts). */
  pitch: 0.14,
  /** Per-clip tempo factor (event rates; durations divide by it). */
  tempo: 0.15,
  /** Per-clip spectral tilt: high shelf at 1.5 kHz, ±dB. */
  tiltDb: 5,
} as const;

/** Peak level of a synthesized event. */
export const EVENT_PEAK = 0.9;

interface Ctx {
  /** Stream for parameters and noise. */
  rng: Rng;
  sr: number;
  /** Output length, samples. */
  n: number;
  seconds: number;
  out: Float32Array;
  /** Per-clip pitch factor. */
  pitch: number;
  /** Per-clip tempo factor: multiplies rates, divides durations. */
  tempo: number;
}

/** A family generator and one class's parameters for it. */
interface RecipeSpec<T> {
  gen: (ctx: Ctx, p: T) => void;
  params: T;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnySpec = RecipeSpec<any>;
const spec =
  <T>(gen: (ctx: Ctx, p: T) => void) =>
  (params: T): RecipeSpec<T> => ({ gen, params });

const ru = (rng: Rng, r: Range): number => rng.uniform(r[0], r[1]);
/** Components quieter than this (relative level) are skipped. */
const MIN_LEVEL = 0.05;
const on = <T extends { level: number }>(c: T | undefined): c is T => !!c && c.level > MIN_LEVEL;
/** Integer uniform in a range whose ends are rounded (ranges may be non-integer after family cohesion). */
const rint = (rng: Rng, r: Range): number =>
  rng.int(Math.round(r[0]), Math.max(Math.round(r[0]), Math.round(r[1])));
/** A factor log-uniform in [1/(1+frac), 1+frac]. */
const vary = (rng: Rng, frac: number): number => Math.exp(rng.uniform(-1, 1) * Math.log(1 + frac));

function noiseOf(color: 'white' | 'pink' | 'brown') {
  return color === 'pink' ? P.pinkNoise : color === 'brown' ? P.brownNoise : P.whiteNoise;
}

/** out += buf scaled so that buf's RMS over [0, len) becomes `level` (components mix at known levels). */
function addAtRms(
  out: Float32Array,
  buf: Float32Array,
  level: number,
  outOffset = 0,
  len = buf.length,
): void {
  const r = stridedRms(buf, len);
  if (r <= 0 || level <= 0) return;
  const g = level / r;
  const e = Math.min(len, out.length - outOffset);
  for (let i = Math.max(0, -outOffset); i < e; i++) out[outOffset + i] += g * buf[i];
}

/** RMS of buf[0..len) estimated from every 3rd sample (plenty for level matching, a third of the cost). */
function stridedRms(buf: Float32Array, len: number): number {
  let acc = 0;
  let cnt = 0;
  for (let i = 0; i < len; i += 3) {
    acc += buf[i] * buf[i];
    cnt++;
  }
  return cnt > 0 ? Math.sqrt(acc / cnt) : 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Scheduling of sub-events

/** A two-level timing pattern: groups (phrases) of items (calls, syllables, strikes). Times in seconds. */
interface Pattern {
  /** Groups per 5 s of clip (scaled to the clip length), or 'fill' to repeat until the end. */
  groups: Range | 'fill';
  /** Silence between groups. */
  groupGap: Range;
  /** Items per group, inclusive integer range (default [1, 1]). */
  items?: Range;
  /** Duration of one item. */
  itemDur: Range;
  /** Gap between items of a group (default [0, 0]). */
  itemGap?: Range;
  /** Silence before the first group (default [0, 0.3]). */
  lead?: Range;
}

interface Item {
  start: number;
  len: number;
  /** Index within its group, and the group's size. */
  index: number;
  count: number;
  group: number;
}

function schedule(ctx: Ctx, p: Pattern): Item[] {
  const { rng, sr, n } = ctx;
  const tf = 1 / ctx.tempo;
  const items: Item[] = [];
  const end = n - 0.03 * sr;
  let t = ru(rng, p.lead ?? [0, 0.3]) * sr;
  const groups =
    p.groups === 'fill' ? Infinity : Math.max(1, Math.round((ru(rng, p.groups) * ctx.seconds) / 5));
  for (let g = 0; g < groups && t < end; g++) {
    const count = p.items ? rint(rng, p.items) : 1;
    for (let k = 0; k < count && t < end; k++) {
      const len = Math.max(8, Math.min(Math.round(ru(rng, p.itemDur) * tf * sr), n - Math.floor(t)));
      items.push({ start: Math.floor(t), len, index: k, count, group: g });
      t += len;
      if (k < count - 1) t += ru(rng, p.itemGap ?? [0, 0]) * tf * sr;
    }
    t += ru(rng, p.groupGap) * tf * sr;
  }
  return items;
}

function maxLen(items: Item[]): number {
  let m = 1;
  for (const it of items) m = Math.max(m, it.len);
  return m;
}

/** A contour of `points` f0 multipliers wandering by ±depth around 1 (flight paths, load changes). */
function wander(rng: Rng, points: number, depth: number): number[] {
  const c: number[] = [];
  for (let i = 0; i < points; i++) c.push(1 + depth * rng.uniform(-1, 1));
  return c;
}

// ---------------------------------------------------------------------------------------------------------------
// mammal_calls: voiced calls (harmonic source with pitch contour + breath noise) through a vowel formant bank

interface CallParams {
  f0: number;
  contour: readonly number[];
  partials: number;
  rolloff: number;
  vowel: P.VowelName;
  /** Formant scaling (vocal tract size; < 1 = bigger animal). */
  shift: number;
  /** Breath / roughness noise amplitude relative to the voiced part. */
  noise: number;
  tremHz?: number;
  tremDepth?: number;
  vibHz?: number;
  vibDepth?: number;
  pattern: Pattern;
  /** Attack and release as fractions of a call. */
  attack: number;
  release: number;
}

function vocalCalls(ctx: Ctx, p: CallParams): void {
  const { rng, sr, out } = ctx;
  const items = schedule(ctx, p.pattern);
  const tmp = new Float32Array(maxLen(items));
  const parts = P.rolloffPartials(p.partials, p.rolloff);
  const shift = p.shift * vary(rng, 0.08);
  const noise = p.noise * vary(rng, 0.3);
  for (const it of items) {
    tmp.fill(0, 0, it.len);
    const f0 = p.f0 * ctx.pitch * vary(rng, 0.05);
    const contour = p.contour.map((c) => c * vary(rng, 0.05));
    P.harmonicTone(
      tmp,
      0,
      it.len,
      sr,
      { f0, contour, partials: parts, vibratoHz: p.vibHz, vibratoDepth: p.vibDepth },
      1,
    );
    P.whiteNoise(tmp, 0, it.len, rng, noise);
    if (p.tremHz) P.amplitudeModulate(tmp, 0, it.len, sr, p.tremHz * vary(rng, 0.1), p.tremDepth ?? 0.5);
    const dur = it.len / sr;
    P.applyAdsr(tmp, 0, it.len, sr, {
      attack: p.attack * dur,
      decay: 0.3 * dur,
      sustain: 0.75,
      release: p.release * dur,
    });
    new P.FormantBank(P.VOWELS[p.vowel], sr, shift).processInto(
      tmp,
      0,
      out,
      it.start,
      it.len,
      P.dbToGain(rng.uniform(-4, 1)),
    );
  }
}

const mammal = spec(vocalCalls);

// ---------------------------------------------------------------------------------------------------------------
// bird_calls: notes (few-partial tones with fast sweeps) plus band-limited rasp, in phrases

interface BirdParams {
  f0: number;
  sweep: readonly number[];
  partials: readonly number[];
  /** Rasp noise (band-passed around emph·f0). */
  noise: number;
  emph: number;
  roughHz?: number;
  rough?: number;
  vibHz?: number;
  vibDepth?: number;
  pattern: Pattern;
  /** Last note of a phrase is this many times longer (rooster's final "doo"). */
  lastLong?: number;
  /** Per-note pitch variation (fraction). */
  noteSpread: number;
  /** Several independent birds (chirping birds). */
  voices?: Range;
}

function birdCalls(ctx: Ctx, p: BirdParams): void {
  const { rng, sr, n, out } = ctx;
  const voices = p.voices ? rint(rng, p.voices) : 1;
  for (let v = 0; v < voices; v++) {
    const vf = v === 0 ? 1 : vary(rng, 0.3);
    const items = schedule(ctx, p.pattern);
    const longest = Math.min(n, Math.ceil(maxLen(items) * (p.lastLong ?? 1)));
    const tmp = new Float32Array(longest);
    const nz = new Float32Array(longest);
    const vgain = v === 0 ? 1 : P.dbToGain(rng.uniform(-10, -2));
    for (const it of items) {
      const len =
        it.index === it.count - 1 && p.lastLong
          ? Math.min(Math.floor(it.len * p.lastLong), n - it.start, longest)
          : it.len;
      tmp.fill(0, 0, len);
      const f0 = p.f0 * ctx.pitch * vf * vary(rng, p.noteSpread);
      const sweep = p.sweep.map((c) => c * vary(rng, 0.06));
      P.harmonicTone(
        tmp,
        0,
        len,
        sr,
        { f0, contour: sweep, partials: p.partials, vibratoHz: p.vibHz, vibratoDepth: p.vibDepth },
        1,
      );
      if (p.noise > 0) {
        nz.fill(0, 0, len);
        P.whiteNoise(nz, 0, len, rng, 1);
        P.Biquad.bandpass(f0 * p.emph, 1.5, sr).processInto(nz, 0, tmp, 0, len, p.noise * 2.5);
      }
      if (p.rough) P.amplitudeModulate(tmp, 0, len, sr, (p.roughHz ?? 40) * vary(rng, 0.15), p.rough);
      const dur = len / sr;
      P.applyAdsr(tmp, 0, len, sr, {
        attack: 0.12 * dur,
        decay: 0.2 * dur,
        sustain: 0.8,
        release: 0.3 * dur,
      });
      P.mixInto(out, tmp, it.start, P.gainToDb(vgain) + rng.uniform(-4, 0), 0, len);
    }
  }
}

const bird = spec(birdCalls);

// ---------------------------------------------------------------------------------------------------------------
// insects_frogs: a carrier (tone and/or band noise) chopped by a pulse train, in phrases (trills, chirps, croaks)

interface PulsedParams {
  carrier: number;
  partials: readonly number[];
  tone: number;
  noise: number;
  noiseQ: number;
  pulseHz: number;
  duty: number;
  pulseDepth: number;
  pattern: Pattern;
  /** Slow pitch wander (fraction) within a phrase. */
  drift: number;
  /** Slow loudness swell depth (0..1) within a phrase. */
  swell: number;
  /** Several individuals (a chorus), each with its own pattern. */
  voices?: Range;
}

function pulsed(ctx: Ctx, p: PulsedParams): void {
  const { rng, sr, out } = ctx;
  const voices = p.voices ? rint(rng, p.voices) : 1;
  for (let v = 0; v < voices; v++) {
    const items = schedule(ctx, p.pattern);
    const tmp = new Float32Array(maxLen(items));
    const nz = p.noise > 0 ? new Float32Array(tmp.length) : null;
    const fv = p.carrier * ctx.pitch * (v === 0 ? 1 : vary(rng, 0.06));
    const pulseHz = p.pulseHz * ctx.tempo * vary(rng, 0.08);
    const vgain = v === 0 ? 0 : rng.uniform(-9, -2);
    for (const it of items) {
      tmp.fill(0, 0, it.len);
      const f = fv * vary(rng, 0.03);
      const pts = Math.max(2, Math.round(it.len / sr / 0.7));
      if (p.tone > 0)
        P.harmonicTone(
          tmp,
          0,
          it.len,
          sr,
          { f0: f, contour: wander(rng, pts, p.drift), partials: p.partials },
          p.tone,
        );
      if (nz) {
        nz.fill(0, 0, it.len);
        P.whiteNoise(nz, 0, it.len, rng, 1);
        P.Biquad.bandpass(f, p.noiseQ, sr).processInto(
          nz,
          0,
          tmp,
          0,
          it.len,
          p.noise * Math.sqrt(p.noiseQ) * 1.5,
        );
      }
      if (p.pulseHz > 0)
        P.amplitudeModulate(tmp, 0, it.len, sr, pulseHz, p.pulseDepth, {
          shape: 'pulse',
          duty: p.duty,
          phase: rng.next(),
        });
      if (p.swell > 0) P.modulateSmoothRandom(tmp, 0, it.len, sr, rng, 0.8, 1 - p.swell, 1);
      P.applyFades(tmp, 0, it.len, 0.008 * sr);
      P.mixInto(out, tmp, it.start, vgain + rng.uniform(-3, 0), 0, it.len);
    }
  }
}

const insect = spec(pulsed);

// ---------------------------------------------------------------------------------------------------------------
// water: a filtered noise bed + bubbles (rising decaying sines, Minnaert-like) + pattering clicks, under a
// shape curve (steady, waves, flush, splash, pour, boil)

type WaterShape = 'steady' | 'waves' | 'flush' | 'splash' | 'pour' | 'boil';

interface WaterParams {
  bed: number;
  color: 'white' | 'pink' | 'brown';
  hp: number;
  lp: number;
  bubbles: number;
  bubbleF: Range;
  bubbleDur: Range;
  bubbleRise: number;
  bubbleAmp: number;
  clicks: number;
  clickMs: number;
  clickAmp: number;
  shape: WaterShape;
  /** Depth of slow random loudness changes (0..1). */
  swell: number;
}

/** The loudness/density curve of a water sound; also returns the active span for 'pour'. */
function waterCurve(
  ctx: Ctx,
  shape: WaterShape,
  swell: number,
): { curve: Float32Array; start: number; len: number } {
  const { rng, sr, n } = ctx;
  const tf = 1 / ctx.tempo;
  const base = P.smoothRandomCurve(rng, n, sr, 1.2 * tf, 1 - swell, 1);
  const curve = new Float32Array(n);
  let start = 0;
  let len = n;
  if (shape === 'steady') return { curve: base, start, len };
  if (shape === 'waves') {
    let t = -Math.floor(rng.uniform(0, 0.5) * 5 * sr * tf);
    while (t < n) {
      const period = Math.floor(ru(rng, [4, 7]) * tf * sr);
      const rise = Math.floor(period * 0.45);
      const r = P.decayPerSample((1.5 * (period - rise)) / sr, sr);
      const top = rng.uniform(0.7, 1);
      let dv = top - 0.12;
      for (let k = 0; k < period; k++) {
        const i = t + k;
        let g: number;
        if (k < rise) {
          const x = k / rise;
          g = 0.12 + (top - 0.12) * x * x;
        } else {
          dv *= r;
          g = 0.12 + dv;
        }
        if (i >= 0 && i < n) curve[i] = g;
      }
      t += period;
    }
  } else if (shape === 'flush') {
    const lead = ru(rng, [0.1, 0.5]) * sr;
    const hold = ru(rng, [1.5, 2.6]) * tf * sr;
    const fall = ru(rng, [1.0, 2.0]) * tf * sr;
    start = Math.floor(lead);
    len = Math.min(n - start, Math.floor(hold + fall + 0.15 * sr));
    const pts: [number, number][] = [
      [0, 0],
      [lead / n, 0],
      [(lead + 0.15 * sr) / n, 1],
      [(lead + 0.15 * sr + hold) / n, 0.8],
      [(lead + 0.15 * sr + hold + fall) / n, 0.1],
      [1, 0.08],
    ];
    curve.set(P.breakpointCurve(n, pts));
  } else if (shape === 'splash') {
    start = Math.floor(ru(rng, [0.05, 0.6]) * sr);
    const r = P.decayPerSample(ru(rng, [0.5, 1.0]) * tf, sr);
    let v = 1;
    for (let i = start; i < n; i++) {
      curve[i] = 0.06 + v;
      v *= r;
    }
    len = n - start;
  } else if (shape === 'pour') {
    start = Math.floor(ru(rng, [0.05, 0.5]) * sr);
    len = Math.min(n - start, Math.floor(ru(rng, [2.8, 4.2]) * tf * sr));
    curve.set(
      P.breakpointCurve(len, [
        [0, 0],
        [0.08, 1],
        [0.9, 0.9],
        [1, 0],
      ]),
      start,
    );
  } else {
    // boil: builds up over the clip
    for (let i = 0; i < n; i++) curve[i] = 0.35 + (0.65 * i) / n;
  }
  if (shape !== 'flush' && shape !== 'splash') for (let i = 0; i < n; i++) curve[i] *= base[i];
  return { curve, start, len };
}

function water(ctx: Ctx, p: WaterParams): void {
  const { rng, sr, n, out } = ctx;
  const { curve, start, len } = waterCurve(ctx, p.shape, p.swell);
  const scratch = new Float32Array(n);
  if (p.bed > 0) {
    noiseOf(p.color)(scratch, 0, n, rng, 1);
    P.Biquad.highpass(p.hp * vary(rng, 0.2), 0.7, sr).process(scratch);
    P.Biquad.lowpass(p.lp * vary(rng, 0.2), 0.7, sr).process(scratch);
    if (p.shape === 'pour') {
      // the vessel's resonance rises as it fills
      const f0 = 450 * ctx.pitch;
      const lr = Math.log(3.5) / Math.max(1, len);
      const centre = (i: number) => f0 * Math.exp(lr * Math.min(Math.max(i - start, 0), len));
      const res = scratch.slice();
      P.sweepBandpass(res, 0, n, sr, centre, 6);
      for (let i = 0; i < n; i++) scratch[i] += 2.5 * res[i];
    }
    P.applyCurve(scratch, 0, n, curve);
    addAtRms(out, scratch, p.bed * 0.3);
  }
  let bubbleLevel = 0;
  if (p.bubbles > 0) {
    scratch.fill(0);
    const mean = sr / (p.bubbles * ctx.tempo);
    const fr = [p.bubbleF[0] * ctx.pitch, p.bubbleF[1] * ctx.pitch * vary(rng, 0.1)];
    let t = -Math.log(1 - rng.next()) * mean;
    while (t < n) {
      const pos = Math.floor(t);
      const c = curve[pos];
      if (c > 0.02 && rng.next() < c) {
        let f = Math.exp(rng.uniform(Math.log(fr[0]), Math.log(fr[1])));
        if (p.shape === 'pour') f *= 1 + 1.5 * Math.max(0, Math.min(1, (pos - start) / len));
        const dur = ru(rng, p.bubbleDur);
        P.chirp(scratch, pos, dur * sr, sr, f, f * p.bubbleRise, {
          amp: c * P.dbToGain(-rng.uniform(0, 14)),
          t60: dur,
          phase: 0,
        });
      }
      t += -Math.log(1 - rng.next()) * mean;
    }
    bubbleLevel = p.bubbleAmp * 0.3;
    addAtRms(out, scratch, bubbleLevel);
  }
  if (p.clicks > 0) {
    scratch.fill(0);
    P.crackle(scratch, 0, n, sr, rng, {
      ratePerSec: p.clicks * ctx.tempo,
      t60Ms: p.clickMs,
      rangeDb: 18,
      curve,
    });
    P.Biquad.highpass(1200, 0.7, sr).process(scratch);
    addAtRms(out, scratch, p.clickAmp * 0.3);
  }
}

const wat = spec(water);

// ---------------------------------------------------------------------------------------------------------------
// weather_fire: gusting band noise, hiss, low rumbles, crackle and roar

interface WeatherParams {
  wind?: { level: number; lo: number; hi: number; q: number; gust: number };
  hiss?: { level: number; hp: number; lp: number };
  rumble?: { pattern: Pattern; level: number; lp: number; t60: Range; crack: number };
  crackle?: {
    rate: number;
    t60Ms: number;
    level: number;
    rangeDb: number;
    center: number;
    q: number;
    gust?: number;
  };
  roar?: { level: number; lp: number };
  /** Slow loudness swell depth and segment length (s). */
  swell: number;
  swellSeconds: number;
}

function weather(ctx: Ctx, p: WeatherParams): void {
  const { rng, sr, n, out } = ctx;
  const tf = 1 / ctx.tempo;
  const swell = P.smoothRandomCurve(rng, n, sr, p.swellSeconds * tf, 1 - p.swell, 1);
  const buf = new Float32Array(n);
  if (on(p.wind)) {
    const w = p.wind;
    P.pinkNoise(buf, 0, n, rng, 1);
    const g = P.smoothRandomCurve(rng, n, sr, w.gust * tf, 0, 1);
    const lo = w.lo * ctx.pitch;
    const hi = w.hi * ctx.pitch;
    const lr = Math.log(hi / lo);
    P.sweepBandpass(buf, 0, n, sr, (i) => lo * Math.exp(lr * g[i]), w.q);
    for (let i = 0; i < n; i++) buf[i] *= 0.25 + 0.75 * g[i];
    addAtRms(out, buf, w.level * 0.3);
  }
  if (on(p.hiss)) {
    buf.fill(0);
    P.whiteNoise(buf, 0, n, rng, 1);
    P.Biquad.highpass(p.hiss.hp * vary(rng, 0.15), 0.7, sr).process(buf);
    P.Biquad.lowpass(p.hiss.lp, 0.7, sr).process(buf);
    P.applyCurve(buf, 0, n, swell);
    addAtRms(out, buf, p.hiss.level * 0.3);
  }
  if (on(p.roar)) {
    buf.fill(0);
    P.brownNoise(buf, 0, n, rng, 1);
    P.Biquad.lowpass(p.roar.lp * ctx.pitch, 0.8, sr).process(buf);
    P.applyCurve(buf, 0, n, swell);
    addAtRms(out, buf, p.roar.level * 0.3);
  }
  if (on(p.crackle)) {
    const c = p.crackle;
    buf.fill(0);
    const curve = c.gust ? P.smoothRandomCurve(rng, n, sr, c.gust * tf, 0.05, 1) : swell;
    P.crackle(buf, 0, n, sr, rng, {
      ratePerSec: c.rate * ctx.tempo,
      t60Ms: c.t60Ms,
      rangeDb: c.rangeDb,
      curve,
    });
    P.Biquad.bandpass(c.center * ctx.pitch, c.q, sr).process(buf);
    addAtRms(out, buf, c.level * 0.3);
  }
  if (on(p.rumble)) {
    const r = p.rumble;
    const items = schedule(ctx, r.pattern);
    buf.fill(0);
    for (const it of items) {
      const t60 = ru(rng, r.t60) * tf;
      const len = Math.min(n - it.start, Math.ceil((t60 + 0.3) * sr)); // a rumble rings on past its nominal length
      const tmp = new Float32Array(len);
      P.brownNoise(tmp, 0, len, rng, 1);
      P.Biquad.lowpass(r.lp * ctx.pitch, 0.9, sr).process(tmp);
      const attack = Math.min(len, Math.floor(ru(rng, [0.05, 0.3]) * sr));
      for (let k = 0; k < attack; k++) tmp[k] *= k / attack;
      P.applyExpDecay(tmp, attack, len - attack, sr, t60);
      P.modulateSmoothRandom(tmp, 0, len, sr, rng, 0.25, 0.3, 1);
      if (r.crack > 0) P.noiseBurst(tmp, 0, sr, rng, r.crack * P.peakAbs(tmp), 0.25);
      P.mixInto(buf, tmp, it.start, rng.uniform(-6, 0));
    }
    addAtRms(out, buf, r.level * 0.3);
  }
}

const wx = spec(weather);

// ---------------------------------------------------------------------------------------------------------------
// body_sounds: cycles of breath-like bursts (band-passed noise, optional voicing and flutter)

interface BurstSpec {
  dur: Range;
  /** Noise band centre (Hz) and Q. */
  center: number;
  q: number;
  level: number;
  /** Voiced part: amplitude relative to the noise, f0 (Hz), contour. */
  voice?: number;
  f0?: number;
  contour?: readonly number[];
  flutterHz?: number;
  flutter?: number;
  attack: number;
  release: number;
  repeat?: Range;
  gap?: Range;
  after?: Range;
  /** Crunchy clicks inside the burst (chewing, scrubbing), per second. */
  crunch?: number;
}

interface BodyParams {
  cycle: readonly BurstSpec[];
  cycles: Range | 'fill';
  cycleGap: Range;
}

function bodyBursts(ctx: Ctx, p: BodyParams): void {
  const { rng, sr, n, out } = ctx;
  const tf = 1 / ctx.tempo;
  const nz = new Float32Array(n);
  const tmp = new Float32Array(n);
  const formant = Math.sqrt(ctx.pitch) * vary(rng, 0.06);
  let t = Math.floor(ru(rng, [0, 0.4]) * sr);
  const cycles =
    p.cycles === 'fill' ? Infinity : Math.max(1, Math.round((ru(rng, p.cycles) * ctx.seconds) / 5));
  for (let c = 0; c < cycles && t < n - 0.05 * sr; c++) {
    for (const b of p.cycle) {
      const reps = b.repeat ? rint(rng, b.repeat) : 1;
      for (let r = 0; r < reps && t < n - 0.05 * sr; r++) {
        const len = Math.max(16, Math.min(Math.floor(ru(rng, b.dur) * tf * sr), n - t));
        tmp.fill(0, 0, len);
        nz.fill(0, 0, len);
        P.whiteNoise(nz, 0, len, rng, 1);
        P.Biquad.bandpass(b.center * formant * vary(rng, 0.08), b.q, sr).processInto(
          nz,
          0,
          tmp,
          0,
          len,
          Math.sqrt(b.q) * 1.7,
        );
        if (b.voice && b.f0) {
          P.harmonicTone(
            tmp,
            0,
            len,
            sr,
            {
              f0: b.f0 * ctx.pitch * vary(rng, 0.08),
              contour: b.contour,
              partials: P.rolloffPartials(12, 1.2),
            },
            b.voice,
          );
        }
        if (b.crunch) {
          nz.fill(0, 0, len);
          P.crackle(nz, 0, len, sr, rng, { ratePerSec: b.crunch, t60Ms: 4, rangeDb: 12 });
          for (let k = 0; k < len; k++) tmp[k] += 1.5 * nz[k];
        }
        if (b.flutterHz) P.amplitudeModulate(tmp, 0, len, sr, b.flutterHz * vary(rng, 0.1), b.flutter ?? 0.7);
        const d = len / sr;
        P.applyAdsr(tmp, 0, len, sr, {
          attack: b.attack * d,
          decay: 0.2 * d,
          sustain: 0.8,
          release: b.release * d,
        });
        P.mixInto(out, tmp, t, P.gainToDb(b.level) + rng.uniform(-3, 1), 0, len);
        t += len;
        if (r < reps - 1) t += Math.floor(ru(rng, b.gap ?? [0.05, 0.15]) * tf * sr);
      }
      t += Math.floor(ru(rng, b.after ?? [0.05, 0.2]) * tf * sr);
    }
    t += Math.floor(ru(rng, p.cycleGap) * tf * sr);
  }
}

const body = spec(bodyBursts);

// ---------------------------------------------------------------------------------------------------------------
// voices: syllables (glottal harmonic source + breath) through changing vowel formants

interface VoiceParams {
  f0: number;
  /** Per-syllable pitch spread (fraction, normal sd). */
  spread: number;
  contour: readonly number[];
  /** Pitch fall across a phrase (fraction). */
  declination: number;
  pattern: Pattern;
  vowels: readonly P.VowelName[];
  shift: number;
  breath: number;
  voiced: number;
  partials: number;
  rolloff: number;
  vibHz?: number;
  vibDepth?: number;
  /** A pure whistle: sine-like tone, no formants. */
  pure?: boolean;
  /** Pitches snap to a pentatonic scale (singing, humming, whistling). */
  melodic?: boolean;
  attack: number;
  release: number;
}

const PENTATONIC = [0, 2, 4, 7, 9, 12, 14, 16, 19, 21];

function voice(ctx: Ctx, p: VoiceParams): void {
  const { rng, sr, out } = ctx;
  const items = schedule(ctx, p.pattern);
  const len0 = maxLen(items);
  const tmp = new Float32Array(len0);
  const nz = new Float32Array(len0);
  const parts = P.rolloffPartials(p.partials, p.rolloff);
  const shift = p.shift * vary(rng, 0.06);
  let degree = rng.int(0, 4);
  for (const it of items) {
    tmp.fill(0, 0, it.len);
    let f = p.f0 * ctx.pitch;
    if (p.melodic) {
      degree = Math.max(0, Math.min(PENTATONIC.length - 1, degree + rng.int(-2, 2)));
      f *= Math.pow(2, (PENTATONIC[degree] - 7) / 12);
    } else {
      f *= Math.exp(p.spread * rng.normal()) * (1 - (p.declination * it.index) / Math.max(1, it.count));
    }
    const contour = p.contour.map((c) => c * vary(rng, 0.04));
    if (p.voiced > 0)
      P.harmonicTone(
        tmp,
        0,
        it.len,
        sr,
        {
          f0: f,
          contour,
          partials: p.pure ? [1, 0.04] : parts,
          vibratoHz: p.vibHz,
          vibratoDepth: p.vibDepth,
        },
        p.voiced,
      );
    if (p.breath > 0) {
      if (p.pure) {
        nz.fill(0, 0, it.len);
        P.whiteNoise(nz, 0, it.len, rng, 1);
        P.Biquad.bandpass(f, 4, sr).processInto(nz, 0, tmp, 0, it.len, p.breath * 3);
      } else P.whiteNoise(tmp, 0, it.len, rng, p.breath);
    }
    const d = it.len / sr;
    P.applyAdsr(tmp, 0, it.len, sr, {
      attack: p.attack * d,
      decay: 0.25 * d,
      sustain: 0.8,
      release: p.release * d,
    });
    const gain = P.dbToGain(rng.uniform(-5, 0));
    if (p.pure) P.mixInto(out, tmp, it.start, P.gainToDb(gain), 0, it.len);
    else
      new P.FormantBank(P.VOWELS[rng.pick(p.vowels)], sr, shift).processInto(
        tmp,
        0,
        out,
        it.start,
        it.len,
        gain,
      );
  }
}

const vox = spec(voice);

// ---------------------------------------------------------------------------------------------------------------
// crowds_hands: trains of band-passed noise bursts from one or many sources, plus babble and cheering

interface CrowdParams {
  sources: Range;
  /** Bursts per second per source. */
  rate: number;
  jitter: number;
  /** All sources step together (marching). */
  sync?: boolean;
  center: number;
  q: number;
  t60Ms: number;
  /** Second strike (heel-toe): delay and relative amplitude. */
  heel?: { delayMs: number; ratio: number };
  /** Extra high-passed crack level (relative). */
  bright: number;
  /** Active periods (clapping in bursts, walking then stopping). */
  pattern: Pattern;
  babble?: number;
  cheer?: number;
  /** Level of the burst train relative to babble/cheer. */
  bursts: number;
  swell: number;
}

function crowd(ctx: Ctx, p: CrowdParams): void {
  const { rng, sr, n, out } = ctx;
  const swell = P.smoothRandomCurve(rng, n, sr, 1.5, 1 - p.swell, 1);
  const active = schedule(ctx, p.pattern);
  if (p.bursts > 0) {
    const clicks = new Float32Array(n);
    const sources = rint(rng, p.sources);
    const shared = p.sync ? rng.fork('sync') : null;
    const baseRate = p.rate * ctx.tempo * vary(rng, 0.06);
    for (let s = 0; s < sources; s++) {
      const rate = p.sync ? baseRate : baseRate * vary(rng, 0.1);
      const gs = P.dbToGain(rng.uniform(-8, 0));
      for (const it of active) {
        const times = P.onsetTimes(
          shared ? shared.fork(`a${it.group}-${it.index}`) : rng,
          it.len / sr,
          rate,
          p.jitter,
        );
        for (const tt of times) {
          const pos = it.start + Math.floor((tt + (p.sync ? rng.uniform(0, 0.03) : 0)) * sr);
          const a = gs * swell[Math.min(n - 1, pos)] * P.dbToGain(rng.uniform(-4, 0));
          const t60 = (p.t60Ms / 1000) * vary(rng, 0.25);
          P.noiseBurst(clicks, pos, sr, rng, a, t60);
          if (p.heel && p.heel.ratio > MIN_LEVEL)
            P.noiseBurst(
              clicks,
              pos + Math.floor((p.heel.delayMs / 1000) * sr * vary(rng, 0.2)),
              sr,
              rng,
              a * p.heel.ratio,
              t60,
            );
        }
      }
    }
    const buf = new Float32Array(n);
    P.Biquad.bandpass(p.center * ctx.pitch * vary(rng, 0.1), p.q, sr).processInto(clicks, 0, buf, 0, n, 1);
    if (p.bright > 0) P.Biquad.highpass(3500, 0.7, sr).processInto(clicks, 0, buf, 0, n, p.bright);
    addAtRms(out, buf, p.bursts * 0.3);
  }
  if (p.babble && p.babble > MIN_LEVEL) {
    const buf = new Float32Array(n);
    P.pinkNoise(buf, 0, n, rng, 1);
    P.Biquad.bandpass(800 * ctx.pitch, 0.8, sr).process(buf);
    const syll = P.smoothRandomCurve(rng, n, sr, 0.12, 0.25, 1);
    for (let i = 0; i < n; i++) buf[i] *= syll[i] * swell[i];
    addAtRms(out, buf, p.babble * 0.3);
  }
  if (p.cheer && p.cheer > MIN_LEVEL) {
    const buf = new Float32Array(n);
    const voices = rng.int(4, 8);
    for (let v = 0; v < voices; v++) {
      const start = Math.floor(rng.uniform(0, 0.6) * n);
      const len = Math.floor(rng.uniform(0.8, 2.5) * sr);
      const tmp = new Float32Array(len);
      P.harmonicTone(
        tmp,
        0,
        len,
        sr,
        {
          f0: rng.uniform(260, 520) * ctx.pitch,
          contour: [0.85, 1.15, 1.1, 0.8],
          partials: P.rolloffPartials(10, 1),
          vibratoHz: 5,
          vibratoDepth: 0.02,
        },
        1,
      );
      P.whiteNoise(tmp, 0, len, rng, 0.3);
      P.applyAdsr(tmp, 0, len, sr, { attack: 0.2, decay: 0.2, sustain: 0.8, release: 0.4 });
      P.mixInto(buf, tmp, start, rng.uniform(-8, 0));
    }
    P.Biquad.bandpass(900, 0.9, sr).process(buf);
    addAtRms(out, buf, p.cheer * 0.3);
  }
}

const crw = spec(crowd);

// ---------------------------------------------------------------------------------------------------------------
// clicks_knocks: strikes = a short band-passed noise click + a few decaying modes, in timing patterns

interface ClickParams {
  pattern: Pattern;
  f0: number;
  modes: readonly P.Mode[];
  modeLevel: number;
  click: number;
  clickT60Ms: number;
  center: number;
  q: number;
  /** Per-strike loudness spread (dB). */
  spreadDb: number;
  /** Odd strikes at this pitch ratio (tick-tock). */
  alt?: number;
  /** Per-strike pitch spread (fraction): different keys, different spots on a door. */
  pitchSpread: number;
  /** A second strike after delayMs (mouse press/release, stapler). */
  release?: { delayMs: number; ratio: number; pitch: number };
  thump?: { f: number; t60: number; level: number };
}

function clicks(ctx: Ctx, p: ClickParams): void {
  const { rng, sr, n, out } = ctx;
  const items = schedule(ctx, p.pattern);
  const nz = new Float32Array(n);
  const modal = new Float32Array(n);
  const f0 = p.f0 * ctx.pitch;
  const modes = p.modes.map((m) => ({ ...m, t60: m.t60 * vary(rng, 0.2) }));
  let k = 0;
  const strike = (pos: number, amp: number, f: number) => {
    P.noiseBurst(nz, pos, sr, rng, amp, (p.clickT60Ms / 1000) * vary(rng, 0.2));
    P.modalStrike(modal, pos, n - pos, sr, f, modes, amp);
    if (p.thump && p.thump.level > MIN_LEVEL)
      P.modalStrike(
        modal,
        pos,
        n - pos,
        sr,
        p.thump.f * ctx.pitch,
        [{ ratio: 1, amp: p.thump.level, t60: p.thump.t60 }],
        amp,
      );
  };
  for (const it of items) {
    const amp = P.dbToGain(-rng.uniform(0, p.spreadDb));
    let f = f0 * vary(rng, p.pitchSpread);
    if (p.alt && k % 2 === 1) f *= p.alt;
    strike(it.start, amp, f);
    if (p.release && p.release.ratio > MIN_LEVEL) {
      const pos = it.start + Math.floor((p.release.delayMs / 1000) * sr * vary(rng, 0.25));
      if (pos < n) strike(pos, amp * p.release.ratio, f * p.release.pitch);
    }
    k++;
  }
  const buf = new Float32Array(n);
  P.Biquad.bandpass(p.center * ctx.pitch, p.q, sr).processInto(nz, 0, buf, 0, n, p.click);
  const mr = P.rms(modal);
  const br = P.rms(buf);
  const g = mr > 0 && br > 0 ? (p.modeLevel * br) / (p.click * mr) : 1;
  for (let i = 0; i < n; i++) out[i] += buf[i] + g * modal[i];
}

const clk = spec(clicks);

const WOOD: readonly P.Mode[] = [
  { ratio: 1, amp: 1, t60: 0.09 },
  { ratio: 2.32, amp: 0.6, t60: 0.06 },
  { ratio: 3.9, amp: 0.35, t60: 0.04 },
  { ratio: 5.3, amp: 0.2, t60: 0.03 },
];
const PLASTIC: readonly P.Mode[] = [
  { ratio: 1, amp: 1, t60: 0.02 },
  { ratio: 1.7, amp: 0.6, t60: 0.015 },
  { ratio: 2.9, amp: 0.4, t60: 0.01 },
];
const METAL_SMALL: readonly P.Mode[] = [
  { ratio: 1, amp: 1, t60: 0.05 },
  { ratio: 1.83, amp: 0.7, t60: 0.04 },
  { ratio: 2.91, amp: 0.5, t60: 0.03 },
  { ratio: 4.2, amp: 0.3, t60: 0.02 },
];

// ---------------------------------------------------------------------------------------------------------------
// household_machines: motor hum + airflow noise + whine, modulated (drum rotation, blade pass), switched on/off

interface MachineParams {
  hum?: { f0: number; partials: readonly number[]; level: number; drift: number };
  noise?: {
    level: number;
    color: 'white' | 'pink' | 'brown';
    hp: number;
    lp: number;
    peak?: { f: number; q: number; db: number };
  };
  whine?: { f: number; level: number; drift: number };
  am?: { rate: number; depth: number; shape?: 'sine' | 'pulse'; duty?: number };
  thumps?: { rate: number; f: number; level: number };
  beeps?: { f: number; level: number };
  pattern: Pattern;
  /** Spin-up/down time at the edges of an active period (s). */
  ramp: number;
  swell: number;
}

function machine(ctx: Ctx, p: MachineParams): void {
  const { rng, sr, n, out } = ctx;
  const items = schedule(ctx, p.pattern);
  const gate = new Float32Array(n);
  const ramp = Math.max(1, Math.floor(p.ramp * sr));
  const inv = 1 / ramp;
  for (const it of items) {
    const r = Math.min(ramp, it.len >> 1);
    const e = it.start + it.len;
    for (let k = 0; k < r; k++) {
      const g = (k + 1) * inv;
      if (g > gate[it.start + k]) gate[it.start + k] = g;
      if (g > gate[e - 1 - k]) gate[e - 1 - k] = g;
    }
    gate.fill(1, it.start + r, e - r);
  }
  const swell = P.smoothRandomCurve(rng, n, sr, 1.0, 1 - p.swell, 1);
  for (let i = 0; i < n; i++) gate[i] *= swell[i];
  const buf = new Float32Array(n);
  const pts = Math.max(2, Math.round(ctx.seconds / 0.8));
  if (on(p.noise)) {
    noiseOf(p.noise.color)(buf, 0, n, rng, 1);
    P.Biquad.highpass(p.noise.hp, 0.7, sr).process(buf);
    P.Biquad.lowpass(p.noise.lp * vary(rng, 0.15), 0.7, sr).process(buf);
    if (p.noise.peak && Math.abs(p.noise.peak.db) > 0.5)
      P.Biquad.peaking(p.noise.peak.f * ctx.pitch, p.noise.peak.q, p.noise.peak.db, sr).process(buf);
    if (p.am && p.am.depth > MIN_LEVEL)
      P.amplitudeModulate(buf, 0, n, sr, p.am.rate * ctx.tempo * vary(rng, 0.1), p.am.depth, {
        shape: p.am.shape,
        duty: p.am.duty,
        phase: rng.next(),
      });
    P.applyCurve(buf, 0, n, gate);
    addAtRms(out, buf, p.noise.level * 0.3);
  }
  if (on(p.hum)) {
    buf.fill(0);
    P.harmonicTone(
      buf,
      0,
      n,
      sr,
      { f0: p.hum.f0 * ctx.pitch, contour: wander(rng, pts, p.hum.drift), partials: p.hum.partials },
      1,
    );
    P.applyCurve(buf, 0, n, gate);
    addAtRms(out, buf, p.hum.level * 0.3);
  }
  if (on(p.whine)) {
    buf.fill(0);
    P.harmonicTone(
      buf,
      0,
      n,
      sr,
      { f0: p.whine.f * ctx.pitch, contour: wander(rng, pts, p.whine.drift), partials: [1, 0.3, 0.1] },
      1,
    );
    P.applyCurve(buf, 0, n, gate);
    addAtRms(out, buf, p.whine.level * 0.3);
  }
  if (on(p.thumps)) {
    buf.fill(0);
    for (const t of P.onsetTimes(rng, ctx.seconds, p.thumps.rate * ctx.tempo, 0.3)) {
      const pos = Math.floor(t * sr);
      if (gate[pos] > 0.3)
        P.modalStrike(
          buf,
          pos,
          n - pos,
          sr,
          p.thumps.f * ctx.pitch,
          [
            { ratio: 1, amp: 1, t60: 0.25 },
            { ratio: 2.7, amp: 0.4, t60: 0.1 },
          ],
          gate[pos] * P.dbToGain(-rng.uniform(0, 8)),
        );
    }
    addAtRms(out, buf, p.thumps.level * 0.3);
  }
  if (on(p.beeps)) {
    // end-of-cycle beeps after the last active period
    const last = items[items.length - 1];
    let t = last ? last.start + last.len + Math.floor(0.3 * sr) : Math.floor(0.5 * sr);
    buf.fill(0);
    for (let b = 0; b < 3 && t + 0.2 * sr < n; b++) {
      const len = Math.floor(0.25 * sr);
      P.harmonicTone(buf, t, len, sr, { f0: p.beeps.f * ctx.pitch, partials: [1, 0, 0.3] }, 1);
      P.applyFades(buf, t, len, 0.005 * sr);
      t += Math.floor(0.6 * sr);
    }
    P.mixInto(out, buf, 0, P.gainToDb(p.beeps.level * 0.3));
  }
}

const mach = spec(machine);

// ---------------------------------------------------------------------------------------------------------------
// domestic_events: stick-slip creaks, beeps/rings, struck shards, noise bursts, rasps and tones per event

interface DomesticParams {
  pattern: Pattern;
  /** Stick-slip friction through resonances (creaks, drawers): impulse rate goes lo→hi→lo Hz. */
  creak?: { lo: number; hi: number; formants: readonly P.Formant[]; level: number; jitter: number };
  /** Beeps: `beeps` tones of beepDur with beepGap inside each event. */
  beep?: {
    f: number;
    partials: readonly number[];
    beepDur: number;
    beepGap: number;
    beeps: Range;
    level: number;
    trill?: number;
  };
  /** Struck shards/bells: count strikes over spread s, density falling. */
  strikes?: {
    f: Range;
    modes: readonly P.Mode[];
    count: Range;
    spread: number;
    level: number;
    sequence?: readonly number[];
  };
  /** An initial noise burst (crash, pop). */
  burst?: { t60: number; center: number; q: number; level: number };
  /** A noise tail (fizz, hiss) over the event. */
  hiss?: { center: number; q: number; level: number; decay: number };
  /** A breathy rising tone (kettle). */
  tone?: { f0: number; contour: readonly number[]; level: number; breath: number };
  /** Fast clicks through a band (zipper teeth, drawer rumble). */
  rasp?: { rate: Range; center: number; q: number; level: number };
}

function domestic(ctx: Ctx, p: DomesticParams): void {
  const { rng, sr, n, out } = ctx;
  const items = schedule(ctx, p.pattern);
  const len0 = Math.min(n, Math.max(maxLen(items), Math.floor(1.5 * sr)));
  const tmp = new Float32Array(len0);
  const aux = new Float32Array(len0);
  for (const it of items) {
    const len = Math.min(len0, n - it.start);
    const L = Math.min(it.len, len);
    const gain = P.dbToGain(rng.uniform(-4, 0));
    if (on(p.creak)) {
      const c = p.creak;
      tmp.fill(0, 0, L);
      const rate = new Float32Array(L);
      const lo = c.lo * ctx.pitch * vary(rng, 0.15);
      const hi = c.hi * ctx.pitch * vary(rng, 0.15);
      const peak = rng.uniform(0.3, 0.7);
      const wob = P.smoothRandomCurve(rng, L, sr, 0.08, 0.85, 1.15);
      for (let k = 0; k < L; k++) {
        const x = k / L;
        const y = x < peak ? x / peak : (1 - x) / (1 - peak);
        rate[k] = (lo + (hi - lo) * y) * wob[k];
      }
      P.impulseTrain(tmp, 0, L, sr, rate, c.jitter, rng, 1, 0.3);
      aux.fill(0, 0, L);
      new P.FormantBank(c.formants, sr, ctx.pitch).processInto(tmp, 0, aux, 0, L, 1);
      P.applyAdsr(aux, 0, L, sr, { attack: (0.1 * L) / sr, decay: 0, sustain: 1, release: (0.2 * L) / sr });
      addAtRms(out, aux, c.level * 0.3 * gain, it.start, L);
    }
    if (on(p.beep)) {
      const b = p.beep;
      tmp.fill(0, 0, L);
      const beeps = rint(rng, b.beeps);
      let t = 0;
      const f = b.f * ctx.pitch;
      for (let k = 0; k < beeps && t < L; k++) {
        const bl = Math.min(Math.floor(b.beepDur * sr), L - t);
        P.harmonicTone(tmp, t, bl, sr, { f0: f, partials: b.partials }, 1);
        if (b.trill) P.amplitudeModulate(tmp, t, bl, sr, b.trill, 0.9);
        P.applyFades(tmp, t, bl, 0.004 * sr);
        t += bl + Math.floor(b.beepGap * sr);
      }
      addAtRms(out, tmp, b.level * 0.3 * gain, it.start, L);
    }
    if (on(p.burst)) {
      const t60 = p.burst.t60 * vary(rng, 0.2);
      const bl = Math.min(len, Math.ceil((t60 + 0.05) * sr));
      tmp.fill(0, 0, bl);
      aux.fill(0, 0, bl);
      P.noiseBurst(aux, 0, sr, rng, 1, t60);
      P.Biquad.bandpass(p.burst.center * ctx.pitch, p.burst.q, sr).processInto(aux, 0, tmp, 0, bl, 1);
      P.mixInto(out, tmp, it.start, P.gainToDb(p.burst.level * gain), 0, bl);
    }
    if (on(p.hiss)) {
      aux.fill(0, 0, L);
      tmp.fill(0, 0, L);
      P.whiteNoise(aux, 0, L, rng, 1);
      P.Biquad.bandpass(p.hiss.center * ctx.pitch * vary(rng, 0.1), p.hiss.q, sr).processInto(
        aux,
        0,
        tmp,
        0,
        L,
        1,
      );
      P.applyExpDecay(tmp, 0, L, sr, p.hiss.decay * vary(rng, 0.2));
      P.applyFades(tmp, 0, L, 0.004 * sr);
      P.mixInto(out, tmp, it.start, P.gainToDb(p.hiss.level * gain), 0, L);
    }
    if (on(p.strikes)) {
      const s = p.strikes;
      let ring = 0;
      for (const m of s.modes) ring = Math.max(ring, m.t60);
      const sl = Math.min(len, Math.ceil((s.spread + ring) * sr));
      tmp.fill(0, 0, sl);
      const count = rint(rng, s.count);
      for (let k = 0; k < count; k++) {
        const x = s.sequence ? k / Math.max(1, count) : Math.pow(rng.next(), 2); // shards cluster early
        const pos = Math.floor(x * s.spread * sr);
        if (pos >= sl) continue;
        const f = s.sequence
          ? s.f[0] * ctx.pitch * s.sequence[k % s.sequence.length]
          : Math.exp(rng.uniform(Math.log(s.f[0]), Math.log(s.f[1]))) * ctx.pitch;
        P.modalStrike(
          tmp,
          pos,
          sl - pos,
          sr,
          f,
          s.modes,
          s.sequence ? 1 : P.dbToGain(-rng.uniform(0, 12)) * (1 - 0.7 * x),
        );
      }
      P.mixInto(out, tmp, it.start, P.gainToDb(s.level * gain), 0, sl);
    }
    if (on(p.tone)) {
      const tn = p.tone;
      tmp.fill(0, 0, L);
      const f = tn.f0 * ctx.pitch * vary(rng, 0.05);
      P.harmonicTone(
        tmp,
        0,
        L,
        sr,
        { f0: f, contour: tn.contour, partials: [1, 0.15], vibratoHz: 7, vibratoDepth: 0.01 },
        1,
      );
      aux.fill(0, 0, L);
      P.whiteNoise(aux, 0, L, rng, 1);
      P.Biquad.bandpass(f * 1.1, 3, sr).processInto(aux, 0, tmp, 0, L, tn.breath);
      P.applyCurve(
        tmp,
        0,
        L,
        P.breakpointCurve(L, [
          [0, 0],
          [0.3, 0.4],
          [0.8, 1],
          [1, 1],
        ]),
      );
      P.applyFades(tmp, 0, L, 0.02 * sr);
      addAtRms(out, tmp, tn.level * 0.3 * gain, it.start, L);
    }
    if (on(p.rasp)) {
      const r = p.rasp;
      tmp.fill(0, 0, L);
      aux.fill(0, 0, L);
      P.impulseTrain(aux, 0, L, sr, ru(rng, r.rate) * ctx.tempo, 0.4, rng, 1, 0.5);
      P.whiteNoise(aux, 0, L, rng, 0.02);
      P.Biquad.bandpass(r.center * ctx.pitch, r.q, sr).processInto(aux, 0, tmp, 0, L, 1);
      P.applyAdsr(tmp, 0, L, sr, { attack: (0.1 * L) / sr, decay: 0, sustain: 1, release: (0.15 * L) / sr });
      addAtRms(out, tmp, r.level * 0.3 * gain, it.start, L);
    }
  }
}

const dom = spec(domestic);

const GLASS: readonly P.Mode[] = [
  { ratio: 1, amp: 1, t60: 0.35 },
  { ratio: 2.32, amp: 0.6, t60: 0.25 },
  { ratio: 3.74, amp: 0.4, t60: 0.18 },
];
const CERAMIC: readonly P.Mode[] = [
  { ratio: 1, amp: 1, t60: 0.18 },
  { ratio: 2.61, amp: 0.5, t60: 0.12 },
  { ratio: 4.53, amp: 0.3, t60: 0.08 },
];
const CHIME: readonly P.Mode[] = [
  { ratio: 1, amp: 1, t60: 1.4 },
  { ratio: 2.0, amp: 0.35, t60: 0.9 },
  { ratio: 3.0, amp: 0.2, t60: 0.6 },
  { ratio: 4.2, amp: 0.1, t60: 0.4 },
];

// ---------------------------------------------------------------------------------------------------------------
// engines: firing pulses through a resonant low-pass, broadband roar, rotor/wheel modulation, pass-by doppler

interface EngineParams {
  fire?: { f: number; jitter: number; lp: number; q: number; level: number; rev: number; revSeconds: number };
  noise: { level: number; color: 'white' | 'pink' | 'brown'; lp: number; hp: number };
  rotor?: { rate: number; depth: number; duty: number };
  whine?: { f: number; level: number };
  /** Rail joints: pairs of thumps at `rate` pairs/s. */
  clack?: { rate: number; level: number; f: number };
  /** Pass-by: loudness peak near the middle of the clip, doppler shift ±doppler. */
  pass?: { doppler: number; width: Range; floor: number };
  swell: number;
  /** Slaps (hull on water) per second. */
  slap?: { rate: number; level: number };
  /** Air-brake hisses. */
  hiss?: { count: Range; level: number };
}

function engine(ctx: Ctx, p: EngineParams): void {
  const { rng, sr, n, out } = ctx;
  const tf = 1 / ctx.tempo;
  const env = P.smoothRandomCurve(rng, n, sr, 1.2 * tf, 1 - p.swell, 1);
  const dop = new Float32Array(n).fill(1);
  if (p.pass && p.pass.floor < 0.98) {
    const tc = rng.uniform(0.3, 0.7) * n;
    const w = ru(rng, p.pass.width) * tf * sr;
    for (let i = 0; i < n; i++) {
      const x = (i - tc) / w;
      env[i] *= p.pass.floor + (1 - p.pass.floor) / (1 + x * x);
      dop[i] = 1 - (p.pass.doppler * x) / Math.sqrt(1 + x * x);
    }
  }
  const buf = new Float32Array(n);
  if (on(p.fire)) {
    const fi = p.fire;
    const rate = P.smoothRandomCurve(rng, n, sr, fi.revSeconds * tf, 1, fi.rev);
    const f = fi.f * ctx.pitch;
    for (let i = 0; i < n; i++) rate[i] *= f * dop[i];
    P.impulseTrain(buf, 0, n, sr, rate, fi.jitter, rng, 1, 0.3);
    P.Biquad.lowpass(fi.lp * ctx.pitch, fi.q, sr).process(buf);
    P.applyCurve(buf, 0, n, env);
    addAtRms(out, buf, fi.level * 0.3);
  }
  buf.fill(0);
  noiseOf(p.noise.color)(buf, 0, n, rng, 1);
  P.Biquad.highpass(p.noise.hp, 0.7, sr).process(buf);
  P.Biquad.lowpass(p.noise.lp * vary(rng, 0.15), 0.7, sr).process(buf);
  if (p.slap && p.slap.level > MIN_LEVEL)
    P.modulateSmoothRandom(buf, 0, n, sr, rng, 1 / (p.slap.rate * ctx.tempo), 1 - p.slap.level, 1);
  P.applyCurve(buf, 0, n, env);
  addAtRms(out, buf, p.noise.level * 0.3);
  if (on(p.whine)) {
    buf.fill(0);
    const freq = new Float32Array(n);
    const f = p.whine.f * ctx.pitch;
    for (let i = 0; i < n; i++) freq[i] = f * dop[i];
    P.wavetableOsc(buf, 0, n, sr, P.buildWavetable([1, 0.2]), freq, 1, 0);
    P.applyCurve(buf, 0, n, env);
    addAtRms(out, buf, p.whine.level * 0.3);
  }
  if (on(p.clack)) {
    buf.fill(0);
    const period = 1 / (p.clack.rate * ctx.tempo);
    for (const t of P.onsetTimes(rng, ctx.seconds, p.clack.rate * ctx.tempo, 0.05)) {
      for (const d of [0, period * 0.18]) {
        const pos = Math.floor((t + d) * sr);
        if (pos >= n) continue;
        P.modalStrike(
          buf,
          pos,
          n - pos,
          sr,
          p.clack.f * ctx.pitch,
          [
            { ratio: 1, amp: 1, t60: 0.12 },
            { ratio: 3.1, amp: 0.5, t60: 0.05 },
          ],
          env[pos],
        );
        P.noiseBurst(buf, pos, sr, rng, 0.3 * env[pos], 0.03);
      }
    }
    addAtRms(out, buf, p.clack.level * 0.3);
  }
  if (p.rotor && p.rotor.depth > MIN_LEVEL)
    P.amplitudeModulate(out, 0, n, sr, p.rotor.rate * ctx.tempo * vary(rng, 0.08), p.rotor.depth, {
      shape: 'pulse',
      duty: p.rotor.duty,
      phase: rng.next(),
    });
  if (on(p.hiss)) {
    const count = rint(rng, p.hiss.count);
    buf.fill(0);
    for (let k = 0; k < count; k++) {
      const pos = Math.floor(rng.uniform(0.1, 0.8) * n);
      const len = Math.min(n - pos, Math.floor(rng.uniform(0.3, 0.8) * sr));
      P.whiteNoise(buf, pos, len, rng, 1);
      P.applyAdsr(buf, pos, len, sr, { attack: 0.01, decay: 0.1, sustain: 0.7, release: 0.3 });
    }
    P.Biquad.highpass(2500, 0.7, sr).process(buf);
    P.mixInto(out, buf, 0, P.gainToDb(p.hiss.level * 0.3));
  }
}

const eng = spec(engine);

// ---------------------------------------------------------------------------------------------------------------
// tools: buzzing motor pulses, band noise chopped by strokes and teeth (rasp), impacts, whine, sparks

interface ToolParams {
  motor?: {
    f: number;
    jitter: number;
    lp: number;
    q: number;
    level: number;
    rev: number;
    revSeconds: number;
  };
  noise?: { level: number; center: number; q: number };
  rasp?: { rate: number; depth: number };
  strokes?: { rate: number; duty: number; depth: number };
  impacts?: { rate: number; level: number; t60Ms: number; f: number };
  whine?: { f: number; level: number };
  sparks?: { rate: number; level: number };
  pattern: Pattern;
}

function tool(ctx: Ctx, p: ToolParams): void {
  const { rng, sr, out } = ctx;
  const items = schedule(ctx, p.pattern);
  const len0 = maxLen(items);
  const buf = new Float32Array(len0);
  const mix = new Float32Array(len0);
  const scratch = new Float32Array(len0);
  for (const it of items) {
    const L = it.len;
    mix.fill(0, 0, L);
    if (on(p.motor)) {
      const m = p.motor;
      buf.fill(0, 0, L);
      const rate = P.smoothRandomCurve(rng, L, sr, m.revSeconds / ctx.tempo, 1, m.rev);
      const f = m.f * ctx.pitch;
      for (let k = 0; k < L; k++) rate[k] *= f;
      P.impulseTrain(buf, 0, L, sr, rate, m.jitter, rng, 1, 0.2);
      P.Biquad.lowpass(m.lp * ctx.pitch, m.q, sr).process(buf, 0, L);
      addAtRms(mix, buf, m.level, 0, L);
    }
    if (on(p.noise)) {
      buf.fill(0, 0, L);
      const nz = scratch.subarray(0, L);
      nz.fill(0);
      P.whiteNoise(nz, 0, L, rng, 1);
      P.Biquad.bandpass(p.noise.center * ctx.pitch * vary(rng, 0.1), p.noise.q, sr).processInto(
        nz,
        0,
        buf,
        0,
        L,
        1,
      );
      if (p.rasp && p.rasp.depth > MIN_LEVEL)
        P.amplitudeModulate(buf, 0, L, sr, p.rasp.rate * ctx.tempo * vary(rng, 0.15), p.rasp.depth, {
          shape: 'pulse',
          duty: 0.3,
        });
      addAtRms(mix, buf, p.noise.level, 0, L);
    }
    if (on(p.whine)) {
      buf.fill(0, 0, L);
      P.harmonicTone(
        buf,
        0,
        L,
        sr,
        { f0: p.whine.f * ctx.pitch, contour: wander(rng, 3, 0.05), partials: [1, 0.3] },
        1,
      );
      addAtRms(mix, buf, p.whine.level, 0, L);
    }
    if (on(p.impacts)) {
      buf.fill(0, 0, L);
      for (const t of P.onsetTimes(rng, L / sr, p.impacts.rate * ctx.tempo, 0.08)) {
        const pos = Math.floor(t * sr);
        P.noiseBurst(buf, pos, sr, rng, 1, p.impacts.t60Ms / 1000);
        P.modalStrike(
          buf,
          pos,
          L - pos,
          sr,
          p.impacts.f * ctx.pitch,
          [
            { ratio: 1, amp: 3, t60: 0.06 },
            { ratio: 2.4, amp: 1, t60: 0.04 },
          ],
          1,
        );
      }
      addAtRms(mix, buf, p.impacts.level, 0, L);
    }
    if (on(p.sparks)) {
      buf.fill(0, 0, L);
      P.crackle(buf, 0, L, sr, rng, { ratePerSec: p.sparks.rate, t60Ms: 3, rangeDb: 15 });
      P.Biquad.highpass(3000, 0.7, sr).process(buf, 0, L);
      addAtRms(mix, buf, p.sparks.level, 0, L);
    }
    if (p.strokes && p.strokes.depth > MIN_LEVEL)
      P.amplitudeModulate(mix, 0, L, sr, p.strokes.rate * ctx.tempo * vary(rng, 0.12), p.strokes.depth, {
        shape: 'pulse',
        duty: p.strokes.duty,
        phase: rng.next(),
      });
    P.applyFades(mix, 0, L, 0.03 * sr);
    P.mixInto(out, mix, it.start, rng.uniform(-3, 0), 0, L);
  }
}

const tl = spec(tool);

// ---------------------------------------------------------------------------------------------------------------
// alerts_bells: sustained tones with pitch patterns (sirens, horns, alarms) and struck bells

interface AlertParams {
  pattern: Pattern;
  tone?: {
    f0: number;
    partials: readonly number[];
    chord?: readonly number[];
    /** Pitch pattern within an event: ratio between the two extremes and the cycle length (s). */
    sweep?: { ratio: number; cycle: Range };
    vibHz?: number;
    vibDepth?: number;
    level: number;
  };
  bell?: {
    f0: number;
    modes: readonly P.Mode[];
    strikeRate: number;
    level: number;
    pitches?: readonly number[];
  };
  /** Raspy band noise with the tone (horn reeds). */
  noise?: number;
}

function alert(ctx: Ctx, p: AlertParams): void {
  const { rng, sr, n, out } = ctx;
  const items = schedule(ctx, p.pattern);
  const buf = new Float32Array(n);
  let strikeNo = 0;
  for (const it of items) {
    const L = it.len;
    const gain = P.dbToGain(rng.uniform(-3, 0));
    if (on(p.tone)) {
      const t = p.tone;
      const f = t.f0 * ctx.pitch * vary(rng, 0.03);
      let contour: number[] = [1];
      if (t.sweep) {
        const cyc = ru(rng, t.sweep.cycle) / ctx.tempo;
        const half = Math.max(1, Math.round((L / sr / cyc) * 2));
        contour = [];
        const startHigh = rng.chance(0.5);
        for (let k = 0; k <= half; k++) contour.push((k % 2 === 0) === startHigh ? t.sweep.ratio : 1);
      }
      for (const c of t.chord ?? [1]) {
        P.harmonicTone(
          buf,
          it.start,
          L,
          sr,
          {
            f0: f * c,
            contour,
            partials: t.partials,
            vibratoHz: t.vibHz,
            vibratoDepth: t.vibDepth,
            phase: rng.next(),
          },
          t.level * gain,
        );
      }
      if (p.noise && p.noise > MIN_LEVEL) {
        const nz = new Float32Array(L);
        P.whiteNoise(nz, 0, L, rng, 1);
        P.Biquad.bandpass(f * 2, 2, sr).processInto(nz, 0, buf, it.start, L, p.noise * gain * 2);
      }
      P.applyFades(buf, it.start, L, 0.02 * sr);
    }
    if (on(p.bell)) {
      const b = p.bell;
      const times = b.strikeRate > 0 ? P.onsetTimes(rng, L / sr, b.strikeRate * ctx.tempo, 0.1) : [0];
      for (const tt of times) {
        const pos = it.start + Math.floor(tt * sr);
        const pitch = b.pitches ? b.pitches[strikeNo % b.pitches.length] : 1;
        strikeNo++;
        P.modalStrike(
          buf,
          pos,
          n - pos,
          sr,
          b.f0 * ctx.pitch * pitch,
          b.modes,
          b.level * gain * P.dbToGain(-rng.uniform(0, 3)),
        );
        P.noiseBurst(buf, pos, sr, rng, 0.05 * b.level * gain, 0.01);
      }
    }
  }
  for (let i = 0; i < n; i++) out[i] += buf[i];
}

const alr = spec(alert);

const BELL: readonly P.Mode[] = [
  { ratio: 0.5, amp: 0.5, t60: 4.0 },
  { ratio: 1, amp: 1, t60: 3.0 },
  { ratio: 1.19, amp: 0.6, t60: 2.2 },
  { ratio: 1.5, amp: 0.4, t60: 1.8 },
  { ratio: 2.0, amp: 0.5, t60: 1.4 },
  { ratio: 2.52, amp: 0.25, t60: 1.0 },
  { ratio: 3.0, amp: 0.2, t60: 0.8 },
];
const SMALL_BELL: readonly P.Mode[] = [
  { ratio: 1, amp: 1, t60: 0.7 },
  { ratio: 1.5, amp: 0.5, t60: 0.5 },
  { ratio: 2.48, amp: 0.4, t60: 0.4 },
  { ratio: 3.3, amp: 0.2, t60: 0.25 },
];

// ---------------------------------------------------------------------------------------------------------------
// explosions: impulsive noise (crack) + low boom + crackle tail + reverberant decay, optional whistle

interface BlastParams {
  pattern: Pattern;
  whistle?: { f: Range; dur: Range; level: number };
  boom: { level: number; lp: number; t60: Range };
  crack: { level: number; t60: Range; hp: number };
  tail?: { rate: number; dur: Range; level: number; t60Ms: number };
  reverb: { level: number; t60: number };
}

function blast(ctx: Ctx, p: BlastParams): void {
  const { rng, sr, n, out } = ctx;
  const items = schedule(ctx, p.pattern);
  const boom = new Float32Array(n);
  const crackBuf = new Float32Array(n);
  const verb = new Float32Array(n);
  const tail = new Float32Array(n);
  const whistle = new Float32Array(n);
  for (const it of items) {
    let pos = it.start;
    const a = P.dbToGain(-rng.uniform(0, 6));
    if (on(p.whistle)) {
      const dur = ru(rng, p.whistle.dur);
      const len = Math.floor(dur * sr);
      const f = ru(rng, p.whistle.f) * ctx.pitch;
      P.chirp(whistle, pos, len, sr, f, f * rng.uniform(1.5, 2.2), { amp: a });
      P.applyAdsr(whistle, pos, len, sr, { attack: 0.2 * dur, decay: 0, sustain: 1, release: 0.1 * dur });
      pos += len;
    }
    if (pos >= n) continue;
    P.noiseBurst(boom, pos, sr, rng, a, ru(rng, p.boom.t60));
    P.noiseBurst(crackBuf, pos, sr, rng, a, ru(rng, p.crack.t60));
    P.noiseBurst(verb, pos, sr, rng, a, p.reverb.t60 * vary(rng, 0.2));
    if (on(p.tail)) {
      const len = Math.floor(ru(rng, p.tail.dur) * sr);
      const curve = new Float32Array(len);
      const r = P.decayPerSample(len / sr, sr);
      let v = 1;
      for (let k = 0; k < len; k++) {
        curve[k] = v;
        v *= r;
      }
      const start = pos + Math.floor(0.05 * sr);
      if (start < n)
        P.crackle(tail, start, Math.min(len, n - start), sr, rng, {
          ratePerSec: p.tail.rate,
          t60Ms: p.tail.t60Ms,
          amp: a,
          rangeDb: 20,
          curve,
        });
    }
  }
  P.Biquad.lowpass(p.boom.lp * ctx.pitch, 1.0, sr).process(boom);
  P.Biquad.lowpass(p.boom.lp * ctx.pitch, 0.7, sr).process(boom);
  P.Biquad.highpass(p.crack.hp * ctx.pitch, 0.7, sr).process(crackBuf);
  P.Biquad.lowpass(2500, 0.7, sr).process(verb);
  P.Biquad.highpass(1500, 0.7, sr).process(tail);
  const pk = (b: Float32Array, level: number) => {
    const m = P.peakAbs(b);
    if (m > 0) for (let i = 0; i < n; i++) out[i] += (level / m) * b[i];
  };
  pk(boom, p.boom.level);
  pk(crackBuf, p.crack.level);
  pk(verb, p.reverb.level);
  pk(tail, p.tail?.level ?? 0);
  pk(whistle, p.whistle?.level ?? 0);
}

const bl = spec(blast);

// ---------------------------------------------------------------------------------------------------------------
// music: notes on a pentatonic scale, plucked/struck (decaying) or sustained (bowed/blown), and a drum kit

interface InstrParams {
  kind: 'pluck' | 'sustain' | 'mallet';
  f0: Range;
  partials: readonly number[];
  t60: Range;
  attack: number;
  release: number;
  vibHz?: number;
  vibDepth?: number;
  breath?: number;
  body?: readonly P.Formant[];
  modes?: readonly P.Mode[];
  pattern: Pattern;
  chord?: Range;
  strum?: number;
  /** Brightness: low-pass cutoff as a multiple of the note's f0. */
  bright: number;
}

function instrument(ctx: Ctx, p: InstrParams): void {
  const { rng, sr, n, out } = ctx;
  const items = schedule(ctx, p.pattern);
  const root = Math.exp(rng.uniform(Math.log(p.f0[0]), Math.log(p.f0[1]))) * ctx.pitch;
  const octaves = Math.max(0.5, Math.log2(p.f0[1] / p.f0[0]));
  const span = PENTATONIC.filter((s) => s <= 12 * Math.min(octaves, 1.75));
  let deg = rng.int(0, span.length - 1);
  const buf = new Float32Array(n);
  const tmp = new Float32Array(n);
  for (const it of items) {
    const voices = p.chord ? rint(rng, p.chord) : 1;
    deg = Math.max(0, Math.min(span.length - 1, deg + rng.int(-2, 2)));
    for (let v = 0; v < voices; v++) {
      const semis = span[(deg + 2 * v) % span.length] + (deg + 2 * v >= span.length ? 12 : 0);
      const f = root * Math.pow(2, semis / 12);
      const start = it.start + Math.floor((p.strum ?? 0) * v * sr);
      if (start >= n) continue;
      const amp = P.dbToGain(-rng.uniform(0, 5)) / Math.sqrt(voices);
      if (p.kind === 'mallet' && p.modes) {
        P.modalStrike(buf, start, n - start, sr, f, p.modes, amp);
        continue;
      }
      const t60 = ru(rng, p.t60);
      const L =
        p.kind === 'pluck'
          ? Math.min(n - start, Math.floor(Math.min(t60, it.len / sr + t60 * 0.5) * sr))
          : Math.min(n - start, it.len);
      tmp.fill(0, 0, L);
      const kmax = Math.max(1, Math.min(p.partials.length, Math.floor((p.bright * f) / f)));
      P.harmonicTone(
        tmp,
        0,
        L,
        sr,
        {
          f0: f,
          partials: p.partials.slice(0, kmax),
          vibratoHz: p.vibHz,
          vibratoDepth: p.vibDepth,
          phase: rng.next(),
        },
        amp,
      );
      if (p.breath) {
        const nz = new Float32Array(L);
        P.whiteNoise(nz, 0, L, rng, 1);
        P.Biquad.bandpass(f * 2, 1.5, sr).processInto(nz, 0, tmp, 0, L, p.breath * amp * 2);
      }
      if (p.kind === 'pluck') {
        P.applyExpDecay(tmp, 0, L, sr, t60);
        P.applyFades(tmp, 0, L, Math.max(2, 0.002 * sr));
      } else {
        const d = L / sr;
        P.applyAdsr(tmp, 0, L, sr, {
          attack: Math.min(p.attack, 0.4 * d),
          decay: 0.1 * d,
          sustain: 0.85,
          release: Math.min(p.release, 0.4 * d),
        });
      }
      P.mixInto(buf, tmp, start, 0, 0, L);
    }
  }
  if (p.body) new P.FormantBank(p.body, sr, 1).processInto(buf, 0, out, 0, n, 1.5);
  for (let i = 0; i < n; i++) out[i] += p.body ? 0.4 * buf[i] : buf[i];
}

const ins = spec(instrument);

function drumKit(ctx: Ctx, _p: object): void {
  const { rng, sr, n, out } = ctx;
  const bpm = rng.uniform(85, 140) * ctx.tempo;
  const step = 60 / bpm / 2; // eighth notes
  const kickPat = rng.pick([
    [1, 0, 0, 0, 1, 0, 0, 0],
    [1, 0, 0, 1, 1, 0, 0, 0],
    [1, 0, 0, 0, 1, 0, 1, 0],
  ]);
  const snarePat = [0, 0, 1, 0, 0, 0, 1, 0];
  const hat = new Float32Array(n);
  const snare = new Float32Array(n);
  const start = rng.uniform(0, 0.3);
  for (let k = 0; start + k * step < ctx.seconds; k++) {
    const pos = Math.floor((start + k * step) * sr);
    const s = k % 8;
    const acc = P.dbToGain(-rng.uniform(0, 3));
    P.noiseBurst(hat, pos, sr, rng, 0.4 * acc, rng.chance(0.1) ? 0.25 : 0.05);
    if (kickPat[s])
      P.chirp(out, pos, 0.35 * sr, sr, 140 * ctx.pitch, 45 * ctx.pitch, { amp: 0.9 * acc, t60: 0.35 });
    if (snarePat[s]) {
      P.noiseBurst(snare, pos, sr, rng, 0.6 * acc, 0.18);
      P.modalStrike(
        out,
        pos,
        n - pos,
        sr,
        185 * ctx.pitch,
        [
          { ratio: 1, amp: 0.5, t60: 0.12 },
          { ratio: 1.6, amp: 0.3, t60: 0.08 },
        ],
        acc,
      );
    }
  }
  P.Biquad.highpass(6000, 0.7, sr).processInto(hat, 0, out, 0, n, 1);
  P.Biquad.bandpass(2000, 0.6, sr).processInto(snare, 0, out, 0, n, 1.5);
}

const XYLO: readonly P.Mode[] = [
  { ratio: 1, amp: 1, t60: 0.5 },
  { ratio: 3.93, amp: 0.4, t60: 0.2 },
  { ratio: 9.39, amp: 0.15, t60: 0.08 },
];

// ---------------------------------------------------------------------------------------------------------------
// The class table

const fill = 'fill' as const;

type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/** `base` with the fields of `over` replacing its own (objects merged recursively, arrays and scalars replaced). */
function merge<T>(base: T, over: DeepPartial<T>): T {
  const isObj = (x: unknown): x is Record<string, unknown> =>
    !!x && typeof x === 'object' && !Array.isArray(x);
  if (!isObj(base) || !isObj(over)) return (over === undefined ? base : over) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) if (v !== undefined) out[k] = merge(base[k], v as never);
  return out as T;
}

/** Builds a family's class constructor: family defaults (every component present, silent ones at level 0) + class overrides. */
const family =
  <T>(make: (p: T) => AnySpec, base: T) =>
  (over: DeepPartial<T>): AnySpec =>
    make(merge(base, over));

const mammalOf = family(mammal, {
  f0: 300,
  contour: [1, 1],
  partials: 14,
  rolloff: 0.8,
  vowel: 'a',
  shift: 1,
  noise: 0.3,
  tremHz: 0,
  tremDepth: 0,
  vibHz: 0,
  vibDepth: 0,
  pattern: {
    groups: [2, 3],
    groupGap: [0.5, 1.2],
    items: [1, 1],
    itemDur: [0.3, 0.8],
    itemGap: [0.1, 0.3],
    lead: [0, 0.3],
  },
  attack: 0.1,
  release: 0.35,
} as CallParams);

const birdOf = family(bird, {
  f0: 500,
  sweep: [1, 1],
  partials: [1, 0.5, 0.3],
  noise: 0.2,
  emph: 2,
  roughHz: 40,
  rough: 0,
  vibHz: 0,
  vibDepth: 0,
  lastLong: 1,
  noteSpread: 0.06,
  voices: [1, 1],
  pattern: {
    groups: [1, 2],
    groupGap: [0.5, 1.5],
    items: [2, 4],
    itemDur: [0.1, 0.3],
    itemGap: [0.05, 0.2],
    lead: [0, 0.3],
  },
} as BirdParams);

const insectOf = family(insect, {
  carrier: 1000,
  partials: [1, 0.3],
  tone: 1,
  noise: 0.1,
  noiseQ: 2,
  pulseHz: 30,
  duty: 0.5,
  pulseDepth: 0.5,
  drift: 0.03,
  swell: 0.3,
  voices: [1, 1],
  pattern: {
    groups: [1, 2],
    groupGap: [0.3, 1],
    items: [1, 1],
    itemDur: [1, 3],
    itemGap: [0, 0],
    lead: [0, 0.3],
  },
} as PulsedParams);

const waterOf = family(wat, {
  bed: 0.5,
  color: 'pink',
  hp: 300,
  lp: 5000,
  bubbles: 0,
  bubbleF: [500, 2000],
  bubbleDur: [0.015, 0.05],
  bubbleRise: 1.5,
  bubbleAmp: 0,
  clicks: 0,
  clickMs: 2,
  clickAmp: 0,
  shape: 'steady',
  swell: 0.2,
} as WaterParams);

const weatherOf = family(wx, {
  wind: { level: 0, lo: 200, hi: 1100, q: 1.8, gust: 0.9 },
  hiss: { level: 0, hp: 1500, lp: 7000 },
  rumble: {
    pattern: { groups: [1, 2], groupGap: [1, 2.5], itemDur: [1.5, 3] },
    level: 0,
    lp: 180,
    t60: [2, 3.5],
    crack: 0.3,
  },
  crackle: { rate: 60, t60Ms: 3, level: 0, rangeDb: 20, center: 3000, q: 0.6, gust: 0 },
  roar: { level: 0, lp: 350 },
  swell: 0.3,
  swellSeconds: 1.5,
} as WeatherParams);

const burst = (b: Partial<BurstSpec>): BurstSpec => ({
  dur: [0.2, 0.5],
  center: 1200,
  q: 1,
  level: 1,
  voice: 0,
  f0: 200,
  contour: [1, 1],
  flutterHz: 0,
  flutter: 0,
  attack: 0.2,
  release: 0.4,
  repeat: [1, 1],
  gap: [0.05, 0.15],
  after: [0.05, 0.2],
  crunch: 0,
  ...b,
});
const bodyOf = (p: BodyParams) => body(p);

const voiceOf = family(vox, {
  f0: 200,
  spread: 0.1,
  contour: [1, 1],
  declination: 0.1,
  vowels: ['a', 'e', 'i', 'o', 'u'],
  shift: 1.1,
  breath: 0.15,
  voiced: 1,
  partials: 20,
  rolloff: 1,
  vibHz: 0,
  vibDepth: 0,
  attack: 0.15,
  release: 0.3,
  pattern: {
    groups: fill,
    groupGap: [0.2, 0.6],
    items: [3, 8],
    itemDur: [0.15, 0.4],
    itemGap: [0.02, 0.1],
    lead: [0, 0.3],
  },
} as VoiceParams);

const crowdOf = family(crw, {
  sources: [1, 1],
  rate: 2,
  jitter: 0.1,
  center: 1200,
  q: 0.9,
  t60Ms: 30,
  heel: { delayMs: 45, ratio: 0 },
  bright: 0.2,
  bursts: 1,
  babble: 0,
  cheer: 0,
  swell: 0.2,
  pattern: {
    groups: [1, 1],
    groupGap: [0, 0],
    items: [1, 1],
    itemDur: [4, 5],
    itemGap: [0, 0],
    lead: [0, 0.3],
  },
} as CrowdParams);

const clickOf = family(clk, {
  pattern: {
    groups: [2, 3],
    groupGap: [0.5, 1.5],
    items: [1, 3],
    itemDur: [0.005, 0.005],
    itemGap: [0.1, 0.3],
    lead: [0, 0.3],
  },
  f0: 1500,
  modes: WOOD,
  modeLevel: 1,
  click: 1,
  clickT60Ms: 8,
  center: 2000,
  q: 0.8,
  spreadDb: 3,
  alt: 1,
  pitchSpread: 0.05,
  release: { delayMs: 80, ratio: 0, pitch: 1 },
  thump: { f: 150, t60: 0.06, level: 0 },
} as ClickParams);

const machineOf = family(mach, {
  hum: { f0: 100, partials: [1, 0.5, 0.3], level: 0, drift: 0.02 },
  noise: { level: 0, color: 'pink', hp: 100, lp: 3000, peak: { f: 1500, q: 1, db: 0 } },
  whine: { f: 600, level: 0, drift: 0.03 },
  am: { rate: 2, depth: 0, shape: 'sine', duty: 0.5 },
  thumps: { rate: 0.8, f: 80, level: 0 },
  beeps: { f: 2000, level: 0 },
  pattern: {
    groups: [1, 1],
    groupGap: [0, 0],
    items: [1, 1],
    itemDur: [4.5, 5],
    itemGap: [0, 0],
    lead: [0, 0.2],
  },
  ramp: 0.3,
  swell: 0.2,
} as MachineParams);

const domesticOf = family(dom, {
  pattern: {
    groups: [1, 2],
    groupGap: [0.5, 1.5],
    items: [1, 1],
    itemDur: [0.5, 1.2],
    itemGap: [0, 0],
    lead: [0, 0.3],
  },
  creak: {
    lo: 50,
    hi: 200,
    formants: [
      { freq: 420, bw: 90 },
      { freq: 1150, bw: 150, gainDb: -3 },
      { freq: 2400, bw: 250, gainDb: -8 },
    ],
    level: 0,
    jitter: 0.2,
  },
  beep: { f: 1500, partials: [1, 0, 0.3], beepDur: 0.1, beepGap: 0.06, beeps: [1, 1], level: 0, trill: 0 },
  strikes: { f: [1500, 3000], modes: CERAMIC, count: [1, 3], spread: 0.5, level: 0 },
  burst: { t60: 0.05, center: 2500, q: 0.8, level: 0 },
  hiss: { center: 4000, q: 0.8, level: 0, decay: 0.5 },
  tone: { f0: 1500, contour: [0.9, 1, 1.05], level: 0, breath: 0.5 },
  rasp: { rate: [100, 200], center: 1500, q: 1, level: 0 },
} as DomesticParams);

const engineOf = family(eng, {
  fire: { f: 45, jitter: 0.04, lp: 900, q: 1.2, level: 0, rev: 1.3, revSeconds: 1.5 },
  noise: { level: 0.5, color: 'pink', lp: 1200, hp: 50 },
  rotor: { rate: 15, depth: 0, duty: 0.4 },
  whine: { f: 2500, level: 0 },
  clack: { rate: 1.6, level: 0, f: 140 },
  pass: { doppler: 0, width: [2, 3], floor: 1 },
  swell: 0.2,
  slap: { rate: 3, level: 0 },
  hiss: { count: [1, 1], level: 0 },
} as EngineParams);

const toolOf = family(tl, {
  motor: { f: 150, jitter: 0.03, lp: 3000, q: 1.5, level: 0, rev: 1.3, revSeconds: 1 },
  noise: { level: 0, center: 2500, q: 0.8 },
  rasp: { rate: 150, depth: 0 },
  strokes: { rate: 2, duty: 0.8, depth: 0 },
  impacts: { rate: 15, level: 0, t60Ms: 30, f: 300 },
  whine: { f: 1000, level: 0 },
  sparks: { rate: 300, level: 0 },
  pattern: {
    groups: [1, 2],
    groupGap: [0.3, 1],
    items: [1, 1],
    itemDur: [2, 4.5],
    itemGap: [0, 0],
    lead: [0, 0.3],
  },
} as ToolParams);

const alertOf = family(alr, {
  pattern: {
    groups: [1, 2],
    groupGap: [0.4, 1.2],
    items: [1, 1],
    itemDur: [1, 2.5],
    itemGap: [0.1, 0.3],
    lead: [0, 0.3],
  },
  tone: {
    f0: 500,
    partials: P.rolloffPartials(10, 0.7),
    chord: [1],
    sweep: { ratio: 1, cycle: [2, 4] },
    vibHz: 0,
    vibDepth: 0,
    level: 0,
  },
  bell: { f0: 1000, modes: BELL, strikeRate: 1, level: 0, pitches: [1] },
  noise: 0,
} as AlertParams);

const blastOf = family(bl, {
  pattern: {
    groups: [1, 2],
    groupGap: [0.5, 1.5],
    items: [1, 1],
    itemDur: [0.1, 0.3],
    itemGap: [0.1, 0.3],
    lead: [0, 0.5],
  },
  whistle: { f: [900, 1500], dur: [0.3, 0.7], level: 0 },
  boom: { level: 0.6, lp: 300, t60: [0.3, 0.8] },
  crack: { level: 1, t60: [0.03, 0.1], hp: 1000 },
  tail: { rate: 100, dur: [0.5, 1.2], level: 0, t60Ms: 3 },
  reverb: { level: 0.3, t60: 1.0 },
} as BlastParams);

const instrumentOf = family(ins, {
  kind: 'sustain',
  f0: [200, 800],
  partials: [1, 0.5, 0.3],
  t60: [1, 2],
  attack: 0.02,
  release: 0.08,
  vibHz: 0,
  vibDepth: 0,
  breath: 0,
  pattern: {
    groups: fill,
    groupGap: [0.1, 0.5],
    items: [2, 6],
    itemDur: [0.2, 0.7],
    itemGap: [0, 0],
    lead: [0, 0.3],
  },
  chord: [1, 1],
  strum: 0,
  bright: 8,
} as InstrParams);

const CLASS_SPECS: Record<string, AnySpec> = {
  // mammal_calls
  dog: mammalOf({
    f0: 470,
    contour: [1.15, 1.05, 0.75],
    partials: 14,
    rolloff: 0.8,
    vowel: 'a',
    shift: 1.05,
    noise: 0.5,
    pattern: {
      groups: [2, 3],
      groupGap: [0.6, 1.4],
      items: [1, 3],
      itemDur: [0.1, 0.22],
      itemGap: [0.12, 0.3],
    },
    attack: 0.05,
    release: 0.45,
  }),
  cat: mammalOf({
    f0: 600,
    contour: [0.85, 1.15, 1.1, 0.8],
    partials: 10,
    rolloff: 1.0,
    vowel: 'e',
    shift: 1.2,
    noise: 0.15,
    vibHz: 6,
    vibDepth: 0.02,
    pattern: { groups: [2, 3], groupGap: [0.4, 1.2], itemDur: [0.5, 1.0] },
    attack: 0.15,
    release: 0.35,
  }),
  pig: mammalOf({
    f0: 150,
    contour: [1.0, 1.15, 0.9],
    partials: 28,
    rolloff: 0.55,
    vowel: 'o',
    shift: 0.95,
    noise: 0.6,
    tremHz: 28,
    tremDepth: 0.7,
    pattern: {
      groups: [3, 5],
      groupGap: [0.3, 0.9],
      items: [1, 3],
      itemDur: [0.12, 0.3],
      itemGap: [0.08, 0.2],
    },
    attack: 0.1,
    release: 0.4,
  }),
  cow: mammalOf({
    f0: 125,
    contour: [0.9, 1.1, 1.15, 1.0, 0.8],
    partials: 24,
    rolloff: 0.9,
    vowel: 'u',
    shift: 0.85,
    noise: 0.25,
    pattern: { groups: [1, 2], groupGap: [0.6, 1.5], itemDur: [1.2, 2.2] },
    attack: 0.2,
    release: 0.35,
  }),
  sheep: mammalOf({
    f0: 320,
    contour: [1.0, 1.06, 0.95],
    partials: 16,
    rolloff: 0.8,
    vowel: 'a',
    shift: 1.1,
    noise: 0.3,
    tremHz: 12,
    tremDepth: 0.65,
    pattern: { groups: [2, 3], groupGap: [0.4, 1.2], itemDur: [0.6, 1.1] },
    attack: 0.1,
    release: 0.35,
  }),
  goat: mammalOf({
    f0: 430,
    contour: [1.05, 1.1, 0.95],
    partials: 14,
    rolloff: 0.8,
    vowel: 'e',
    shift: 1.15,
    noise: 0.35,
    tremHz: 17,
    tremDepth: 0.75,
    pattern: { groups: [2, 3], groupGap: [0.4, 1.2], itemDur: [0.5, 0.9] },
    attack: 0.1,
    release: 0.35,
  }),
  horse: mammalOf({
    f0: 720,
    contour: [1.3, 1.15, 1.0, 0.85, 0.7],
    partials: 8,
    rolloff: 1.0,
    vowel: 'i',
    shift: 1.0,
    noise: 0.35,
    vibHz: 10,
    vibDepth: 0.06,
    pattern: { groups: [1, 2], groupGap: [0.8, 1.6], itemDur: [1.0, 1.6] },
    attack: 0.08,
    release: 0.4,
  }),
  wolf: mammalOf({
    f0: 430,
    contour: [0.8, 1.05, 1.1, 1.05, 0.85],
    partials: 6,
    rolloff: 1.3,
    vowel: 'u',
    shift: 1.0,
    noise: 0.1,
    vibHz: 5,
    vibDepth: 0.012,
    pattern: { groups: [1, 2], groupGap: [0.5, 1.5], itemDur: [1.6, 3.0] },
    attack: 0.25,
    release: 0.3,
  }),
  lion: mammalOf({
    f0: 170,
    contour: [0.9, 1.1, 1.0, 0.7],
    partials: 22,
    rolloff: 0.6,
    vowel: 'a',
    shift: 0.8,
    noise: 0.65,
    tremHz: 24,
    tremDepth: 0.5,
    pattern: { groups: [1, 3], groupGap: [0.4, 1.2], itemDur: [0.8, 1.8] },
    attack: 0.1,
    release: 0.5,
  }),
  donkey: mammalOf({
    f0: 380,
    contour: [1.35, 0.75, 1.35, 0.75, 1.35, 0.75],
    partials: 18,
    rolloff: 0.7,
    vowel: 'a',
    shift: 1.0,
    noise: 0.45,
    pattern: { groups: [1, 2], groupGap: [0.6, 1.4], itemDur: [1.5, 2.5] },
    attack: 0.05,
    release: 0.2,
  }),

  // bird_calls
  rooster: birdOf({
    f0: 560,
    sweep: [0.9, 1.2, 1.05],
    partials: P.rolloffPartials(8, 0.9),
    noise: 0.35,
    emph: 2,
    rough: 0.3,
    roughHz: 45,
    noteSpread: 0.06,
    lastLong: 3,
    pattern: {
      groups: [1, 2],
      groupGap: [0.8, 2],
      items: [3, 4],
      itemDur: [0.14, 0.24],
      itemGap: [0.02, 0.06],
    },
  }),
  hen: birdOf({
    f0: 380,
    sweep: [1.1, 0.9],
    partials: P.rolloffPartials(8, 0.8),
    noise: 0.35,
    emph: 2,
    noteSpread: 0.1,
    pattern: {
      groups: [2, 4],
      groupGap: [0.3, 1.0],
      items: [3, 7],
      itemDur: [0.06, 0.12],
      itemGap: [0.08, 0.25],
    },
  }),
  crow: birdOf({
    f0: 480,
    sweep: [1.0, 1.1, 0.8],
    partials: P.rolloffPartials(10, 0.6),
    noise: 0.8,
    emph: 2.5,
    rough: 0.6,
    roughHz: 60,
    noteSpread: 0.05,
    pattern: {
      groups: [1, 2],
      groupGap: [0.6, 1.5],
      items: [2, 4],
      itemDur: [0.25, 0.4],
      itemGap: [0.15, 0.35],
    },
  }),
  chirping_birds: birdOf({
    f0: 3000,
    sweep: [0.75, 1.3],
    partials: [1, 0.15],
    noise: 0.03,
    emph: 1,
    noteSpread: 0.2,
    voices: [2, 3],
    pattern: {
      groups: fill,
      groupGap: [0.3, 1.2],
      items: [3, 8],
      itemDur: [0.03, 0.09],
      itemGap: [0.03, 0.12],
    },
  }),
  owl: birdOf({
    f0: 360,
    sweep: [0.95, 1.0, 0.9],
    partials: [1, 0.3, 0.1],
    noise: 0.05,
    emph: 1,
    noteSpread: 0.04,
    pattern: {
      groups: [1, 2],
      groupGap: [0.8, 2],
      items: [2, 5],
      itemDur: [0.25, 0.5],
      itemGap: [0.15, 0.5],
    },
  }),
  pigeon: birdOf({
    f0: 300,
    sweep: [0.9, 1.1, 0.85],
    partials: [1, 0.5, 0.3],
    noise: 0.1,
    emph: 1,
    rough: 0.5,
    roughHz: 25,
    noteSpread: 0.05,
    pattern: {
      groups: [2, 3],
      groupGap: [0.5, 1.2],
      items: [2, 3],
      itemDur: [0.3, 0.7],
      itemGap: [0.1, 0.3],
    },
  }),
  seagull: birdOf({
    f0: 900,
    sweep: [1.2, 0.8],
    partials: P.rolloffPartials(6, 0.8),
    noise: 0.3,
    emph: 2,
    rough: 0.3,
    roughHz: 35,
    noteSpread: 0.08,
    pattern: {
      groups: [1, 3],
      groupGap: [0.5, 1.5],
      items: [3, 7],
      itemDur: [0.15, 0.4],
      itemGap: [0.05, 0.2],
    },
  }),
  duck: birdOf({
    f0: 290,
    sweep: [1.0, 0.95],
    partials: P.rolloffPartials(16, 0.4),
    noise: 0.45,
    emph: 4,
    noteSpread: 0.05,
    pattern: {
      groups: [2, 3],
      groupGap: [0.5, 1.2],
      items: [3, 6],
      itemDur: [0.12, 0.2],
      itemGap: [0.06, 0.15],
    },
  }),
  parrot: birdOf({
    f0: 1100,
    sweep: [0.8, 1.3, 0.9],
    partials: P.rolloffPartials(6, 0.6),
    noise: 0.55,
    emph: 1.5,
    rough: 0.4,
    roughHz: 50,
    noteSpread: 0.15,
    pattern: {
      groups: [2, 3],
      groupGap: [0.4, 1.2],
      items: [2, 5],
      itemDur: [0.2, 0.5],
      itemGap: [0.05, 0.2],
    },
  }),

  // insects_frogs
  frog: insectOf({
    carrier: 620,
    partials: [1, 0.6, 0.4, 0.25],
    tone: 1,
    noise: 0.2,
    noiseQ: 2,
    pulseHz: 55,
    duty: 0.45,
    pulseDepth: 0.95,
    drift: 0.05,
    swell: 0.2,
    pattern: { groups: fill, groupGap: [0.25, 0.9], itemDur: [0.15, 0.4] },
  }),
  insects: insectOf({
    carrier: 420,
    partials: P.rolloffPartials(12, 0.9),
    tone: 1,
    noise: 0.15,
    noiseQ: 1,
    pulseHz: 0,
    pulseDepth: 0,
    drift: 0.12,
    swell: 0.7,
    pattern: { groups: [1, 2], groupGap: [0.2, 1], itemDur: [1.5, 4.5] },
  }),
  crickets: insectOf({
    carrier: 4400,
    partials: [1, 0.08],
    tone: 1,
    noise: 0.05,
    noiseQ: 8,
    pulseHz: 32,
    duty: 0.55,
    pulseDepth: 0.95,
    drift: 0.01,
    swell: 0.2,
    voices: [1, 3],
    pattern: { groups: fill, groupGap: [0.15, 0.4], itemDur: [0.1, 0.22] },
  }),
  cicada: insectOf({
    carrier: 5200,
    partials: [1],
    tone: 0.2,
    noise: 1,
    noiseQ: 2.5,
    pulseHz: 110,
    duty: 0.5,
    pulseDepth: 0.7,
    drift: 0.02,
    swell: 0.5,
    pattern: { groups: [1, 2], groupGap: [0.3, 1], itemDur: [2, 4.5] },
  }),
  bee: insectOf({
    carrier: 235,
    partials: P.rolloffPartials(16, 0.8),
    tone: 1,
    noise: 0.2,
    noiseQ: 1,
    pulseHz: 0,
    pulseDepth: 0,
    drift: 0.05,
    swell: 0.5,
    voices: [1, 3],
    pattern: { groups: [1, 2], groupGap: [0.2, 1], itemDur: [2, 4.5] },
  }),
  toad: insectOf({
    carrier: 1500,
    partials: [1, 0.3],
    tone: 1,
    noise: 0.1,
    noiseQ: 3,
    pulseHz: 24,
    duty: 0.4,
    pulseDepth: 0.95,
    drift: 0.02,
    swell: 0.2,
    pattern: { groups: [1, 2], groupGap: [0.4, 1.5], itemDur: [1.5, 3.5] },
  }),

  // water
  rain: waterOf({
    bed: 0.6,
    color: 'pink',
    hp: 1500,
    lp: 7500,
    bubbles: 30,
    bubbleF: [1500, 4000],
    bubbleDur: [0.01, 0.03],
    bubbleRise: 1.5,
    bubbleAmp: 0.5,
    clicks: 300,
    clickMs: 4,
    clickAmp: 1,
    shape: 'steady',
    swell: 0.35,
  }),
  sea_waves: waterOf({
    bed: 1,
    color: 'brown',
    hp: 60,
    lp: 1100,
    clicks: 40,
    clickMs: 3,
    clickAmp: 0.25,
    shape: 'waves',
    swell: 0.2,
  }),
  water_drops: waterOf({
    bed: 0.08,
    color: 'pink',
    hp: 300,
    lp: 3000,
    bubbles: 4,
    bubbleF: [700, 2500],
    bubbleDur: [0.03, 0.09],
    bubbleRise: 1.8,
    bubbleAmp: 1,
    shape: 'steady',
    swell: 0.2,
  }),
  pouring_water: waterOf({
    bed: 0.8,
    color: 'pink',
    hp: 300,
    lp: 4500,
    bubbles: 70,
    bubbleF: [400, 1400],
    bubbleDur: [0.01, 0.03],
    bubbleRise: 1.4,
    bubbleAmp: 0.6,
    shape: 'pour',
    swell: 0.15,
  }),
  toilet_flush: waterOf({
    bed: 1,
    color: 'pink',
    hp: 150,
    lp: 3500,
    bubbles: 40,
    bubbleF: [250, 900],
    bubbleDur: [0.02, 0.05],
    bubbleRise: 1.6,
    bubbleAmp: 0.5,
    shape: 'flush',
    swell: 0.2,
  }),
  stream: waterOf({
    bed: 0.7,
    color: 'pink',
    hp: 200,
    lp: 3000,
    bubbles: 35,
    bubbleF: [500, 2000],
    bubbleDur: [0.015, 0.04],
    bubbleRise: 1.5,
    bubbleAmp: 0.6,
    shape: 'steady',
    swell: 0.3,
  }),
  waterfall: waterOf({
    bed: 1,
    color: 'pink',
    hp: 100,
    lp: 5500,
    clicks: 60,
    clickMs: 3,
    clickAmp: 0.2,
    shape: 'steady',
    swell: 0.1,
  }),
  fountain: waterOf({
    bed: 0.7,
    color: 'white',
    hp: 700,
    lp: 6000,
    bubbles: 20,
    bubbleF: [800, 2500],
    bubbleDur: [0.01, 0.03],
    bubbleRise: 1.5,
    bubbleAmp: 0.4,
    clicks: 90,
    clickMs: 2,
    clickAmp: 0.4,
    shape: 'steady',
    swell: 0.2,
  }),
  splash: waterOf({
    bed: 1,
    color: 'white',
    hp: 200,
    lp: 6000,
    bubbles: 15,
    bubbleF: [500, 2000],
    bubbleDur: [0.02, 0.06],
    bubbleRise: 1.6,
    bubbleAmp: 0.5,
    clicks: 40,
    clickMs: 3,
    clickAmp: 0.3,
    shape: 'splash',
    swell: 0.1,
  }),
  shower: waterOf({
    bed: 1,
    color: 'white',
    hp: 1800,
    lp: 7500,
    clicks: 300,
    clickMs: 1.5,
    clickAmp: 0.5,
    shape: 'steady',
    swell: 0.15,
  }),
  boiling_water: waterOf({
    bed: 0.25,
    color: 'pink',
    hp: 80,
    lp: 1500,
    bubbles: 90,
    bubbleF: [200, 700],
    bubbleDur: [0.01, 0.03],
    bubbleRise: 1.3,
    bubbleAmp: 1,
    clicks: 30,
    clickMs: 3,
    clickAmp: 0.2,
    shape: 'boil',
    swell: 0.2,
  }),

  // weather_fire
  wind: weatherOf({ wind: { level: 1 }, hiss: { level: 0.1 }, roar: { level: 0.15 } }),
  thunderstorm: weatherOf({
    hiss: { level: 0.7, hp: 1200 },
    crackle: { rate: 160, t60Ms: 2, level: 0.4, rangeDb: 18, center: 3500 },
    rumble: { level: 1.2 },
    swell: 0.2,
  }),
  crackling_fire: weatherOf({
    crackle: { rate: 30, t60Ms: 6, level: 1, rangeDb: 26, center: 2500, q: 0.5 },
    roar: { level: 0.5 },
    hiss: { level: 0.15 },
    swell: 0.4,
    swellSeconds: 0.8,
  }),
  thunder: weatherOf({
    rumble: { level: 1, lp: 160, crack: 0.5 },
    hiss: { level: 0.06, hp: 1200, lp: 6000 },
    swell: 0.2,
  }),
  hail: weatherOf({
    crackle: { rate: 90, t60Ms: 5, level: 1, rangeDb: 16, center: 3000, q: 1.2 },
    hiss: { level: 0.3 },
  }),
  rustling_leaves: weatherOf({
    hiss: { level: 0.6, hp: 2000, lp: 7500 },
    crackle: { rate: 140, t60Ms: 1.5, level: 0.7, center: 4000, q: 0.7, gust: 0.35 },
    swell: 0.85,
    swellSeconds: 0.35,
  }),
  drizzle: weatherOf({
    hiss: { level: 0.5, hp: 1800 },
    crackle: { rate: 70, t60Ms: 2, level: 0.6, rangeDb: 18, center: 3500 },
    swell: 0.25,
  }),

  // body_sounds
  breathing: bodyOf({
    cycles: fill,
    cycleGap: [0.3, 1.0],
    cycle: [
      burst({ dur: [0.9, 1.5], center: 1600, q: 0.8, level: 0.7, attack: 0.4, release: 0.45 }),
      burst({ dur: [1.1, 1.8], center: 900, q: 0.7, level: 1, attack: 0.2, release: 0.6 }),
    ],
  }),
  snoring: bodyOf({
    cycles: fill,
    cycleGap: [0.4, 1.0],
    cycle: [
      burst({
        dur: [1.0, 1.5],
        center: 500,
        q: 1.0,
        level: 1,
        voice: 1.2,
        f0: 45,
        flutterHz: 32,
        flutter: 0.85,
        attack: 0.3,
        release: 0.3,
      }),
      burst({ dur: [1.0, 1.5], center: 800, q: 0.7, level: 0.45, attack: 0.2, release: 0.6 }),
    ],
  }),
  coughing: bodyOf({
    cycles: [2, 3],
    cycleGap: [0.8, 1.8],
    cycle: [
      burst({
        dur: [0.15, 0.3],
        center: 1200,
        q: 0.7,
        level: 1,
        voice: 0.5,
        f0: 260,
        contour: [1.1, 0.8],
        attack: 0.04,
        release: 0.6,
        repeat: [2, 4],
        gap: [0.08, 0.22],
      }),
    ],
  }),
  sneezing: bodyOf({
    cycles: [1, 2],
    cycleGap: [1.0, 2.0],
    cycle: [
      burst({
        dur: [0.4, 0.8],
        center: 1800,
        q: 1.2,
        level: 0.4,
        voice: 0.4,
        f0: 300,
        contour: [0.9, 1.2],
        attack: 0.8,
        release: 0.1,
        after: [0, 0.08],
      }),
      burst({
        dur: [0.25, 0.45],
        center: 3200,
        q: 0.6,
        level: 1.6,
        voice: 0.3,
        f0: 380,
        contour: [1.1, 0.8],
        attack: 0.02,
        release: 0.7,
      }),
    ],
  }),
  drinking_sipping: bodyOf({
    cycles: fill,
    cycleGap: [0.4, 1.2],
    cycle: [
      burst({
        dur: [0.2, 0.5],
        center: 2600,
        q: 3,
        level: 0.8,
        attack: 0.3,
        release: 0.3,
        flutterHz: 18,
        flutter: 0.6,
      }),
      burst({
        dur: [0.08, 0.15],
        center: 350,
        q: 2,
        level: 1,
        voice: 1,
        f0: 160,
        contour: [0.8, 1.2],
        attack: 0.1,
        release: 0.5,
        repeat: [1, 2],
        gap: [0.1, 0.3],
      }),
    ],
  }),
  brushing_teeth: bodyOf({
    cycles: fill,
    cycleGap: [0.0, 0.6],
    cycle: [
      burst({
        dur: [0.12, 0.2],
        center: 4200,
        q: 1.0,
        level: 1,
        attack: 0.3,
        release: 0.3,
        repeat: [6, 14],
        gap: [0.01, 0.05],
        crunch: 60,
      }),
    ],
  }),
  chewing: bodyOf({
    cycles: fill,
    cycleGap: [0.2, 1.0],
    cycle: [
      burst({
        dur: [0.1, 0.2],
        center: 1500,
        q: 0.8,
        level: 1,
        attack: 0.1,
        release: 0.5,
        repeat: [3, 7],
        gap: [0.15, 0.35],
        crunch: 120,
      }),
    ],
  }),
  gargling: bodyOf({
    cycles: [1, 2],
    cycleGap: [0.5, 1.2],
    cycle: [
      burst({
        dur: [1.5, 3],
        center: 600,
        q: 1.5,
        level: 1,
        voice: 0.8,
        f0: 150,
        flutterHz: 24,
        flutter: 0.9,
        attack: 0.1,
        release: 0.2,
      }),
    ],
  }),
  hiccup: bodyOf({
    cycles: fill,
    cycleGap: [1.0, 2.4],
    cycle: [
      burst({
        dur: [0.08, 0.15],
        center: 1200,
        q: 1,
        level: 1,
        voice: 1,
        f0: 350,
        contour: [1.2, 0.9],
        attack: 0.05,
        release: 0.5,
      }),
    ],
  }),
  yawning: bodyOf({
    cycles: [1, 1],
    cycleGap: [0.5, 1.0],
    cycle: [
      burst({
        dur: [2.0, 3.2],
        center: 800,
        q: 1,
        level: 1,
        voice: 1,
        f0: 260,
        contour: [1.2, 1.1, 0.85, 0.7],
        attack: 0.3,
        release: 0.5,
      }),
    ],
  }),
  sniffing: bodyOf({
    cycles: [2, 3],
    cycleGap: [0.8, 1.8],
    cycle: [
      burst({
        dur: [0.1, 0.25],
        center: 3000,
        q: 1,
        level: 1,
        attack: 0.3,
        release: 0.3,
        repeat: [2, 4],
        gap: [0.05, 0.15],
      }),
    ],
  }),

  // voices
  crying_baby: voiceOf({
    f0: 440,
    spread: 0.08,
    contour: [0.9, 1.1, 1.05, 0.8],
    declination: 0.05,
    pattern: { groups: fill, groupGap: [0.15, 0.4], items: [1, 2], itemDur: [0.5, 1.2], itemGap: [0.1, 0.3] },
    vowels: ['a', 'e'],
    shift: 1.3,
    breath: 0.3,
    partials: 16,
    rolloff: 0.7,
    vibHz: 6,
    vibDepth: 0.03,
    attack: 0.1,
    release: 0.3,
  }),
  laughing: voiceOf({
    f0: 240,
    spread: 0.06,
    contour: [1.1, 0.9],
    declination: 0.2,
    pattern: {
      groups: [2, 3],
      groupGap: [0.4, 1.2],
      items: [4, 10],
      itemDur: [0.08, 0.14],
      itemGap: [0.06, 0.12],
    },
    vowels: ['a'],
    shift: 1.05,
    breath: 0.6,
    partials: 20,
    rolloff: 0.8,
    attack: 0.15,
    release: 0.4,
  }),
  speech_male: voiceOf({
    f0: 115,
    spread: 0.12,
    contour: [1.05, 0.95],
    declination: 0.15,
    pattern: {
      groups: fill,
      groupGap: [0.2, 0.6],
      items: [5, 14],
      itemDur: [0.12, 0.3],
      itemGap: [0.02, 0.08],
    },
    shift: 1.0,
    breath: 0.1,
    partials: 30,
    rolloff: 1.0,
  }),
  speech_female: voiceOf({
    f0: 210,
    spread: 0.12,
    contour: [1.05, 0.95],
    declination: 0.15,
    pattern: {
      groups: fill,
      groupGap: [0.2, 0.6],
      items: [5, 14],
      itemDur: [0.12, 0.3],
      itemGap: [0.02, 0.08],
    },
    shift: 1.15,
    breath: 0.12,
    partials: 24,
    rolloff: 1.0,
  }),
  child_speech: voiceOf({
    f0: 300,
    spread: 0.14,
    contour: [1.05, 0.95],
    declination: 0.12,
    pattern: {
      groups: fill,
      groupGap: [0.2, 0.7],
      items: [4, 10],
      itemDur: [0.12, 0.3],
      itemGap: [0.02, 0.1],
    },
    shift: 1.3,
    breath: 0.15,
    partials: 18,
    rolloff: 1.0,
  }),
  whispering: voiceOf({
    f0: 150,
    spread: 0.1,
    declination: 0,
    pattern: {
      groups: fill,
      groupGap: [0.2, 0.6],
      items: [5, 14],
      itemDur: [0.12, 0.3],
      itemGap: [0.02, 0.08],
    },
    shift: 1.1,
    breath: 1,
    voiced: 0,
    attack: 0.2,
  }),
  shouting: voiceOf({
    f0: 260,
    spread: 0.1,
    contour: [1.0, 1.1, 0.9],
    pattern: {
      groups: [2, 4],
      groupGap: [0.4, 1.2],
      items: [1, 3],
      itemDur: [0.3, 0.7],
      itemGap: [0.05, 0.15],
    },
    vowels: ['a', 'o'],
    shift: 1.05,
    breath: 0.25,
    partials: 30,
    rolloff: 0.5,
    attack: 0.08,
  }),
  singing: voiceOf({
    f0: 260,
    spread: 0,
    declination: 0,
    melodic: true,
    pattern: { groups: fill, groupGap: [0.2, 0.6], items: [3, 6], itemDur: [0.4, 1.0], itemGap: [0.02, 0.1] },
    vowels: ['a', 'o', 'u'],
    breath: 0.05,
    partials: 20,
    rolloff: 0.9,
    vibHz: 5.5,
    vibDepth: 0.025,
    release: 0.2,
  }),
  humming: voiceOf({
    f0: 180,
    spread: 0,
    declination: 0,
    melodic: true,
    pattern: { groups: fill, groupGap: [0.2, 0.6], items: [3, 6], itemDur: [0.4, 1.0], itemGap: [0.02, 0.1] },
    vowels: ['m'],
    shift: 1.0,
    breath: 0.02,
    partials: 10,
    rolloff: 1.6,
    vibHz: 5,
    vibDepth: 0.01,
    attack: 0.2,
    release: 0.2,
  }),
  whistling: voiceOf({
    f0: 1500,
    spread: 0,
    declination: 0,
    melodic: true,
    pure: true,
    pattern: {
      groups: fill,
      groupGap: [0.2, 0.6],
      items: [3, 7],
      itemDur: [0.15, 0.5],
      itemGap: [0.02, 0.08],
    },
    vowels: ['u'],
    breath: 0.08,
    partials: 1,
    vibHz: 6,
    vibDepth: 0.01,
    attack: 0.1,
    release: 0.2,
  }),

  // crowds_hands
  clapping: crowdOf({
    sources: [1, 2],
    rate: 4,
    jitter: 0.08,
    center: 1400,
    q: 0.9,
    t60Ms: 30,
    bright: 0.3,
    swell: 0.2,
    pattern: { groups: [1, 2], groupGap: [0.5, 1.5], itemDur: [1.8, 4] },
  }),
  footsteps: crowdOf({
    rate: 1.9,
    jitter: 0.1,
    center: 450,
    q: 0.8,
    t60Ms: 70,
    heel: { delayMs: 45, ratio: 0.6 },
    bright: 0.15,
    swell: 0.3,
    pattern: { groups: [1, 2], groupGap: [0.4, 1.2], itemDur: [2.5, 4.8] },
  }),
  applause: crowdOf({
    sources: [15, 35],
    rate: 3.5,
    jitter: 0.15,
    center: 1400,
    q: 0.9,
    t60Ms: 30,
    bright: 0.3,
    babble: 0.15,
    swell: 0.4,
    pattern: { itemDur: [3.5, 5] },
  }),
  crowd_cheering: crowdOf({
    sources: [8, 20],
    rate: 3.5,
    jitter: 0.15,
    center: 1400,
    q: 0.9,
    t60Ms: 30,
    bright: 0.2,
    bursts: 0.5,
    babble: 0.5,
    cheer: 1,
    swell: 0.4,
    pattern: { itemDur: [3.5, 5] },
  }),
  crowd_murmur: crowdOf({
    rate: 1,
    jitter: 0.5,
    center: 1000,
    q: 1,
    t60Ms: 20,
    bright: 0,
    bursts: 0,
    babble: 1,
    swell: 0.3,
    pattern: { itemDur: [5, 5] },
  }),
  finger_snapping: crowdOf({
    rate: 2,
    jitter: 0.1,
    center: 2600,
    q: 1.5,
    t60Ms: 18,
    bright: 0.5,
    swell: 0.2,
    pattern: { groups: [1, 2], groupGap: [0.5, 1.5], itemDur: [1.5, 4] },
  }),
  marching: crowdOf({
    sources: [4, 10],
    rate: 2.0,
    jitter: 0.03,
    sync: true,
    center: 400,
    q: 0.8,
    t60Ms: 80,
    heel: { delayMs: 40, ratio: 0.5 },
    bright: 0.1,
    swell: 0.2,
    pattern: { itemDur: [4, 5] },
  }),

  // clicks_knocks
  door_wood_knock: clickOf({
    pattern: { groups: [1, 3], groupGap: [0.8, 2.0], items: [2, 4], itemGap: [0.13, 0.2] },
    f0: 210,
    modes: WOOD,
    modeLevel: 1.5,
    click: 0.6,
    clickT60Ms: 12,
    center: 900,
    q: 0.8,
    spreadDb: 3,
    pitchSpread: 0.05,
  }),
  mouse_click: clickOf({
    pattern: {
      groups: [3, 7],
      groupGap: [0.3, 1.2],
      items: [1, 2],
      itemDur: [0.08, 0.12],
      itemGap: [0.05, 0.12],
    },
    f0: 2600,
    modes: PLASTIC,
    modeLevel: 0.7,
    click: 1,
    clickT60Ms: 4,
    center: 4000,
    q: 1,
    spreadDb: 4,
    pitchSpread: 0.04,
    release: { delayMs: 80, ratio: 0.6, pitch: 1.15 },
  }),
  keyboard_typing: clickOf({
    pattern: {
      groups: fill,
      groupGap: [0.2, 0.9],
      items: [3, 12],
      itemDur: [0.03, 0.06],
      itemGap: [0.04, 0.15],
    },
    f0: 1300,
    modes: PLASTIC,
    modeLevel: 0.7,
    click: 1,
    clickT60Ms: 8,
    center: 2500,
    q: 0.8,
    spreadDb: 8,
    pitchSpread: 0.15,
    release: { delayMs: 60, ratio: 0.3, pitch: 1.1 },
  }),
  clock_tick: clickOf({
    pattern: { groups: fill, groupGap: [0.47, 0.53], items: [1, 1], itemGap: [0, 0], lead: [0, 0.5] },
    f0: 3100,
    modes: METAL_SMALL,
    modeLevel: 1,
    click: 0.6,
    clickT60Ms: 4,
    center: 5000,
    q: 1,
    spreadDb: 1,
    alt: 1.15,
    pitchSpread: 0.01,
  }),
  typewriter: clickOf({
    pattern: {
      groups: fill,
      groupGap: [0.2, 0.9],
      items: [3, 10],
      itemDur: [0.05, 0.08],
      itemGap: [0.06, 0.18],
    },
    f0: 900,
    modes: METAL_SMALL,
    modeLevel: 1,
    click: 1,
    clickT60Ms: 15,
    center: 1800,
    q: 0.7,
    spreadDb: 5,
    pitchSpread: 0.1,
    thump: { f: 150, t60: 0.06, level: 1 },
  }),
  hammering: clickOf({
    pattern: { groups: [1, 3], groupGap: [0.6, 1.5], items: [3, 8], itemGap: [0.3, 0.55] },
    f0: 950,
    modes: [
      { ratio: 1, amp: 1, t60: 0.18 },
      { ratio: 2.76, amp: 0.6, t60: 0.12 },
      { ratio: 5.4, amp: 0.3, t60: 0.08 },
    ],
    modeLevel: 1.2,
    click: 1,
    clickT60Ms: 15,
    center: 1500,
    q: 0.7,
    spreadDb: 3,
    pitchSpread: 0.03,
    thump: { f: 110, t60: 0.08, level: 1.5 },
  }),
  tapping: clickOf({
    pattern: { groups: [2, 4], groupGap: [0.4, 1.2], items: [3, 10], itemGap: [0.12, 0.3] },
    f0: 650,
    modes: WOOD,
    modeLevel: 0.8,
    click: 0.8,
    clickT60Ms: 8,
    center: 1500,
    q: 0.8,
    spreadDb: 5,
    pitchSpread: 0.08,
  }),
  stapler: clickOf({
    pattern: { groups: [2, 4], groupGap: [0.6, 1.6], items: [1, 1], itemDur: [0.01, 0.01] },
    f0: 1600,
    modes: METAL_SMALL,
    modeLevel: 1,
    click: 1,
    clickT60Ms: 10,
    center: 2200,
    q: 0.8,
    spreadDb: 3,
    pitchSpread: 0.05,
    release: { delayMs: 120, ratio: 0.8, pitch: 0.7 },
    thump: { f: 200, t60: 0.05, level: 0.8 },
  }),
  light_switch: clickOf({
    pattern: { groups: [1, 3], groupGap: [0.8, 2.5], items: [1, 2], itemGap: [0.3, 1] },
    f0: 3600,
    modes: PLASTIC,
    modeLevel: 0.6,
    click: 1,
    clickT60Ms: 3,
    center: 4500,
    q: 1.2,
    spreadDb: 2,
    pitchSpread: 0.04,
  }),

  // household_machines
  washing_machine: machineOf({
    hum: { f0: 50, partials: [1, 0.6, 0.4, 0.2], level: 0.4, drift: 0.03 },
    noise: { level: 1, color: 'brown', hp: 40, lp: 700 },
    am: { rate: 0.8, depth: 0.75 },
    thumps: { rate: 0.8, f: 70, level: 0.6 },
    pattern: { itemDur: [4.5, 5], lead: [0, 0.1] },
  }),
  vacuum_cleaner: machineOf({
    noise: { level: 1, color: 'white', hp: 400, lp: 6500, peak: { f: 2200, q: 1.2, db: 6 } },
    whine: { f: 1400, level: 0.35, drift: 0.04 },
    hum: { f0: 180, partials: [1, 0.5, 0.3], level: 0.2 },
    pattern: { itemDur: [4, 5] },
    ramp: 0.5,
    swell: 0.3,
  }),
  hair_dryer: machineOf({
    noise: { level: 1, color: 'pink', hp: 250, lp: 5000, peak: { f: 1200, q: 1, db: 4 } },
    whine: { f: 420, level: 0.3, drift: 0.02 },
    am: { rate: 200, depth: 0.15 },
    pattern: { itemDur: [3.5, 5] },
    ramp: 0.2,
    swell: 0.15,
  }),
  blender: machineOf({
    hum: { f0: 240, partials: P.rolloffPartials(12, 0.7), level: 0.8, drift: 0.2 },
    noise: { level: 0.7, color: 'white', hp: 800, lp: 6000 },
    am: { rate: 8, depth: 0.5 },
    pattern: { groups: [1, 3], groupGap: [0.3, 1], itemDur: [1.2, 3.5] },
    ramp: 0.15,
    swell: 0.4,
  }),
  microwave_oven: machineOf({
    hum: { f0: 120, partials: [1, 0.6, 0.4, 0.2], level: 0.7, drift: 0.005 },
    noise: { level: 0.5, color: 'pink', hp: 100, lp: 1500 },
    am: { rate: 0.2, depth: 0.2 },
    beeps: { f: 2000, level: 1 },
    pattern: { itemDur: [2.5, 3.8] },
    ramp: 0.1,
    swell: 0.1,
  }),
  refrigerator_hum: machineOf({
    hum: { f0: 100, partials: [1, 0.3, 0.5, 0.1], level: 1, drift: 0.01 },
    noise: { level: 0.2, color: 'pink', hp: 60, lp: 800 },
    pattern: { itemDur: [5, 5], lead: [0, 0.1] },
    ramp: 0.4,
    swell: 0.1,
  }),
  dishwasher: machineOf({
    noise: { level: 1, color: 'white', hp: 400, lp: 3500, peak: { f: 1500, q: 1, db: 5 } },
    am: { rate: 1.5, depth: 0.6 },
    hum: { f0: 60, partials: [1, 0.5], level: 0.25, drift: 0.01 },
    pattern: { itemDur: [5, 5], lead: [0, 0.1] },
    swell: 0.3,
  }),
  electric_fan: machineOf({
    noise: { level: 1, color: 'pink', hp: 80, lp: 1300 },
    am: { rate: 18, depth: 0.3 },
    hum: { f0: 60, partials: [1, 0.3], level: 0.2, drift: 0.01 },
    pattern: { itemDur: [5, 5], lead: [0, 0.1] },
    ramp: 0.5,
    swell: 0.1,
  }),

  // domestic_events
  door_wood_creaks: domesticOf({
    pattern: { groups: [1, 3], groupGap: [0.3, 1.2], itemDur: [0.6, 1.6] },
    creak: { lo: 40, hi: 260, level: 1, jitter: 0.15 },
  }),
  can_opening: domesticOf({
    pattern: { groups: [1, 2], groupGap: [0.8, 2], itemDur: [0.5, 1.0] },
    burst: { t60: 0.03, center: 3000, q: 0.8, level: 1 },
    hiss: { center: 5000, q: 0.8, level: 0.4, decay: 0.6 },
    strikes: { f: [2200, 3200], modes: METAL_SMALL, count: [1, 2], spread: 0.1, level: 0.3 },
  }),
  glass_breaking: domesticOf({
    pattern: { groups: [1, 1], groupGap: [0, 0], itemDur: [1.2, 2] },
    burst: { t60: 0.25, center: 3500, q: 0.5, level: 1 },
    strikes: { f: [2200, 6500], modes: GLASS, count: [15, 35], spread: 1.2, level: 0.6 },
  }),
  clock_alarm: domesticOf({
    pattern: { groups: fill, groupGap: [0.35, 0.6], itemDur: [0.5, 0.6] },
    beep: { f: 2600, partials: [1, 0, 0.3, 0, 0.15], beepDur: 0.08, beepGap: 0.06, beeps: [4, 4], level: 1 },
  }),
  doorbell: domesticOf({
    pattern: { groups: [1, 2], groupGap: [1, 2], itemDur: [1.4, 1.8] },
    strikes: { f: [660, 660], modes: CHIME, count: [2, 2], spread: 1.2, level: 1, sequence: [1, 0.8] },
  }),
  telephone_ring: domesticOf({
    pattern: { groups: [1, 2], groupGap: [1.8, 3], itemDur: [1.0, 2.0] },
    beep: { f: 1100, partials: [1, 0.2, 0.1], beepDur: 2, beepGap: 0, beeps: [1, 1], level: 1, trill: 20 },
  }),
  dishes_clatter: domesticOf({
    pattern: { groups: [2, 4], groupGap: [0.3, 1], itemDur: [0.4, 1] },
    strikes: { f: [1200, 4000], modes: CERAMIC, count: [3, 8], spread: 0.8, level: 1 },
    burst: { t60: 0.04, center: 2500, q: 0.8, level: 0.3 },
  }),
  zipper: domesticOf({
    pattern: { groups: [1, 3], groupGap: [0.4, 1.2], itemDur: [0.3, 0.9] },
    rasp: { rate: [150, 350], center: 3200, q: 1.2, level: 1 },
  }),
  kettle_whistle: domesticOf({
    pattern: { groups: [1, 1], groupGap: [0, 0], itemDur: [3.5, 5] },
    tone: { f0: 1700, contour: [0.85, 1.0, 1.08], level: 1, breath: 0.6 },
  }),
  drawer_slide: domesticOf({
    pattern: { groups: [1, 3], groupGap: [0.5, 1.5], itemDur: [0.5, 1.2] },
    rasp: { rate: [60, 120], center: 500, q: 1, level: 1 },
    creak: {
      lo: 60,
      hi: 140,
      formants: [
        { freq: 300, bw: 150 },
        { freq: 900, bw: 300, gainDb: -6 },
      ],
      level: 0.5,
      jitter: 0.3,
    },
    burst: { t60: 0.08, center: 250, q: 1, level: 0.4 },
  }),

  // engines
  helicopter: engineOf({
    fire: { f: 95, jitter: 0.01, lp: 1200, q: 1, level: 0.3, rev: 1.05, revSeconds: 2 },
    noise: { level: 1, color: 'pink', lp: 1500, hp: 50 },
    rotor: { rate: 20, depth: 0.85, duty: 0.35 },
    whine: { f: 3000, level: 0.08 },
  }),
  engine: engineOf({
    fire: { f: 42, jitter: 0.04, lp: 900, q: 1.5, level: 1, rev: 2.0, revSeconds: 1.5 },
    noise: { level: 0.4, color: 'pink', lp: 1200, hp: 40 },
  }),
  airplane: engineOf({
    noise: { level: 1, color: 'pink', lp: 1300, hp: 60 },
    whine: { f: 2500, level: 0.12 },
    pass: { doppler: 0.06, width: [1.5, 3], floor: 0.3 },
    swell: 0.15,
  }),
  train: engineOf({
    fire: { f: 28, jitter: 0.05, lp: 300, q: 1, level: 0.3, rev: 1.1, revSeconds: 2 },
    noise: { level: 1, color: 'brown', lp: 900, hp: 40 },
    clack: { rate: 1.6, level: 0.8, f: 140 },
    pass: { doppler: 0.02, width: [2, 4], floor: 0.45 },
    swell: 0.15,
  }),
  motorcycle: engineOf({
    fire: { f: 80, jitter: 0.05, lp: 1800, q: 1.5, level: 1, rev: 2.4, revSeconds: 1 },
    noise: { level: 0.35, color: 'pink', lp: 2000, hp: 60 },
  }),
  truck: engineOf({
    fire: { f: 30, jitter: 0.05, lp: 600, q: 1.2, level: 1, rev: 1.4, revSeconds: 2 },
    noise: { level: 0.6, color: 'brown', lp: 500, hp: 30 },
    pass: { doppler: 0.03, width: [2, 4], floor: 0.4 },
  }),
  bus: engineOf({
    fire: { f: 36, jitter: 0.05, lp: 700, q: 1.2, level: 1, rev: 1.4, revSeconds: 2 },
    noise: { level: 0.6, color: 'brown', lp: 700, hp: 30 },
    hiss: { count: [1, 2], level: 0.8 },
  }),
  car_passing: engineOf({
    fire: { f: 45, jitter: 0.03, lp: 800, q: 1, level: 0.4, rev: 1.1, revSeconds: 2 },
    noise: { level: 1, color: 'pink', lp: 2200, hp: 60 },
    pass: { doppler: 0.08, width: [0.6, 1.2], floor: 0.08 },
    swell: 0.05,
  }),
  motorboat: engineOf({
    fire: { f: 60, jitter: 0.04, lp: 1400, q: 1.3, level: 1, rev: 1.3, revSeconds: 1.5 },
    noise: { level: 0.7, color: 'pink', lp: 2500, hp: 150 },
    slap: { rate: 3, level: 0.7 },
    swell: 0.25,
  }),
  lawn_mower: engineOf({
    fire: { f: 48, jitter: 0.08, lp: 3000, q: 1.8, level: 1, rev: 1.15, revSeconds: 1 },
    noise: { level: 0.4, color: 'white', lp: 6000, hp: 2000 },
  }),

  // tools
  chainsaw: toolOf({
    motor: { f: 135, jitter: 0.03, lp: 3200, q: 2, level: 1, rev: 1.7, revSeconds: 0.7 },
    noise: { level: 0.4, center: 2500, q: 0.8 },
  }),
  hand_saw: toolOf({
    noise: { level: 1, center: 3500, q: 1.2 },
    rasp: { rate: 220, depth: 0.8 },
    strokes: { rate: 1.8, duty: 0.8, depth: 0.95 },
    pattern: { itemDur: [2.5, 4.5] },
  }),
  drill: toolOf({
    motor: { f: 380, jitter: 0.01, lp: 4000, q: 1, level: 0.6, rev: 1.15, revSeconds: 1 },
    whine: { f: 380, level: 0.6 },
    noise: { level: 0.3, center: 3000, q: 1 },
    pattern: { groups: [2, 3], groupGap: [0.3, 1.0], itemDur: [0.6, 2] },
  }),
  jackhammer: toolOf({
    impacts: { rate: 18, level: 1, t60Ms: 30, f: 300 },
    noise: { level: 0.4, center: 1200, q: 0.7 },
    pattern: { groups: [1, 3], itemDur: [1, 3] },
  }),
  sanding: toolOf({
    noise: { level: 1, center: 2200, q: 0.7 },
    rasp: { rate: 60, depth: 0.2 },
    strokes: { rate: 2.8, duty: 0.9, depth: 0.95 },
    pattern: { itemDur: [2.5, 4.5] },
  }),
  grinder: toolOf({
    whine: { f: 3800, level: 0.6 },
    motor: { f: 260, jitter: 0.01, lp: 2500, q: 1, level: 0.4, rev: 1.1, revSeconds: 1 },
    sparks: { rate: 400, level: 0.6 },
    pattern: { itemDur: [1.5, 4] },
  }),

  // alerts_bells
  siren: alertOf({
    pattern: { groups: [1, 1], groupGap: [0, 0], itemDur: [4.5, 5], lead: [0, 0.2] },
    tone: { f0: 650, partials: [1, 0.5, 0.3, 0.2], sweep: { ratio: 2.1, cycle: [2.5, 4.5] }, level: 1 },
  }),
  car_horn: alertOf({
    pattern: {
      groups: [1, 3],
      groupGap: [0.3, 1.2],
      items: [1, 2],
      itemDur: [0.25, 1.0],
      itemGap: [0.1, 0.3],
    },
    tone: { f0: 400, partials: P.rolloffPartials(12, 0.7), chord: [1, 1.25], level: 1 },
    noise: 0.2,
  }),
  church_bells: alertOf({
    pattern: { groups: [1, 1], groupGap: [0, 0], itemDur: [4.5, 5], lead: [0, 0.3] },
    bell: { f0: 420, modes: BELL, strikeRate: 0.9, level: 1, pitches: [1, 0.84, 0.75] },
  }),
  bicycle_bell: alertOf({
    pattern: { groups: [1, 3], groupGap: [0.6, 1.6], itemDur: [0.3, 0.6] },
    bell: { f0: 2900, modes: SMALL_BELL, strikeRate: 14, level: 1 },
  }),
  train_horn: alertOf({
    pattern: { groups: [1, 2], groupGap: [0.4, 1], itemDur: [1.0, 2.8] },
    tone: { f0: 280, partials: P.rolloffPartials(14, 0.7), chord: [1, 1.26, 1.5], level: 1 },
    noise: 0.15,
  }),
  fire_alarm: alertOf({
    pattern: {
      groups: fill,
      groupGap: [1.2, 1.6],
      items: [3, 3],
      itemDur: [0.45, 0.55],
      itemGap: [0.45, 0.55],
    },
    tone: { f0: 3100, partials: [1, 0, 0.2], level: 1 },
  }),
  ship_horn: alertOf({
    pattern: { groups: [1, 2], groupGap: [0.4, 1], itemDur: [2, 4] },
    tone: { f0: 110, partials: P.rolloffPartials(24, 0.6), chord: [1, 1.005], level: 1 },
    noise: 0.1,
  }),

  // explosions
  fireworks: blastOf({
    pattern: { groups: [2, 4], groupGap: [0.3, 1.2], itemDur: [0.2, 0.6] },
    whistle: { level: 0.25 },
    boom: { level: 1, lp: 250, t60: [0.6, 1.2] },
    crack: { level: 0.6, t60: [0.05, 0.15], hp: 800 },
    tail: { rate: 120, dur: [0.6, 1.4], level: 0.5, t60Ms: 3 },
    reverb: { level: 0.3, t60: 1.2 },
  }),
  gunshot: blastOf({
    pattern: {
      groups: [1, 3],
      groupGap: [0.3, 1.5],
      items: [1, 3],
      itemDur: [0.05, 0.1],
      itemGap: [0.1, 0.4],
    },
    boom: { level: 0.6, lp: 400, t60: [0.2, 0.4] },
    crack: { level: 1, t60: [0.03, 0.07], hp: 1000 },
    reverb: { level: 0.35, t60: 0.9 },
  }),
  firecracker: blastOf({
    pattern: {
      groups: [1, 2],
      groupGap: [0.5, 1.5],
      items: [8, 25],
      itemDur: [0.01, 0.01],
      itemGap: [0.03, 0.15],
    },
    boom: { level: 0.4, lp: 500, t60: [0.08, 0.15] },
    crack: { level: 1, t60: [0.015, 0.03], hp: 1500 },
    reverb: { level: 0.25, t60: 0.5 },
  }),
  explosion: blastOf({
    pattern: { groups: [1, 1], groupGap: [0, 0], itemDur: [1, 1], lead: [0.1, 0.8] },
    boom: { level: 1, lp: 150, t60: [2, 3.5] },
    crack: { level: 0.5, t60: [0.2, 0.4], hp: 500 },
    tail: { rate: 60, dur: [1, 2], level: 0.3, t60Ms: 5 },
    reverb: { level: 0.4, t60: 2.5 },
  }),
  balloon_pop: blastOf({
    pattern: { groups: [1, 2], groupGap: [1, 2.5], itemDur: [0.05, 0.05] },
    boom: { level: 0.3, lp: 600, t60: [0.05, 0.1] },
    crack: { level: 1, t60: [0.02, 0.05], hp: 600 },
    reverb: { level: 0.15, t60: 0.4 },
  }),

  // music
  piano: instrumentOf({
    kind: 'pluck',
    f0: [130, 520],
    partials: [1, 0.5, 0.35, 0.2, 0.15, 0.1, 0.06, 0.04],
    t60: [1.2, 2.5],
    attack: 0.005,
    release: 0.1,
    pattern: { groups: fill, groupGap: [0.1, 0.5], items: [3, 8], itemDur: [0.2, 0.55] },
    chord: [1, 3],
    bright: 8,
  }),
  guitar: instrumentOf({
    kind: 'pluck',
    f0: [110, 440],
    partials: [1, 0.7, 0.45, 0.3, 0.2, 0.12, 0.08],
    t60: [0.8, 1.8],
    attack: 0.003,
    release: 0.1,
    pattern: { groups: fill, groupGap: [0.1, 0.6], items: [2, 6], itemDur: [0.25, 0.7] },
    chord: [1, 4],
    strum: 0.02,
    bright: 7,
  }),
  violin: instrumentOf({
    kind: 'sustain',
    f0: [220, 880],
    partials: P.rolloffPartials(14, 1.0),
    attack: 0.08,
    release: 0.08,
    vibHz: 5.5,
    vibDepth: 0.012,
    body: [
      { freq: 500, bw: 200 },
      { freq: 2000, bw: 600, gainDb: -4 },
      { freq: 3200, bw: 800, gainDb: -8 },
    ],
    pattern: { groups: fill, groupGap: [0.05, 0.4], items: [2, 6], itemDur: [0.3, 0.9] },
    bright: 14,
  }),
  flute: instrumentOf({
    kind: 'sustain',
    f0: [260, 1000],
    partials: [1, 0.3, 0.1, 0.05],
    attack: 0.06,
    release: 0.08,
    vibHz: 5,
    vibDepth: 0.006,
    breath: 0.15,
    pattern: { groups: fill, groupGap: [0.1, 0.5], items: [2, 6], itemDur: [0.2, 0.8] },
    bright: 4,
  }),
  drum_kit: { gen: drumKit, params: {} },
  trumpet: instrumentOf({
    kind: 'sustain',
    f0: [180, 700],
    partials: P.rolloffPartials(15, 0.5),
    attack: 0.04,
    release: 0.06,
    vibHz: 5,
    vibDepth: 0.008,
    pattern: { groups: fill, groupGap: [0.1, 0.5], items: [2, 6], itemDur: [0.2, 0.8] },
    bright: 15,
  }),
  organ: instrumentOf({
    kind: 'sustain',
    f0: [130, 520],
    partials: [1, 1, 0.5, 0.6, 0, 0.3, 0, 0.3],
    attack: 0.02,
    release: 0.05,
    pattern: { groups: fill, groupGap: [0.05, 0.3], items: [1, 3], itemDur: [0.6, 1.5] },
    chord: [2, 3],
    bright: 8,
  }),
  xylophone: instrumentOf({
    kind: 'mallet',
    f0: [500, 1600],
    partials: [1],
    t60: [0.5, 0.5],
    attack: 0,
    release: 0,
    modes: XYLO,
    pattern: { groups: fill, groupGap: [0.1, 0.5], items: [3, 8], itemDur: [0.1, 0.3] },
    bright: 1,
  }),
  harp: instrumentOf({
    kind: 'pluck',
    f0: [200, 800],
    partials: [1, 0.4, 0.2, 0.1],
    t60: [1.8, 3],
    attack: 0.003,
    release: 0.1,
    pattern: { groups: fill, groupGap: [0.2, 0.6], items: [4, 10], itemDur: [0.12, 0.25] },
    bright: 4,
  }),
  bass_guitar: instrumentOf({
    kind: 'pluck',
    f0: [41, 110],
    partials: [1, 0.6, 0.4, 0.3, 0.2, 0.1],
    t60: [1, 2],
    attack: 0.003,
    release: 0.1,
    pattern: { groups: fill, groupGap: [0.05, 0.4], items: [2, 6], itemDur: [0.2, 0.6] },
    bright: 6,
  }),
};

/**
 * Pulls every numeric parameter of a class toward its family's mean for that parameter (geometric mean for
 * positive values, arithmetic otherwise): value' = mean^(1-d)·value^d. Families stay as distinct as their
 * generators make them, while classes within a family become confusable: `d` (FAMILY_DISTINCTNESS) is the knob
 * between "family members identical" (0) and "as written in the table" (1). Only classes that share the
 * family's generator take part; a parameter present in one class only stays as written, and so do the timing
 * patterns (KEEP_AS_WRITTEN).
 */
function cohere(specs: Record<string, AnySpec>, distinctness: number): Record<string, AnySpec> {
  const out: Record<string, AnySpec> = {};
  for (const names of Object.values(FAMILIES) as readonly (readonly string[])[]) {
    const byGen = new Map<unknown, string[]>();
    for (const name of names) {
      const sp = specs[name];
      if (!sp) continue;
      byGen.set(sp.gen, [...(byGen.get(sp.gen) ?? []), name]);
    }
    for (const members of byGen.values()) {
      const values = new Map<string, number[]>();
      const collect = (v: unknown, path: string) => {
        if (typeof v === 'number') values.set(path, [...(values.get(path) ?? []), v]);
        else if (KEEP_AS_WRITTEN.some((k) => path.endsWith(`.${k}`))) return;
        else if (Array.isArray(v)) v.forEach((x, i) => collect(x, `${path}[${i}]`));
        else if (v && typeof v === 'object')
          for (const [k, x] of Object.entries(v)) collect(x, `${path}.${k}`);
      };
      for (const m of members) collect(specs[m].params, '');
      const pull = (v: unknown, path: string): unknown => {
        if (typeof v === 'number') {
          const vs = values.get(path) ?? [];
          if (vs.length < 2) return v;
          if (vs.every((x) => x > 0)) {
            const g = Math.exp(vs.reduce((a, x) => a + Math.log(x), 0) / vs.length);
            return Math.pow(g, 1 - distinctness) * Math.pow(v, distinctness);
          }
          const mean = vs.reduce((a, x) => a + x, 0) / vs.length;
          return (1 - distinctness) * mean + distinctness * v;
        }
        if (Array.isArray(v)) return v.map((x, i) => pull(x, `${path}[${i}]`));
        if (v && typeof v === 'object')
          return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, pull(x, `${path}.${k}`)]));
        return v;
      };
      for (const m of members) out[m] = { gen: specs[m].gen, params: pull(specs[m].params, '') };
    }
  }
  for (const name of Object.keys(specs)) if (!out[name]) out[name] = specs[name];
  return out;
}

/** Parameters that cohesion leaves as written: timing patterns, so a clock keeps ticking through its clip. */
const KEEP_AS_WRITTEN = ['pattern'];

/** How far class parameters stay from their family's mean (0 = family members identical, 1 = as in the table). */
export const FAMILY_DISTINCTNESS = 0.4;

const RECIPES: Record<string, AnySpec> = cohere(CLASS_SPECS, FAMILY_DISTINCTNESS);

/** Names of the classes that have a recipe (all of the ontology's). */
export const RECIPE_CLASSES: readonly string[] = Object.keys(RECIPES);

/**
 * Final touch of every event, in one pass: spectral tilt (high shelf at 1.5 kHz, tiltDb), DC block (one-pole
 * high-pass at 20 Hz), then peak normalization to EVENT_PEAK.
 */
function finish(out: Float32Array, sr: number, tiltDb: number): void {
  const sh = P.Biquad.highShelf(1500, tiltDb, sr);
  const { b0, b1, b2, a1, a2 } = sh;
  const R = Math.exp((-2 * Math.PI * 20) / sr);
  let z1 = 0;
  let z2 = 0;
  let x1 = 0;
  let y1 = 0;
  let peak = 0;
  for (let k0 = 0; k0 < out.length; k0 += 512) {
    const k1 = Math.min(out.length, k0 + 512);
    for (let i = k0; i < k1; i++) {
      const x = out[i];
      const y = b0 * x + z1;
      z1 = b1 * x - a1 * y + z2;
      z2 = b2 * x - a2 * y;
      const d = y - x1 + R * y1;
      x1 = y;
      y1 = d;
      out[i] = d;
      const a = d < 0 ? -d : d;
      if (a > peak) peak = a;
    }
    // flush decaying states during silences before they reach the (very slow) denormal range
    if ((z1 < 0 ? -z1 : z1) < 1e-20 && (z2 < 0 ? -z2 : z2) < 1e-20 && (y1 < 0 ? -y1 : y1) < 1e-20) {
      z1 = 0;
      z2 = 0;
      y1 = 0;
      x1 = 0;
    }
  }
  if (peak > 0 && peak < Infinity) P.scaleInPlace(out, EVENT_PEAK / peak);
}

/**
 * Synthesizes one sound event of `cls`, `opts.seconds` long at `opts.sampleRate` Hz (mono, peak-normalized to
 * EVENT_PEAK = 0.9, or all zeros if the recipe placed nothing). Sub-events fill the duration naturally (a dog
 * barks a few times, a clock ticks throughout, rain is continuous). Deterministic given rng; throws for a class
 * without a recipe.
 */
export function synthesizeEvent(
  cls: SoundClass,
  rng: Rng,
  opts: { sampleRate: number; seconds: number },
): Float32Array {
  const recipe = RECIPES[cls.name];
  if (!recipe) throw new Error(`synthesizeEvent: no recipe for sound class "${cls.name}"`);
  const sr = opts.sampleRate;
  if (!(sr > 0)) throw new Error(`synthesizeEvent: invalid sample rate ${sr}`);
  const n = Math.max(1, Math.round(opts.seconds * sr));
  const out = new Float32Array(n);
  const ctx: Ctx = {
    rng: rng.fork('body'),
    sr,
    n,
    seconds: n / sr,
    out,
    pitch: vary(rng, VARIATION.pitch),
    tempo: vary(rng, VARIATION.tempo),
  };
  const tilt = rng.uniform(-VARIATION.tiltDb, VARIATION.tiltDb);
  recipe.gen(ctx, recipe.params);
  finish(out, sr, tilt);
  return out;
}
