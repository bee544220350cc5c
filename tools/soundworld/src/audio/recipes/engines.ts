/**
 * engines: firing pulses through a resonant low-pass, broadband roar, rotor/wheel modulation, pass-by doppler
 */
import * as P from '../primitives';
import {
  addAtRms,
  type AnySpec,
  type Ctx,
  family,
  MIN_LEVEL,
  noiseOf,
  on,
  type Range,
  rint,
  ru,
  spec,
  vary,
} from './shared';

interface EngineParams {
  fire?: { f: number; jitter: number; lp: number; q: number; level: number; rev: number; revSeconds: number };
  noise: { level: number; color: 'white' | 'pink' | 'brown'; lp: number; hp: number };
  rotor?: { rate: number; depth: number; duty: number };
  whine?: { f: number; level: number };
  /** Rail joints: pairs of thumps at `rate` pairs/s. */
  clack?: { rate: number; level: number; f: number };
  /** Pass-by: loudness peak near the middle of the clip, doppler shift ±doppler. */
  pass?: { doppler: number; width: Range; floor: number };
  swell: number;
  /** Slaps (hull on water) per second. */
  slap?: { rate: number; level: number };
  /** Air-brake hisses. */
  hiss?: { count: Range; level: number };
}

function engine(ctx: Ctx, p: EngineParams): void {
  const { rng, sr, n, out } = ctx;
  const tf = 1 / ctx.tempo;
  const env = P.smoothRandomCurve(rng, n, sr, 1.2 * tf, 1 - p.swell, 1);
  const dop = new Float32Array(n).fill(1);
  if (p.pass && p.pass.floor < 0.98) {
    const tc = rng.uniform(0.3, 0.7) * n;
    const w = ru(rng, p.pass.width) * tf * sr;
    for (let i = 0; i < n; i++) {
      const x = (i - tc) / w;
      env[i] *= p.pass.floor + (1 - p.pass.floor) / (1 + x * x);
      dop[i] = 1 - (p.pass.doppler * x) / Math.sqrt(1 + x * x);
    }
  }
  const buf = new Float32Array(n);
  if (on(p.fire)) {
    const fi = p.fire;
    const rate = P.smoothRandomCurve(rng, n, sr, fi.revSeconds * tf, 1, fi.rev);
    const f = fi.f * ctx.pitch;
    for (let i = 0; i < n; i++) rate[i] *= f * dop[i];
    P.impulseTrain(buf, 0, n, sr, rate, fi.jitter, rng, 1, 0.3);
    P.Biquad.lowpass(fi.lp * ctx.pitch, fi.q, sr).process(buf);
    P.applyCurve(buf, 0, n, env);
    addAtRms(out, buf, fi.level * 0.3);
  }
  buf.fill(0);
  noiseOf(p.noise.color)(buf, 0, n, rng, 1);
  P.Biquad.highpass(p.noise.hp, 0.7, sr).process(buf);
  P.Biquad.lowpass(p.noise.lp * vary(rng, 0.15), 0.7, sr).process(buf);
  if (p.slap && p.slap.level > MIN_LEVEL)
    P.modulateSmoothRandom(buf, 0, n, sr, rng, 1 / (p.slap.rate * ctx.tempo), 1 - p.slap.level, 1);
  P.applyCurve(buf, 0, n, env);
  addAtRms(out, buf, p.noise.level * 0.3);
  if (on(p.whine)) {
    buf.fill(0);
    const freq = new Float32Array(n);
    const f = p.whine.f * ctx.pitch;
    for (let i = 0; i < n; i++) freq[i] = f * dop[i];
    P.wavetableOsc(buf, 0, n, sr, P.buildWavetable([1, 0.2]), freq, 1, 0);
    P.applyCurve(buf, 0, n, env);
    addAtRms(out, buf, p.whine.level * 0.3);
  }
  if (on(p.clack)) {
    buf.fill(0);
    const period = 1 / (p.clack.rate * ctx.tempo);
    for (const t of P.onsetTimes(rng, ctx.seconds, p.clack.rate * ctx.tempo, 0.05)) {
      for (const d of [0, period * 0.18]) {
        const pos = Math.floor((t + d) * sr);
        if (pos >= n) continue;
        P.modalStrike(
          buf,
          pos,
          n - pos,
          sr,
          p.clack.f * ctx.pitch,
          [
            { ratio: 1, amp: 1, t60: 0.12 },
            { ratio: 3.1, amp: 0.5, t60: 0.05 },
          ],
          env[pos],
        );
        P.noiseBurst(buf, pos, sr, rng, 0.3 * env[pos], 0.03);
      }
    }
    addAtRms(out, buf, p.clack.level * 0.3);
  }
  if (p.rotor && p.rotor.depth > MIN_LEVEL)
    P.amplitudeModulate(out, 0, n, sr, p.rotor.rate * ctx.tempo * vary(rng, 0.08), p.rotor.depth, {
      shape: 'pulse',
      duty: p.rotor.duty,
      phase: rng.next(),
    });
  if (on(p.hiss)) {
    const count = rint(rng, p.hiss.count);
    buf.fill(0);
    for (let k = 0; k < count; k++) {
      const pos = Math.floor(rng.uniform(0.1, 0.8) * n);
      const len = Math.min(n - pos, Math.floor(rng.uniform(0.3, 0.8) * sr));
      P.whiteNoise(buf, pos, len, rng, 1);
      P.applyAdsr(buf, pos, len, sr, { attack: 0.01, decay: 0.1, sustain: 0.7, release: 0.3 });
    }
    P.Biquad.highpass(2500, 0.7, sr).process(buf);
    P.mixInto(out, buf, 0, P.gainToDb(p.hiss.level * 0.3));
  }
}

const eng = spec(engine);

const engineOf = family(eng, {
  fire: { f: 45, jitter: 0.04, lp: 900, q: 1.2, level: 0, rev: 1.3, revSeconds: 1.5 },
  noise: { level: 0.5, color: 'pink', lp: 1200, hp: 50 },
  rotor: { rate: 15, depth: 0, duty: 0.4 },
  whine: { f: 2500, level: 0 },
  clack: { rate: 1.6, level: 0, f: 140 },
  pass: { doppler: 0, width: [2, 3], floor: 1 },
  swell: 0.2,
  slap: { rate: 3, level: 0 },
  hiss: { count: [1, 1], level: 0 },
} as EngineParams);

/** The engines classes. */
export const ENGINES: Record<string, AnySpec> = {
  helicopter: engineOf({
    fire: { f: 95, jitter: 0.01, lp: 1200, q: 1, level: 0.3, rev: 1.05, revSeconds: 2 },
    noise: { level: 1, color: 'pink', lp: 1500, hp: 50 },
    rotor: { rate: 20, depth: 0.85, duty: 0.35 },
    whine: { f: 3000, level: 0.08 },
  }),
  engine: engineOf({
    fire: { f: 42, jitter: 0.04, lp: 900, q: 1.5, level: 1, rev: 2.0, revSeconds: 1.5 },
    noise: { level: 0.4, color: 'pink', lp: 1200, hp: 40 },
  }),
  airplane: engineOf({
    noise: { level: 1, color: 'pink', lp: 1300, hp: 60 },
    whine: { f: 2500, level: 0.12 },
    pass: { doppler: 0.06, width: [1.5, 3], floor: 0.3 },
    swell: 0.15,
  }),
  train: engineOf({
    fire: { f: 28, jitter: 0.05, lp: 300, q: 1, level: 0.3, rev: 1.1, revSeconds: 2 },
    noise: { level: 1, color: 'brown', lp: 900, hp: 40 },
    clack: { rate: 1.6, level: 0.8, f: 140 },
    pass: { doppler: 0.02, width: [2, 4], floor: 0.45 },
    swell: 0.15,
  }),
  motorcycle: engineOf({
    fire: { f: 80, jitter: 0.05, lp: 1800, q: 1.5, level: 1, rev: 2.4, revSeconds: 1 },
    noise: { level: 0.35, color: 'pink', lp: 2000, hp: 60 },
  }),
  truck: engineOf({
    fire: { f: 30, jitter: 0.05, lp: 600, q: 1.2, level: 1, rev: 1.4, revSeconds: 2 },
    noise: { level: 0.6, color: 'brown', lp: 500, hp: 30 },
    pass: { doppler: 0.03, width: [2, 4], floor: 0.4 },
  }),
  bus: engineOf({
    fire: { f: 36, jitter: 0.05, lp: 700, q: 1.2, level: 1, rev: 1.4, revSeconds: 2 },
    noise: { level: 0.6, color: 'brown', lp: 700, hp: 30 },
    hiss: { count: [1, 2], level: 0.8 },
  }),
  car_passing: engineOf({
    fire: { f: 45, jitter: 0.03, lp: 800, q: 1, level: 0.4, rev: 1.1, revSeconds: 2 },
    noise: { level: 1, color: 'pink', lp: 2200, hp: 60 },
    pass: { doppler: 0.08, width: [0.6, 1.2], floor: 0.08 },
    swell: 0.05,
  }),
  motorboat: engineOf({
    fire: { f: 60, jitter: 0.04, lp: 1400, q: 1.3, level: 1, rev: 1.3, revSeconds: 1.5 },
    noise: { level: 0.7, color: 'pink', lp: 2500, hp: 150 },
    slap: { rate: 3, level: 0.7 },
    swell: 0.25,
  }),
  lawn_mower: engineOf({
    fire: { f: 48, jitter: 0.08, lp: 3000, q: 1.8, level: 1, rev: 1.15, revSeconds: 1 },
    noise: { level: 0.4, color: 'white', lp: 6000, hp: 2000 },
  }),
};
