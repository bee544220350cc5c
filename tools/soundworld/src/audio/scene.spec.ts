import { createRng } from '../rng';
import { peakAbs, rms } from './primitives';
import { activeRms, renderBackground, renderScene, SCENE_PEAK, type SceneSpec } from './scene';
import { synthesizeEvent } from './recipes';
import { soundClass } from '../ontology';

const SR = 16000;

describe('renderScene', () => {
  const spec: SceneSpec = {
    seconds: 4,
    events: [
      { cls: 'dog', onset: 0.2, duration: 1.5, gainDb: 0 },
      { cls: 'rain', onset: 2.2, duration: 1.5, gainDb: -6 },
    ],
    background: 'none',
    snrDb: 0,
  };

  it('renders seconds·sampleRate samples, deterministically', () => {
    const a = renderScene(spec, createRng(1, 'scene'), SR);
    const b = renderScene(spec, createRng(1, 'scene'), SR);
    expect(a.length).toBe(4 * SR);
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    expect(
      Buffer.from(a.buffer).equals(Buffer.from(renderScene(spec, createRng(2, 'scene'), SR).buffer)),
    ).toBe(false);
  });

  it("each event depends only on its own stream: it is the event's own synthesis, placed at its onset with its gain", () => {
    const rng = createRng(1, 'scene');
    const mix = renderScene(spec, rng, SR);
    const dog = synthesizeEvent(soundClass('dog'), createRng(1, 'scene').fork('event-0'), {
      sampleRate: SR,
      seconds: 1.5,
    });
    const start = Math.round(0.2 * SR);
    for (const i of [1000, 5000, 12000, 20000]) expect(mix[start + i]).toBeCloseTo(dog[i], 6); // away from the fades
    expect(rms(mix, 0, start)).toBe(0);
    // removing the second event leaves the first one's samples untouched
    const alone = renderScene({ ...spec, events: spec.events.slice(0, 1) }, createRng(1, 'scene'), SR);
    expect(Array.from(alone.subarray(0, Math.round(2.2 * SR)))).toEqual(
      Array.from(mix.subarray(0, Math.round(2.2 * SR))),
    );
    // -6 dB gain on the rain
    const rain = synthesizeEvent(soundClass('rain'), createRng(1, 'scene').fork('event-1'), {
      sampleRate: SR,
      seconds: 1.5,
    });
    const r0 = Math.round(2.2 * SR);
    expect(mix[r0 + 8000] / rain[8000]).toBeCloseTo(Math.pow(10, -6 / 20), 4);
  });

  it('cuts events at the clip edges and fades them', () => {
    const x = renderScene(
      {
        seconds: 1,
        events: [{ cls: 'vacuum_cleaner', onset: -0.5, duration: 2, gainDb: 0 }],
        background: 'none',
        snrDb: 0,
      },
      createRng(3, 'cut'),
      SR,
    );
    expect(x.length).toBe(SR);
    expect(Math.abs(x[0])).toBeLessThan(0.05);
    expect(Math.abs(x[SR - 1])).toBeLessThan(0.05);
    expect(rms(x)).toBeGreaterThan(0.05);
  });

  it('adds the background bed at the requested SNR below the events’ active level', () => {
    for (const background of ['room', 'street', 'nature', 'crowd'] as const) {
      for (const snrDb of [0, 10, 20]) {
        const s: SceneSpec = {
          seconds: 3,
          events: [{ cls: 'siren', onset: 0, duration: 3, gainDb: -10 }],
          background,
          snrDb,
        };
        const events = renderScene({ ...s, background: 'none' }, createRng(5, 'snr'), SR);
        const mixed = renderScene(s, createRng(5, 'snr'), SR);
        const bed = mixed.map((v, i) => v - events[i]);
        const measured =
          20 * Math.log10(activeRms(events, new Uint8Array(events.length).fill(1), SR) / rms(bed));
        expect(measured).toBeCloseTo(snrDb, 1);
      }
    }
  });

  it('limits the peak to 0.99 and gives a bed alone when there are no events', () => {
    const loud = renderScene(
      {
        seconds: 2,
        events: [0, 1, 2].map((i) => ({ cls: 'gunshot', onset: 0.1 * i, duration: 1.5, gainDb: 6 })),
        background: 'room',
        snrDb: 0,
      },
      createRng(6, 'pk'),
      SR,
    );
    expect(peakAbs(loud)).toBeLessThanOrEqual(SCENE_PEAK + 1e-6);
    const bedOnly = renderScene(
      { seconds: 2, events: [], background: 'nature', snrDb: 10 },
      createRng(6, 'bed'),
      SR,
    );
    expect(rms(bedOnly)).toBeCloseTo(0.05, 3);
    expect(
      renderScene({ seconds: 2, events: [], background: 'none', snrDb: 10 }, createRng(6, 'bed'), SR).every(
        (v) => v === 0,
      ),
    ).toBe(true);
    expect(() =>
      renderScene(
        {
          seconds: 1,
          events: [{ cls: 'nope', onset: 0, duration: 1, gainDb: 0 }],
          background: 'none',
          snrDb: 0,
        },
        createRng(1, 'x'),
        SR,
      ),
    ).toThrow(/unknown sound class/);
  });

  it('background kinds differ in colour', () => {
    const centroid = (kind: 'room' | 'street' | 'nature' | 'crowd') => {
      const x = renderBackground(kind, createRng(1, kind), SR * 2, SR);
      let zc = 0;
      for (let i = 1; i < x.length; i++) if (x[i - 1] < 0 !== x[i] < 0) zc++;
      return zc / x.length;
    };
    const z = {
      room: centroid('room'),
      street: centroid('street'),
      nature: centroid('nature'),
      crowd: centroid('crowd'),
    };
    expect(z.street).toBeLessThan(z.room);
    expect(z.street).toBeLessThan(z.crowd);
    expect(new Set(Object.values(z).map((v) => v.toFixed(3))).size).toBe(4);
  });
});
