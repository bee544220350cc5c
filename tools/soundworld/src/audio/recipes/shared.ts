/**
 * What the family recipes share: the synthesis context, the spec/family constructors of the class tables, the
 * level and range helpers, the two-level sub-event scheduler and the tables used by more than one family.
 */
import type { Rng } from '../../rng';
import * as P from '../primitives';

export type Range = readonly [number, number];

export interface Ctx {
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
export interface RecipeSpec<T> {
  gen: (ctx: Ctx, p: T) => void;
  params: T;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySpec = RecipeSpec<any>;
export const spec =
  <T>(gen: (ctx: Ctx, p: T) => void) =>
  (params: T): RecipeSpec<T> => ({ gen, params });

export const ru = (rng: Rng, r: Range): number => rng.uniform(r[0], r[1]);
/** Components quieter than this (relative level) are skipped. */
export const MIN_LEVEL = 0.05;
export const on = <T extends { level: number }>(c: T | undefined): c is T => !!c && c.level > MIN_LEVEL;
/** Integer uniform in a range whose ends are rounded (ranges may be non-integer after family cohesion). */
export const rint = (rng: Rng, r: Range): number =>
  rng.int(Math.round(r[0]), Math.max(Math.round(r[0]), Math.round(r[1])));
/** A factor log-uniform in [1/(1+frac), 1+frac]. */
export const vary = (rng: Rng, frac: number): number => Math.exp(rng.uniform(-1, 1) * Math.log(1 + frac));

export function noiseOf(color: 'white' | 'pink' | 'brown') {
  return color === 'pink' ? P.pinkNoise : color === 'brown' ? P.brownNoise : P.whiteNoise;
}

/** out += buf scaled so that buf's RMS over [0, len) becomes `level` (components mix at known levels). */
export function addAtRms(
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
export interface Pattern {
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

export interface Item {
  start: number;
  len: number;
  /** Index within its group, and the group's size. */
  index: number;
  count: number;
  group: number;
}

export function schedule(ctx: Ctx, p: Pattern): Item[] {
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

export function maxLen(items: Item[]): number {
  let m = 1;
  for (const it of items) m = Math.max(m, it.len);
  return m;
}

/** A contour of `points` f0 multipliers wandering by ±depth around 1 (flight paths, load changes). */
export function wander(rng: Rng, points: number, depth: number): number[] {
  const c: number[] = [];
  for (let i = 0; i < points; i++) c.push(1 + depth * rng.uniform(-1, 1));
  return c;
}

// ---------------------------------------------------------------------------------------------------------------
// Tables used by several families

/** Struck small metal (clicks_knocks, domestic_events). */
export const METAL_SMALL: readonly P.Mode[] = [
  { ratio: 1, amp: 1, t60: 0.05 },
  { ratio: 1.83, amp: 0.7, t60: 0.04 },
  { ratio: 2.91, amp: 0.5, t60: 0.03 },
  { ratio: 4.2, amp: 0.3, t60: 0.02 },
];

/** Scale steps in semitones (voices, music). */
export const PENTATONIC = [0, 2, 4, 7, 9, 12, 14, 16, 19, 21];

// ---------------------------------------------------------------------------------------------------------------
// Building the class tables

export const fill = 'fill' as const;

export type DeepPartial<T> = T extends readonly unknown[]
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
export const family =
  <T>(make: (p: T) => AnySpec, base: T) =>
  (over: DeepPartial<T>): AnySpec =>
    make(merge(base, over));
