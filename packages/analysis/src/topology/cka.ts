/**
 * Linear centered kernel alignment (CKA; Kornblith et al., "Similarity of Neural Network Representations
 * Revisited", ICML 2019): similarity of two representations of the same items, invariant to orthogonal transforms
 * and isotropic scaling of either space, and to translation (columns are centred).
 */
import { checkPairedSpaces } from './paired';

/** Rows centred and transposed per block: bounds the float64 working set to O(block · d) instead of O(n · d). */
const BLOCK_ROWS = 256;

/** Column means of an n × dim row-major matrix, float64. */
function columnMeans(x: Float32Array, dim: number, n: number): Float64Array {
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let d = 0, o = i * dim; d < dim; d++) mean[d] += x[o + d];
  for (let d = 0; d < dim; d++) mean[d] /= n;
  return mean;
}

/** Copies rows [start, start + count) of x, centred, into `out` transposed: out[d · count + r]. */
function centredTransposedBlock(
  x: Float32Array,
  dim: number,
  mean: Float64Array,
  start: number,
  count: number,
  out: Float64Array,
): void {
  for (let r = 0; r < count; r++) {
    const o = (start + r) * dim;
    for (let d = 0; d < dim; d++) out[d * count + r] = x[o + d] - mean[d];
  }
}

/** Σ u[uo + t] · v[vo + t] for t < len, four partial sums to shorten the dependency chain. */
function dot(u: Float64Array, uo: number, v: Float64Array, vo: number, len: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let t = 0;
  for (; t + 3 < len; t += 4) {
    s0 += u[uo + t] * v[vo + t];
    s1 += u[uo + t + 1] * v[vo + t + 1];
    s2 += u[uo + t + 2] * v[vo + t + 2];
    s3 += u[uo + t + 3] * v[vo + t + 3];
  }
  for (; t < len; t++) s0 += u[uo + t] * v[vo + t];
  return s0 + s1 + s2 + s3;
}

/**
 * C += U Vᵀ for U (nu × c) and V (nv × c), both row-major with rows of length c; C is nu × nv, row-major. With
 * `upperOnly` (U = V) entries below the diagonal may be skipped. Output tiles of 2 × 4 keep eight sums in registers
 * and reuse every load four or two times: about 3× the throughput of one dot product per entry in V8.
 */
function crossAccumulate(
  C: Float64Array,
  U: Float64Array,
  nu: number,
  V: Float64Array,
  nv: number,
  c: number,
  upperOnly: boolean,
): void {
  const nu2 = nu - (nu % 2);
  const nv4 = nv - (nv % 4);
  for (let i = 0; i < nu2; i += 2) {
    const a0 = i * c;
    const a1 = a0 + c;
    // in upper mode start at the tile holding column i: every entry (i or i + 1, j ≥ i) is then covered
    let j = upperOnly ? i - (i % 4) : 0;
    for (; j < nv4; j += 4) {
      const b0 = j * c;
      const b1 = b0 + c;
      const b2 = b1 + c;
      const b3 = b2 + c;
      let s00 = 0,
        s01 = 0,
        s02 = 0,
        s03 = 0,
        s10 = 0,
        s11 = 0,
        s12 = 0,
        s13 = 0;
      for (let t = 0; t < c; t++) {
        const u0 = U[a0 + t];
        const u1 = U[a1 + t];
        const v0 = V[b0 + t];
        const v1 = V[b1 + t];
        const v2 = V[b2 + t];
        const v3 = V[b3 + t];
        s00 += u0 * v0;
        s01 += u0 * v1;
        s02 += u0 * v2;
        s03 += u0 * v3;
        s10 += u1 * v0;
        s11 += u1 * v1;
        s12 += u1 * v2;
        s13 += u1 * v3;
      }
      const o0 = i * nv + j;
      const o1 = o0 + nv;
      C[o0] += s00;
      C[o0 + 1] += s01;
      C[o0 + 2] += s02;
      C[o0 + 3] += s03;
      C[o1] += s10;
      C[o1 + 1] += s11;
      C[o1 + 2] += s12;
      C[o1 + 3] += s13;
    }
    for (; j < nv; j++) {
      C[i * nv + j] += dot(U, a0, V, j * c, c);
      C[(i + 1) * nv + j] += dot(U, a1, V, j * c, c);
    }
  }
  for (let i = nu2; i < nu; i++)
    for (let j = upperOnly ? i : 0; j < nv; j++) C[i * nv + j] += dot(U, i * c, V, j * c, c);
}

/**
 * ‖Yᵀ X‖²_F, ‖Xᵀ X‖_F, ‖Yᵀ Y‖_F from the feature-space cross-products (dA × dA, dB × dB, dB × dA), accumulated over
 * row blocks. Time O(n (dA + dB)² / 2), memory O((dA + dB)²): the path unless n is well below dA + dB.
 */
function featureSpaceTerms(
  a: Float32Array,
  dimA: number,
  b: Float32Array,
  dimB: number,
  n: number,
): { cross: number; normA: number; normB: number } {
  const meanA = columnMeans(a, dimA, n);
  const meanB = columnMeans(b, dimB, n);
  const saa = new Float64Array(dimA * dimA); // upper triangle used (symmetric)
  const sbb = new Float64Array(dimB * dimB);
  const sba = new Float64Array(dimB * dimA);
  const ta = new Float64Array(dimA * BLOCK_ROWS);
  const tb = new Float64Array(dimB * BLOCK_ROWS);
  for (let start = 0; start < n; start += BLOCK_ROWS) {
    const c = Math.min(BLOCK_ROWS, n - start);
    centredTransposedBlock(a, dimA, meanA, start, c, ta);
    centredTransposedBlock(b, dimB, meanB, start, c, tb);
    crossAccumulate(saa, ta, dimA, ta, dimA, c, true);
    crossAccumulate(sbb, tb, dimB, tb, dimB, c, true);
    crossAccumulate(sba, tb, dimB, ta, dimA, c, false);
  }
  const symmetricFrobenius2 = (s: Float64Array, d: number): number => {
    let f = 0;
    for (let i = 0; i < d; i++) {
      f += s[i * d + i] * s[i * d + i];
      for (let j = i + 1; j < d; j++) f += 2 * s[i * d + j] * s[i * d + j];
    }
    return f;
  };
  let cross = 0;
  for (let i = 0; i < sba.length; i++) cross += sba[i] * sba[i];
  return {
    cross,
    normA: Math.sqrt(symmetricFrobenius2(saa, dimA)),
    normB: Math.sqrt(symmetricFrobenius2(sbb, dimB)),
  };
}

/**
 * The same three terms from the n × n Gram matrices K = X Xᵀ, L = Y Yᵀ of the centred rows, using
 * ‖YᵀX‖²_F = ⟨K, L⟩_F, ‖XᵀX‖_F = ‖K‖_F. Entries are formed one pair at a time and never stored: time
 * O(n² (dA + dB) / 2), memory O(n (dA + dB)). The path for few items in wide spaces (its plain dot products run at
 * about a third of the tiled kernel's speed, hence the switch at n < (dA + dB)/3).
 */
function gramTerms(
  a: Float32Array,
  dimA: number,
  b: Float32Array,
  dimB: number,
  n: number,
): { cross: number; normA: number; normB: number } {
  const centred = (x: Float32Array, dim: number): Float64Array => {
    const mean = columnMeans(x, dim, n);
    const out = new Float64Array(n * dim);
    for (let i = 0; i < n; i++) for (let d = 0, o = i * dim; d < dim; d++) out[o + d] = x[o + d] - mean[d];
    return out;
  };
  const xa = centred(a, dimA);
  const xb = centred(b, dimB);
  let kl = 0;
  let kk = 0;
  let ll = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const k = dot(xa, i * dimA, xa, j * dimA, dimA);
      const l = dot(xb, i * dimB, xb, j * dimB, dimB);
      const w = i === j ? 1 : 2; // each off-diagonal entry stands for itself and its mirror
      kl += w * k * l;
      kk += w * k * k;
      ll += w * l * l;
    }
  }
  return { cross: kl, normA: Math.sqrt(kk), normB: Math.sqrt(ll) };
}

/** Whether every row of x equals its first row. */
function allRowsEqual(x: Float32Array, dim: number, n: number): boolean {
  for (let i = 1; i < n; i++) for (let d = 0, o = i * dim; d < dim; d++) if (x[o + d] !== x[d]) return false;
  return true;
}

/**
 * Linear CKA between two representations of the same n items:
 *
 *   CKA(X, Y) = ‖Yᵀ X‖²_F / (‖Xᵀ X‖_F · ‖Yᵀ Y‖_F),  X, Y with centred columns,
 *
 * which equals HSIC(K, L) / √(HSIC(K, K) HSIC(L, L)) for linear kernels. In [0, 1]; 1 when Y = s·X·Q + t for an
 * orthogonal Q and scalar s ≠ 0. Float64 accumulation throughout.
 *
 * Computed from the dA × dA, dB × dB and dB × dA cross-products (O(n (dA + dB)²) time, memory independent of n), so
 * 50,000 rows are fine (~20 s for 512 + 512 dimensions on one core); when n < (dA + dB)/3 the equivalent n × n Gram
 * form is cheaper and is used instead. Both forms are exact; they agree to rounding.
 *
 * @param a n × dimA, row-major
 * @param b n × dimB, row-major; row i is the same item as row i of `a`
 * @returns the CKA, or NaN when a space has no variance (all rows equal): the ratio is then 0/0
 * @throws RangeError when the row counts differ, n < 2, or a row holds a NaN/infinity
 */
export function linearCka(a: Float32Array, dimA: number, b: Float32Array, dimB: number): number {
  const n = checkPairedSpaces(a, dimA, b, dimB, 'linearCka');
  if (n < 2) throw new RangeError(`linearCka: needs at least 2 items, got ${n}`);
  // tested on the values: a rounded mean can leave tiny non-zero deviations of identical rows
  if (allRowsEqual(a, dimA, n) || allRowsEqual(b, dimB, n)) return NaN;
  const { cross, normA, normB } =
    3 * n < dimA + dimB ? gramTerms(a, dimA, b, dimB, n) : featureSpaceTerms(a, dimA, b, dimB, n);
  if (normA === 0 || normB === 0) return NaN;
  // rounding can lift the ratio a hair above 1 for identical spaces
  return Math.min(1, cross / (normA * normB));
}

/** @internal Both computation paths, for the spec that checks they agree. */
export const linearCkaPaths = {
  features: (a: Float32Array, dimA: number, b: Float32Array, dimB: number): number => {
    const n = checkPairedSpaces(a, dimA, b, dimB, 'linearCka');
    const t = featureSpaceTerms(a, dimA, b, dimB, n);
    return t.cross / (t.normA * t.normB);
  },
  gram: (a: Float32Array, dimA: number, b: Float32Array, dimB: number): number => {
    const n = checkPairedSpaces(a, dimA, b, dimB, 'linearCka');
    const t = gramTerms(a, dimA, b, dimB, n);
    return t.cross / (t.normA * t.normB);
  },
};
