/**
 * water: a filtered noise bed + bubbles (rising decaying sines, Minnaert-like) + pattering clicks, under a
 * shape curve (steady, waves, flush, splash, pour, boil)
 */
import * as P from '../primitives';
import { addAtRms, type AnySpec, type Ctx, family, noiseOf, type Range, ru, spec, vary } from './shared';

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

/** The water classes. */
export const WATER: Record<string, AnySpec> = {
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
};
