/**
 * mammal_calls: voiced calls (harmonic source with pitch contour + breath noise) through a vowel formant bank
 */
import * as P from '../primitives';
import { type AnySpec, type Ctx, family, maxLen, type Pattern, schedule, spec, vary } from './shared';

interface CallParams {
  f0: number;
  contour: readonly number[];
  partials: number;
  rolloff: number;
  vowel: P.VowelName;
  /** Formant scaling (vocal tract size; < 1 = bigger animal). */
  shift: number;
  /** Breath / roughness noise amplitude relative to the voiced part. */
  noise: number;
  tremHz?: number;
  tremDepth?: number;
  vibHz?: number;
  vibDepth?: number;
  pattern: Pattern;
  /** Attack and release as fractions of a call. */
  attack: number;
  release: number;
}

function vocalCalls(ctx: Ctx, p: CallParams): void {
  const { rng, sr, out } = ctx;
  const items = schedule(ctx, p.pattern);
  const tmp = new Float32Array(maxLen(items));
  const parts = P.rolloffPartials(p.partials, p.rolloff);
  const shift = p.shift * vary(rng, 0.08);
  const noise = p.noise * vary(rng, 0.3);
  for (const it of items) {
    tmp.fill(0, 0, it.len);
    const f0 = p.f0 * ctx.pitch * vary(rng, 0.05);
    const contour = p.contour.map((c) => c * vary(rng, 0.05));
    P.harmonicTone(
      tmp,
      0,
      it.len,
      sr,
      { f0, contour, partials: parts, vibratoHz: p.vibHz, vibratoDepth: p.vibDepth },
      1,
    );
    P.whiteNoise(tmp, 0, it.len, rng, noise);
    if (p.tremHz) P.amplitudeModulate(tmp, 0, it.len, sr, p.tremHz * vary(rng, 0.1), p.tremDepth ?? 0.5);
    const dur = it.len / sr;
    P.applyAdsr(tmp, 0, it.len, sr, {
      attack: p.attack * dur,
      decay: 0.3 * dur,
      sustain: 0.75,
      release: p.release * dur,
    });
    new P.FormantBank(P.VOWELS[p.vowel], sr, shift).processInto(
      tmp,
      0,
      out,
      it.start,
      it.len,
      P.dbToGain(rng.uniform(-4, 1)),
    );
  }
}

const mammal = spec(vocalCalls);

const mammalOf = family(mammal, {
  f0: 300,
  contour: [1, 1],
  partials: 14,
  rolloff: 0.8,
  vowel: 'a',
  shift: 1,
  noise: 0.3,
  tremHz: 0,
  tremDepth: 0,
  vibHz: 0,
  vibDepth: 0,
  pattern: {
    groups: [2, 3],
    groupGap: [0.5, 1.2],
    items: [1, 1],
    itemDur: [0.3, 0.8],
    itemGap: [0.1, 0.3],
    lead: [0, 0.3],
  },
  attack: 0.1,
  release: 0.35,
} as CallParams);

/** The mammal_calls classes. */
export const MAMMAL_CALLS: Record<string, AnySpec> = {
  dog: mammalOf({
    f0: 470,
    contour: [1.15, 1.05, 0.75],
    partials: 14,
    rolloff: 0.8,
    vowel: 'a',
    shift: 1.05,
    noise: 0.5,
    pattern: {
      groups: [2, 3],
      groupGap: [0.6, 1.4],
      items: [1, 3],
      itemDur: [0.1, 0.22],
      itemGap: [0.12, 0.3],
    },
    attack: 0.05,
    release: 0.45,
  }),
  cat: mammalOf({
    f0: 600,
    contour: [0.85, 1.15, 1.1, 0.8],
    partials: 10,
    rolloff: 1.0,
    vowel: 'e',
    shift: 1.2,
    noise: 0.15,
    vibHz: 6,
    vibDepth: 0.02,
    pattern: { groups: [2, 3], groupGap: [0.4, 1.2], itemDur: [0.5, 1.0] },
    attack: 0.15,
    release: 0.35,
  }),
  pig: mammalOf({
    f0: 150,
    contour: [1.0, 1.15, 0.9],
    partials: 28,
    rolloff: 0.55,
    vowel: 'o',
    shift: 0.95,
    noise: 0.6,
    tremHz: 28,
    tremDepth: 0.7,
    pattern: {
      groups: [3, 5],
      groupGap: [0.3, 0.9],
      items: [1, 3],
      itemDur: [0.12, 0.3],
      itemGap: [0.08, 0.2],
    },
    attack: 0.1,
    release: 0.4,
  }),
  cow: mammalOf({
    f0: 125,
    contour: [0.9, 1.1, 1.15, 1.0, 0.8],
    partials: 24,
    rolloff: 0.9,
    vowel: 'u',
    shift: 0.85,
    noise: 0.25,
    pattern: { groups: [1, 2], groupGap: [0.6, 1.5], itemDur: [1.2, 2.2] },
    attack: 0.2,
    release: 0.35,
  }),
  sheep: mammalOf({
    f0: 320,
    contour: [1.0, 1.06, 0.95],
    partials: 16,
    rolloff: 0.8,
    vowel: 'a',
    shift: 1.1,
    noise: 0.3,
    tremHz: 12,
    tremDepth: 0.65,
    pattern: { groups: [2, 3], groupGap: [0.4, 1.2], itemDur: [0.6, 1.1] },
    attack: 0.1,
    release: 0.35,
  }),
  goat: mammalOf({
    f0: 430,
    contour: [1.05, 1.1, 0.95],
    partials: 14,
    rolloff: 0.8,
    vowel: 'e',
    shift: 1.15,
    noise: 0.35,
    tremHz: 17,
    tremDepth: 0.75,
    pattern: { groups: [2, 3], groupGap: [0.4, 1.2], itemDur: [0.5, 0.9] },
    attack: 0.1,
    release: 0.35,
  }),
  horse: mammalOf({
    f0: 720,
    contour: [1.3, 1.15, 1.0, 0.85, 0.7],
    partials: 8,
    rolloff: 1.0,
    vowel: 'i',
    shift: 1.0,
    noise: 0.35,
    vibHz: 10,
    vibDepth: 0.06,
    pattern: { groups: [1, 2], groupGap: [0.8, 1.6], itemDur: [1.0, 1.6] },
    attack: 0.08,
    release: 0.4,
  }),
  wolf: mammalOf({
    f0: 430,
    contour: [0.8, 1.05, 1.1, 1.05, 0.85],
    partials: 6,
    rolloff: 1.3,
    vowel: 'u',
    shift: 1.0,
    noise: 0.1,
    vibHz: 5,
    vibDepth: 0.012,
    pattern: { groups: [1, 2], groupGap: [0.5, 1.5], itemDur: [1.6, 3.0] },
    attack: 0.25,
    release: 0.3,
  }),
  lion: mammalOf({
    f0: 170,
    contour: [0.9, 1.1, 1.0, 0.7],
    partials: 22,
    rolloff: 0.6,
    vowel: 'a',
    shift: 0.8,
    noise: 0.65,
    tremHz: 24,
    tremDepth: 0.5,
    pattern: { groups: [1, 3], groupGap: [0.4, 1.2], itemDur: [0.8, 1.8] },
    attack: 0.1,
    release: 0.5,
  }),
  donkey: mammalOf({
    f0: 380,
    contour: [1.35, 0.75, 1.35, 0.75, 1.35, 0.75],
    partials: 18,
    rolloff: 0.7,
    vowel: 'a',
    shift: 1.0,
    noise: 0.45,
    pattern: { groups: [1, 2], groupGap: [0.6, 1.4], itemDur: [1.5, 2.5] },
    attack: 0.05,
    release: 0.2,
  }),
};
