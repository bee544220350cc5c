/**
 * Pairwise distances and nearest neighbours over row-major Float32Array matrices (n × dim).
 *
 * This is the shared primitive of every metric in the package (silhouette, NNGS, trustworthiness, t-SNE,
 * RSA). Distances are visited in blocks of rows so that n × n never has to be held for large n.
 *
 * Metrics: "euclidean" (‖a − b‖₂) and "cosine" (1 − a·b / (‖a‖‖b‖), as scipy/sklearn define it; a zero row is
 * at distance 1 from every other row, as in sklearn, and the result is clipped to [0, 2]).
 *
 * How: every distance comes from a Gram product g = a·b computed in float64, then
 *   euclidean  d = √max(0, ‖a‖² + ‖b‖² − 2g)        cosine  d = clip(1 − g, 0, 2) on unit-normalized rows.
 * Float64 matters: the euclidean form cancels when d ≪ ‖a‖, and in float32 the relative error of d² grows
 * like 1e-6·‖a‖²/d² (sklearn upcasts float32 input to float64 for the same reason). Euclidean rows are first
 * centred on the column means, so ‖a‖ is the spread of the data rather than its offset from the origin. What
 * remains is a relative error of d² near 1e-16·‖a‖²/d²: below 1e-12 unless two points are 1e-2 of the spread
 * apart or closer. The diagonal (i = j) is exactly 0.
 *
 * Backends: large products run as a float64 GEMM in onnxruntime on a worker thread (gram-worker-client.ts),
 * called synchronously; small ones in plain JS, where starting the worker would cost more than the product.
 * Both give the same distances up to float64 rounding of the sums.
 */
import { keepBuffer, takeBuffer } from './buffers';
import { dotRows } from './dot';
import { gramWorkerRunning, sharedGramWorker, type GramWorker } from './gram-worker-client';

export type Metric = 'euclidean' | 'cosine';

/**
 * Where Gram products run. 'auto' (default): onnxruntime when the product is large enough to repay the
 * worker's start-up (or the worker already runs), plain JS otherwise. 'onnx' and 'js' force one.
 */
export type DistanceBackend = 'auto' | 'js' | 'onnx';

export interface DistanceBlockOptions {
  metric?: Metric;
  /** Rows per block (default chosen to keep a block near 32 MB). */
  blockRows?: number;
  backend?: DistanceBackend;
}

/** Bytes of one block of distances the default block size aims at. */
const BLOCK_BYTES = 32 << 20;

/**
 * Multiply-adds (rows · cols · dim) from which 'auto' uses onnxruntime: with the worker running, from ~1 ms
 * of JS work (a round trip costs ~0.1 ms); before it runs, from ~0.1 s of JS work, about what starting it
 * costs.
 */
const ONNX_MIN_WORK_WARM = 1e6;
const ONNX_MIN_WORK_COLD = 1e8;

/**
 * Visits the distance matrix D (n × n) of the rows of `x` in blocks of consecutive rows.
 *
 * @param x     n × dim, row-major
 * @param visit called with (first row, row count, block) where block is rowCount × n, row-major, float64;
 *              the block buffer is reused between calls: copy what you keep.
 */
export function forEachDistanceBlock(
  x: Float32Array,
  dim: number,
  visit: (rowStart: number, rowCount: number, block: Float64Array) => void,
  opts: DistanceBlockOptions = {},
): void {
  const n = checkMatrix(x, dim, 'x');
  const rows = opts.blockRows !== undefined ? checkBlockRows(opts.blockRows) : defaultBlockRows(n);
  forEachSelfDistanceTile(x, dim, rowBlockTiles(n, rows, n), visit, opts);
}

/**
 * Visits the upper triangle of D (n × n), diagonal included, in blocks of consecutive rows: the block of rows
 * [rowStart, rowStart + rowCount) holds their distances to columns [rowStart, n), so each pair i < j appears
 * once (at row i) and the n²/2 products are half of forEachDistanceBlock's. For reductions over pairs
 * (silhouette, RSA, t-SNE affinities), which add D[i][j] to both i and j.
 *
 * @param visit called with (first row, row count, block) where block is rowCount × (n − rowStart), row-major:
 *              entry (r, c) is D[rowStart + r][rowStart + c]. Pairs with c < r (below the diagonal inside the
 *              block) are present too; skip them to visit each pair once. The buffer is reused: copy what
 *              you keep. Blocks get more rows as they narrow (blockRows: rows of the first, widest one).
 */
export function forEachUpperDistanceBlock(
  x: Float32Array,
  dim: number,
  visit: (rowStart: number, rowCount: number, block: Float64Array) => void,
  opts: DistanceBlockOptions = {},
): void {
  const n = checkMatrix(x, dim, 'x');
  // Keep the first block's element count for every block, so later (narrower) blocks take more rows. By
  // default at least ~8 blocks (of ≥ 128 rows): one block would compute the full square, 8 compute 56% of it.
  const first =
    opts.blockRows !== undefined
      ? checkBlockRows(opts.blockRows)
      : Math.min(defaultBlockRows(n), Math.max(128, Math.ceil(n / 8)));
  const budget = first * n;
  const tiles: Tile[] = [];
  for (let s = 0; s < n;) {
    const count = Math.min(n - s, Math.max(1, Math.floor(budget / (n - s))));
    tiles.push({ rowStart: s, rowCount: count, colStart: s, colCount: n - s });
    s += count;
  }
  forEachSelfDistanceTile(x, dim, tiles, visit, opts);
}

/** The distances of `tiles` of x's rows against themselves, diagonal exactly 0, each handed to `visit`. */
function forEachSelfDistanceTile(
  x: Float32Array,
  dim: number,
  tiles: readonly Tile[],
  visit: (rowStart: number, rowCount: number, block: Float64Array) => void,
  opts: DistanceBlockOptions,
): void {
  const p = prepare(x, dim, opts.metric ?? 'euclidean');
  forEachGramTile(p, p, tiles, opts.backend ?? 'auto', (t, g) => {
    toDistances(p, p, t, g);
    zeroDiagonal(t, g);
    visit(t.rowStart, t.rowCount, g);
  });
}

/**
 * Visits the distances between the rows of `a` (na × dim) and the rows of `b` (nb × dim) in blocks of rows of
 * a: block is rowCount × nb, row-major, float64, reused between calls. Nothing is zeroed: a and b are
 * different sets (a row of a equal to a row of b is at distance ≈ 0, not exactly 0).
 */
export function forEachCrossDistanceBlock(
  a: Float32Array,
  b: Float32Array,
  dim: number,
  visit: (rowStart: number, rowCount: number, block: Float64Array) => void,
  opts: DistanceBlockOptions = {},
): void {
  const na = checkMatrix(a, dim, 'a');
  const nb = checkMatrix(b, dim, 'b');
  const metric = opts.metric ?? 'euclidean';
  const centre = metric === 'euclidean' ? columnMeans(b, dim) : undefined;
  const pa = prepare(a, dim, metric, centre);
  const pb = prepare(b, dim, metric, centre);
  const rows = opts.blockRows !== undefined ? checkBlockRows(opts.blockRows) : defaultBlockRows(nb);
  forEachGramTile(pa, pb, rowBlockTiles(na, rows, nb), opts.backend ?? 'auto', (t, g) => {
    toDistances(pa, pb, t, g);
    visit(t.rowStart, t.rowCount, g);
  });
}

/** The full n × n distance matrix (float64); for n up to a few thousand. */
export function pairwiseDistances(
  x: Float32Array,
  dim: number,
  opts: { metric?: Metric; backend?: DistanceBackend } = {},
): Float64Array {
  const n = checkMatrix(x, dim, 'x');
  const out = new Float64Array(n * n);
  forEachDistanceBlock(
    x,
    dim,
    (start, count, block) => out.set(block.subarray(0, count * n), start * n),
    opts,
  );
  return out;
}

/**
 * The k nearest neighbours of every row (itself excluded), nearest first; ties broken by the lower row index.
 *
 * @returns indices n × k (Int32Array) and their distances n × k (Float64Array), row-major.
 * @throws RangeError when k >= n or k < 1.
 */
export function nearestNeighbors(
  x: Float32Array,
  dim: number,
  k: number,
  opts: { metric?: Metric; backend?: DistanceBackend } = {},
): { indices: Int32Array; distances: Float64Array } {
  const n = checkMatrix(x, dim, 'x');
  if (!Number.isInteger(k) || k < 1 || k >= n)
    throw new RangeError(`nearestNeighbors: k must be an integer in [1, n − 1] = [1, ${n - 1}], got ${k}`);
  const indices = new Int32Array(n * k);
  const distances = new Float64Array(n * k);
  // A bounded max-heap of the k best (distance, index) so far, worst on top: O(n log k) per row, not a full
  // sort.
  const heapD = new Float64Array(k);
  const heapJ = new Int32Array(k);
  forEachDistanceBlock(
    x,
    dim,
    (start, count, block) => {
      for (let r = 0; r < count; r++) {
        const i = start + r;
        const row = r * n;
        let size = 0;
        for (let j = 0; j < n; j++) {
          if (j === i) continue;
          const d = block[row + j];
          if (size < k) {
            heapPush(heapD, heapJ, size++, d, j);
          } else if (d < heapD[0]) {
            // j grows, so a candidate at an equal distance has the higher index and never displaces the top.
            heapReplaceTop(heapD, heapJ, k, d, j);
          }
        }
        // Sort the k survivors by (distance, index).
        const order = Array.from({ length: k }, (_, q) => q).sort(
          (p, q) => heapD[p] - heapD[q] || heapJ[p] - heapJ[q],
        );
        for (let q = 0; q < k; q++) {
          indices[i * k + q] = heapJ[order[q]];
          distances[i * k + q] = heapD[order[q]];
        }
      }
    },
    opts,
  );
  return { indices, distances };
}

/** Checks that x holds whole rows of `dim` finite values; returns the row count. */
export function checkMatrix(x: Float32Array, dim: number, name: string): number {
  if (!Number.isInteger(dim) || dim < 1)
    throw new RangeError(`${name}: dim must be a positive integer, got ${dim}`);
  if (x.length % dim !== 0)
    throw new RangeError(`${name}: ${x.length} values is not a whole number of rows of ${dim}`);
  const n = x.length / dim;
  for (let i = 0; i < n; i++) {
    // v · 0 is NaN exactly for NaN and ±Infinity: one multiply-add per value; find the column only on
    // failure.
    let probe = 0;
    for (let o = i * dim, end = o + dim; o < end; o++) probe += x[o] * 0;
    if (probe !== 0) {
      for (let d = 0; d < dim; d++) {
        const v = x[i * dim + d];
        if (!Number.isFinite(v))
          throw new RangeError(`${name}: row ${i} has a non-finite value (${v}) at column ${d}`);
      }
    }
  }
  return n;
}

// -----------------------------------------------------------------------------------------------------------
// Internals, exported for cluster-sums.ts (not part of the package API: index.ts does not re-export them).

/**
 * Rows ready for Gram products: float64 copies; for euclidean, translated by a common centre (distances do
 * not change, and ‖a‖² + ‖b‖² − 2a·b then cancels only as much as the spread of the data requires, not its
 * offset: embeddings often sit far from the origin); for cosine, unit-normalized (zero rows stay zero).
 */
export interface Prepared {
  rows: Float64Array;
  n: number;
  dim: number;
  metric: Metric;
  /** ‖row − centre‖² (euclidean only; empty for cosine). */
  sq: Float64Array;
}

/** Column means of x (n × dim) in float64: the centre of {@link prepare}. */
function columnMeans(x: Float32Array, dim: number): Float64Array {
  const n = x.length / dim;
  const mean = new Float64Array(dim);
  for (let o = 0; o < x.length; o += dim) for (let d = 0; d < dim; d++) mean[d] += x[o + d];
  for (let d = 0; d < dim; d++) mean[d] /= Math.max(1, n);
  return mean;
}

/** @param centre for euclidean, the point subtracted from every row (shared by both sides of a cross). */
export function prepare(x: Float32Array, dim: number, metric: Metric, centre?: Float64Array): Prepared {
  const n = x.length / dim;
  // One pass per row that reads x and writes the float64 row (a new buffer's page faults are most of the cost
  // of this function, hence a kept buffer and no second pass).
  const rows = new Float64Array(takeBuffer(x.length * 8), 0, x.length);
  const sq = new Float64Array(metric === 'euclidean' ? n : 0);
  if (metric === 'euclidean') {
    const c = centre ?? columnMeans(x, dim);
    for (let i = 0, o = 0; i < n; i++, o += dim) {
      let s = 0;
      for (let d = 0; d < dim; d++) {
        const v = x[o + d] - c[d];
        rows[o + d] = v;
        s += v * v;
      }
      sq[i] = s;
    }
  } else {
    for (let o = 0; o < x.length; o += dim) {
      let s = 0;
      for (let d = 0; d < dim; d++) s += x[o + d] * x[o + d];
      const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
      for (let d = 0; d < dim; d++) rows[o + d] = x[o + d] * inv;
    }
  }
  return { rows, n, dim, metric, sq };
}

/** A Gram tile: rows [rowStart, +rowCount) of A against rows [colStart, +colCount) of B. */
interface Tile {
  rowStart: number;
  rowCount: number;
  colStart: number;
  colCount: number;
}

/** Blocks of `rows` consecutive rows (the last one shorter) of `n`, each against all `cols` columns. */
function rowBlockTiles(n: number, rows: number, cols: number): Tile[] {
  const tiles: Tile[] = [];
  for (let s = 0; s < n; s += rows)
    tiles.push({ rowStart: s, rowCount: Math.min(rows, n - s), colStart: 0, colCount: cols });
  return tiles;
}

export function defaultBlockRows(cols: number): number {
  return Math.max(1, Math.min(cols, Math.floor(BLOCK_BYTES / 8 / Math.max(1, cols))));
}

function checkBlockRows(rows: number): number {
  if (!Number.isInteger(rows) || rows < 1)
    throw new RangeError(`blockRows must be a positive integer, got ${rows}`);
  return rows;
}

/**
 * G = A · Bᵀ (na × nb, float64) for float64 row-major A (na × dim) and B (nb × dim), on either backend.
 * Consumes A and B (their buffers go to the worker and the buffer pool): do not use them afterwards.
 */
export function gramMatrix(
  a: Float64Array,
  b: Float64Array,
  dim: number,
  backend: DistanceBackend,
): Float64Array {
  const pa: Prepared = { rows: a, n: a.length / dim, dim, metric: 'cosine', sq: new Float64Array(0) };
  const pb: Prepared = { rows: b, n: b.length / dim, dim, metric: 'cosine', sq: new Float64Array(0) };
  const out = new Float64Array(pa.n * pb.n);
  const tiles = rowBlockTiles(pa.n, defaultBlockRows(pb.n), pb.n);
  forEachGramTile(pa, pb, tiles, backend, (t, g) => out.set(g, t.rowStart * pb.n));
  return out;
}

/**
 * Computes the Gram tiles A[rows] · B[cols]ᵀ in order and hands each to `visit` (rowCount × colCount,
 * row-major, in a buffer that is reused: visit may overwrite it). With onnxruntime, tile k+1 is computed on
 * the worker while visit reads tile k. Consumes a.rows and b.rows: their buffers go to the worker and then to
 * the buffer pool.
 */
function forEachGramTile(
  a: Prepared,
  b: Prepared,
  tiles: readonly Tile[],
  backend: DistanceBackend,
  visit: (tile: Tile, gram: Float64Array) => void,
): void {
  if (tiles.length === 0) return;
  let work = 0;
  let largest = 0;
  for (const t of tiles) {
    work += t.rowCount * t.colCount * a.dim;
    largest = Math.max(largest, t.rowCount * t.colCount);
  }
  if (!useOnnx(backend, work)) {
    const out = new Float64Array(largest);
    for (const t of tiles) {
      const g = out.subarray(0, t.rowCount * t.colCount);
      gramTileJs(a.rows, t.rowStart, t.rowCount, b.rows, t.colStart, t.colCount, a.dim, g);
      visit(t, g);
    }
    keepBuffer(a.rows.buffer as ArrayBuffer);
    keepBuffer(b.rows.buffer as ArrayBuffer);
    return;
  }

  const worker = sharedGramWorker();
  // The float64 rows move to the worker (transferred, no copy); from here on only their norms are used here.
  const ida = worker.load(a.rows, a.n, a.dim);
  const idb = b === a ? ida : worker.load(b.rows, b.n, b.dim);
  const pool = [takeBuffer(largest * 8), takeBuffer(largest * 8)];
  try {
    runPipelined(
      worker,
      tiles,
      (t) =>
        worker.submit(
          'gram',
          {
            A: { id: ida, start: t.rowStart, rows: t.rowCount, shape: [t.rowCount, a.dim] },
            B: { id: idb, start: t.colStart, rows: t.colCount, shape: [t.colCount, a.dim] },
          },
          [['G', [t.rowCount, t.colCount]]],
          pool.pop()!,
        ),
      (t, buf) => {
        visit(t, new Float64Array(buf, 0, t.rowCount * t.colCount));
        pool.push(buf);
      },
      (buf) => pool.push(buf),
    );
  } finally {
    if (!worker.isClosed) {
      keepBuffer(worker.free(ida));
      if (idb !== ida) keepBuffer(worker.free(idb));
    }
    for (const buf of pool) keepBuffer(buf);
  }
}

/**
 * Runs one worker request per job, keeping the next one queued while `done` handles the current one, so the
 * worker computes job k+1 while this thread reads job k. `submit` must queue exactly one request. If `done`
 * throws, the request still queued is taken (and its buffer handed to `drained`) before the error goes on:
 * the worker only accepts a new exchange once the queue is empty.
 */
export function runPipelined<T>(
  worker: GramWorker,
  jobs: readonly T[],
  submit: (job: T) => void,
  done: (job: T, out: ArrayBuffer) => void,
  drained: (out: ArrayBuffer) => void = () => undefined,
): void {
  let next = 0;
  const queueNext = () => {
    if (next < jobs.length) submit(jobs[next++]);
  };
  try {
    queueNext();
    for (const job of jobs) {
      queueNext();
      done(job, worker.take());
    }
  } finally {
    if (!worker.isClosed) while (worker.queued > 0) drained(worker.take());
  }
}

/**
 * Whether products of `work` multiply-adds run on onnxruntime: always for 'onnx', never for 'js'; for 'auto'
 * when the work repays starting the worker (or the worker already runs).
 */
export function useOnnx(backend: DistanceBackend, work: number): boolean {
  if (backend === 'onnx') return true;
  if (backend === 'js') return false;
  return work >= (gramWorkerRunning() ? ONNX_MIN_WORK_WARM : ONNX_MIN_WORK_COLD);
}

/** out (aRows × bRows) = A[aStart …] · B[bStart …]ᵀ in float64, a row of A at a time ({@link dotRows}). */
function gramTileJs(
  A: Float64Array,
  aStart: number,
  aRows: number,
  B: Float64Array,
  bStart: number,
  bRows: number,
  dim: number,
  out: Float64Array,
): void {
  for (let r = 0; r < aRows; r++) dotRows(A, (aStart + r) * dim, B, bStart, bRows, dim, out, r * bRows);
}

/** Turns a Gram tile into distances in place. */
function toDistances(a: Prepared, b: Prepared, t: Tile, g: Float64Array): void {
  const w = t.colCount;
  const rows = t.rowCount;
  if (a.metric === 'cosine') {
    for (let q = 0, end = rows * w; q < end; q++) {
      const d = 1 - g[q];
      g[q] = d < 0 ? 0 : d > 2 ? 2 : d;
    }
    return;
  }
  const sa = a.sq;
  const sb = b.sq;
  const c0 = t.colStart;
  for (let r = 0; r < rows; r++) {
    const si = sa[t.rowStart + r];
    for (let c = 0, o = r * w; c < w; c++, o++) {
      const d2 = si + sb[c0 + c] - 2 * g[o];
      g[o] = d2 > 0 ? Math.sqrt(d2) : 0;
    }
  }
}

/** Sets D[i][i] = 0 where a self tile crosses the diagonal (the Gram form leaves ~1e-8·‖a‖ there). */
function zeroDiagonal(t: Tile, g: Float64Array): void {
  for (let r = 0; r < t.rowCount; r++) {
    const c = t.rowStart + r - t.colStart;
    if (c >= 0 && c < t.colCount) g[r * t.colCount + c] = 0;
  }
}

function heapPush(hd: Float64Array, hj: Int32Array, size: number, d: number, j: number): void {
  let q = size;
  while (q > 0) {
    const parent = (q - 1) >> 1;
    if (!worse(d, j, hd[parent], hj[parent])) break;
    hd[q] = hd[parent];
    hj[q] = hj[parent];
    q = parent;
  }
  hd[q] = d;
  hj[q] = j;
}

function heapReplaceTop(hd: Float64Array, hj: Int32Array, size: number, d: number, j: number): void {
  let q = 0;
  for (;;) {
    const l = 2 * q + 1;
    if (l >= size) break;
    const r = l + 1;
    const m = r < size && worse(hd[r], hj[r], hd[l], hj[l]) ? r : l;
    if (!worse(hd[m], hj[m], d, j)) break;
    hd[q] = hd[m];
    hj[q] = hj[m];
    q = m;
  }
  hd[q] = d;
  hj[q] = j;
}

/** Order of the neighbour heap: farther is worse, and at equal distance the higher index is worse. */
function worse(d1: number, j1: number, d2: number, j2: number): boolean {
  return d1 > d2 || (d1 === d2 && j1 > j2);
}
