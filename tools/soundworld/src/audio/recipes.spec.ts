import { createRng } from '../rng';
import { FAMILIES, ONTOLOGY, soundClass, type SoundClass } from '../ontology';
import { logMelStats } from './features';
import { peakAbs, rms } from './primitives';
import { EVENT_PEAK, RECIPE_CLASSES, synthesizeEvent } from './recipes';

const SR = 16000;

/** True when no sample is NaN or ±Infinity (x·0 is NaN exactly for those). */
function allFinite(x: Float32Array): boolean {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * 0;
  return s === 0;
}

describe('synthesizeEvent', () => {
  it('has a recipe for every class of the ontology and throws for others', () => {
    expect([...RECIPE_CLASSES].sort()).toEqual(ONTOLOGY.map((c) => c.name).sort());
    const fake: SoundClass = { ...soundClass('dog'), name: 'unicorn' };
    expect(() => synthesizeEvent(fake, createRng(1, 'x'), { sampleRate: SR, seconds: 1 })).toThrow(
      /no recipe for sound class "unicorn"/,
    );
  });

  it('every class gives 5 s at 16 kHz without NaN, with sound, peak-normalized to 0.9', () => {
    const silent: string[] = [];
    for (const c of ONTOLOGY) {
      const x = synthesizeEvent(c, createRng(3, `all/${c.name}`), { sampleRate: SR, seconds: 5 });
      expect(x.length).toBe(5 * SR);
      expect({ cls: c.name, finite: allFinite(x) }).toEqual({ cls: c.name, finite: true });
      if (!(rms(x) > 1e-3)) silent.push(c.name);
      expect(peakAbs(x)).toBeCloseTo(EVENT_PEAK, 5);
    }
    expect(silent).toEqual([]);
  });

  it('handles short and long durations and other sample rates', () => {
    for (const name of ['dog', 'rain', 'clock_tick', 'church_bells', 'glass_breaking', 'piano']) {
      for (const [seconds, sr] of [
        [0.25, 16000],
        [1, 22050],
        [9, 8000],
      ] as const) {
        const x = synthesizeEvent(soundClass(name), createRng(4, `len/${name}/${seconds}`), {
          sampleRate: sr,
          seconds,
        });
        expect(x.length).toBe(Math.round(seconds * sr));
        expect(allFinite(x)).toBe(true);
      }
    }
  });

  it('is deterministic: the same rng path gives identical samples, a different path different ones', () => {
    for (const name of ['dog', 'rain', 'helicopter', 'applause', 'siren']) {
      const a = synthesizeEvent(soundClass(name), createRng(7, `det/${name}`), {
        sampleRate: SR,
        seconds: 2,
      });
      const b = synthesizeEvent(soundClass(name), createRng(7, `det/${name}`), {
        sampleRate: SR,
        seconds: 2,
      });
      const c = synthesizeEvent(soundClass(name), createRng(7, `det/${name}/other`), {
        sampleRate: SR,
        seconds: 2,
      });
      expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
      expect(Buffer.from(a.buffer).equals(Buffer.from(c.buffer))).toBe(false);
    }
  });

  it('fills the duration naturally: continuous sounds stay on, discrete ones have pauses', () => {
    const activeShare = (name: string) => {
      let share = 0;
      for (let k = 0; k < 3; k++) {
        const x = synthesizeEvent(soundClass(name), createRng(8, `fill/${name}/${k}`), {
          sampleRate: SR,
          seconds: 5,
        });
        const frames = 250;
        let on = 0;
        for (let f = 0; f < frames; f++) if (rms(x, f * 320, 320) > 0.01) on++;
        share += on / frames / 3;
      }
      return share;
    };
    // share of 0.5 s windows holding any sound: periodic sounds (ticks, chirps) spread over the whole clip
    const coverage = (name: string) => {
      const x = synthesizeEvent(soundClass(name), createRng(8, `cover/${name}`), {
        sampleRate: SR,
        seconds: 5,
      });
      let on = 0;
      for (let w = 0; w < 10; w++) if (rms(x, w * 8000, 8000) > 0.01) on++;
      return on / 10;
    };
    for (const name of ['rain', 'wind', 'helicopter', 'vacuum_cleaner', 'siren', 'sea_waves'])
      expect({ name, on: activeShare(name) > 0.6 }).toEqual({ name, on: true });
    for (const name of ['clock_tick', 'crickets', 'keyboard_typing', 'church_bells'])
      expect({ name, on: coverage(name) >= 0.8 }).toEqual({ name, on: true });
    for (const name of ['dog', 'door_wood_knock', 'coughing', 'mouse_click', 'gunshot'])
      expect({ name, sparse: activeShare(name) < 0.6 }).toEqual({ name, sparse: true });
  });

  it('classes of a family are closer to each other than to other families (log-mel means)', () => {
    // mean log-mel spectrum per class over 3 clips; compare within-family to between-family distances
    const spec = (name: string) => {
      const acc = new Float64Array(40);
      for (let k = 0; k < 3; k++) {
        const f = logMelStats(
          synthesizeEvent(soundClass(name), createRng(9, `fam/${name}/${k}`), { sampleRate: SR, seconds: 3 }),
          SR,
        );
        for (let b = 0; b < 40; b++) acc[b] += f[b] / 3;
      }
      const m = acc.reduce((a, v) => a + v, 0) / 40;
      return acc.map((v) => v - m); // shape only, not loudness
    };
    const names: string[] = [
      ...FAMILIES.water.slice(0, 4),
      ...FAMILIES.engines.slice(0, 4),
      ...FAMILIES.bird_calls.slice(0, 4),
      ...FAMILIES.clicks_knocks.slice(0, 4),
    ];
    const S = new Map<string, Float64Array>(names.map((n) => [n, spec(n)]));
    const dist = (a: string, b: string) =>
      Math.sqrt(S.get(a)!.reduce((s, v, i) => s + (v - S.get(b)![i]) ** 2, 0));
    let within = 0;
    let wn = 0;
    let between = 0;
    let bn = 0;
    for (const a of names) {
      for (const b of names) {
        if (a >= b) continue;
        if (soundClass(a).family === soundClass(b).family) {
          within += dist(a, b);
          wn++;
        } else {
          between += dist(a, b);
          bn++;
        }
      }
    }
    expect(within / wn).toBeLessThan(0.8 * (between / bn));
  });
});
