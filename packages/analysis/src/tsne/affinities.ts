/**
 * Input-space affinities of Barnes–Hut t-SNE, as sklearn computes them: a per-point Gaussian bandwidth found by
 * binary search to match the perplexity on the k nearest neighbours' squared distances, then the symmetrised,
 * normalised sparse joint distribution P = (P_{j|i} + P_{i|j}) / Σ.
 */

/** Compressed sparse rows of an n × n matrix; column indices ascending within each row. */
export interface SparseMatrix {
  /** n + 1 row offsets into indices/values. */
  indptr: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}

/** sklearn's _binary_search_perplexity constants. */
const PERPLEXITY_TOLERANCE = 1e-5;
const BINARY_SEARCH_STEPS = 100;
const EPSILON_DBL = 1e-8;

/**
 * Conditional probabilities P_{j|i} over each row's neighbours (sklearn's _binary_search_perplexity with
 * neighbours): exp(−β_i d²_ij) normalised per row, β_i bisected (doubling/halving while unbounded) until the row's
 * entropy is within 1e-5 nats of log(perplexity).
 *
 * @param sqDist n × k squared distances to the neighbours, row-major (float32, as sklearn casts them)
 * @returns      n × k conditional probabilities (float64), each row summing to 1
 */
export function conditionalProbabilities(sqDist: Float32Array, k: number, perplexity: number): Float64Array {
  const n = sqDist.length / k;
  const p = new Float64Array(n * k);
  const desiredEntropy = Math.log(perplexity);
  for (let i = 0; i < n; i++) {
    const o = i * k;
    let betaMin = -Infinity;
    let betaMax = Infinity;
    let beta = 1;
    for (let step = 0; step < BINARY_SEARCH_STEPS; step++) {
      let sumP = 0;
      for (let j = 0; j < k; j++) {
        const v = Math.exp(-sqDist[o + j] * beta);
        p[o + j] = v;
        sumP += v;
      }
      if (sumP === 0) sumP = EPSILON_DBL;
      let sumDistP = 0;
      for (let j = 0; j < k; j++) {
        p[o + j] /= sumP;
        sumDistP += sqDist[o + j] * p[o + j];
      }
      const entropyDiff = Math.log(sumP) + beta * sumDistP - desiredEntropy;
      if (Math.abs(entropyDiff) <= PERPLEXITY_TOLERANCE) break;
      if (entropyDiff > 0) {
        betaMin = beta;
        beta = betaMax === Infinity ? beta * 2 : (beta + betaMax) / 2;
      } else {
        betaMax = beta;
        beta = betaMin === -Infinity ? beta / 2 : (beta + betaMin) / 2;
      }
    }
  }
  return p;
}

/**
 * The joint distribution P = (C + Cᵀ) / sum(C + Cᵀ) of a kNN conditional matrix C.
 *
 * @param neighbors n × k neighbour indices (row i: the k nearest of i, self excluded)
 * @param cond      n × k conditional probabilities aligned with `neighbors`
 * @returns         symmetric CSR matrix, columns ascending in every row
 */
export function symmetrize(neighbors: Int32Array, cond: Float64Array, k: number): SparseMatrix {
  const n = neighbors.length / k;
  // Transpose of C as CSR: row j lists (i, C_ij) for every i that has j among its neighbours, i ascending.
  const tPtr = new Int32Array(n + 1);
  for (let e = 0; e < n * k; e++) tPtr[neighbors[e] + 1]++;
  for (let j = 0; j < n; j++) tPtr[j + 1] += tPtr[j];
  const tIdx = new Int32Array(n * k);
  const tVal = new Float64Array(n * k);
  const fill = tPtr.slice(0, n);
  for (let i = 0; i < n; i++)
    for (let q = 0; q < k; q++) {
      const j = neighbors[i * k + q];
      tIdx[fill[j]] = i;
      tVal[fill[j]++] = cond[i * k + q];
    }

  const indptr = new Int32Array(n + 1);
  let indices = new Int32Array(2 * n * k);
  let values = new Float64Array(2 * n * k);
  const order = new Int32Array(k);
  let nnz = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    // Row i of C sorted by column (insertion sort: k is small), then merged with row i of Cᵀ.
    for (let q = 0; q < k; q++) {
      let r = q;
      const col = neighbors[i * k + q];
      while (r > 0 && neighbors[i * k + order[r - 1]] > col) {
        order[r] = order[r - 1];
        r--;
      }
      order[r] = q;
    }
    let a = 0;
    let b = tPtr[i];
    const bEnd = tPtr[i + 1];
    while (a < k || b < bEnd) {
      const ca = a < k ? neighbors[i * k + order[a]] : n;
      const cb = b < bEnd ? tIdx[b] : n;
      let v: number;
      let col: number;
      if (ca === cb) {
        col = ca;
        v = cond[i * k + order[a++]] + tVal[b++];
      } else if (ca < cb) {
        col = ca;
        v = cond[i * k + order[a++]];
      } else {
        col = cb;
        v = tVal[b++];
      }
      indices[nnz] = col;
      values[nnz++] = v;
      total += v;
    }
    indptr[i + 1] = nnz;
  }
  indices = indices.slice(0, nnz);
  values = values.slice(0, nnz);
  const inv = 1 / Math.max(total, Number.EPSILON);
  for (let e = 0; e < nnz; e++) values[e] *= inv;
  return { indptr, indices, values };
}

/**
 * sklearn's _joint_probabilities_nn: squares the neighbour distances (for every metric) and casts them to float32
 * as sklearn does, finds the conditional probabilities, and symmetrises.
 *
 * @param neighbors n × k neighbour indices, row-major
 * @param distances n × k distances to them (not squared)
 */
export function jointProbabilities(
  neighbors: Int32Array,
  distances: Float64Array,
  k: number,
  perplexity: number,
): SparseMatrix {
  const sq = new Float32Array(distances.length);
  for (let e = 0; e < distances.length; e++) sq[e] = distances[e] * distances[e];
  return symmetrize(neighbors, conditionalProbabilities(sq, k, perplexity), k);
}
