/**
 * Barnes–Hut t-SNE (van der Maaten 2014) following sklearn's TSNE(method='barnes_hut') step for step, so that
 * embeddings are comparable with the Python reference:
 *
 *  1. k = min(n − 1, ⌊3·perplexity + 1⌋) nearest neighbours (through the shared `nearestNeighbors`), squared distances;
 *  2. per-point bandwidths by binary search on the perplexity, symmetrised sparse P;
 *  3. PCA initialisation scaled to std 1e-4 on the first axis (top components by randomized subspace iteration, with
 *     sklearn's budget of passes, and sklearn's sign convention);
 *  4. gradient descent with momentum and per-coordinate gains: early exaggeration (×12, momentum 0.5) for 250
 *     iterations, then momentum 0.8 up to the total; learning rate 'auto' = max(n / exaggeration / 4, 50); progress
 *     checked every 50 iterations (stop after 300 iterations without a better KL, or gradient norm ≤ 1e-7). The
 *     Barnes–Hut gradient uses sklearn's quadtree geometry and summary test, so the same cells are summarised.
 *
 * Arithmetic is float64 throughout (sklearn runs the gradient in float32), so results agree with sklearn in quality,
 * not bit for bit. With the same inputs and seed the output is bit-identical, whatever the number of threads.
 */
import { availableParallelism } from 'node:os';
import { checkMatrix, nearestNeighbors, type Metric } from '../linalg/distances';
import { jointProbabilities, type SparseMatrix } from './affinities';
import { attractiveForces, klDivergence, QuadTree, repulsiveForces } from './barnes-hut';
import { GradientPool } from './gradient-pool';
import { pcaInit } from './pca';

/** Options of {@link tsne}; every default is sklearn's. */
export interface TsneOptions {
  /** Effective number of neighbours of the input-space Gaussians; must be below n. Default 30. */
  perplexity?: number;
  /** Seeds everything random (the PCA start block; the fallback random init). Default 0. */
  seed?: number;
  /** Total gradient-descent iterations, early exaggeration included; at least `earlyExaggerationIterations`. Default 1000. */
  iterations?: number;
  /** Factor on P during the first phase, which lets clusters form and separate. Default 12. */
  earlyExaggeration?: number;
  /** Length of the exaggerated phase (sklearn's fixed _EXPLORATION_N_ITER). Default 250. */
  earlyExaggerationIterations?: number;
  /** Step size; 'auto' is max(n / earlyExaggeration / 4, 50) (sklearn's, Belkina et al. 2019). Default 'auto'. */
  learningRate?: number | 'auto';
  /** Barnes–Hut θ in [0, 1]: a cell is summarised when width / distance < θ. 0 is exact (slow). Default 0.5. */
  angle?: number;
  /** Input-space metric for the neighbours; its distances are squared, as in sklearn. Default 'euclidean'. */
  metric?: Metric;
  /** Stop when the (gain-scaled) gradient norm at a check falls to this. Default 1e-7. */
  minGradNorm?: number;
  /** After the exaggerated phase, stop when the KL has not improved for this many iterations. Default 300. */
  iterationsWithoutProgress?: number;
  /**
   * Threads for the gradient, this one included. Results are identical for any value. Default: 1 below 1,000 rows
   * (starting workers costs more than it saves), else the available parallelism up to 8.
   */
  threads?: number;
  /**
   * Called every 50 iterations and at the end of each phase with the number of iterations done and the KL
   * divergence at that point; during early exaggeration it is computed against the exaggerated P, as sklearn
   * reports it.
   */
  onProgress?: (iteration: number, kl: number) => void;
}

/** sklearn's _N_ITER_CHECK. */
const CHECK_EVERY = 50;
/** Below this many rows the default is a single thread. */
const PARALLEL_MIN_ROWS = 1000;
/** sklearn's min_gain. */
const MIN_GAIN = 0.01;

/**
 * Embeds the rows of `x` in the plane with Barnes–Hut t-SNE.
 *
 * @param x   n × dim, row-major
 * @returns   n × 2 embedding, row-major
 * @throws RangeError for non-finite values (naming the row), fewer than 2 rows, a perplexity that is not below n,
 *         or out-of-range options
 */
export function tsne(x: Float32Array, dim: number, opts: TsneOptions = {}): Float32Array {
  const n = checkMatrix(x, dim, 'tsne: x');
  const perplexity = opts.perplexity ?? 30;
  const seed = opts.seed ?? 0;
  const iterations = opts.iterations ?? 1000;
  const exaggeration = opts.earlyExaggeration ?? 12;
  const exaggerationIterations = opts.earlyExaggerationIterations ?? 250;
  const angle = opts.angle ?? 0.5;
  const metric = opts.metric ?? 'euclidean';
  const minGradNorm = opts.minGradNorm ?? 1e-7;
  const withoutProgress = opts.iterationsWithoutProgress ?? 300;
  const lr = opts.learningRate ?? 'auto';
  const threads = opts.threads ?? (n < PARALLEL_MIN_ROWS ? 1 : Math.min(availableParallelism(), 8));

  if (n < 2) throw new RangeError(`tsne: needs at least 2 rows, got ${n}`);
  if (!(perplexity > 0) || !Number.isFinite(perplexity))
    throw new RangeError(`tsne: perplexity must be a positive number, got ${perplexity}`);
  if (perplexity >= n)
    throw new RangeError(
      `tsne: perplexity (${perplexity}) must be less than the number of rows (${n}), as in sklearn; ` +
        `typical values are 5–50, well below n`,
    );
  if (!Number.isInteger(seed)) throw new RangeError(`tsne: seed must be an integer, got ${seed}`);
  if (!Number.isInteger(exaggerationIterations) || exaggerationIterations < 0)
    throw new RangeError(
      `tsne: earlyExaggerationIterations must be a non-negative integer, got ${exaggerationIterations}`,
    );
  if (!Number.isInteger(iterations) || iterations < Math.max(1, exaggerationIterations))
    throw new RangeError(
      `tsne: iterations must be an integer ≥ earlyExaggerationIterations (${exaggerationIterations}), got ${iterations}`,
    );
  if (!(exaggeration >= 1)) throw new RangeError(`tsne: earlyExaggeration must be ≥ 1, got ${exaggeration}`);
  if (!(angle >= 0 && angle <= 1)) throw new RangeError(`tsne: angle must be in [0, 1], got ${angle}`);
  if (lr !== 'auto' && !(lr > 0 && Number.isFinite(lr)))
    throw new RangeError(`tsne: learningRate must be 'auto' or a positive number, got ${lr}`);
  if (!(minGradNorm >= 0)) throw new RangeError(`tsne: minGradNorm must be ≥ 0, got ${minGradNorm}`);
  if (!Number.isInteger(withoutProgress) || withoutProgress < 0)
    throw new RangeError(
      `tsne: iterationsWithoutProgress must be a non-negative integer, got ${withoutProgress}`,
    );
  if (!Number.isInteger(threads) || threads < 1)
    throw new RangeError(`tsne: threads must be a positive integer, got ${threads}`);
  if (metric !== 'euclidean' && metric !== 'cosine')
    throw new RangeError(`tsne: metric must be 'euclidean' or 'cosine', got ${String(metric)}`);
  const learningRate = lr === 'auto' ? Math.max(n / exaggeration / 4, 50) : lr;

  const p = affinities(x, dim, perplexity, metric);
  // Workers start loading now and join the optimisation when ready, while this thread computes the PCA init.
  const pool = threads > 1 ? new GradientPool(p, n, angle * angle, threads - 1) : undefined;
  try {
    const y = pcaInit(x, dim, seed);
    optimizeEmbedding(
      p,
      y,
      {
        iterations,
        exaggeration,
        exaggerationIterations,
        learningRate,
        theta: angle,
        minGradNorm,
        withoutProgress,
        onProgress: opts.onProgress,
      },
      pool,
    );
    return Float32Array.from(y);
  } finally {
    pool?.close();
  }
}

/** Fully resolved settings of the gradient descent (see {@link TsneOptions} for their meaning). */
export interface DescentSettings {
  iterations: number;
  exaggeration: number;
  exaggerationIterations: number;
  learningRate: number;
  theta: number;
  minGradNorm: number;
  withoutProgress: number;
  onProgress?: (iteration: number, kl: number) => void;
}

/**
 * The optimisation half of t-SNE: moves `y` (n × 2, row-major, float64; updated in place) to minimise KL(P ‖ Q).
 * Phase 1 runs with exaggerated P and momentum 0.5, phase 2 with the true P and momentum 0.8; sklearn restarts the
 * momentum and gains between the two, and so does this.
 *
 * @param pool shares the gradient with worker threads (its embedding buffer is used for the work); results are
 *             identical with or without it
 * @returns the number of iterations run (fewer than `iterations` when a stopping rule fired)
 */
export function optimizeEmbedding(
  p: SparseMatrix,
  y: Float64Array,
  s: DescentSettings,
  pool?: GradientPool,
): number {
  const work = pool ? pool.y : y;
  if (pool) work.set(y);
  const state = new Optimizer(work, p, s.theta * s.theta, pool);
  const common = { learningRate: s.learningRate, minGradNorm: s.minGradNorm, onProgress: s.onProgress };
  let it = 0;
  if (s.exaggerationIterations > 0)
    it =
      state.descend(0, s.exaggerationIterations, {
        ...common,
        momentum: 0.5,
        exaggeration: s.exaggeration,
        withoutProgress: s.exaggerationIterations,
      }) + 1;
  if (it < s.iterations)
    it =
      state.descend(it, s.iterations, {
        ...common,
        momentum: 0.8,
        exaggeration: 1,
        withoutProgress: s.withoutProgress,
      }) + 1;
  if (pool) y.set(work);
  return it;
}

/** Sparse joint P from the k nearest neighbours (k = min(n − 1, ⌊3·perplexity + 1⌋), sklearn's rule). */
function affinities(x: Float32Array, dim: number, perplexity: number, metric: Metric): SparseMatrix {
  const n = x.length / dim;
  const k = Math.min(n - 1, Math.floor(3 * perplexity + 1));
  const { indices, distances } = nearestNeighbors(x, dim, k, { metric });
  return jointProbabilities(indices, distances, k, perplexity);
}

interface PhaseOptions {
  momentum: number;
  exaggeration: number;
  learningRate: number;
  minGradNorm: number;
  withoutProgress: number;
  onProgress?: (iteration: number, kl: number) => void;
}

/** Gradient descent with momentum and gains on an n × 2 embedding (sklearn's _gradient_descent). */
class Optimizer {
  private readonly n: number;
  private readonly tree: QuadTree;
  private readonly grad: Float64Array;
  private readonly posF: Float64Array;
  private readonly negF: Float64Array;
  private readonly zPart: Float64Array;

  constructor(
    private readonly y: Float64Array,
    private readonly p: SparseMatrix,
    theta2: number,
    private readonly pool?: GradientPool,
  ) {
    this.n = y.length / 2;
    this.tree = new QuadTree(this.n, theta2);
    this.grad = new Float64Array(2 * this.n);
    this.posF = pool ? pool.posF : new Float64Array(2 * this.n);
    this.negF = pool ? pool.negF : new Float64Array(2 * this.n);
    this.zPart = pool ? pool.zPart : new Float64Array(this.n);
  }

  /** Fills `grad` with ∂KL/∂y for the current embedding; returns the KL divergence when `withError`, else NaN. */
  private gradient(exaggeration: number, withError: boolean): number {
    const { n, y, tree, posF, negF, zPart, grad } = this;
    if (this.pool) this.pool.forces(tree, exaggeration);
    else {
      tree.build(y);
      repulsiveForces(tree, y, negF, zPart, 0, n);
      attractiveForces(this.p, exaggeration, y, posF, 0, n);
    }
    // Z summed in index order whoever computed the terms, so threads never change the result.
    let z = 0;
    for (let i = 0; i < n; i++) z += zPart[i];
    // 4 = 2 (dof + 1) / dof with dof = 1.
    for (let e = 0; e < 2 * n; e++) grad[e] = 4 * (posF[e] - negF[e] / z);
    return withError ? klDivergence(this.p, exaggeration, y, z) : NaN;
  }

  /**
   * Runs iterations [start, end); returns the last iteration run (earlier than end − 1 when a stopping rule fired).
   */
  descend(start: number, end: number, o: PhaseOptions): number {
    const { y, grad } = this;
    const m = y.length;
    const update = new Float64Array(m);
    const gains = new Float64Array(m).fill(1);
    let bestError = Number.MAX_VALUE;
    let bestIter = start;
    let i = start;
    for (; i < end; i++) {
      const check = (i + 1) % CHECK_EVERY === 0;
      const error = this.gradient(o.exaggeration, check || i === end - 1);
      let norm2 = 0;
      for (let e = 0; e < m; e++) {
        const g = grad[e];
        // The last step was ≈ −lr·(previous gradient): a gradient of the same sign (update·g < 0) means the
        // coordinate keeps moving the same way, so its gain grows; a sign flip (overshoot) shrinks it.
        let gain = update[e] * g < 0 ? gains[e] + 0.2 : gains[e] * 0.8;
        if (gain < MIN_GAIN) gain = MIN_GAIN;
        gains[e] = gain;
        const sg = g * gain;
        norm2 += sg * sg;
        const u = o.momentum * update[e] - o.learningRate * sg;
        update[e] = u;
        y[e] += u;
      }
      if (check || i === end - 1) o.onProgress?.(i + 1, error);
      if (check) {
        if (error < bestError) {
          bestError = error;
          bestIter = i;
        } else if (i - bestIter > o.withoutProgress) break;
        if (Math.sqrt(norm2) <= o.minGradNorm) break;
      }
    }
    return Math.min(i, end - 1);
  }
}
