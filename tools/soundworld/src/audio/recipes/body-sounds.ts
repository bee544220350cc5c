/**
 * body_sounds: cycles of breath-like bursts (band-passed noise, optional voicing and flutter)
 */
import * as P from '../primitives';
import { type AnySpec, type Ctx, fill, type Range, rint, ru, spec, vary } from './shared';

interface BurstSpec {
  dur: Range;
  /** Noise band centre (Hz) and Q. */
  center: number;
  q: number;
  level: number;
  /** Voiced part: amplitude relative to the noise, f0 (Hz), contour. */
  voice?: number;
  f0?: number;
  contour?: readonly number[];
  flutterHz?: number;
  flutter?: number;
  attack: number;
  release: number;
  repeat?: Range;
  gap?: Range;
  after?: Range;
  /** Crunchy clicks inside the burst (chewing, scrubbing), per second. */
  crunch?: number;
}

interface BodyParams {
  cycle: readonly BurstSpec[];
  cycles: Range | 'fill';
  cycleGap: Range;
}

function bodyBursts(ctx: Ctx, p: BodyParams): void {
  const { rng, sr, n, out } = ctx;
  const tf = 1 / ctx.tempo;
  const nz = new Float32Array(n);
  const tmp = new Float32Array(n);
  const formant = Math.sqrt(ctx.pitch) * vary(rng, 0.06);
  let t = Math.floor(ru(rng, [0, 0.4]) * sr);
  const cycles =
    p.cycles === 'fill' ? Infinity : Math.max(1, Math.round((ru(rng, p.cycles) * ctx.seconds) / 5));
  for (let c = 0; c < cycles && t < n - 0.05 * sr; c++) {
    for (const b of p.cycle) {
      const reps = b.repeat ? rint(rng, b.repeat) : 1;
      for (let r = 0; r < reps && t < n - 0.05 * sr; r++) {
        const len = Math.max(16, Math.min(Math.floor(ru(rng, b.dur) * tf * sr), n - t));
        tmp.fill(0, 0, len);
        nz.fill(0, 0, len);
        P.whiteNoise(nz, 0, len, rng, 1);
        P.Biquad.bandpass(b.center * formant * vary(rng, 0.08), b.q, sr).processInto(
          nz,
          0,
          tmp,
          0,
          len,
          Math.sqrt(b.q) * 1.7,
        );
        if (b.voice && b.f0) {
          P.harmonicTone(
            tmp,
            0,
            len,
            sr,
            {
              f0: b.f0 * ctx.pitch * vary(rng, 0.08),
              contour: b.contour,
              partials: P.rolloffPartials(12, 1.2),
            },
            b.voice,
          );
        }
        if (b.crunch) {
          nz.fill(0, 0, len);
          P.crackle(nz, 0, len, sr, rng, { ratePerSec: b.crunch, t60Ms: 4, rangeDb: 12 });
          for (let k = 0; k < len; k++) tmp[k] += 1.5 * nz[k];
        }
        if (b.flutterHz) P.amplitudeModulate(tmp, 0, len, sr, b.flutterHz * vary(rng, 0.1), b.flutter ?? 0.7);
        const d = len / sr;
        P.applyAdsr(tmp, 0, len, sr, {
          attack: b.attack * d,
          decay: 0.2 * d,
          sustain: 0.8,
          release: b.release * d,
        });
        P.mixInto(out, tmp, t, P.gainToDb(b.level) + rng.uniform(-3, 1), 0, len);
        t += len;
        if (r < reps - 1) t += Math.floor(ru(rng, b.gap ?? [0.05, 0.15]) * tf * sr);
      }
      t += Math.floor(ru(rng, b.after ?? [0.05, 0.2]) * tf * sr);
    }
    t += Math.floor(ru(rng, p.cycleGap) * tf * sr);
  }
}

const body = spec(bodyBursts);

const burst = (b: Partial<BurstSpec>): BurstSpec => ({
  dur: [0.2, 0.5],
  center: 1200,
  q: 1,
  level: 1,
  voice: 0,
  f0: 200,
  contour: [1, 1],
  flutterHz: 0,
  flutter: 0,
  attack: 0.2,
  release: 0.4,
  repeat: [1, 1],
  gap: [0.05, 0.15],
  after: [0.05, 0.2],
  crunch: 0,
  ...b,
});
const bodyOf = (p: BodyParams) => body(p);

/** The body_sounds classes. */
export const BODY_SOUNDS: Record<string, AnySpec> = {
  breathing: bodyOf({
    cycles: fill,
    cycleGap: [0.3, 1.0],
    cycle: [
      burst({ dur: [0.9, 1.5], center: 1600, q: 0.8, level: 0.7, attack: 0.4, release: 0.45 }),
      burst({ dur: [1.1, 1.8], center: 900, q: 0.7, level: 1, attack: 0.2, release: 0.6 }),
    ],
  }),
  snoring: bodyOf({
    cycles: fill,
    cycleGap: [0.4, 1.0],
    cycle: [
      burst({
        dur: [1.0, 1.5],
        center: 500,
        q: 1.0,
        level: 1,
        voice: 1.2,
        f0: 45,
        flutterHz: 32,
        flutter: 0.85,
        attack: 0.3,
        release: 0.3,
      }),
      burst({ dur: [1.0, 1.5], center: 800, q: 0.7, level: 0.45, attack: 0.2, release: 0.6 }),
    ],
  }),
  coughing: bodyOf({
    cycles: [2, 3],
    cycleGap: [0.8, 1.8],
    cycle: [
      burst({
        dur: [0.15, 0.3],
        center: 1200,
        q: 0.7,
        level: 1,
        voice: 0.5,
        f0: 260,
        contour: [1.1, 0.8],
        attack: 0.04,
        release: 0.6,
        repeat: [2, 4],
        gap: [0.08, 0.22],
      }),
    ],
  }),
  sneezing: bodyOf({
    cycles: [1, 2],
    cycleGap: [1.0, 2.0],
    cycle: [
      burst({
        dur: [0.4, 0.8],
        center: 1800,
        q: 1.2,
        level: 0.4,
        voice: 0.4,
        f0: 300,
        contour: [0.9, 1.2],
        attack: 0.8,
        release: 0.1,
        after: [0, 0.08],
      }),
      burst({
        dur: [0.25, 0.45],
        center: 3200,
        q: 0.6,
        level: 1.6,
        voice: 0.3,
        f0: 380,
        contour: [1.1, 0.8],
        attack: 0.02,
        release: 0.7,
      }),
    ],
  }),
  drinking_sipping: bodyOf({
    cycles: fill,
    cycleGap: [0.4, 1.2],
    cycle: [
      burst({
        dur: [0.2, 0.5],
        center: 2600,
        q: 3,
        level: 0.8,
        attack: 0.3,
        release: 0.3,
        flutterHz: 18,
        flutter: 0.6,
      }),
      burst({
        dur: [0.08, 0.15],
        center: 350,
        q: 2,
        level: 1,
        voice: 1,
        f0: 160,
        contour: [0.8, 1.2],
        attack: 0.1,
        release: 0.5,
        repeat: [1, 2],
        gap: [0.1, 0.3],
      }),
    ],
  }),
  brushing_teeth: bodyOf({
    cycles: fill,
    cycleGap: [0.0, 0.6],
    cycle: [
      burst({
        dur: [0.12, 0.2],
        center: 4200,
        q: 1.0,
        level: 1,
        attack: 0.3,
        release: 0.3,
        repeat: [6, 14],
        gap: [0.01, 0.05],
        crunch: 60,
      }),
    ],
  }),
  chewing: bodyOf({
    cycles: fill,
    cycleGap: [0.2, 1.0],
    cycle: [
      burst({
        dur: [0.1, 0.2],
        center: 1500,
        q: 0.8,
        level: 1,
        attack: 0.1,
        release: 0.5,
        repeat: [3, 7],
        gap: [0.15, 0.35],
        crunch: 120,
      }),
    ],
  }),
  gargling: bodyOf({
    cycles: [1, 2],
    cycleGap: [0.5, 1.2],
    cycle: [
      burst({
        dur: [1.5, 3],
        center: 600,
        q: 1.5,
        level: 1,
        voice: 0.8,
        f0: 150,
        flutterHz: 24,
        flutter: 0.9,
        attack: 0.1,
        release: 0.2,
      }),
    ],
  }),
  hiccup: bodyOf({
    cycles: fill,
    cycleGap: [1.0, 2.4],
    cycle: [
      burst({
        dur: [0.08, 0.15],
        center: 1200,
        q: 1,
        level: 1,
        voice: 1,
        f0: 350,
        contour: [1.2, 0.9],
        attack: 0.05,
        release: 0.5,
      }),
    ],
  }),
  yawning: bodyOf({
    cycles: [1, 1],
    cycleGap: [0.5, 1.0],
    cycle: [
      burst({
        dur: [2.0, 3.2],
        center: 800,
        q: 1,
        level: 1,
        voice: 1,
        f0: 260,
        contour: [1.2, 1.1, 0.85, 0.7],
        attack: 0.3,
        release: 0.5,
      }),
    ],
  }),
  sniffing: bodyOf({
    cycles: [2, 3],
    cycleGap: [0.8, 1.8],
    cycle: [
      burst({
        dur: [0.1, 0.25],
        center: 3000,
        q: 1,
        level: 1,
        attack: 0.3,
        release: 0.3,
        repeat: [2, 4],
        gap: [0.05, 0.15],
      }),
    ],
  }),
};
