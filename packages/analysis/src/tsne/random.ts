/**
 * Small seeded pseudo-random generators: t-SNE must give bit-identical output for the same seed on every platform,
 * so nothing here touches Math.random.
 */

/**
 * mulberry32: a 32-bit state generator, returning uniforms in [0, 1) with 2^-32 resolution. Plenty for
 * initialisation vectors; not for cryptography.
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

/** Standard normal deviates (Box–Muller on a {@link mulberry32} stream; one of each pair is kept for simplicity). */
export function gaussian(seed: number): () => number {
  const u = mulberry32(seed);
  return () => {
    // 1 − u keeps the logarithm's argument in (0, 1].
    const r = Math.sqrt(-2 * Math.log(1 - u()));
    return r * Math.cos(2 * Math.PI * u());
  };
}
