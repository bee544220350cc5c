import { createRng } from '../rng';
import {
  FEATURE_DIM,
  MEL_BANDS,
  RealFft,
  fitCentroids,
  hzToMel,
  logMelStats,
  melToHz,
  predictCentroid,
} from './features';
import { harmonicTone, whiteNoise } from './primitives';

describe('RealFft', () => {
  it('puts a 440 Hz tone at 16 kHz in bin 14 of a 512-point FFT', () => {
    const x = new Float32Array(512);
    for (let i = 0; i < 512; i++) x[i] = Math.sin((2 * Math.PI * 440 * i) / 16000);
    const pow = new Float64Array(257);
    new RealFft(512).power(x, 0, pow);
    let best = 0;
    for (let k = 1; k < 257; k++) if (pow[k] > pow[best]) best = k;
    expect(best).toBe(14);
  });

  it('matches a direct DFT', () => {
    const rng = createRng(5, 'fft');
    for (const n of [4, 16, 512]) {
      const x = Float64Array.from({ length: n }, () => rng.normal());
      const re = new Float64Array(n / 2 + 1);
      const im = new Float64Array(n / 2 + 1);
      new RealFft(n).transform(x, 0, re, im);
      for (let k = 0; k <= n / 2; k++) {
        let r = 0;
        let i = 0;
        for (let t = 0; t < n; t++) {
          r += x[t] * Math.cos((2 * Math.PI * k * t) / n);
          i -= x[t] * Math.sin((2 * Math.PI * k * t) / n);
        }
        expect(re[k]).toBeCloseTo(r, 8);
        expect(im[k]).toBeCloseTo(i, 8);
      }
    }
    expect(() => new RealFft(500)).toThrow(/power of two/);
  });
});

describe('logMelStats', () => {
  it('has 2·40 + 2 finite values; a tone lights up the mel band that holds its frequency', () => {
    const sr = 16000;
    const x = new Float32Array(sr * 2);
    harmonicTone(x, 0, x.length, sr, { f0: 1000 }, 0.5);
    const f = logMelStats(x, sr);
    expect(f.length).toBe(FEATURE_DIM);
    expect(FEATURE_DIM).toBe(2 * MEL_BANDS + 2);
    expect(f.every(Number.isFinite)).toBe(true);
    let best = 0;
    for (let b = 1; b < MEL_BANDS; b++) if (f[b] > f[best]) best = b;
    const step = hzToMel(sr / 2) / (MEL_BANDS + 1);
    const centre = melToHz(step * (best + 1));
    expect(Math.abs(centre - 1000)).toBeLessThan(120);
    expect(f[2 * MEL_BANDS + 1]).toBeCloseTo(2000 / sr, 3); // a 1 kHz sine crosses zero 2000 times per second
  });

  it('sees loudness and temporal variation: std is ~0 for steady noise and large for bursts', () => {
    const sr = 16000;
    const steady = new Float32Array(sr * 2);
    whiteNoise(steady, 0, steady.length, createRng(1, 'st'), 0.3);
    const bursty = new Float32Array(sr * 2);
    for (let k = 0; k < 8; k++) whiteNoise(bursty, k * 4000, 800, createRng(1, `b${k}`), 0.3);
    const a = logMelStats(steady, sr);
    const b = logMelStats(bursty, sr);
    const meanStd = (f: Float32Array) =>
      f.slice(MEL_BANDS, 2 * MEL_BANDS).reduce((s, v) => s + v, 0) / MEL_BANDS;
    expect(meanStd(a)).toBeLessThan(1);
    expect(meanStd(b)).toBeGreaterThan(5);
    expect(b[2 * MEL_BANDS]).toBeGreaterThan(a[2 * MEL_BANDS]); // flux
    expect(logMelStats(new Float32Array(100), sr).length).toBe(FEATURE_DIM); // shorter than a frame
  });

  it('mel scale conversions invert each other', () => {
    for (const f of [0, 100, 1000, 7999]) expect(melToHz(hzToMel(f))).toBeCloseTo(f, 6);
    expect(hzToMel(1000)).toBeCloseTo(1000, -1);
  });
});

describe('nearest centroid', () => {
  it('z-scores features and predicts the nearest class mean', () => {
    const rng = createRng(9, 'nc');
    const centres = [
      [0, 0, 100],
      [5, 0, 100],
      [0, 5, 300],
    ];
    const X: Float32Array[] = [];
    const y: number[] = [];
    centres.forEach((c, label) => {
      for (let i = 0; i < 20; i++) {
        X.push(Float32Array.from(c.map((v, j) => v + (j === 2 ? 30 : 1) * rng.normal())));
        y.push(label * 10);
      }
    });
    const model = fitCentroids(X, y);
    expect(model.classes).toEqual([0, 10, 20]);
    expect(model.centroids).toHaveLength(3);
    expect(model.std[2]).toBeGreaterThan(50);
    expect(predictCentroid(model, Float32Array.from([0.2, 0.1, 110]))).toBe(0);
    expect(predictCentroid(model, Float32Array.from([4.6, -0.3, 90]))).toBe(10);
    expect(predictCentroid(model, Float32Array.from([0.1, 4.8, 290]))).toBe(20);
    expect(() => fitCentroids([], [])).toThrow();
  });
});
