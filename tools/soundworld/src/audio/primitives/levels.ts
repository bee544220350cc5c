/** Primitives (conventions in ./index.ts): small helpers, mixing and levels. */

// ---------------------------------------------------------------------------------------------------------------
// Small helpers

/** Decibels to a linear amplitude factor (20·log10 convention), for gains given in dB. */
export function dbToGain(db: number): number {
  return Math.pow(10, db / 20);
}

/** Linear amplitude factor to decibels; −Infinity for 0. */
export function gainToDb(gain: number): number {
  return 20 * Math.log10(gain);
}

/** Per-sample multiplier that decays by 60 dB over `t60` seconds: r^(t60·sampleRate) = 1e-3. */
export function decayPerSample(t60: number, sampleRate: number): number {
  return t60 > 0 ? Math.exp(-6.907755278982137 / (t60 * sampleRate)) : 0;
}

/** The part of [offset, offset + length) inside `out`, as [start, end) sample indices. */
export function clampRange(out: Float32Array, offset: number, length: number): [number, number] {
  const start = Math.max(0, Math.floor(offset));
  const end = Math.min(out.length, Math.floor(offset) + Math.max(0, Math.floor(length)));
  return [start, end];
}

// ---------------------------------------------------------------------------------------------------------------
// Mixing and levels

/** dst[dstOffset + i] += gain(dB)·src[srcOffset + i] for the overlapping range (sums sources at a level). */
export function mixInto(
  dst: Float32Array,
  src: Float32Array,
  dstOffset = 0,
  gainDb = 0,
  srcOffset = 0,
  length = src.length - srcOffset,
): void {
  const g = dbToGain(gainDb);
  const d0 = Math.floor(dstOffset);
  const k0 = Math.max(0, -d0, 0);
  const k1 = Math.min(length, src.length - srcOffset, dst.length - d0);
  for (let k = k0; k < k1; k++) dst[d0 + k] += g * src[srcOffset + k];
}

/** Root mean square of buf[offset..+length) (0 for an empty range), for SNR and level matching. */
export function rms(buf: Float32Array, offset = 0, length = buf.length - offset): number {
  const [s, e] = clampRange(buf, offset, length);
  if (e <= s) return 0;
  let acc = 0;
  for (let i = s; i < e; i++) acc += buf[i] * buf[i];
  return Math.sqrt(acc / (e - s));
}

/** Largest absolute sample value. */
export function peakAbs(buf: Float32Array): number {
  let p = 0;
  for (let i = 0; i < buf.length; i++) {
    const a = Math.abs(buf[i]);
    if (a > p) p = a;
  }
  return p;
}

/** Multiplies buf in place by g. */
export function scaleInPlace(buf: Float32Array, g: number): void {
  for (let i = 0; i < buf.length; i++) buf[i] *= g;
}

/** Scales buf in place so its peak is `target` (no-op on silence); returns the factor applied. */
export function normalizePeak(buf: Float32Array, target: number): number {
  const p = peakAbs(buf);
  if (p === 0 || !(p < Infinity)) return 1;
  const g = target / p;
  scaleInPlace(buf, g);
  return g;
}
