/**
 * explosions: impulsive noise (crack) + low boom + crackle tail + reverberant decay, optional whistle
 */
import * as P from '../primitives';
import {
  type AnySpec,
  type Ctx,
  family,
  on,
  type Pattern,
  type Range,
  ru,
  schedule,
  spec,
  vary,
} from './shared';

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

/** The explosions classes. */
export const EXPLOSIONS: Record<string, AnySpec> = {
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
};
