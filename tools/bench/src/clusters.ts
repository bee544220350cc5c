import { mulberry32 } from '@zsaudit/core';

/** Shape of the analysis benches' data: 50 clusters in 1024-d. */
export const DIM = 1024;
export const CLUSTERS = 50;

/**
 * n points around {@link CLUSTERS} centres in {@link DIM}-d: centre ~ N(0, 1) per coordinate, point = centre +
 * N(0, 0.8²), each point's cluster drawn uniformly (mulberry32 + Box–Muller: the same bytes every run). The
 * silhouette and t-SNE benches share it, so their numbers are on the same data.
 */
export function clusteredData(n: number, seed: number): { x: Float32Array; labels: Int32Array } {
  const rand = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const centres = Float64Array.from({ length: CLUSTERS * DIM }, normal);
  const x = new Float32Array(n * DIM);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = Math.floor(rand() * CLUSTERS);
    labels[i] = c;
    for (let d = 0; d < DIM; d++) x[i * DIM + d] = centres[c * DIM + d] + 0.8 * normal();
  }
  return { x, labels };
}
