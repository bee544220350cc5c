/**
 * Spreads the Barnes–Hut gradient over worker threads that share the embedding and the outputs through
 * SharedArrayBuffers (protocol in gradient-protocol.ts). The main thread computes a share itself and then waits, so
 * the optimiser stays synchronous.
 *
 * Results do not depend on the number of threads or on how the points are split: every thread builds the same
 * quadtree from the same embedding, each point's sums are computed whole by one thread in a fixed order, and Z is
 * summed by the main thread in index order. That leaves the split free for load balancing by measured speed.
 *
 * A worker that is still starting gets no share; one that dies has its share taken over by the main thread. Workers
 * are unref'd, so a pool left open never keeps the process alive.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker } from '@zsaudit/core';
import type { SparseMatrix } from './affinities';
import { attractiveForces, repulsiveForces, type QuadTree } from './barnes-hut';
import {
  CMD_GRADIENT,
  CMD_STOP,
  CTRL_CMD,
  CTRL_SEQ,
  SLOT_DONE,
  SLOT_ELAPSED_US,
  STATE_ALIVE,
  STATE_DEAD,
  ctrlWords,
  gradientBuffers,
  gradientViews,
  sharedBuffer,
  workerSlot,
  workerState,
  writeShare,
  type GradientWorkerData,
} from './gradient-protocol';

/** How long to wait for a worker with a share before checking that it is still alive. */
const POLL_MS = 1000;

export class GradientPool implements AsyncDisposable {
  /** n × 2 embedding, shared with the workers. */
  readonly y: Float64Array;
  readonly posF: Float64Array;
  readonly negF: Float64Array;
  readonly zPart: Float64Array;
  private readonly p: SparseMatrix;
  private readonly params: Float64Array;
  private readonly ctrl: Int32Array;
  private readonly workers: Worker[] = [];
  /** Workers taken off duty (died, or failed to start). */
  private readonly retired: boolean[] = [];
  /** Fraction of the points per thread (0 = main, w + 1 = worker w), adapted to measured speed. */
  private readonly fraction: Float64Array;
  private seq = 0;
  private closed = false;

  /**
   * Starts `workers` threads (they load while the caller does other work; they join when ready).
   *
   * @param p      the joint probabilities (copied into shared memory)
   * @param n      number of points
   * @param theta2 θ² of the Barnes–Hut test
   */
  constructor(p: SparseMatrix, n: number, theta2: number, workers: number) {
    const ctrl = sharedBuffer(ctrlWords(workers) * 4);
    this.ctrl = new Int32Array(ctrl);
    const nnz = p.indices.length;
    const buffers = gradientBuffers(n, nnz);
    const views = gradientViews(buffers, n, nnz);
    this.y = views.y;
    this.posF = views.posF;
    this.negF = views.negF;
    this.zPart = views.zPart;
    this.params = views.params;
    this.p = views.p;
    this.p.indptr.set(p.indptr);
    this.p.indices.set(p.indices);
    this.p.values.set(p.values);
    this.fraction = new Float64Array(workers + 1).fill(1 / (workers + 1));

    for (let w = 0; w < workers; w++) {
      const workerData: GradientWorkerData = { ctrl, index: w, n, nnz, theta2, ...buffers };
      const worker = startWorker(__dirname, 'gradient-worker', { workerData });
      // The worker marks itself dead in shared memory on exit; the event only keeps an error from being unhandled.
      worker.on('error', () => undefined);
      worker.unref();
      this.workers.push(worker);
      this.retired.push(false);
    }
  }

  private state(w: number): number {
    return workerState(this.ctrl, w);
  }

  /**
   * Computes posF, negF and zPart for the embedding in `y`, sharing the work with the workers that are ready.
   *
   * @param tree the main thread's quadtree (rebuilt here on `y`)
   */
  forces(tree: QuadTree, exaggeration: number): void {
    const n = this.zPart.length;
    const ctrl = this.ctrl;
    const seq = this.seq + 1;
    // Participants: the main thread and every live worker; shares are contiguous ranges in proportion to speed.
    const active: number[] = [-1];
    for (let w = 0; w < this.workers.length; w++) {
      if (!this.retired[w] && this.state(w) === STATE_DEAD) this.retired[w] = true;
      if (!this.retired[w] && this.state(w) === STATE_ALIVE) active.push(w);
    }
    let total = 0;
    for (const t of active) total += this.fraction[t + 1];
    const bounds = [0];
    let acc = 0;
    for (const t of active) {
      acc += this.fraction[t + 1];
      bounds.push(t === active[active.length - 1] ? n : Math.round((acc / total) * n));
    }
    for (let w = 0; w < this.workers.length; w++) {
      const k = active.indexOf(w);
      // Seqlock: a worker only uses a share whose SHARE_SEQ reads as this command's number before and after.
      writeShare(ctrl, w, seq, k > 0 ? bounds[k] : 0, k > 0 ? bounds[k + 1] : 0);
    }
    this.params[0] = exaggeration;
    Atomics.store(ctrl, CTRL_CMD, CMD_GRADIENT);
    Atomics.store(ctrl, CTRL_SEQ, seq);
    this.seq = seq;
    Atomics.notify(ctrl, CTRL_SEQ);

    const t0 = performance.now();
    tree.build(this.y);
    this.rangeForces(tree, exaggeration, 0, bounds[1]);
    const elapsed = new Float64Array(this.workers.length + 1);
    elapsed[0] = performance.now() - t0;

    for (let k = 1; k < active.length; k++) {
      const w = active[k];
      const s = workerSlot(w);
      for (;;) {
        const done = Atomics.load(ctrl, s + SLOT_DONE);
        if (done === seq) {
          elapsed[w + 1] = Atomics.load(ctrl, s + SLOT_ELAPSED_US) / 1000;
          break;
        }
        if (this.state(w) === STATE_DEAD) {
          // Take the share over: same tree, same per-point sums, so the result is unchanged.
          this.retired[w] = true;
          this.rangeForces(tree, exaggeration, bounds[k], bounds[k + 1]);
          break;
        }
        Atomics.wait(ctrl, s + SLOT_DONE, done, POLL_MS);
      }
    }

    // Next split: each thread's share in proportion to its measured speed, smoothed against timer noise.
    if (active.length > 1) {
      const speed = new Float64Array(this.fraction.length);
      let sum = 0;
      for (const t of active) {
        if (t >= 0 && this.retired[t]) continue;
        const ms = elapsed[t + 1];
        speed[t + 1] = this.fraction[t + 1] / Math.max(ms, 1e-3);
        sum += speed[t + 1];
      }
      for (const t of active) {
        const target = speed[t + 1] / sum;
        this.fraction[t + 1] = 0.5 * this.fraction[t + 1] + 0.5 * target;
      }
    }
  }

  /** The forces of points [from, to) on this thread: repulsion on `tree` (built on y), then attraction. */
  private rangeForces(tree: QuadTree, exaggeration: number, from: number, to: number): void {
    repulsiveForces(tree, this.y, this.negF, this.zPart, from, to);
    attractiveForces(this.p, exaggeration, this.y, this.posF, from, to);
  }

  /** Workers that have started and can take a share. */
  get readyWorkers(): number {
    return this.workers.filter((_, w) => !this.retired[w] && this.state(w) === STATE_ALIVE).length;
  }

  /** Worker threads that have not exited (their 'exit' event not yet seen). */
  get liveWorkers(): number {
    return this.workers.filter((w) => w.threadId >= 0).length;
  }

  /** Tells the workers to stop; they exit on their own (synchronous, for {@link tsne}'s finally). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    Atomics.store(this.ctrl, CTRL_CMD, CMD_STOP);
    Atomics.add(this.ctrl, CTRL_SEQ, 1);
    Atomics.notify(this.ctrl, CTRL_SEQ);
  }

  /** Stops the workers and resolves once every thread has exited; a second call is harmless. */
  async dispose(): Promise<void> {
    this.close();
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose();
  }
}
