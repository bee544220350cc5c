/**
 * bird_calls: notes (few-partial tones with fast sweeps) plus band-limited rasp, in phrases
 */
import * as P from '../primitives';
import {
  type AnySpec,
  type Ctx,
  family,
  fill,
  maxLen,
  type Pattern,
  type Range,
  rint,
  schedule,
  spec,
  vary,
} from './shared';

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

/** The bird_calls classes. */
export const BIRD_CALLS: Record<string, AnySpec> = {
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
};
