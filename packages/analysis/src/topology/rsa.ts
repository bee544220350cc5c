/**
 * Representational similarity analysis (RSA): the correlation between the pairwise-distance structures of the same
 * items in two embedding spaces.
 */
import { type Metric, forEachDistanceBlock } from '../linalg/distances';
import { type Correlation, pearson, spearman } from '../stats/correlation';
import { checkPairedSpaces } from './paired';

export interface RsaOptions {
  /** Distance used in both spaces (default 'cosine'). */
  metric?: Metric;
  /** Correlation of the two distance vectors (default 'spearman', the usual RSA choice: only the order matters). */
  method?: 'pearson' | 'spearman';
}

/** Above this many items the two float64 triangles alone exceed ~800 MB (and ranking needs ~2 GB more): subsample. */
export const RSA_MAX_ITEMS = 10000;

/**
 * The strict upper triangle (i < j) of the n × n distance matrix of the rows of `x`, row by row: the order of
 * scipy.spatial.distance.pdist. Length n(n − 1)/2, float64. Built from row blocks so the full matrix is never held.
 */
export function upperTriangleDistances(x: Float32Array, dim: number, metric: Metric): Float64Array {
  const n = x.length / dim;
  const tri = new Float64Array((n * (n - 1)) / 2);
  forEachDistanceBlock(
    x,
    dim,
    (start, count, block) => {
      for (let r = 0; r < count; r++) {
        const i = start + r;
        // row i of the triangle starts after rows 0 … i−1, which hold n−1, n−2, …, n−i entries
        const offset = (i * (2 * n - i - 1)) / 2;
        tri.set(block.subarray(r * n + i + 1, (r + 1) * n), offset);
      }
    },
    { metric },
  );
  return tri;
}

/**
 * RSA: the Pearson or Spearman correlation of the upper triangles of the two pairwise-distance matrices (n(n − 1)/2
 * pairs each), as `spearmanr(pdist(a, metric), pdist(b, metric))` in scipy.
 *
 * The p-value is the usual t test over n(n − 1)/2 pairs, which treats pairs as independent; they are not (each item
 * appears in n − 1 of them), so p is optimistic and should not be reported as significance: use a permutation
 * (Mantel) test over items for that.
 *
 * Scale: O(n² (dimA + dimB)) time and two float64 triangles, i.e. 8·n(n − 1) bytes (200 MB at n = 5,000); Spearman
 * adds the two rank vectors (as much again) and ~32 bytes per pair while ranking. Intended for n up to ~5,000
 * (about 10 s at 512 dimensions on one core, measured) and refused above {@link RSA_MAX_ITEMS}: subsample items.
 *
 * @param a n × dimA, row-major
 * @param b n × dimB, row-major; row i is the same item as row i of `a`
 * @returns r (NaN when all distances in a space are equal, e.g. identical rows) and its p-value
 * @throws RangeError when the row counts differ, n < 3, n > RSA_MAX_ITEMS, or a row holds a NaN/infinity
 */
export function rsa(
  a: Float32Array,
  dimA: number,
  b: Float32Array,
  dimB: number,
  opts: RsaOptions = {},
): Correlation {
  const n = checkPairedSpaces(a, dimA, b, dimB, 'rsa');
  if (n < 3) throw new RangeError(`rsa: needs at least 3 items (3 pairs), got ${n}`);
  if (n > RSA_MAX_ITEMS)
    throw new RangeError(
      `rsa: ${n} items would need ${n * (n - 1)} distances in memory; subsample to ≤ ${RSA_MAX_ITEMS}`,
    );
  const metric = opts.metric ?? 'cosine';
  const method = opts.method ?? 'spearman';
  if (method !== 'pearson' && method !== 'spearman')
    throw new RangeError(`rsa: method must be 'pearson' or 'spearman', got ${String(method)}`);
  const da = upperTriangleDistances(a, dimA, metric);
  const db = upperTriangleDistances(b, dimB, metric);
  return method === 'pearson' ? pearson(da, db) : spearman(da, db);
}
