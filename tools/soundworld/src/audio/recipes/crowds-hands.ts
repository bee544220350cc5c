/**
 * crowds_hands: trains of band-passed noise bursts from one or many sources, plus babble and cheering
 */
import * as P from '../primitives';
import {
  addAtRms,
  type AnySpec,
  type Ctx,
  family,
  MIN_LEVEL,
  type Pattern,
  type Range,
  rint,
  schedule,
  spec,
  vary,
} from './shared';

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

/** The crowds_hands classes. */
export const CROWDS_HANDS: Record<string, AnySpec> = {
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
};
