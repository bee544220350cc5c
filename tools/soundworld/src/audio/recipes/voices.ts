/**
 * voices: syllables (glottal harmonic source + breath) through changing vowel formants
 */
import * as P from '../primitives';
import {
  type AnySpec,
  type Ctx,
  family,
  fill,
  maxLen,
  type Pattern,
  PENTATONIC,
  schedule,
  spec,
  vary,
} from './shared';

interface VoiceParams {
  f0: number;
  /** Per-syllable pitch spread (fraction, normal sd). */
  spread: number;
  contour: readonly number[];
  /** Pitch fall across a phrase (fraction). */
  declination: number;
  pattern: Pattern;
  vowels: readonly P.VowelName[];
  shift: number;
  breath: number;
  voiced: number;
  partials: number;
  rolloff: number;
  vibHz?: number;
  vibDepth?: number;
  /** A pure whistle: sine-like tone, no formants. */
  pure?: boolean;
  /** Pitches snap to a pentatonic scale (singing, humming, whistling). */
  melodic?: boolean;
  attack: number;
  release: number;
}

function voice(ctx: Ctx, p: VoiceParams): void {
  const { rng, sr, out } = ctx;
  const items = schedule(ctx, p.pattern);
  const len0 = maxLen(items);
  const tmp = new Float32Array(len0);
  const nz = new Float32Array(len0);
  const parts = P.rolloffPartials(p.partials, p.rolloff);
  const shift = p.shift * vary(rng, 0.06);
  let degree = rng.int(0, 4);
  for (const it of items) {
    tmp.fill(0, 0, it.len);
    let f = p.f0 * ctx.pitch;
    if (p.melodic) {
      degree = Math.max(0, Math.min(PENTATONIC.length - 1, degree + rng.int(-2, 2)));
      f *= Math.pow(2, (PENTATONIC[degree] - 7) / 12);
    } else {
      f *= Math.exp(p.spread * rng.normal()) * (1 - (p.declination * it.index) / Math.max(1, it.count));
    }
    const contour = p.contour.map((c) => c * vary(rng, 0.04));
    if (p.voiced > 0)
      P.harmonicTone(
        tmp,
        0,
        it.len,
        sr,
        {
          f0: f,
          contour,
          partials: p.pure ? [1, 0.04] : parts,
          vibratoHz: p.vibHz,
          vibratoDepth: p.vibDepth,
        },
        p.voiced,
      );
    if (p.breath > 0) {
      if (p.pure) {
        nz.fill(0, 0, it.len);
        P.whiteNoise(nz, 0, it.len, rng, 1);
        P.Biquad.bandpass(f, 4, sr).processInto(nz, 0, tmp, 0, it.len, p.breath * 3);
      } else P.whiteNoise(tmp, 0, it.len, rng, p.breath);
    }
    const d = it.len / sr;
    P.applyAdsr(tmp, 0, it.len, sr, {
      attack: p.attack * d,
      decay: 0.25 * d,
      sustain: 0.8,
      release: p.release * d,
    });
    const gain = P.dbToGain(rng.uniform(-5, 0));
    if (p.pure) P.mixInto(out, tmp, it.start, P.gainToDb(gain), 0, it.len);
    else
      new P.FormantBank(P.VOWELS[rng.pick(p.vowels)], sr, shift).processInto(
        tmp,
        0,
        out,
        it.start,
        it.len,
        gain,
      );
  }
}

const vox = spec(voice);

const voiceOf = family(vox, {
  f0: 200,
  spread: 0.1,
  contour: [1, 1],
  declination: 0.1,
  vowels: ['a', 'e', 'i', 'o', 'u'],
  shift: 1.1,
  breath: 0.15,
  voiced: 1,
  partials: 20,
  rolloff: 1,
  vibHz: 0,
  vibDepth: 0,
  attack: 0.15,
  release: 0.3,
  pattern: {
    groups: fill,
    groupGap: [0.2, 0.6],
    items: [3, 8],
    itemDur: [0.15, 0.4],
    itemGap: [0.02, 0.1],
    lead: [0, 0.3],
  },
} as VoiceParams);

/** The voices classes. */
export const VOICES: Record<string, AnySpec> = {
  crying_baby: voiceOf({
    f0: 440,
    spread: 0.08,
    contour: [0.9, 1.1, 1.05, 0.8],
    declination: 0.05,
    pattern: { groups: fill, groupGap: [0.15, 0.4], items: [1, 2], itemDur: [0.5, 1.2], itemGap: [0.1, 0.3] },
    vowels: ['a', 'e'],
    shift: 1.3,
    breath: 0.3,
    partials: 16,
    rolloff: 0.7,
    vibHz: 6,
    vibDepth: 0.03,
    attack: 0.1,
    release: 0.3,
  }),
  laughing: voiceOf({
    f0: 240,
    spread: 0.06,
    contour: [1.1, 0.9],
    declination: 0.2,
    pattern: {
      groups: [2, 3],
      groupGap: [0.4, 1.2],
      items: [4, 10],
      itemDur: [0.08, 0.14],
      itemGap: [0.06, 0.12],
    },
    vowels: ['a'],
    shift: 1.05,
    breath: 0.6,
    partials: 20,
    rolloff: 0.8,
    attack: 0.15,
    release: 0.4,
  }),
  speech_male: voiceOf({
    f0: 115,
    spread: 0.12,
    contour: [1.05, 0.95],
    declination: 0.15,
    pattern: {
      groups: fill,
      groupGap: [0.2, 0.6],
      items: [5, 14],
      itemDur: [0.12, 0.3],
      itemGap: [0.02, 0.08],
    },
    shift: 1.0,
    breath: 0.1,
    partials: 30,
    rolloff: 1.0,
  }),
  speech_female: voiceOf({
    f0: 210,
    spread: 0.12,
    contour: [1.05, 0.95],
    declination: 0.15,
    pattern: {
      groups: fill,
      groupGap: [0.2, 0.6],
      items: [5, 14],
      itemDur: [0.12, 0.3],
      itemGap: [0.02, 0.08],
    },
    shift: 1.15,
    breath: 0.12,
    partials: 24,
    rolloff: 1.0,
  }),
  child_speech: voiceOf({
    f0: 300,
    spread: 0.14,
    contour: [1.05, 0.95],
    declination: 0.12,
    pattern: {
      groups: fill,
      groupGap: [0.2, 0.7],
      items: [4, 10],
      itemDur: [0.12, 0.3],
      itemGap: [0.02, 0.1],
    },
    shift: 1.3,
    breath: 0.15,
    partials: 18,
    rolloff: 1.0,
  }),
  whispering: voiceOf({
    f0: 150,
    spread: 0.1,
    declination: 0,
    pattern: {
      groups: fill,
      groupGap: [0.2, 0.6],
      items: [5, 14],
      itemDur: [0.12, 0.3],
      itemGap: [0.02, 0.08],
    },
    shift: 1.1,
    breath: 1,
    voiced: 0,
    attack: 0.2,
  }),
  shouting: voiceOf({
    f0: 260,
    spread: 0.1,
    contour: [1.0, 1.1, 0.9],
    pattern: {
      groups: [2, 4],
      groupGap: [0.4, 1.2],
      items: [1, 3],
      itemDur: [0.3, 0.7],
      itemGap: [0.05, 0.15],
    },
    vowels: ['a', 'o'],
    shift: 1.05,
    breath: 0.25,
    partials: 30,
    rolloff: 0.5,
    attack: 0.08,
  }),
  singing: voiceOf({
    f0: 260,
    spread: 0,
    declination: 0,
    melodic: true,
    pattern: { groups: fill, groupGap: [0.2, 0.6], items: [3, 6], itemDur: [0.4, 1.0], itemGap: [0.02, 0.1] },
    vowels: ['a', 'o', 'u'],
    breath: 0.05,
    partials: 20,
    rolloff: 0.9,
    vibHz: 5.5,
    vibDepth: 0.025,
    release: 0.2,
  }),
  humming: voiceOf({
    f0: 180,
    spread: 0,
    declination: 0,
    melodic: true,
    pattern: { groups: fill, groupGap: [0.2, 0.6], items: [3, 6], itemDur: [0.4, 1.0], itemGap: [0.02, 0.1] },
    vowels: ['m'],
    shift: 1.0,
    breath: 0.02,
    partials: 10,
    rolloff: 1.6,
    vibHz: 5,
    vibDepth: 0.01,
    attack: 0.2,
    release: 0.2,
  }),
  whistling: voiceOf({
    f0: 1500,
    spread: 0,
    declination: 0,
    melodic: true,
    pure: true,
    pattern: {
      groups: fill,
      groupGap: [0.2, 0.6],
      items: [3, 7],
      itemDur: [0.15, 0.5],
      itemGap: [0.02, 0.08],
    },
    vowels: ['u'],
    breath: 0.08,
    partials: 1,
    vibHz: 6,
    vibDepth: 0.01,
    attack: 0.1,
    release: 0.2,
  }),
};
