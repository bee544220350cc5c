import { gaussian, mulberry32, mulberry32Uint32, sampleIndices } from './random';

describe('mulberry32', () => {
  it('gives the reference stream (values from an independent Python port of the C original)', () => {
    const r = mulberry32(42);
    expect([r(), r(), r(), r()]).toEqual([
      0.6011037519201636, 0.44829055899754167, 0.8524657934904099, 0.6697340414393693,
    ]);
    const z = mulberry32(0);
    expect([z(), z()]).toEqual([0.26642920868471265, 0.0003297457005828619]);
  });

  it('raw outputs are the uniforms times 2^32', () => {
    const u = mulberry32(7);
    const w = mulberry32Uint32(7);
    for (let i = 0; i < 5; i++) expect(w()).toBe(u() * 4294967296);
  });
});

describe('sampleIndices', () => {
  it('draws m distinct ascending indices, the same for the same seed', () => {
    const a = sampleIndices(100, 10, 3);
    expect(a.length).toBe(10);
    expect(new Set(a).size).toBe(10);
    for (let i = 1; i < a.length; i++) expect(a[i]).toBeGreaterThan(a[i - 1]);
    expect(Array.from(sampleIndices(100, 10, 3))).toEqual(Array.from(a));
    expect(Array.from(sampleIndices(100, 10, 4))).not.toEqual(Array.from(a));
    expect(Array.from(sampleIndices(5, 5, 1))).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('gaussian', () => {
  it('has mean 0 and variance 1 within sampling error', () => {
    const g = gaussian(11);
    const n = 20000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const x = g();
      s += x;
      s2 += x * x;
    }
    const mean = s / n;
    expect(Math.abs(mean)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(s2 / n - mean * mean - 1)).toBeLessThan(0.05);
  });
});
