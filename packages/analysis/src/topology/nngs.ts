/**
 * Neighbourhood-graph similarity (NNGS): how much the k-nearest-neighbour graphs of the same items agree between two
 * embedding spaces (e.g. audio embeddings vs the text embeddings of their captions).
 */
import { type Metric, nearestNeighbors } from '../linalg/distances';
import { checkPairedSpaces } from './paired';

export interface NngsOptions {
  /** Neighbours per item, 1 ≤ k < n. */
  k: number;
  /** Distance defining the neighbourhoods in both spaces (default 'cosine'). */
  metric?: Metric;
}

/**
 * Per-item Jaccard index of the two k-NN sets: J(i) = |N_a(i) ∩ N_b(i)| / |N_a(i) ∪ N_b(i)|, where N_x(i) is the k
 * nearest other rows of item i in space x (itself excluded; equal distances broken by the lower row index).
 * As both sets have k members, J(i) = m / (2k − m) with m the overlap, in {0, 1/(2k−1), …, 1}.
 *
 * @param a     n × dimA, row-major
 * @param b     n × dimB, row-major; row i is the same item as row i of `a`
 * @returns     Float64Array of length n
 * @throws RangeError when the row counts differ, k is not an integer in [1, n − 1], or a row holds a NaN/infinity
 */
export function nngsPerItem(
  a: Float32Array,
  dimA: number,
  b: Float32Array,
  dimB: number,
  opts: NngsOptions,
): Float64Array {
  const n = checkPairedSpaces(a, dimA, b, dimB, 'nngs');
  const k = opts?.k;
  if (!Number.isInteger(k) || k < 1 || k >= n)
    throw new RangeError(`nngs: k must be an integer in [1, n − 1] = [1, ${n - 1}], got ${k}`);
  const metric = opts.metric ?? 'cosine';
  const na = nearestNeighbors(a, dimA, k, { metric }).indices;
  const nb = nearestNeighbors(b, dimB, k, { metric }).indices;
  // stamp[j] = i + 1 marks j as a neighbour of i in space a; no clearing between items is needed
  const stamp = new Int32Array(n);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * k;
    for (let q = 0; q < k; q++) stamp[na[o + q]] = i + 1;
    let m = 0;
    for (let q = 0; q < k; q++) if (stamp[nb[o + q]] === i + 1) m++;
    out[i] = m / (2 * k - m);
  }
  return out;
}

/**
 * NNGS: the mean over items of {@link nngsPerItem}. 1 when both spaces give every item the same k neighbours, and
 * about k / (2(n − 1) − k) for unrelated spaces (two random k-subsets of the n − 1 other items).
 *
 * Cost: two k-NN searches, O(n² (dimA + dimB)) time in blocks of rows (memory O(n·k) beyond one block).
 */
export function nngs(
  a: Float32Array,
  dimA: number,
  b: Float32Array,
  dimB: number,
  opts: NngsOptions,
): number {
  const per = nngsPerItem(a, dimA, b, dimB, opts);
  let s = 0;
  for (let i = 0; i < per.length; i++) s += per[i];
  return s / per.length;
}
