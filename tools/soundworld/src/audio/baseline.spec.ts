import { runBaseline } from './baseline';

describe('baseline property of the synthetic ESC-50-like set', () => {
  it('nearest centroid on log-mel statistics is well above chance, well below perfect, and errs within families', () => {
    // 50 ESC-50 classes × 8 clips of 5 s at 16 kHz (room or nature bed, SNR 5..20 dB), 2-fold cross-validation
    const r = runBaseline({ seed: 2024, clipsPerClass: 8 });
    const top = [...r.confusions.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12);
    console.log(
      `audio baseline: accuracy ${r.accuracy.toFixed(3)} (chance 0.020), within-family error share ${r.withinFamilyShare.toFixed(3)} ` +
        `(${r.errors} errors; chance ${r.withinFamilyChance.toFixed(3)}); rendered ${(r.samples / 1e6).toFixed(1)}M samples in ${r.renderMs} ms\n` +
        `top confusions: ${top.map(([k, v]) => `${k} ${v}`).join(', ')}`,
    );
    expect(r.tested).toBe(400);
    expect(r.accuracy).toBeGreaterThanOrEqual(0.25);
    expect(r.accuracy).toBeLessThanOrEqual(0.9);
    expect(r.withinFamilyShare).toBeGreaterThanOrEqual(0.35);
  });
});
