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
import type { Rng } from '../../rng';
import { FAMILIES, type SoundClass } from '../../ontology';
import * as P from '../primitives';
import type { AnySpec, Ctx } from './shared';
import { vary } from './shared';
import { MAMMAL_CALLS } from './mammal-calls';
import { BIRD_CALLS } from './bird-calls';
import { INSECTS_FROGS } from './insects-frogs';
import { WATER } from './water';
import { WEATHER_FIRE } from './weather-fire';
import { BODY_SOUNDS } from './body-sounds';
import { VOICES } from './voices';
import { CROWDS_HANDS } from './crowds-hands';
import { CLICKS_KNOCKS } from './clicks-knocks';
import { HOUSEHOLD_MACHINES } from './household-machines';
import { DOMESTIC_EVENTS } from './domestic-events';
import { ENGINES } from './engines';
import { TOOLS } from './tools';
import { ALERTS_BELLS } from './alerts-bells';
import { EXPLOSIONS } from './explosions';
import { MUSIC } from './music';

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

/** Every class's recipe as written, family by family. */
const CLASS_SPECS: Record<string, AnySpec> = {
  ...MAMMAL_CALLS,
  ...BIRD_CALLS,
  ...INSECTS_FROGS,
  ...WATER,
  ...WEATHER_FIRE,
  ...BODY_SOUNDS,
  ...VOICES,
  ...CROWDS_HANDS,
  ...CLICKS_KNOCKS,
  ...HOUSEHOLD_MACHINES,
  ...DOMESTIC_EVENTS,
  ...ENGINES,
  ...TOOLS,
  ...ALERTS_BELLS,
  ...EXPLOSIONS,
  ...MUSIC,
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
