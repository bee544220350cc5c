/**
 * tools: buzzing motor pulses, band noise chopped by strokes and teeth (rasp), impacts, whine, sparks
 */
import * as P from '../primitives';
import {
  addAtRms,
  type AnySpec,
  type Ctx,
  family,
  maxLen,
  MIN_LEVEL,
  on,
  type Pattern,
  schedule,
  spec,
  vary,
  wander,
} from './shared';

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

/** The tools classes. */
export const TOOLS: Record<string, AnySpec> = {
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
};
