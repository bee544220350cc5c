/**
 * Signal building blocks for the procedural sound world. Everything works on mono Float32Array buffers at a
 * caller-given sample rate (Hz); times are in seconds unless a name says otherwise (`…Samples`, `…Ms`).
 *
 * Conventions, so recipes stay cheap and deterministic:
 * - Generators ADD into `out[offset .. offset + length)` (clipped to the buffer) and never allocate per sample;
 *   processors (filters, envelopes, modulators) work IN PLACE on a range.
 * - All randomness comes from an {@link Rng} argument, never from Math.random, so the same stream gives the
 *   same samples.
 * - Oscillators read a shared sine table / per-spectrum wavetables with linear interpolation; decays and glides
 *   are multiplicative recurrences instead of per-sample Math.exp / Math.pow.
 */
export {
  dbToGain,
  gainToDb,
  decayPerSample,
  mixInto,
  rms,
  peakAbs,
  scaleInPlace,
  normalizePeak,
} from './levels';
export {
  SINE_SIZE,
  fastSin,
  WAVETABLE_SIZE,
  buildWavetable,
  rolloffPartials,
  wavetableOsc,
  type ToneSpec,
  harmonicTone,
  type ChirpOptions,
  chirp,
} from './oscillators';
export {
  noiseSeed,
  whiteNoise,
  pinkNoise,
  brownNoise,
  noiseBurst,
  type CrackleSpec,
  crackle,
  impulseTrain,
  onsetTimes,
} from './noise';
export { Biquad, sweepBandpass, type Formant, type VowelName, VOWELS, FormantBank, dcBlock } from './filters';
export {
  type AmOptions,
  amplitudeModulate,
  type Mode,
  modalStrike,
  type Adsr,
  applyAdsr,
  applyExpDecay,
  applyFades,
  applyCurve,
  smoothRandomCurve,
  modulateSmoothRandom,
  breakpointCurve,
} from './envelopes';
