import { createRng } from '../rng';
import { RealFft } from './features';
import * as P from './primitives';

const SR = 16000;

/** RMS in dB of a signal's second half (skips filter transients). */
function tailDb(x: Float32Array): number {
  return 20 * Math.log10(P.rms(x, x.length >> 1));
}

function sine(f: number, n: number, sr = SR): Float32Array {
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = Math.sin((2 * Math.PI * f * i) / sr);
  return x;
}

function peakBin(x: Float32Array, offset = 0): number {
  const fft = new RealFft(512);
  const pow = new Float64Array(257);
  fft.power(x, offset, pow);
  let best = 0;
  for (let k = 1; k < pow.length; k++) if (pow[k] > pow[best]) best = k;
  return best;
}

describe('biquad filters (RBJ cookbook)', () => {
  it('a 500 Hz low-pass attenuates 4 kHz by more than 20 dB and passes 100 Hz', () => {
    const lp = P.Biquad.lowpass(500, Math.SQRT1_2, SR);
    expect(lp.responseDb(4000)).toBeLessThan(-20);
    expect(Math.abs(lp.responseDb(100))).toBeLessThan(0.5);
    const hi = sine(4000, SR);
    const lo = sine(100, SR);
    const ref = tailDb(sine(4000, SR));
    P.Biquad.lowpass(500, Math.SQRT1_2, SR).process(hi);
    P.Biquad.lowpass(500, Math.SQRT1_2, SR).process(lo);
    expect(tailDb(hi) - ref).toBeLessThan(-20);
    expect(Math.abs(tailDb(lo) - ref)).toBeLessThan(0.5);
  });

  it('high-pass, band-pass, peaking and shelves have their documented gains', () => {
    expect(P.Biquad.highpass(1000, Math.SQRT1_2, SR).responseDb(100)).toBeLessThan(-35);
    expect(Math.abs(P.Biquad.highpass(1000, Math.SQRT1_2, SR).responseDb(6000))).toBeLessThan(0.5);
    const bp = P.Biquad.bandpass(2000, 4, SR);
    expect(Math.abs(bp.responseDb(2000))).toBeLessThan(0.01);
    expect(bp.responseDb(500)).toBeLessThan(-20);
    expect(P.Biquad.peaking(1000, 1, 6, SR).responseDb(1000)).toBeCloseTo(6, 3);
    expect(Math.abs(P.Biquad.peaking(1000, 1, 6, SR).responseDb(7000))).toBeLessThan(0.5);
    expect(P.Biquad.highShelf(1500, -6, SR).responseDb(7500)).toBeCloseTo(-6, 0);
    expect(P.Biquad.lowShelf(300, 6, SR).responseDb(20)).toBeCloseTo(6, 0);
  });

  it('filtering block by block equals filtering at once (state is kept)', () => {
    const x = new Float32Array(3000);
    P.whiteNoise(x, 0, x.length, createRng(1, 'bq'));
    const a = x.slice();
    const b = x.slice();
    P.Biquad.bandpass(700, 2, SR).process(a);
    const f = P.Biquad.bandpass(700, 2, SR);
    for (let i = 0; i < b.length; i += 333) f.process(b, i, Math.min(333, b.length - i));
    expect(Array.from(b)).toEqual(Array.from(a));
  });
});

describe('oscillators', () => {
  it('a 440 Hz harmonic tone peaks in FFT bin round(440·512/16000) = 14', () => {
    const x = new Float32Array(2048);
    P.harmonicTone(x, 0, x.length, SR, { f0: 440, partials: [1, 0.3, 0.1] });
    expect(peakBin(x, 512)).toBe(14);
  });

  it('the pitch contour glides: a tone from 300 to 1200 Hz ends two octaves up', () => {
    const x = new Float32Array(SR);
    P.harmonicTone(x, 0, x.length, SR, { f0: 300, contour: [1, 4] });
    const binHz = SR / 512;
    expect(peakBin(x, 0) * binHz).toBeGreaterThan(250);
    expect(peakBin(x, 0) * binHz).toBeLessThan(360);
    expect(peakBin(x, SR - 512) * binHz).toBeGreaterThan(1100);
    expect(peakBin(x, SR - 512) * binHz).toBeLessThan(1250);
  });

  it('tones have RMS ≈ amp/√2 whatever the partials, and harmonics above Nyquist are dropped', () => {
    for (const partials of [[1], [1, 1, 1, 1], P.rolloffPartials(30, 0.5)]) {
      const x = new Float32Array(SR);
      P.harmonicTone(x, 0, x.length, SR, { f0: 200, partials }, 0.5);
      expect(P.rms(x)).toBeCloseTo(0.5 / Math.SQRT2, 2);
    }
    const x = new Float32Array(4096);
    P.harmonicTone(x, 0, x.length, SR, { f0: 3000, partials: [1, 1, 1, 1] }); // 6 kHz kept, 9 and 12 kHz dropped
    const fft = new RealFft(4096);
    const pow = new Float64Array(2049);
    fft.power(x, 0, pow);
    const bin = (f: number) => Math.round((f * 4096) / SR);
    expect(pow[bin(6000)]).toBeGreaterThan(1e3 * pow[bin(7000)]); // 9 kHz would alias to 7 kHz
  });

  it('chirps sweep upward and decay', () => {
    const x = new Float32Array(SR);
    P.chirp(x, 0, x.length, SR, 200, 3200, { kind: 'exp' });
    const zc = (a: number, b: number) => {
      let c = 0;
      for (let i = a + 1; i < b; i++) if (x[i - 1] < 0 !== x[i] < 0) c++;
      return c;
    };
    expect(zc(SR - 1000, SR)).toBeGreaterThan(8 * zc(0, 1000));
    const y = new Float32Array(SR);
    P.chirp(y, 0, y.length, SR, 500, 800, { t60: 0.25 });
    expect(20 * Math.log10(P.rms(y, 3800, 400) / P.rms(y, 0, 400))).toBeLessThan(-50);
  });

  it('modal strikes decay by about 60 dB over their T60 and skip modes above Nyquist', () => {
    const x = new Float32Array(SR);
    P.modalStrike(x, 0, x.length, SR, 1000, [{ ratio: 1, amp: 1, t60: 0.5 }]);
    const early = P.rms(x, 0, 400);
    const atT60 = P.rms(x, 7800, 400);
    expect(20 * Math.log10(atT60 / early)).toBeLessThan(-55);
    expect(20 * Math.log10(atT60 / early)).toBeGreaterThan(-65);
    const y = new Float32Array(1000);
    P.modalStrike(y, 0, y.length, SR, 1000, [{ ratio: 9, amp: 1, t60: 0.5 }]);
    expect(P.peakAbs(y)).toBe(0);
  });

  it('impulse trains have the requested rate and crackle its mean click rate', () => {
    const x = new Float32Array(SR * 2);
    expect(P.impulseTrain(x, 0, x.length, SR, 100, 0, createRng(1, 'imp'))).toBe(200);
    const n = P.crackle(x, 0, x.length, SR, createRng(1, 'crk'), { ratePerSec: 200, t60Ms: 2 });
    expect(n).toBeGreaterThan(330);
    expect(n).toBeLessThan(470);
    expect(P.onsetTimes(createRng(1, 'on'), 10, 2, 0)).toHaveLength(20);
  });
});

describe('noise, envelopes and mixing', () => {
  it('white, pink and brown noise have RMS ≈ amp/√3 and the expected tilt', () => {
    const bands = (gen: typeof P.whiteNoise) => {
      const x = new Float32Array(SR * 2);
      gen(x, 0, x.length, createRng(3, 'noise'), 1);
      const lo = x.slice();
      const hi = x.slice();
      P.Biquad.bandpass(250, 2, SR).process(lo);
      P.Biquad.bandpass(4000, 2, SR).process(hi);
      return { rms: P.rms(x), tiltDb: 20 * Math.log10(P.rms(hi) / P.rms(lo)) };
    };
    const w = bands(P.whiteNoise);
    const p = bands(P.pinkNoise);
    const b = bands(P.brownNoise);
    for (const r of [w, p, b]) expect(r.rms).toBeCloseTo(1 / Math.sqrt(3), 1);
    // same Q: the 4 kHz band is 16x wider in theory (a bit less after the bilinear warp), so white gains ~9-12 dB,
    // pink (equal energy per octave) stays level, brown (-6 dB/octave) loses ~12 dB more than pink
    expect(w.tiltDb).toBeGreaterThan(7);
    expect(w.tiltDb).toBeLessThan(13);
    expect(Math.abs(p.tiltDb)).toBeLessThan(4);
    expect(b.tiltDb).toBeLessThan(p.tiltDb - 8);
  });

  it('ADSR, exponential decay and fades shape a range in place', () => {
    const x = new Float32Array(1000).fill(1);
    P.applyAdsr(x, 0, 1000, 1000, { attack: 0.1, decay: 0.1, sustain: 0.5, release: 0.2 });
    expect(x[0]).toBeLessThan(0.02);
    expect(x[100]).toBeCloseTo(1, 1);
    expect(x[500]).toBeCloseTo(0.5, 5);
    expect(x[999]).toBeLessThan(0.01);
    const y = new Float32Array(1000).fill(1);
    P.applyExpDecay(y, 0, 1000, 1000, 0.5);
    expect(y[500]).toBeCloseTo(1e-3, 4);
    const z = new Float32Array(100).fill(1);
    P.applyFades(z, 0, 100, 10);
    expect(z[0]).toBeLessThan(0.1);
    expect(z[50]).toBe(1);
    expect(z[99]).toBeLessThan(0.1);
  });

  it('amplitude modulation swings between 1 − depth and 1', () => {
    const x = new Float32Array(SR).fill(1);
    P.amplitudeModulate(x, 0, x.length, SR, 10, 0.6);
    expect(Math.min(...x)).toBeCloseTo(0.4, 2);
    expect(Math.max(...x)).toBeCloseTo(1, 2);
    const y = new Float32Array(SR).fill(1);
    P.amplitudeModulate(y, 0, y.length, SR, 10, 1, { shape: 'pulse', duty: 0.25 });
    expect(y.filter((v) => v < 1e-6).length / y.length).toBeCloseTo(0.75, 1);
  });

  it('a formant bank peaks near its first formant', () => {
    const x = new Float32Array(SR);
    P.whiteNoise(x, 0, x.length, createRng(4, 'fb'));
    const y = new Float32Array(SR);
    new P.FormantBank(P.VOWELS.a, SR).processInto(x, 0, y, 0, x.length);
    const fft = new RealFft(512);
    const acc = new Float64Array(257);
    const pow = new Float64Array(257);
    for (let off = 0; off + 512 <= y.length; off += 512) {
      fft.power(y, off, pow);
      for (let k = 0; k < 257; k++) acc[k] += pow[k];
    }
    let best = 0;
    for (let k = 1; k < 257; k++) if (acc[k] > acc[best]) best = k;
    expect(Math.abs((best * SR) / 512 - 730)).toBeLessThan(120);
  });

  it('mixInto applies its gain in dB and clips to the destination', () => {
    const dst = new Float32Array(10);
    P.mixInto(dst, new Float32Array(10).fill(1), 5, 20 * Math.log10(2));
    expect(Array.from(dst)).toEqual([0, 0, 0, 0, 0, 2, 2, 2, 2, 2].map((v) => Math.fround(v)));
    P.mixInto(dst, new Float32Array(4).fill(1), -2, 0);
    expect(dst[0]).toBe(1);
    expect(dst[2]).toBe(0);
    expect(P.dbToGain(-6)).toBeCloseTo(0.501, 3);
    const z = Float32Array.from([0.1, -0.5, 0.2]);
    expect(P.normalizePeak(z, 0.9)).toBeCloseTo(1.8, 6);
    expect(P.peakAbs(z)).toBeCloseTo(0.9, 6);
  });
});

describe('determinism', () => {
  const render = (path: string) => {
    const rng = createRng(42, path);
    const x = new Float32Array(4000);
    P.whiteNoise(x, 0, 4000, rng, 0.5);
    P.pinkNoise(x, 0, 4000, rng, 0.5);
    P.crackle(x, 0, 4000, SR, rng, { ratePerSec: 100, t60Ms: 3 });
    P.impulseTrain(x, 0, 4000, SR, 150, 0.2, rng);
    x.set(P.smoothRandomCurve(rng, 100, SR, 0.001, 0, 1), 0);
    return x;
  };
  it('the same rng path gives identical samples, a different path different ones', () => {
    expect(Buffer.from(render('a/b').buffer).equals(Buffer.from(render('a/b').buffer))).toBe(true);
    expect(Buffer.from(render('a/b').buffer).equals(Buffer.from(render('a/c').buffer))).toBe(false);
  });
});
