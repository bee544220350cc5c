/**
 * PCA initialisation for t-SNE, as sklearn's TSNE(init='pca') does it: the scores of the top principal components,
 * sign-fixed like sklearn's svd_flip, then scaled so that the first column has standard deviation 1e-4.
 *
 * The top components come from block subspace iteration on the covariance (never formed: each step is one pass
 * over the rows), with a Rayleigh–Ritz step on a block of b = 12 vectors. Each step costs 2·n·dim·b multiply-adds, so
 * 20,000 × 1024 inputs take at most 8 passes of ~0.5 G rather than the n·dim²/2 = 10 G of an explicit covariance.
 */
import { gaussian } from '@zsaudit/core';
import { dotRows } from '../linalg/dot';

/** Block width: the wanted components plus oversampling, which speeds convergence like randomized SVD's. */
const OVERSAMPLE = 10; // sklearn's n_oversamples
/** Stop early when every wanted Ritz pair has ‖C v − θ v‖ ≤ RESIDUAL_TOL · θ_max. */
const RESIDUAL_TOL = 1e-7;
/**
 * At most one pass plus 7 power iterations, sklearn's randomized PCA budget (n_iter='auto' with few components). When
 * the top eigenvalues are nearly equal (e.g. many similar clusters) the components are ill-determined anyway and more
 * passes would only pin down an arbitrary rotation within a near-degenerate subspace.
 */
const MAX_STEPS = 8;

/**
 * PCA scores scaled so that the first column has standard deviation 1e-4 (sklearn ≥ 1.2's default init). Falls back
 * to sklearn's random init (iid N(0, 1e-4²)) when the data has no spread to project on.
 *
 * @param x n × dim, row-major
 * @returns n × 2 (float64, row-major)
 */
export function pcaInit(x: Float32Array, dim: number, seed: number): Float64Array {
  const n = x.length / dim;
  const nComp = Math.min(2, dim);
  const scores = pcaScores(x, dim, nComp, seed);
  const y = new Float64Array(2 * n);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += scores[i * nComp];
  mean /= n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (scores[i * nComp] - mean) ** 2;
  const std = Math.sqrt(variance / n);
  const rand = gaussian(seed ^ 0x7e5e5eed);
  if (!(std > 0)) {
    for (let e = 0; e < 2 * n; e++) y[e] = 1e-4 * rand();
    return y;
  }
  for (let i = 0; i < n; i++)
    for (let c = 0; c < 2; c++)
      // A 1-column input has no second component: small noise stands in for it so the plane is used at all.
      y[2 * i + c] = c < nComp ? (scores[i * nComp + c] / std) * 1e-4 : 1e-4 * rand();
  return y;
}

/**
 * Principal-component scores of the rows of `x`.
 *
 * @param x     n × dim, row-major
 * @param nComp wanted components (≤ dim; components past the rank of the data come out as numerically zero columns)
 * @param seed  seeds the random start block, so results are reproducible
 * @returns     scores n × nComp (float64, row-major): (x − mean) · V, each column's largest-magnitude entry positive
 */
export function pcaScores(x: Float32Array, dim: number, nComp: number, seed: number): Float64Array {
  const n = x.length / dim;
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let d = 0, o = i * dim; d < dim; d++) mean[d] += x[o + d];
  for (let d = 0; d < dim; d++) mean[d] /= n;

  const b = Math.min(dim, nComp + OVERSAMPLE);
  const rand = gaussian(seed ^ 0x5ca1ab1e);
  // Q is kept transposed (b × dim, each basis vector contiguous) so that the passes below are plain dot products
  // and axpys over `dim`, the long axis.
  let q = new Float64Array(b * dim);
  for (let i = 0; i < q.length; i++) q[i] = rand();
  orthonormalizeRows(q, b, dim);

  const z = new Float64Array(b * dim);
  const y = new Float64Array(b);
  const xc = new Float64Array(dim);
  const ritz = new Float64Array(nComp * dim); // nComp × dim
  for (let step = 0; step < MAX_STEPS; step++) {
    // Zᵀ = (Xcᵀ (Xc Q))ᵀ, accumulated in one pass over the rows.
    z.fill(0);
    for (let i = 0; i < n; i++) {
      const o = i * dim;
      for (let d = 0; d < dim; d++) xc[d] = x[o + d] - mean[d];
      dotRows(xc, 0, q, 0, b, dim, y, 0); // y[j] = xc · q_j
      accumulateRow(xc, y, z, b, dim);
    }
    // Rayleigh–Ritz: T = Qᵀ C Q = Qᵀ Z (b × b); its eigenvectors S give Ritz vectors Q S with C (Q S) = Z S.
    const t = new Float64Array(b * b);
    for (let r = 0; r < b; r++)
      for (let c = r; c < b; c++) {
        let s = 0;
        for (let d = 0; d < dim; d++) s += q[r * dim + d] * z[c * dim + d];
        t[r * b + c] = s;
        t[c * b + r] = s;
      }
    const { values, vectors } = symmetricEigen(t, b);
    const m = Math.min(nComp, b);
    ritz.fill(0);
    let worst = 0;
    const scale = Math.max(Math.abs(values[0]), Number.MIN_VALUE);
    for (let c = 0; c < m; c++) {
      let res = 0;
      for (let d = 0; d < dim; d++) {
        let v = 0;
        let cv = 0;
        for (let j = 0; j < b; j++) {
          v += q[j * dim + d] * vectors[j * b + c];
          cv += z[j * dim + d] * vectors[j * b + c];
        }
        ritz[c * dim + d] = v;
        res += (cv - values[c] * v) ** 2;
      }
      worst = Math.max(worst, Math.sqrt(res) / scale);
    }
    // b = dim: the block spans the whole space, so the Ritz pairs are exact.
    if (worst <= RESIDUAL_TOL || b === dim) break;
    q = z.slice();
    orthonormalizeRows(q, b, dim);
  }

  const scores = new Float64Array(n * nComp);
  for (let i = 0; i < n; i++) {
    const o = i * dim;
    for (let c = 0; c < nComp; c++) {
      let s = 0;
      for (let d = 0; d < dim; d++) s += (x[o + d] - mean[d]) * ritz[c * dim + d];
      scores[i * nComp + c] = s;
    }
  }
  // svd_flip (u-based) as sklearn's PCA: the entry of largest magnitude in each score column is made positive.
  for (let c = 0; c < nComp; c++) {
    let best = 0;
    for (let i = 1; i < n; i++)
      if (Math.abs(scores[i * nComp + c]) > Math.abs(scores[best * nComp + c])) best = i;
    if (scores[best * nComp + c] < 0)
      for (let i = 0; i < n; i++) scores[i * nComp + c] = -scores[i * nComp + c];
  }
  return scores;
}

/** z_j += y[j] · xc for the b rows of z (b × dim), four rows at a time. */
function accumulateRow(xc: Float64Array, y: Float64Array, z: Float64Array, b: number, dim: number): void {
  let j = 0;
  for (; j + 4 <= b; j += 4) {
    const z0 = j * dim;
    const z1 = z0 + dim;
    const z2 = z1 + dim;
    const z3 = z2 + dim;
    const y0 = y[j];
    const y1 = y[j + 1];
    const y2 = y[j + 2];
    const y3 = y[j + 3];
    for (let d = 0; d < dim; d++) {
      const v = xc[d];
      z[z0 + d] += y0 * v;
      z[z1 + d] += y1 * v;
      z[z2 + d] += y2 * v;
      z[z3 + d] += y3 * v;
    }
  }
  for (; j < b; j++) {
    const zo = j * dim;
    const yj = y[j];
    for (let d = 0; d < dim; d++) z[zo + d] += yj * xc[d];
  }
}

/**
 * Modified Gram–Schmidt (twice, for stability) on the rows of a rows × cols row-major matrix, in place. A row that
 * becomes numerically zero (rank deficiency) is left as zero.
 */
function orthonormalizeRows(a: Float64Array, rows: number, cols: number): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let r = 0; r < rows; r++) {
      const ro = r * cols;
      for (let p = 0; p < r; p++) {
        const po = p * cols;
        let dot = 0;
        for (let c = 0; c < cols; c++) dot += a[ro + c] * a[po + c];
        for (let c = 0; c < cols; c++) a[ro + c] -= dot * a[po + c];
      }
      let norm = 0;
      for (let c = 0; c < cols; c++) norm += a[ro + c] * a[ro + c];
      norm = Math.sqrt(norm);
      const inv = norm > 1e-300 ? 1 / norm : 0;
      for (let c = 0; c < cols; c++) a[ro + c] *= inv;
    }
  }
}

/**
 * Eigen-decomposition of a small symmetric m × m matrix by cyclic Jacobi rotations.
 *
 * @returns values sorted descending; vectors m × m row-major with eigenvector c in column c
 */
export function symmetricEigen(a0: Float64Array, m: number): { values: Float64Array; vectors: Float64Array } {
  const a = a0.slice();
  const v = new Float64Array(m * m);
  for (let i = 0; i < m; i++) v[i * m + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let p = 0; p < m; p++) {
      diag += a[p * m + p] ** 2;
      for (let r = p + 1; r < m; r++) off += a[p * m + r] ** 2;
    }
    if (off <= 1e-30 * diag || off === 0) break;
    for (let p = 0; p < m; p++)
      for (let r = p + 1; r < m; r++) {
        const apr = a[p * m + r];
        if (apr === 0) continue;
        const theta = (a[r * m + r] - a[p * m + p]) / (2 * apr);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < m; k++) {
          // A ← Jᵀ A J applied as column then row rotations.
          const akp = a[k * m + p];
          const akr = a[k * m + r];
          a[k * m + p] = c * akp - s * akr;
          a[k * m + r] = s * akp + c * akr;
        }
        for (let k = 0; k < m; k++) {
          const apk = a[p * m + k];
          const ark = a[r * m + k];
          a[p * m + k] = c * apk - s * ark;
          a[r * m + k] = s * apk + c * ark;
        }
        for (let k = 0; k < m; k++) {
          const vkp = v[k * m + p];
          const vkr = v[k * m + r];
          v[k * m + p] = c * vkp - s * vkr;
          v[k * m + r] = s * vkp + c * vkr;
        }
      }
  }
  const order = Array.from({ length: m }, (_, i) => i).sort((i, j) => a[j * m + j] - a[i * m + i] || i - j);
  const values = new Float64Array(m);
  const vectors = new Float64Array(m * m);
  order.forEach((src, dst) => {
    values[dst] = a[src * m + src];
    for (let k = 0; k < m; k++) vectors[k * m + dst] = v[k * m + src];
  });
  return { values, vectors };
}
