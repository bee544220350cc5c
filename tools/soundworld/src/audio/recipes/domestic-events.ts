/**
 * domestic_events: stick-slip creaks, beeps/rings, struck shards, noise bursts, rasps and tones per event
 */
import * as P from '../primitives';
import {
  addAtRms,
  type AnySpec,
  type Ctx,
  family,
  fill,
  maxLen,
  METAL_SMALL,
  on,
  type Pattern,
  type Range,
  rint,
  ru,
  schedule,
  spec,
  vary,
} from './shared';

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

/** The domestic_events classes. */
export const DOMESTIC_EVENTS: Record<string, AnySpec> = {
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
};
