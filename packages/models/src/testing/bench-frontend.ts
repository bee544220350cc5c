/**
 * Front-end speed check (not a test): `npx tsx packages/models/src/testing/bench-frontend.ts`.
 * Times logMel (PANNs 32 kHz settings) on a 10 s clip and resample 44.1 → 32 kHz of 10 s, after a warm-up.
 */
import { logMel } from '../frontend/logmel';
import { resample } from '../frontend/resample';
import { fitLength } from '../frontend/clip';

function noise(n: number): Float32Array {
  const x = new Float32Array(n);
  let s = 1;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    x[i] = s / 2147483648 - 0.5;
  }
  return x;
}

function time(label: string, reps: number, fn: () => unknown): number {
  for (let i = 0; i < 3; i++) fn(); // warm-up: JIT and cached plans
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < reps; i++) fn();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6 / reps;
  console.log(`${label}: ${ms.toFixed(2)} ms`);
  return ms;
}

const clip32 = noise(320000);
const clip441 = noise(441000);
const opts = { sampleRate: 32000, nFft: 1024, hop: 320, melBins: 64, fMin: 50, fMax: 14000 };
const mel = time('logMel, 10 s at 32 kHz (1001 x 64)', 50, () => logMel(clip32, opts));
const rs = time('resample 44100 -> 32000, 10 s', 20, () => resample(clip441, 44100, 32000));
time('resample 48000 -> 32000, 10 s', 10, () => resample(noise(480000), 48000, 32000));
time('resample 16000 -> 32000, 10 s', 10, () => resample(noise(160000), 16000, 32000));
time('fitLength 10 s centre crop', 50, () => fitLength(clip441, 320000, 'center'));
console.log(
  `50,000 clips (single thread): logMel ${((mel * 50000) / 60000).toFixed(1)} min, 44.1k resample ${((rs * 50000) / 60000).toFixed(1)} min`,
);
