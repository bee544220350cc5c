/**
 * insects_frogs: a carrier (tone and/or band noise) chopped by a pulse train, in phrases (trills, chirps, croaks)
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
  wander,
} from './shared';

interface PulsedParams {
  carrier: number;
  partials: readonly number[];
  tone: number;
  noise: number;
  noiseQ: number;
  pulseHz: number;
  duty: number;
  pulseDepth: number;
  pattern: Pattern;
  /** Slow pitch wander (fraction) within a phrase. */
  drift: number;
  /** Slow loudness swell depth (0..1) within a phrase. */
  swell: number;
  /** Several individuals (a chorus), each with its own pattern. */
  voices?: Range;
}

function pulsed(ctx: Ctx, p: PulsedParams): void {
  const { rng, sr, out } = ctx;
  const voices = p.voices ? rint(rng, p.voices) : 1;
  for (let v = 0; v < voices; v++) {
    const items = schedule(ctx, p.pattern);
    const tmp = new Float32Array(maxLen(items));
    const nz = p.noise > 0 ? new Float32Array(tmp.length) : null;
    const fv = p.carrier * ctx.pitch * (v === 0 ? 1 : vary(rng, 0.06));
    const pulseHz = p.pulseHz * ctx.tempo * vary(rng, 0.08);
    const vgain = v === 0 ? 0 : rng.uniform(-9, -2);
    for (const it of items) {
      tmp.fill(0, 0, it.len);
      const f = fv * vary(rng, 0.03);
      const pts = Math.max(2, Math.round(it.len / sr / 0.7));
      if (p.tone > 0)
        P.harmonicTone(
          tmp,
          0,
          it.len,
          sr,
          { f0: f, contour: wander(rng, pts, p.drift), partials: p.partials },
          p.tone,
        );
      if (nz) {
        nz.fill(0, 0, it.len);
        P.whiteNoise(nz, 0, it.len, rng, 1);
        P.Biquad.bandpass(f, p.noiseQ, sr).processInto(
          nz,
          0,
          tmp,
          0,
          it.len,
          p.noise * Math.sqrt(p.noiseQ) * 1.5,
        );
      }
      if (p.pulseHz > 0)
        P.amplitudeModulate(tmp, 0, it.len, sr, pulseHz, p.pulseDepth, {
          shape: 'pulse',
          duty: p.duty,
          phase: rng.next(),
        });
      if (p.swell > 0) P.modulateSmoothRandom(tmp, 0, it.len, sr, rng, 0.8, 1 - p.swell, 1);
      P.applyFades(tmp, 0, it.len, 0.008 * sr);
      P.mixInto(out, tmp, it.start, vgain + rng.uniform(-3, 0), 0, it.len);
    }
  }
}

const insect = spec(pulsed);

const insectOf = family(insect, {
  carrier: 1000,
  partials: [1, 0.3],
  tone: 1,
  noise: 0.1,
  noiseQ: 2,
  pulseHz: 30,
  duty: 0.5,
  pulseDepth: 0.5,
  drift: 0.03,
  swell: 0.3,
  voices: [1, 1],
  pattern: {
    groups: [1, 2],
    groupGap: [0.3, 1],
    items: [1, 1],
    itemDur: [1, 3],
    itemGap: [0, 0],
    lead: [0, 0.3],
  },
} as PulsedParams);

/** The insects_frogs classes. */
export const INSECTS_FROGS: Record<string, AnySpec> = {
  frog: insectOf({
    carrier: 620,
    partials: [1, 0.6, 0.4, 0.25],
    tone: 1,
    noise: 0.2,
    noiseQ: 2,
    pulseHz: 55,
    duty: 0.45,
    pulseDepth: 0.95,
    drift: 0.05,
    swell: 0.2,
    pattern: { groups: fill, groupGap: [0.25, 0.9], itemDur: [0.15, 0.4] },
  }),
  insects: insectOf({
    carrier: 420,
    partials: P.rolloffPartials(12, 0.9),
    tone: 1,
    noise: 0.15,
    noiseQ: 1,
    pulseHz: 0,
    pulseDepth: 0,
    drift: 0.12,
    swell: 0.7,
    pattern: { groups: [1, 2], groupGap: [0.2, 1], itemDur: [1.5, 4.5] },
  }),
  crickets: insectOf({
    carrier: 4400,
    partials: [1, 0.08],
    tone: 1,
    noise: 0.05,
    noiseQ: 8,
    pulseHz: 32,
    duty: 0.55,
    pulseDepth: 0.95,
    drift: 0.01,
    swell: 0.2,
    voices: [1, 3],
    pattern: { groups: fill, groupGap: [0.15, 0.4], itemDur: [0.1, 0.22] },
  }),
  cicada: insectOf({
    carrier: 5200,
    partials: [1],
    tone: 0.2,
    noise: 1,
    noiseQ: 2.5,
    pulseHz: 110,
    duty: 0.5,
    pulseDepth: 0.7,
    drift: 0.02,
    swell: 0.5,
    pattern: { groups: [1, 2], groupGap: [0.3, 1], itemDur: [2, 4.5] },
  }),
  bee: insectOf({
    carrier: 235,
    partials: P.rolloffPartials(16, 0.8),
    tone: 1,
    noise: 0.2,
    noiseQ: 1,
    pulseHz: 0,
    pulseDepth: 0,
    drift: 0.05,
    swell: 0.5,
    voices: [1, 3],
    pattern: { groups: [1, 2], groupGap: [0.2, 1], itemDur: [2, 4.5] },
  }),
  toad: insectOf({
    carrier: 1500,
    partials: [1, 0.3],
    tone: 1,
    noise: 0.1,
    noiseQ: 3,
    pulseHz: 24,
    duty: 0.4,
    pulseDepth: 0.95,
    drift: 0.02,
    swell: 0.2,
    pattern: { groups: [1, 2], groupGap: [0.4, 1.5], itemDur: [1.5, 3.5] },
  }),
};
