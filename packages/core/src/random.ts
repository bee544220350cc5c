/**
 * Small seeded pseudo-random generators shared by every stage: weights, t-SNE, sampling and the bootstrap must give
 * bit-identical output for the same seed on every platform, so nothing here touches Math.random.
 */

/**
 * mulberry32: a 32-bit state generator, returning uniforms in [0, 1) with 2^-32 resolution. Plenty for
 * initialisation vectors and sampling; not for cryptography.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** mulberry32's raw 32-bit outputs (unsigned integers), for drawing indices with a modulus. */
export function mulberry32Uint32(seed: number): () => number {
  const u = mulberry32(seed);
  return () => u() * 4294967296;
}

/** m distinct indices of n, ascending: a partial Fisher–Yates shuffle driven by a seeded mulberry32 stream. */
export function sampleIndices(n: number, m: number, seed: number): Int32Array {
  const rand = mulberry32(seed);
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(rand() * (n - i));
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  return perm.subarray(0, m).sort();
}

/** Standard normal deviates (Box–Muller on a {@link mulberry32} stream; one of each pair is kept for simplicity). */
export function gaussian(seed: number): () => number {
  const u = mulberry32(seed);
  return () => {
    // 1 − u keeps the logarithm's argument in (0, 1].
    const r = Math.sqrt(-2 * Math.log(1 - u()));
    return r * Math.cos(2 * Math.PI * u());
  };
}
