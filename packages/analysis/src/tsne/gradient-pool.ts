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
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SparseMatrix } from './affinities';
import { attractiveForces, repulsiveForces, type QuadTree } from './barnes-hut';
import {
  CMD_GRADIENT,
  CMD_STOP,
  CTRL_CMD,
  CTRL_SEQ,
  SLOT_ATT_FROM,
  SLOT_ATT_TO,
  SLOT_DONE,
  SLOT_ELAPSED_US,
  SLOT_REP_FROM,
  SLOT_REP_TO,
  SLOT_SHARE_SEQ,
  SLOT_STATE,
  STATE_ALIVE,
  STATE_DEAD,
  ctrlWords,
  workerSlot,
  type GradientWorkerData,
} from './gradient-protocol';

/** How long to wait for a worker with a share before checking that it is still alive. */
const POLL_MS = 1000;

function shared(bytes: number): SharedArrayBuffer {
  return new SharedArrayBuffer(Math.max(8, bytes));
}

export class GradientPool {
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
    const ctrl = shared(ctrlWords(workers) * 4);
    this.ctrl = new Int32Array(ctrl);
    const buffers = {
      y: shared(16 * n),
      params: shared(8),
      indptr: shared(p.indptr.byteLength),
      indices: shared(p.indices.byteLength),
      values: shared(p.values.byteLength),
      posF: shared(16 * n),
      negF: shared(16 * n),
      zPart: shared(8 * n),
    };
    this.y = new Float64Array(buffers.y, 0, 2 * n);
    this.posF = new Float64Array(buffers.posF, 0, 2 * n);
    this.negF = new Float64Array(buffers.negF, 0, 2 * n);
    this.zPart = new Float64Array(buffers.zPart, 0, n);
    this.params = new Float64Array(buffers.params);
    this.p = {
      indptr: new Int32Array(buffers.indptr, 0, p.indptr.length),
      indices: new Int32Array(buffers.indices, 0, p.indices.length),
      values: new Float64Array(buffers.values, 0, p.values.length),
    };
    this.p.indptr.set(p.indptr);
    this.p.indices.set(p.indices);
    this.p.values.set(p.values);
    this.fraction = new Float64Array(workers + 1).fill(1 / (workers + 1));

    // Under ts-jest or tsx this file is the .ts source: the worker then needs tsx to load its .ts sibling.
    const isTs = __filename.endsWith('.ts');
    for (let w = 0; w < workers; w++) {
      const data: GradientWorkerData = { ctrl, index: w, n, theta2, ...buffers };
      const worker = new Worker(path.join(__dirname, isTs ? 'gradient-worker.ts' : 'gradient-worker.js'), {
        execArgv: isTs ? ['--require', require.resolve('tsx/cjs')] : [],
        workerData: data,
      });
      // The worker marks itself dead in shared memory on exit; the event only keeps an error from being unhandled.
      worker.on('error', () => undefined);
      worker.unref();
      this.workers.push(worker);
      this.retired.push(false);
    }
  }

  private state(w: number): number {
    return Atomics.load(this.ctrl, workerSlot(w) + SLOT_STATE);
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
      const s = workerSlot(w);
      const k = active.indexOf(w);
      const from = k > 0 ? bounds[k] : 0;
      const to = k > 0 ? bounds[k + 1] : 0;
      // Seqlock: a worker only uses a share whose SHARE_SEQ reads as this command's number before and after.
      Atomics.store(ctrl, s + SLOT_SHARE_SEQ, -1);
      Atomics.store(ctrl, s + SLOT_REP_FROM, from);
      Atomics.store(ctrl, s + SLOT_REP_TO, to);
      Atomics.store(ctrl, s + SLOT_ATT_FROM, from);
      Atomics.store(ctrl, s + SLOT_ATT_TO, to);
      Atomics.store(ctrl, s + SLOT_SHARE_SEQ, seq);
    }
    this.params[0] = exaggeration;
    Atomics.store(ctrl, CTRL_CMD, CMD_GRADIENT);
    Atomics.store(ctrl, CTRL_SEQ, seq);
    this.seq = seq;
    Atomics.notify(ctrl, CTRL_SEQ);

    const t0 = performance.now();
    tree.build(this.y);
    repulsiveForces(tree, this.y, this.negF, this.zPart, 0, bounds[1]);
    attractiveForces(this.p, exaggeration, this.y, this.posF, 0, bounds[1]);
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
          repulsiveForces(tree, this.y, this.negF, this.zPart, bounds[k], bounds[k + 1]);
          attractiveForces(this.p, exaggeration, this.y, this.posF, bounds[k], bounds[k + 1]);
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

  /** Stops the workers (they exit on their own; nothing to await). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    Atomics.store(this.ctrl, CTRL_CMD, CMD_STOP);
    Atomics.add(this.ctrl, CTRL_SEQ, 1);
    Atomics.notify(this.ctrl, CTRL_SEQ);
  }
}
