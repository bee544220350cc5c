import { createRng } from '../rng';
import { ONTOLOGY } from '../ontology';
import { synthesizeEvent } from './recipes';
import * as P from './primitives';
it('speed', () => {
  const n = 80000; const b = new Float32Array(n); const rng = createRng(1, 'x');
  let t0 = performance.now(); for (let i = 0; i < 100; i++) P.whiteNoise(b, 0, n, rng, 1); console.log('white', ((performance.now() - t0) / 100 / n * 1e6).toFixed(2));
  const bq = P.Biquad.lowpass(1000, 0.7, 16000);
  t0 = performance.now(); for (let i = 0; i < 100; i++) bq.process(b); console.log('biquad', ((performance.now() - t0) / 100 / n * 1e6).toFixed(2));
  t0 = performance.now(); for (let i = 0; i < 100; i++) P.harmonicTone(b, 0, n, 16000, { f0: 200, partials: [1, 0.5] }, 0.1); console.log('tone', ((performance.now() - t0) / 100 / n * 1e6).toFixed(2));
  t0 = performance.now(); for (const c of ONTOLOGY.slice(0, 40)) synthesizeEvent(c, createRng(1, c.name), { sampleRate: 16000, seconds: 5 }); console.log('events', ((performance.now() - t0) / 40 / n * 1e6).toFixed(2));
});
