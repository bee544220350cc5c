/**
 * weather_fire: gusting band noise, hiss, low rumbles, crackle and roar
 */
import * as P from '../primitives';
import {
  addAtRms,
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

/** The weather_fire classes. */
export const WEATHER_FIRE: Record<string, AnySpec> = {
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
};
