/**
 * alerts_bells: sustained tones with pitch patterns (sirens, horns, alarms) and struck bells
 */
import * as P from '../primitives';
import {
  type AnySpec,
  type Ctx,
  family,
  fill,
  MIN_LEVEL,
  on,
  type Pattern,
  type Range,
  ru,
  schedule,
  spec,
  vary,
} from './shared';

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

/** The alerts_bells classes. */
export const ALERTS_BELLS: Record<string, AnySpec> = {
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
};
