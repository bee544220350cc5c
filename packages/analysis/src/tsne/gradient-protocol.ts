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
 */
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

/** What a worker receives at start: shared views of everything the gradient reads and writes. */
export interface GradientWorkerData {
  ctrl: SharedArrayBuffer;
  /** This worker's index w (control words at workerSlot(w)). */
  index: number;
  n: number;
  /** θ² of the Barnes–Hut test. */
  theta2: number;
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
