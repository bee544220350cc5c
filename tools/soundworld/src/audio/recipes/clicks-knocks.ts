/**
 * clicks_knocks: strikes = a short band-passed noise click + a few decaying modes, in timing patterns
 */
import * as P from '../primitives';
import {
  type AnySpec,
  type Ctx,
  family,
  fill,
  METAL_SMALL,
  MIN_LEVEL,
  type Pattern,
  schedule,
  spec,
  vary,
} from './shared';

interface ClickParams {
  pattern: Pattern;
  f0: number;
  modes: readonly P.Mode[];
  modeLevel: number;
  click: number;
  clickT60Ms: number;
  center: number;
  q: number;
  /** Per-strike loudness spread (dB). */
  spreadDb: number;
  /** Odd strikes at this pitch ratio (tick-tock). */
  alt?: number;
  /** Per-strike pitch spread (fraction): different keys, different spots on a door. */
  pitchSpread: number;
  /** A second strike after delayMs (mouse press/release, stapler). */
  release?: { delayMs: number; ratio: number; pitch: number };
  thump?: { f: number; t60: number; level: number };
}

function clicks(ctx: Ctx, p: ClickParams): void {
  const { rng, sr, n, out } = ctx;
  const items = schedule(ctx, p.pattern);
  const nz = new Float32Array(n);
  const modal = new Float32Array(n);
  const f0 = p.f0 * ctx.pitch;
  const modes = p.modes.map((m) => ({ ...m, t60: m.t60 * vary(rng, 0.2) }));
  let k = 0;
  const strike = (pos: number, amp: number, f: number) => {
    P.noiseBurst(nz, pos, sr, rng, amp, (p.clickT60Ms / 1000) * vary(rng, 0.2));
    P.modalStrike(modal, pos, n - pos, sr, f, modes, amp);
    if (p.thump && p.thump.level > MIN_LEVEL)
      P.modalStrike(
        modal,
        pos,
        n - pos,
        sr,
        p.thump.f * ctx.pitch,
        [{ ratio: 1, amp: p.thump.level, t60: p.thump.t60 }],
        amp,
      );
  };
  for (const it of items) {
    const amp = P.dbToGain(-rng.uniform(0, p.spreadDb));
    let f = f0 * vary(rng, p.pitchSpread);
    if (p.alt && k % 2 === 1) f *= p.alt;
    strike(it.start, amp, f);
    if (p.release && p.release.ratio > MIN_LEVEL) {
      const pos = it.start + Math.floor((p.release.delayMs / 1000) * sr * vary(rng, 0.25));
      if (pos < n) strike(pos, amp * p.release.ratio, f * p.release.pitch);
    }
    k++;
  }
  const buf = new Float32Array(n);
  P.Biquad.bandpass(p.center * ctx.pitch, p.q, sr).processInto(nz, 0, buf, 0, n, p.click);
  const mr = P.rms(modal);
  const br = P.rms(buf);
  const g = mr > 0 && br > 0 ? (p.modeLevel * br) / (p.click * mr) : 1;
  for (let i = 0; i < n; i++) out[i] += buf[i] + g * modal[i];
}

const clk = spec(clicks);

const WOOD: readonly P.Mode[] = [
  { ratio: 1, amp: 1, t60: 0.09 },
  { ratio: 2.32, amp: 0.6, t60: 0.06 },
  { ratio: 3.9, amp: 0.35, t60: 0.04 },
  { ratio: 5.3, amp: 0.2, t60: 0.03 },
];
const PLASTIC: readonly P.Mode[] = [
  { ratio: 1, amp: 1, t60: 0.02 },
  { ratio: 1.7, amp: 0.6, t60: 0.015 },
  { ratio: 2.9, amp: 0.4, t60: 0.01 },
];

const clickOf = family(clk, {
  pattern: {
    groups: [2, 3],
    groupGap: [0.5, 1.5],
    items: [1, 3],
    itemDur: [0.005, 0.005],
    itemGap: [0.1, 0.3],
    lead: [0, 0.3],
  },
  f0: 1500,
  modes: WOOD,
  modeLevel: 1,
  click: 1,
  clickT60Ms: 8,
  center: 2000,
  q: 0.8,
  spreadDb: 3,
  alt: 1,
  pitchSpread: 0.05,
  release: { delayMs: 80, ratio: 0, pitch: 1 },
  thump: { f: 150, t60: 0.06, level: 0 },
} as ClickParams);

/** The clicks_knocks classes. */
export const CLICKS_KNOCKS: Record<string, AnySpec> = {
  door_wood_knock: clickOf({
    pattern: { groups: [1, 3], groupGap: [0.8, 2.0], items: [2, 4], itemGap: [0.13, 0.2] },
    f0: 210,
    modes: WOOD,
    modeLevel: 1.5,
    click: 0.6,
    clickT60Ms: 12,
    center: 900,
    q: 0.8,
    spreadDb: 3,
    pitchSpread: 0.05,
  }),
  mouse_click: clickOf({
    pattern: {
      groups: [3, 7],
      groupGap: [0.3, 1.2],
      items: [1, 2],
      itemDur: [0.08, 0.12],
      itemGap: [0.05, 0.12],
    },
    f0: 2600,
    modes: PLASTIC,
    modeLevel: 0.7,
    click: 1,
    clickT60Ms: 4,
    center: 4000,
    q: 1,
    spreadDb: 4,
    pitchSpread: 0.04,
    release: { delayMs: 80, ratio: 0.6, pitch: 1.15 },
  }),
  keyboard_typing: clickOf({
    pattern: {
      groups: fill,
      groupGap: [0.2, 0.9],
      items: [3, 12],
      itemDur: [0.03, 0.06],
      itemGap: [0.04, 0.15],
    },
    f0: 1300,
    modes: PLASTIC,
    modeLevel: 0.7,
    click: 1,
    clickT60Ms: 8,
    center: 2500,
    q: 0.8,
    spreadDb: 8,
    pitchSpread: 0.15,
    release: { delayMs: 60, ratio: 0.3, pitch: 1.1 },
  }),
  clock_tick: clickOf({
    pattern: { groups: fill, groupGap: [0.47, 0.53], items: [1, 1], itemGap: [0, 0], lead: [0, 0.5] },
    f0: 3100,
    modes: METAL_SMALL,
    modeLevel: 1,
    click: 0.6,
    clickT60Ms: 4,
    center: 5000,
    q: 1,
    spreadDb: 1,
    alt: 1.15,
    pitchSpread: 0.01,
  }),
  typewriter: clickOf({
    pattern: {
      groups: fill,
      groupGap: [0.2, 0.9],
      items: [3, 10],
      itemDur: [0.05, 0.08],
      itemGap: [0.06, 0.18],
    },
    f0: 900,
    modes: METAL_SMALL,
    modeLevel: 1,
    click: 1,
    clickT60Ms: 15,
    center: 1800,
    q: 0.7,
    spreadDb: 5,
    pitchSpread: 0.1,
    thump: { f: 150, t60: 0.06, level: 1 },
  }),
  hammering: clickOf({
    pattern: { groups: [1, 3], groupGap: [0.6, 1.5], items: [3, 8], itemGap: [0.3, 0.55] },
    f0: 950,
    modes: [
      { ratio: 1, amp: 1, t60: 0.18 },
      { ratio: 2.76, amp: 0.6, t60: 0.12 },
      { ratio: 5.4, amp: 0.3, t60: 0.08 },
    ],
    modeLevel: 1.2,
    click: 1,
    clickT60Ms: 15,
    center: 1500,
    q: 0.7,
    spreadDb: 3,
    pitchSpread: 0.03,
    thump: { f: 110, t60: 0.08, level: 1.5 },
  }),
  tapping: clickOf({
    pattern: { groups: [2, 4], groupGap: [0.4, 1.2], items: [3, 10], itemGap: [0.12, 0.3] },
    f0: 650,
    modes: WOOD,
    modeLevel: 0.8,
    click: 0.8,
    clickT60Ms: 8,
    center: 1500,
    q: 0.8,
    spreadDb: 5,
    pitchSpread: 0.08,
  }),
  stapler: clickOf({
    pattern: { groups: [2, 4], groupGap: [0.6, 1.6], items: [1, 1], itemDur: [0.01, 0.01] },
    f0: 1600,
    modes: METAL_SMALL,
    modeLevel: 1,
    click: 1,
    clickT60Ms: 10,
    center: 2200,
    q: 0.8,
    spreadDb: 3,
    pitchSpread: 0.05,
    release: { delayMs: 120, ratio: 0.8, pitch: 0.7 },
    thump: { f: 200, t60: 0.05, level: 0.8 },
  }),
  light_switch: clickOf({
    pattern: { groups: [1, 3], groupGap: [0.8, 2.5], items: [1, 2], itemGap: [0.3, 1] },
    f0: 3600,
    modes: PLASTIC,
    modeLevel: 0.6,
    click: 1,
    clickT60Ms: 3,
    center: 4500,
    q: 1.2,
    spreadDb: 2,
    pitchSpread: 0.04,
  }),
};
