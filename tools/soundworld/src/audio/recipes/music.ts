/**
 * music: notes on a pentatonic scale, plucked/struck (decaying) or sustained (bowed/blown), and a drum kit
 */
import * as P from '../primitives';
import {
  type AnySpec,
  type Ctx,
  family,
  fill,
  type Pattern,
  PENTATONIC,
  type Range,
  rint,
  ru,
  schedule,
  spec,
} from './shared';

interface InstrParams {
  kind: 'pluck' | 'sustain' | 'mallet';
  f0: Range;
  partials: readonly number[];
  t60: Range;
  attack: number;
  release: number;
  vibHz?: number;
  vibDepth?: number;
  breath?: number;
  body?: readonly P.Formant[];
  modes?: readonly P.Mode[];
  pattern: Pattern;
  chord?: Range;
  strum?: number;
  /** Brightness: low-pass cutoff as a multiple of the note's f0. */
  bright: number;
}

function instrument(ctx: Ctx, p: InstrParams): void {
  const { rng, sr, n, out } = ctx;
  const items = schedule(ctx, p.pattern);
  const root = Math.exp(rng.uniform(Math.log(p.f0[0]), Math.log(p.f0[1]))) * ctx.pitch;
  const octaves = Math.max(0.5, Math.log2(p.f0[1] / p.f0[0]));
  const span = PENTATONIC.filter((s) => s <= 12 * Math.min(octaves, 1.75));
  let deg = rng.int(0, span.length - 1);
  const buf = new Float32Array(n);
  const tmp = new Float32Array(n);
  for (const it of items) {
    const voices = p.chord ? rint(rng, p.chord) : 1;
    deg = Math.max(0, Math.min(span.length - 1, deg + rng.int(-2, 2)));
    for (let v = 0; v < voices; v++) {
      const semis = span[(deg + 2 * v) % span.length] + (deg + 2 * v >= span.length ? 12 : 0);
      const f = root * Math.pow(2, semis / 12);
      const start = it.start + Math.floor((p.strum ?? 0) * v * sr);
      if (start >= n) continue;
      const amp = P.dbToGain(-rng.uniform(0, 5)) / Math.sqrt(voices);
      if (p.kind === 'mallet' && p.modes) {
        P.modalStrike(buf, start, n - start, sr, f, p.modes, amp);
        continue;
      }
      const t60 = ru(rng, p.t60);
      const L =
        p.kind === 'pluck'
          ? Math.min(n - start, Math.floor(Math.min(t60, it.len / sr + t60 * 0.5) * sr))
          : Math.min(n - start, it.len);
      tmp.fill(0, 0, L);
      const kmax = Math.max(1, Math.min(p.partials.length, Math.floor((p.bright * f) / f)));
      P.harmonicTone(
        tmp,
        0,
        L,
        sr,
        {
          f0: f,
          partials: p.partials.slice(0, kmax),
          vibratoHz: p.vibHz,
          vibratoDepth: p.vibDepth,
          phase: rng.next(),
        },
        amp,
      );
      if (p.breath) {
        const nz = new Float32Array(L);
        P.whiteNoise(nz, 0, L, rng, 1);
        P.Biquad.bandpass(f * 2, 1.5, sr).processInto(nz, 0, tmp, 0, L, p.breath * amp * 2);
      }
      if (p.kind === 'pluck') {
        P.applyExpDecay(tmp, 0, L, sr, t60);
        P.applyFades(tmp, 0, L, Math.max(2, 0.002 * sr));
      } else {
        const d = L / sr;
        P.applyAdsr(tmp, 0, L, sr, {
          attack: Math.min(p.attack, 0.4 * d),
          decay: 0.1 * d,
          sustain: 0.85,
          release: Math.min(p.release, 0.4 * d),
        });
      }
      P.mixInto(buf, tmp, start, 0, 0, L);
    }
  }
  if (p.body) new P.FormantBank(p.body, sr, 1).processInto(buf, 0, out, 0, n, 1.5);
  for (let i = 0; i < n; i++) out[i] += p.body ? 0.4 * buf[i] : buf[i];
}

const ins = spec(instrument);

function drumKit(ctx: Ctx, _p: object): void {
  const { rng, sr, n, out } = ctx;
  const bpm = rng.uniform(85, 140) * ctx.tempo;
  const step = 60 / bpm / 2; // eighth notes
  const kickPat = rng.pick([
    [1, 0, 0, 0, 1, 0, 0, 0],
    [1, 0, 0, 1, 1, 0, 0, 0],
    [1, 0, 0, 0, 1, 0, 1, 0],
  ]);
  const snarePat = [0, 0, 1, 0, 0, 0, 1, 0];
  const hat = new Float32Array(n);
  const snare = new Float32Array(n);
  const start = rng.uniform(0, 0.3);
  for (let k = 0; start + k * step < ctx.seconds; k++) {
    const pos = Math.floor((start + k * step) * sr);
    const s = k % 8;
    const acc = P.dbToGain(-rng.uniform(0, 3));
    P.noiseBurst(hat, pos, sr, rng, 0.4 * acc, rng.chance(0.1) ? 0.25 : 0.05);
    if (kickPat[s])
      P.chirp(out, pos, 0.35 * sr, sr, 140 * ctx.pitch, 45 * ctx.pitch, { amp: 0.9 * acc, t60: 0.35 });
    if (snarePat[s]) {
      P.noiseBurst(snare, pos, sr, rng, 0.6 * acc, 0.18);
      P.modalStrike(
        out,
        pos,
        n - pos,
        sr,
        185 * ctx.pitch,
        [
          { ratio: 1, amp: 0.5, t60: 0.12 },
          { ratio: 1.6, amp: 0.3, t60: 0.08 },
        ],
        acc,
      );
    }
  }
  P.Biquad.highpass(6000, 0.7, sr).processInto(hat, 0, out, 0, n, 1);
  P.Biquad.bandpass(2000, 0.6, sr).processInto(snare, 0, out, 0, n, 1.5);
}

const XYLO: readonly P.Mode[] = [
  { ratio: 1, amp: 1, t60: 0.5 },
  { ratio: 3.93, amp: 0.4, t60: 0.2 },
  { ratio: 9.39, amp: 0.15, t60: 0.08 },
];

const instrumentOf = family(ins, {
  kind: 'sustain',
  f0: [200, 800],
  partials: [1, 0.5, 0.3],
  t60: [1, 2],
  attack: 0.02,
  release: 0.08,
  vibHz: 0,
  vibDepth: 0,
  breath: 0,
  pattern: {
    groups: fill,
    groupGap: [0.1, 0.5],
    items: [2, 6],
    itemDur: [0.2, 0.7],
    itemGap: [0, 0],
    lead: [0, 0.3],
  },
  chord: [1, 1],
  strum: 0,
  bright: 8,
} as InstrParams);

/** The music classes. */
export const MUSIC: Record<string, AnySpec> = {
  piano: instrumentOf({
    kind: 'pluck',
    f0: [130, 520],
    partials: [1, 0.5, 0.35, 0.2, 0.15, 0.1, 0.06, 0.04],
    t60: [1.2, 2.5],
    attack: 0.005,
    release: 0.1,
    pattern: { groups: fill, groupGap: [0.1, 0.5], items: [3, 8], itemDur: [0.2, 0.55] },
    chord: [1, 3],
    bright: 8,
  }),
  guitar: instrumentOf({
    kind: 'pluck',
    f0: [110, 440],
    partials: [1, 0.7, 0.45, 0.3, 0.2, 0.12, 0.08],
    t60: [0.8, 1.8],
    attack: 0.003,
    release: 0.1,
    pattern: { groups: fill, groupGap: [0.1, 0.6], items: [2, 6], itemDur: [0.25, 0.7] },
    chord: [1, 4],
    strum: 0.02,
    bright: 7,
  }),
  violin: instrumentOf({
    kind: 'sustain',
    f0: [220, 880],
    partials: P.rolloffPartials(14, 1.0),
    attack: 0.08,
    release: 0.08,
    vibHz: 5.5,
    vibDepth: 0.012,
    body: [
      { freq: 500, bw: 200 },
      { freq: 2000, bw: 600, gainDb: -4 },
      { freq: 3200, bw: 800, gainDb: -8 },
    ],
    pattern: { groups: fill, groupGap: [0.05, 0.4], items: [2, 6], itemDur: [0.3, 0.9] },
    bright: 14,
  }),
  flute: instrumentOf({
    kind: 'sustain',
    f0: [260, 1000],
    partials: [1, 0.3, 0.1, 0.05],
    attack: 0.06,
    release: 0.08,
    vibHz: 5,
    vibDepth: 0.006,
    breath: 0.15,
    pattern: { groups: fill, groupGap: [0.1, 0.5], items: [2, 6], itemDur: [0.2, 0.8] },
    bright: 4,
  }),
  drum_kit: { gen: drumKit, params: {} },
  trumpet: instrumentOf({
    kind: 'sustain',
    f0: [180, 700],
    partials: P.rolloffPartials(15, 0.5),
    attack: 0.04,
    release: 0.06,
    vibHz: 5,
    vibDepth: 0.008,
    pattern: { groups: fill, groupGap: [0.1, 0.5], items: [2, 6], itemDur: [0.2, 0.8] },
    bright: 15,
  }),
  organ: instrumentOf({
    kind: 'sustain',
    f0: [130, 520],
    partials: [1, 1, 0.5, 0.6, 0, 0.3, 0, 0.3],
    attack: 0.02,
    release: 0.05,
    pattern: { groups: fill, groupGap: [0.05, 0.3], items: [1, 3], itemDur: [0.6, 1.5] },
    chord: [2, 3],
    bright: 8,
  }),
  xylophone: instrumentOf({
    kind: 'mallet',
    f0: [500, 1600],
    partials: [1],
    t60: [0.5, 0.5],
    attack: 0,
    release: 0,
    modes: XYLO,
    pattern: { groups: fill, groupGap: [0.1, 0.5], items: [3, 8], itemDur: [0.1, 0.3] },
    bright: 1,
  }),
  harp: instrumentOf({
    kind: 'pluck',
    f0: [200, 800],
    partials: [1, 0.4, 0.2, 0.1],
    t60: [1.8, 3],
    attack: 0.003,
    release: 0.1,
    pattern: { groups: fill, groupGap: [0.2, 0.6], items: [4, 10], itemDur: [0.12, 0.25] },
    bright: 4,
  }),
  bass_guitar: instrumentOf({
    kind: 'pluck',
    f0: [41, 110],
    partials: [1, 0.6, 0.4, 0.3, 0.2, 0.1],
    t60: [1, 2],
    attack: 0.003,
    release: 0.1,
    pattern: { groups: fill, groupGap: [0.05, 0.4], items: [2, 6], itemDur: [0.2, 0.6] },
    bright: 6,
  }),
};
