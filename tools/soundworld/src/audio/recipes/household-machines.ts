/**
 * household_machines: motor hum + airflow noise + whine, modulated (drum rotation, blade pass), switched on/off
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
  type Pattern,
  schedule,
  spec,
  vary,
  wander,
} from './shared';

interface MachineParams {
  hum?: { f0: number; partials: readonly number[]; level: number; drift: number };
  noise?: {
    level: number;
    color: 'white' | 'pink' | 'brown';
    hp: number;
    lp: number;
    peak?: { f: number; q: number; db: number };
  };
  whine?: { f: number; level: number; drift: number };
  am?: { rate: number; depth: number; shape?: 'sine' | 'pulse'; duty?: number };
  thumps?: { rate: number; f: number; level: number };
  beeps?: { f: number; level: number };
  pattern: Pattern;
  /** Spin-up/down time at the edges of an active period (s). */
  ramp: number;
  swell: number;
}

function machine(ctx: Ctx, p: MachineParams): void {
  const { rng, sr, n, out } = ctx;
  const items = schedule(ctx, p.pattern);
  const gate = new Float32Array(n);
  const ramp = Math.max(1, Math.floor(p.ramp * sr));
  const inv = 1 / ramp;
  for (const it of items) {
    const r = Math.min(ramp, it.len >> 1);
    const e = it.start + it.len;
    for (let k = 0; k < r; k++) {
      const g = (k + 1) * inv;
      if (g > gate[it.start + k]) gate[it.start + k] = g;
      if (g > gate[e - 1 - k]) gate[e - 1 - k] = g;
    }
    gate.fill(1, it.start + r, e - r);
  }
  const swell = P.smoothRandomCurve(rng, n, sr, 1.0, 1 - p.swell, 1);
  for (let i = 0; i < n; i++) gate[i] *= swell[i];
  const buf = new Float32Array(n);
  const pts = Math.max(2, Math.round(ctx.seconds / 0.8));
  if (on(p.noise)) {
    noiseOf(p.noise.color)(buf, 0, n, rng, 1);
    P.Biquad.highpass(p.noise.hp, 0.7, sr).process(buf);
    P.Biquad.lowpass(p.noise.lp * vary(rng, 0.15), 0.7, sr).process(buf);
    if (p.noise.peak && Math.abs(p.noise.peak.db) > 0.5)
      P.Biquad.peaking(p.noise.peak.f * ctx.pitch, p.noise.peak.q, p.noise.peak.db, sr).process(buf);
    if (p.am && p.am.depth > MIN_LEVEL)
      P.amplitudeModulate(buf, 0, n, sr, p.am.rate * ctx.tempo * vary(rng, 0.1), p.am.depth, {
        shape: p.am.shape,
        duty: p.am.duty,
        phase: rng.next(),
      });
    P.applyCurve(buf, 0, n, gate);
    addAtRms(out, buf, p.noise.level * 0.3);
  }
  /** A gated tone whose pitch wanders by ±drift (the motor's hum, the whine of a fan or pump). */
  const gatedTone = (f: number, drift: number, partials: readonly number[], level: number) => {
    buf.fill(0);
    P.harmonicTone(buf, 0, n, sr, { f0: f * ctx.pitch, contour: wander(rng, pts, drift), partials }, 1);
    P.applyCurve(buf, 0, n, gate);
    addAtRms(out, buf, level * 0.3);
  };
  if (on(p.hum)) gatedTone(p.hum.f0, p.hum.drift, p.hum.partials, p.hum.level);
  if (on(p.whine)) gatedTone(p.whine.f, p.whine.drift, [1, 0.3, 0.1], p.whine.level);
  if (on(p.thumps)) {
    buf.fill(0);
    for (const t of P.onsetTimes(rng, ctx.seconds, p.thumps.rate * ctx.tempo, 0.3)) {
      const pos = Math.floor(t * sr);
      if (gate[pos] > 0.3)
        P.modalStrike(
          buf,
          pos,
          n - pos,
          sr,
          p.thumps.f * ctx.pitch,
          [
            { ratio: 1, amp: 1, t60: 0.25 },
            { ratio: 2.7, amp: 0.4, t60: 0.1 },
          ],
          gate[pos] * P.dbToGain(-rng.uniform(0, 8)),
        );
    }
    addAtRms(out, buf, p.thumps.level * 0.3);
  }
  if (on(p.beeps)) {
    // end-of-cycle beeps after the last active period
    const last = items[items.length - 1];
    let t = last ? last.start + last.len + Math.floor(0.3 * sr) : Math.floor(0.5 * sr);
    buf.fill(0);
    for (let b = 0; b < 3 && t + 0.2 * sr < n; b++) {
      const len = Math.floor(0.25 * sr);
      P.harmonicTone(buf, t, len, sr, { f0: p.beeps.f * ctx.pitch, partials: [1, 0, 0.3] }, 1);
      P.applyFades(buf, t, len, 0.005 * sr);
      t += Math.floor(0.6 * sr);
    }
    P.mixInto(out, buf, 0, P.gainToDb(p.beeps.level * 0.3));
  }
}

const mach = spec(machine);

const machineOf = family(mach, {
  hum: { f0: 100, partials: [1, 0.5, 0.3], level: 0, drift: 0.02 },
  noise: { level: 0, color: 'pink', hp: 100, lp: 3000, peak: { f: 1500, q: 1, db: 0 } },
  whine: { f: 600, level: 0, drift: 0.03 },
  am: { rate: 2, depth: 0, shape: 'sine', duty: 0.5 },
  thumps: { rate: 0.8, f: 80, level: 0 },
  beeps: { f: 2000, level: 0 },
  pattern: {
    groups: [1, 1],
    groupGap: [0, 0],
    items: [1, 1],
    itemDur: [4.5, 5],
    itemGap: [0, 0],
    lead: [0, 0.2],
  },
  ramp: 0.3,
  swell: 0.2,
} as MachineParams);

/** The household_machines classes. */
export const HOUSEHOLD_MACHINES: Record<string, AnySpec> = {
  washing_machine: machineOf({
    hum: { f0: 50, partials: [1, 0.6, 0.4, 0.2], level: 0.4, drift: 0.03 },
    noise: { level: 1, color: 'brown', hp: 40, lp: 700 },
    am: { rate: 0.8, depth: 0.75 },
    thumps: { rate: 0.8, f: 70, level: 0.6 },
    pattern: { itemDur: [4.5, 5], lead: [0, 0.1] },
  }),
  vacuum_cleaner: machineOf({
    noise: { level: 1, color: 'white', hp: 400, lp: 6500, peak: { f: 2200, q: 1.2, db: 6 } },
    whine: { f: 1400, level: 0.35, drift: 0.04 },
    hum: { f0: 180, partials: [1, 0.5, 0.3], level: 0.2 },
    pattern: { itemDur: [4, 5] },
    ramp: 0.5,
    swell: 0.3,
  }),
  hair_dryer: machineOf({
    noise: { level: 1, color: 'pink', hp: 250, lp: 5000, peak: { f: 1200, q: 1, db: 4 } },
    whine: { f: 420, level: 0.3, drift: 0.02 },
    am: { rate: 200, depth: 0.15 },
    pattern: { itemDur: [3.5, 5] },
    ramp: 0.2,
    swell: 0.15,
  }),
  blender: machineOf({
    hum: { f0: 240, partials: P.rolloffPartials(12, 0.7), level: 0.8, drift: 0.2 },
    noise: { level: 0.7, color: 'white', hp: 800, lp: 6000 },
    am: { rate: 8, depth: 0.5 },
    pattern: { groups: [1, 3], groupGap: [0.3, 1], itemDur: [1.2, 3.5] },
    ramp: 0.15,
    swell: 0.4,
  }),
  microwave_oven: machineOf({
    hum: { f0: 120, partials: [1, 0.6, 0.4, 0.2], level: 0.7, drift: 0.005 },
    noise: { level: 0.5, color: 'pink', hp: 100, lp: 1500 },
    am: { rate: 0.2, depth: 0.2 },
    beeps: { f: 2000, level: 1 },
    pattern: { itemDur: [2.5, 3.8] },
    ramp: 0.1,
    swell: 0.1,
  }),
  refrigerator_hum: machineOf({
    hum: { f0: 100, partials: [1, 0.3, 0.5, 0.1], level: 1, drift: 0.01 },
    noise: { level: 0.2, color: 'pink', hp: 60, lp: 800 },
    pattern: { itemDur: [5, 5], lead: [0, 0.1] },
    ramp: 0.4,
    swell: 0.1,
  }),
  dishwasher: machineOf({
    noise: { level: 1, color: 'white', hp: 400, lp: 3500, peak: { f: 1500, q: 1, db: 5 } },
    am: { rate: 1.5, depth: 0.6 },
    hum: { f0: 60, partials: [1, 0.5], level: 0.25, drift: 0.01 },
    pattern: { itemDur: [5, 5], lead: [0, 0.1] },
    swell: 0.3,
  }),
  electric_fan: machineOf({
    noise: { level: 1, color: 'pink', hp: 80, lp: 1300 },
    am: { rate: 18, depth: 0.3 },
    hum: { f0: 60, partials: [1, 0.3], level: 0.2, drift: 0.01 },
    pattern: { itemDur: [5, 5], lead: [0, 0.1] },
    ramp: 0.5,
    swell: 0.1,
  }),
};
