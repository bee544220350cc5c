/**
 * Fixed-length clips for the audio encoder. Deterministic by design: evaluation must not depend on a random crop.
 */

/** Where a long clip is cropped: `center` (evaluation, as in the CLAP recipe) or `start` (the first samples). */
export type FitMode = 'center' | 'start';

/**
 * Returns exactly `length` samples.
 *
 * - Longer input: a crop of `length` samples starting at floor((n − length) / 2) for `center`, at 0 for `start`.
 * - Shorter input: repeat-padding: the clip is tiled end to end from its first sample and the tiling is cut at
 *   `length` (both modes), so no silence is introduced; e.g. [1, 2, 3] → length 7 → [1, 2, 3, 1, 2, 3, 1].
 * - Equal length: a copy.
 *
 * @param x      Samples (any rate); must not be empty.
 * @param length Wanted number of samples (non-negative integer).
 * @param mode   Crop position for input longer than `length`.
 * @returns A new Float32Array of `length` samples.
 * @throws RangeError for empty input, a bad length or an unknown mode.
 */
export function fitLength(x: Float32Array, length: number, mode: FitMode): Float32Array {
  if (!Number.isInteger(length) || length < 0)
    throw new RangeError(`fitLength: length must be a non-negative integer, got ${length}`);
  if (mode !== 'center' && mode !== 'start')
    throw new RangeError(`fitLength: unknown mode ${JSON.stringify(mode)}`);
  const n = x.length;
  if (n === 0) throw new RangeError('fitLength: empty input (nothing to crop or repeat)');
  if (n >= length) {
    const start = mode === 'center' ? Math.floor((n - length) / 2) : 0;
    return x.slice(start, start + length);
  }
  const out = new Float32Array(length);
  for (let o = 0; o < length; o += n) out.set(o + n <= length ? x : x.subarray(0, length - o), o);
  return out;
}
