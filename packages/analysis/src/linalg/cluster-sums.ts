/**
 * Per-cluster sums of distances, S[i][c] = Σ_{j ≠ i, codes[j] = c} d(x_i, x_j): what silhouette (and any
 * metric of mean distances to clusters) needs from the n × n distance matrix, without ever holding it.
 *
 * Cosine: d(i, j) = 1 − x̂_i·x̂_j is linear in x̂_j, so S[i][c] = |c| − x̂_i·m_c with m_c = Σ_{j in c} x̂_j,
 * minus the self term 1 − x̂_i·x̂_i in i's own cluster. Exact (the same sums, regrouped), in O(n·k·dim)
 * instead of O(n²·dim): one n × k Gram product. Cancellation is that of 1 − x̂·x̂ itself: in float64,
 * relative 1e-8 even for clusters whose cosine distances are 1e-7. (Per-pair clipping to [0, 2] only ever
 * touches rounding noise.)
 *
 * Euclidean has no such shortcut (the square root): each pair i < j is computed once (the upper triangle,
 * half of the products) and adds d to S[i][codes[j]] and to S[j][codes[i]]. Two ways:
 *
 * - 'onnx': the whole tile reduction runs inside onnxruntime (onnx-models.ts, sums-*): a tile of rows I ×
 *   columns J becomes distances, Trilu keeps the pairs j > i, and two small GEMMs against the one-hot codes
 *   give the row sums (|I| × k) and the column sums (|J| × k). Only those sums come back to this thread,
 *   which stays idle, so onnxruntime has every core, and no distance is touched by JS. Extra cost: 2k
 *   multiply-adds per pair on top of the dim of the distance, so it is used for k ≤ 128.
 * - 'js': forEachUpperDistanceBlock (products on either backend) and the reduction in JS, ~5 ns per pair.
 */
import {
  checkMatrix,
  forEachCrossDistanceBlock,
  forEachUpperDistanceBlock,
  gramMatrix,
  prepare,
  runPipelined,
  useOnnx,
  type DistanceBackend,
  type Metric,
} from './distances';
import { keepBuffer, takeBuffer } from './buffers';
import { sharedGramWorker } from './gram-worker-client';

export interface ClusterSumsOptions {
  metric?: Metric;
  backend?: DistanceBackend;
  /**
   * Only these rows (indices into x, any order): the result is rows.length × k, each row still summed against
   * all n rows. Costs rows.length · n distances (euclidean) instead of n² / 2.
   */
  rows?: ArrayLike<number>;
}

/** Above this many clusters the one-hot GEMMs of the onnx reduction cost more than reducing in JS. */
const ONNX_MAX_CLUSTERS = 128;

/**
 * Sums of distances from every row to the members of each cluster, the row itself excluded.
 *
 * @param x     n × dim, row-major
 * @param codes n cluster codes, integers in [0, k)
 * @param k     number of clusters
 * @returns     S, n × k row-major float64: S[i·k + c] = Σ over rows j ≠ i with codes[j] = c of d(x_i, x_j)
 *              (rows.length × k for the rows of opts.rows)
 * @throws RangeError for a non-finite value in x (naming the row), codes.length ≠ n, a code outside
 *         [0, k) or a row index outside [0, n)
 */
export function clusterDistanceSums(
  x: Float32Array,
  dim: number,
  codes: ArrayLike<number>,
  k: number,
  opts: ClusterSumsOptions = {},
): Float64Array {
  return clusterDistanceSumsBy(x, dim, codes, k, opts, 'auto');
}

/**
 * {@link clusterDistanceSums} with the reduction chosen. 'auto': cosine through the centroid identity;
 * euclidean inside onnxruntime when the products go there and k ≤ 128, else in JS. 'onnx' and 'js' force the
 * pairwise reductions (for cosine too). Exported for the tests, which check that all of them agree.
 */
export function clusterDistanceSumsBy(
  x: Float32Array,
  dim: number,
  codes: ArrayLike<number>,
  k: number,
  opts: ClusterSumsOptions,
  reduce: 'auto' | 'onnx' | 'js',
): Float64Array {
  const n = checkMatrix(x, dim, 'x');
  if (!Number.isInteger(k) || k < 1)
    throw new RangeError(`clusterDistanceSums: k must be a positive integer, got ${k}`);
  if (codes.length !== n) throw new RangeError(`clusterDistanceSums: ${codes.length} codes for ${n} rows`);
  const code = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = codes[i];
    if (!Number.isInteger(c) || c < 0 || c >= k)
      throw new RangeError(`clusterDistanceSums: code ${i} is ${c}, not an integer in [0, ${k})`);
    code[i] = c;
  }
  const metric = opts.metric ?? 'euclidean';
  const backend = opts.backend ?? 'auto';
  let subset: Int32Array | undefined;
  if (opts.rows) {
    subset = Int32Array.from(opts.rows);
    subset.forEach((i, q) => {
      if (i !== opts.rows![q] || i < 0 || i >= n)
        throw new RangeError(
          `clusterDistanceSums: rows[${q}] is ${opts.rows![q]}, not a row index in [0, ${n})`,
        );
    });
  }
  if (metric === 'cosine' && reduce === 'auto') return cosineSums(x, dim, n, code, k, backend, subset);
  if (subset) return subsetSums(x, dim, n, code, k, metric, backend, subset);
  const onnx =
    reduce === 'onnx' || (reduce === 'auto' && k <= ONNX_MAX_CLUSTERS && useOnnx(backend, (n * n * dim) / 2));
  return onnx ? sumsOnnx(x, dim, n, code, k, metric) : sumsJs(x, dim, n, code, k, metric, backend);
}

/** Cosine sums through the cluster sums of the unit rows (see the file comment), for all rows or a subset. */
function cosineSums(
  x: Float32Array,
  dim: number,
  n: number,
  code: Int32Array,
  k: number,
  backend: DistanceBackend,
  subset?: Int32Array,
): Float64Array {
  const p = prepare(x, dim, 'cosine');
  const unit = p.rows;
  const size = new Float64Array(k);
  const centroidSums = new Float64Array(k * dim);
  // 1 − x̂_i·x̂_i: 0 up to rounding for a non-zero row, 1 for a zero row (at distance 1 from every row,
  // itself too).
  const self = new Float64Array(n);
  for (let i = 0, o = 0; i < n; i++, o += dim) {
    const m = code[i] * dim;
    let ss = 0;
    for (let d = 0; d < dim; d++) {
      const v = unit[o + d];
      centroidSums[m + d] += v;
      ss += v * v;
    }
    self[i] = 1 - ss;
    size[code[i]]++;
  }
  const rows = subset ?? Int32Array.from({ length: n }, (_, i) => i);
  let left = unit;
  if (subset) {
    left = new Float64Array(subset.length * dim);
    subset.forEach((i, q) => left.set(unit.subarray(i * dim, (i + 1) * dim), q * dim));
  }
  const g = gramMatrix(left, centroidSums, dim, backend); // rows × k: x̂_i · m_c
  const out = new Float64Array(rows.length * k);
  rows.forEach((i, q) => {
    for (let c = 0; c < k; c++) out[q * k + c] = size[c] - g[q * k + c];
    out[q * k + code[i]] -= self[i];
  });
  return out;
}

/** Sums for a subset of rows: distances of those rows to all rows (cross blocks), reduced in JS. */
function subsetSums(
  x: Float32Array,
  dim: number,
  n: number,
  code: Int32Array,
  k: number,
  metric: Metric,
  backend: DistanceBackend,
  subset: Int32Array,
): Float64Array {
  const m = subset.length;
  const sub = new Float32Array(m * dim);
  subset.forEach((i, q) => sub.set(x.subarray(i * dim, (i + 1) * dim), q * dim));
  const out = new Float64Array(m * k);
  forEachCrossDistanceBlock(
    sub,
    x,
    dim,
    (start, count, block) => {
      for (let r = 0; r < count; r++) {
        const q = start + r;
        const self = subset[q];
        const o = q * k;
        // The row's distance to itself comes from the Gram form (≈ 1e-8·spread, not 0): skip it by index.
        for (let j = 0, b = r * n; j < n; j++, b++) if (j !== self) out[o + code[j]] += block[b];
      }
    },
    { metric, backend },
  );
  return out;
}

/** The JS reduction over upper-triangle blocks. */
function sumsJs(
  x: Float32Array,
  dim: number,
  n: number,
  code: Int32Array,
  k: number,
  metric: Metric,
  backend: DistanceBackend,
): Float64Array {
  // Cluster-major while accumulating (acc[c·n + j]), so the additions to the columns j of one row i walk
  // memory contiguously; transposed to row-major at the end.
  const acc = new Float64Array(k * n);
  const sums = new Float64Array(k);
  forEachUpperDistanceBlock(
    x,
    dim,
    (start, count, block) => {
      const w = n - start;
      for (let r = 0; r < count; r++) {
        const i = start + r;
        const li = code[i] * n;
        sums.fill(0);
        // Columns j > i only: c = j − start, row r's part of the block strictly right of the diagonal.
        for (let c = r + 1, o = r * w; c < w; c++) {
          const j = start + c;
          const d = block[o + c];
          sums[code[j]] += d;
          acc[li + j] += d;
        }
        for (let c = 0; c < k; c++) acc[c * n + i] += sums[c];
      }
    },
    { metric, backend },
  );
  const out = new Float64Array(n * k);
  for (let c = 0; c < k; c++) for (let i = 0; i < n; i++) out[i * k + c] = acc[c * n + i];
  return out;
}

/** Rows [rowStart, +rowCount) against columns [colStart, +colCount), colStart ≥ rowStart. */
interface Tile {
  rowStart: number;
  rowCount: number;
  colStart: number;
  colCount: number;
}

/**
 * Tiles of about 1024 × 2048 (16 MB of distances inside onnxruntime, within the L3 cache). Rows come in ≥ 8
 * blocks when n is small, since one block would compute the whole square: 8 blocks compute 56% of it, n/1024
 * blocks ~50%.
 */
function upperTiles(n: number): Tile[] {
  const rows = Math.min(1024, Math.max(128, Math.ceil(n / 8)));
  const cols = 2048;
  const tiles: Tile[] = [];
  for (let s = 0; s < n; s += rows) {
    const rowCount = Math.min(rows, n - s);
    for (let c = s; c < n; c += cols)
      tiles.push({ rowStart: s, rowCount, colStart: c, colCount: Math.min(cols, n - c) });
  }
  return tiles;
}

/** The onnx reduction: every tile reduced to row and column sums inside onnxruntime. */
function sumsOnnx(
  x: Float32Array,
  dim: number,
  n: number,
  code: Int32Array,
  k: number,
  metric: Metric,
): Float64Array {
  const p = prepare(x, dim, metric);
  const oneHot = new Float64Array(n * k);
  for (let i = 0; i < n; i++) oneHot[i * k + code[i]] = 1;
  const out = new Float64Array(n * k);
  const worker = sharedGramWorker();
  const rowsId = worker.load(p.rows, n, dim);
  const ids = [rowsId];
  try {
    const sqId = metric === 'euclidean' ? worker.load(p.sq, n, 1) : undefined;
    if (sqId !== undefined) ids.push(sqId);
    const codesId = worker.load(oneHot, n, k);
    ids.push(codesId);
    /** Rows [start, start + count) of a loaded matrix, viewed as `shape`. */
    const slice = (id: number, start: number, count: number, shape: number[]) => ({
      id,
      start,
      rows: count,
      shape,
    });
    const tiles = upperTiles(n);
    const largest = tiles.reduce((m, t) => Math.max(m, (t.rowCount + t.colCount) * k), 0);
    const pool = [takeBuffer(largest * 8), takeBuffer(largest * 8)];
    try {
      runPipelined(
        worker,
        tiles,
        (t) => {
          worker.submit(
            `sums-${metric}`,
            {
              A: slice(rowsId, t.rowStart, t.rowCount, [t.rowCount, dim]),
              B: slice(rowsId, t.colStart, t.colCount, [t.colCount, dim]),
              ...(sqId !== undefined
                ? {
                    SA: slice(sqId, t.rowStart, t.rowCount, [t.rowCount, 1]),
                    SB: slice(sqId, t.colStart, t.colCount, [1, t.colCount]),
                  }
                : {}),
              LA: slice(codesId, t.rowStart, t.rowCount, [t.rowCount, k]),
              LB: slice(codesId, t.colStart, t.colCount, [t.colCount, k]),
              // Keep entry (r, c) when colStart + c > rowStart + r: column j strictly after row i.
              K: { int64: t.rowStart - t.colStart + 1 },
            },
            [
              ['RS', [t.rowCount, k]],
              ['CS', [t.colCount, k]],
            ],
            pool.pop()!,
          );
        },
        (t, buf) => {
          const rs = new Float64Array(buf, 0, t.rowCount * k);
          const cs = new Float64Array(buf, t.rowCount * k * 8, t.colCount * k);
          const ro = t.rowStart * k;
          for (let q = 0; q < rs.length; q++) out[ro + q] += rs[q];
          const co = t.colStart * k;
          for (let q = 0; q < cs.length; q++) out[co + q] += cs[q];
          pool.push(buf);
        },
        (buf) => pool.push(buf),
      );
    } finally {
      for (const buf of pool) keepBuffer(buf);
    }
  } finally {
    if (!worker.isClosed) for (const id of ids) keepBuffer(worker.free(id));
  }
  return out;
}
