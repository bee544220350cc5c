/**
 * Trustworthiness of an embedding (Venna & Kaski 2001), exactly as sklearn.manifold.trustworthiness computes it with
 * the euclidean metric:
 *
 *   T(k) = 1 − 2 / (n k (2n − 3k − 1)) · Σ_i Σ_{j ∈ N_k^low(i)} max(0, r(i, j) − k)
 *
 * where N_k^low(i) are the k nearest neighbours of i in the embedding and r(i, j) is the rank of j among i's
 * neighbours in the input space (1 = nearest). Points that look like neighbours in the embedding but are far in the
 * input are penalised by how far.
 */
import { checkMatrix, forEachDistanceBlock, nearestNeighbors } from '../linalg/distances';

/**
 * @param high    n × dimHigh input points, row-major
 * @param low     n × dimLow embedding of the same rows, row-major
 * @param k       neighbourhood size; must satisfy 1 ≤ k < n / 2 (sklearn's rule, which keeps T within [0, 1])
 * @returns       T(k) in [0, 1], 1 when every embedding neighbour is among the input's k nearest
 * @throws RangeError for mismatched row counts, non-finite values, or k outside [1, n / 2)
 *
 * Ranks in the input space break exact distance ties by the lower row index (sklearn's argsort leaves the order of
 * ties unspecified). Memory stays O(block × n): the input-space distances are visited in row blocks.
 */
export function trustworthiness(
  high: Float32Array,
  dimHigh: number,
  low: Float32Array,
  dimLow: number,
  k: number,
): number {
  const n = checkMatrix(high, dimHigh, 'trustworthiness: high');
  const nLow = checkMatrix(low, dimLow, 'trustworthiness: low');
  if (nLow !== n) throw new RangeError(`trustworthiness: high has ${n} rows but low has ${nLow}`);
  if (!Number.isInteger(k) || k < 1)
    throw new RangeError(`trustworthiness: k must be a positive integer, got ${k}`);
  if (k >= n / 2) throw new RangeError(`trustworthiness: k (${k}) must be less than n / 2 (${n / 2})`);

  const lowNeighbors = nearestNeighbors(low, dimLow, k).indices;
  let penalty = 0;
  forEachDistanceBlock(high, dimHigh, (rowStart, rowCount, block) => {
    for (let r = 0; r < rowCount; r++) {
      const i = rowStart + r;
      const o = r * n;
      for (let q = 0; q < k; q++) {
        const j = lowNeighbors[i * k + q];
        const dij = block[o + j];
        // rank(i, j) = 1 + number of points (other than i) before j in i's input-space order.
        let rank = 1;
        for (let l = 0; l < n; l++) {
          const d = block[o + l];
          if ((d < dij || (d === dij && l < j)) && l !== i) rank++;
        }
        if (rank > k) penalty += rank - k;
      }
    }
  });
  return 1 - penalty * (2 / (n * k * (2 * n - 3 * k - 1)));
}
