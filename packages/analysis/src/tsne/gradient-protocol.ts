/**
 * Shared-memory protocol between the t-SNE optimiser ({@link GradientPool}) and its gradient worker threads.
 *
 * Control words (Int32Array over a SharedArrayBuffer):
 *   CTRL_SEQ          command number, bumped by the main thread for every command (workers Atomics.wait on it)
 *   CTRL_CMD          the command: CMD_GRADIENT or CMD_STOP
 *   per worker w, at workerSlot(w) + …:
 *     SLOT_STATE      STATE_STARTING → STATE_ALIVE (script loaded) → STATE_DEAD (exited or failed)
 *     SLOT_DONE       the last command number the worker finished
 *     SLOT_ELAPSED_US its compute time for that command, for load balancing
 *     SLOT_REP_FROM/TO, SLOT_ATT_FROM/TO  its share: positions in tree order for repulsion, rows of P for attraction
 *     SLOT_SHARE_SEQ  the command number the share was written for; −1 while the main thread rewrites it. A worker
 *                     still busy with an older command (one in which it had no share) must not act on a share
 *                     meant for a newer one, so it reads SHARE_SEQ before and after the share (a seqlock).
 *
 * The main thread writes the shares and the exaggeration before bumping CTRL_SEQ and does not touch the embedding
 * until every worker with a share has set SLOT_DONE, so the embedding needs no further locking.
 *
 * The helpers below write and read the shares, states and completion flags for both sides.
 */
import type { SparseMatrix } from './affinities';

export const CTRL_SEQ = 0;
export const CTRL_CMD = 1;
const CTRL_HEADER = 4;

export const SLOT_STATE = 0;
export const SLOT_DONE = 1;
export const SLOT_ELAPSED_US = 2;
export const SLOT_REP_FROM = 3;
export const SLOT_REP_TO = 4;
export const SLOT_ATT_FROM = 5;
export const SLOT_ATT_TO = 6;
export const SLOT_SHARE_SEQ = 7;
const SLOTS_PER_WORKER = 8;

export const CMD_GRADIENT = 1;
export const CMD_STOP = 2;

export const STATE_STARTING = 0;
export const STATE_ALIVE = 1;
export const STATE_DEAD = 2;

/** Index of worker w's first control word. */
export function workerSlot(w: number): number {
  return CTRL_HEADER + SLOTS_PER_WORKER * w;
}

/** Int32 words needed for `workers` workers. */
export function ctrlWords(workers: number): number {
  return CTRL_HEADER + SLOTS_PER_WORKER * workers;
}

/** The shared buffers of a pool: everything the gradient reads and writes. */
export interface GradientBuffers {
  /** n × 2 embedding (float64). */
  y: SharedArrayBuffer;
  /** [exaggeration] (float64). */
  params: SharedArrayBuffer;
  /** CSR of P: indptr (int32, n + 1), indices (int32), values (float64). */
  indptr: SharedArrayBuffer;
  indices: SharedArrayBuffer;
  values: SharedArrayBuffer;
  /** Outputs: attractive and repulsive forces (n × 2 float64) and per-point terms of Z (n float64). */
  posF: SharedArrayBuffer;
  negF: SharedArrayBuffer;
  zPart: SharedArrayBuffer;
}

/** What a worker receives at start: shared views of everything the gradient reads and writes. */
export interface GradientWorkerData extends GradientBuffers {
  ctrl: SharedArrayBuffer;
  /** This worker's index w (control words at workerSlot(w)). */
  index: number;
  n: number;
  /** Stored entries of P. */
  nnz: number;
  /** θ² of the Barnes–Hut test. */
  theta2: number;
}

/** Typed views of a pool's shared buffers, the same on the main thread and in every worker. */
export interface GradientViews {
  y: Float64Array;
  params: Float64Array;
  p: SparseMatrix;
  posF: Float64Array;
  negF: Float64Array;
  zPart: Float64Array;
}

/** A SharedArrayBuffer of `bytes` (at least 8: a zero-length one cannot be shared). */
export function sharedBuffer(bytes: number): SharedArrayBuffer {
  return new SharedArrayBuffer(Math.max(8, bytes));
}

/** Shared buffers for n points and a P of `nnz` stored entries. */
export function gradientBuffers(n: number, nnz: number): GradientBuffers {
  return {
    y: sharedBuffer(16 * n),
    params: sharedBuffer(8),
    indptr: sharedBuffer(4 * (n + 1)),
    indices: sharedBuffer(4 * nnz),
    values: sharedBuffer(8 * nnz),
    posF: sharedBuffer(16 * n),
    negF: sharedBuffer(16 * n),
    zPart: sharedBuffer(8 * n),
  };
}

/** Views of exactly n points and nnz entries of P over `b`. */
export function gradientViews(b: GradientBuffers, n: number, nnz: number): GradientViews {
  return {
    y: new Float64Array(b.y, 0, 2 * n),
    params: new Float64Array(b.params, 0, 1),
    p: {
      indptr: new Int32Array(b.indptr, 0, n + 1),
      indices: new Int32Array(b.indices, 0, nnz),
      values: new Float64Array(b.values, 0, nnz),
    },
    posF: new Float64Array(b.posF, 0, 2 * n),
    negF: new Float64Array(b.negF, 0, 2 * n),
    zPart: new Float64Array(b.zPart, 0, n),
  };
}

/** A worker's share of one command: tree positions [repFrom, repTo) for repulsion, rows [attFrom, attTo) of P. */
export interface Share {
  repFrom: number;
  repTo: number;
  attFrom: number;
  attTo: number;
}

/** Main thread: writes worker w's share for command `seq` (SHARE_SEQ reads −1 while the share changes). */
export function writeShare(ctrl: Int32Array, w: number, seq: number, from: number, to: number): void {
  const s = workerSlot(w);
  Atomics.store(ctrl, s + SLOT_SHARE_SEQ, -1);
  Atomics.store(ctrl, s + SLOT_REP_FROM, from);
  Atomics.store(ctrl, s + SLOT_REP_TO, to);
  Atomics.store(ctrl, s + SLOT_ATT_FROM, from);
  Atomics.store(ctrl, s + SLOT_ATT_TO, to);
  Atomics.store(ctrl, s + SLOT_SHARE_SEQ, seq);
}

/** Worker w: its share for command `seq`, or null when the share it reads was written for another command. */
export function readShare(ctrl: Int32Array, w: number, seq: number): Share | null {
  const s = workerSlot(w);
  const before = Atomics.load(ctrl, s + SLOT_SHARE_SEQ);
  const share = {
    repFrom: Atomics.load(ctrl, s + SLOT_REP_FROM),
    repTo: Atomics.load(ctrl, s + SLOT_REP_TO),
    attFrom: Atomics.load(ctrl, s + SLOT_ATT_FROM),
    attTo: Atomics.load(ctrl, s + SLOT_ATT_TO),
  };
  const after = Atomics.load(ctrl, s + SLOT_SHARE_SEQ);
  return before === seq && after === seq ? share : null;
}

/** Worker w's state: {@link STATE_STARTING}, {@link STATE_ALIVE} or {@link STATE_DEAD}. */
export function workerState(ctrl: Int32Array, w: number): number {
  return Atomics.load(ctrl, workerSlot(w) + SLOT_STATE);
}

/** Worker w: sets its state and wakes a main thread waiting on it (it waits on SLOT_DONE). */
export function setWorkerState(ctrl: Int32Array, w: number, state: number): void {
  const s = workerSlot(w);
  Atomics.store(ctrl, s + SLOT_STATE, state);
  Atomics.notify(ctrl, s + SLOT_STATE);
  Atomics.notify(ctrl, s + SLOT_DONE);
}

/** Worker w: reports command `seq` finished (after `elapsedUs` of compute, when it had a share). */
export function markDone(ctrl: Int32Array, w: number, seq: number, elapsedUs?: number): void {
  const s = workerSlot(w);
  if (elapsedUs !== undefined) Atomics.store(ctrl, s + SLOT_ELAPSED_US, elapsedUs);
  Atomics.store(ctrl, s + SLOT_DONE, seq);
  Atomics.notify(ctrl, s + SLOT_DONE);
}
