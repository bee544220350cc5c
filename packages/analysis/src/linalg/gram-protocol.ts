/**
 * Messages between {@link GramWorker} (main thread, gram-worker-client.ts) and the worker thread
 * (gram-worker.ts). Kept in a file of its own so the worker imports nothing else of the package and starts
 * quickly.
 *
 * Requests travel on a MessagePort; each gets exactly one reply, in order. After posting a reply the worker
 * bumps `ctrl[CTRL_REPLIES]` and notifies it, which wakes the main thread blocked in Atomics.wait; the main
 * thread then takes the reply with receiveMessageOnPort, synchronously. Matrices and result buffers are
 * ArrayBuffers moved in the transfer list (zero-copy): onnxruntime-node refuses SharedArrayBuffer-backed
 * tensors.
 */
import type { MessagePort } from 'node:worker_threads';

/** Int32 slots of the control SharedArrayBuffer. */
export const CTRL_REPLIES = 0;
export const CTRL_STATE = 1;
export const CTRL_SLOTS = 2;

/** Values of ctrl[CTRL_STATE]. */
export const STATE_STARTING = 0;
export const STATE_ALIVE = 1;
export const STATE_DEAD = 2;

export interface GramWorkerData {
  ctrl: SharedArrayBuffer;
  port: MessagePort;
  /** Serialized ONNX models by name (onnx-models.ts); sessions are created on first use. */
  models: Record<string, Uint8Array>;
  /** onnxruntime intra-op threads; 0 lets onnxruntime pick (one per physical core). */
  threads: number;
}

/**
 * A model input: rows [start, start + rows) of a loaded matrix, viewed with `shape` (whose product must be
 * rows × the matrix's columns); or an int64 scalar.
 */
export type TensorRef = { id: number; start: number; rows: number; shape: number[] } | { int64: number };

export type GramRequest =
  /** Keeps a float64 matrix (rows × cols, row-major) under `id` until `free`, which moves its buffer back. */
  | { op: 'load'; id: number; data: Float64Array; rows: number; cols: number }
  | { op: 'free'; id: number }
  /** Releases every onnxruntime session (session.release()); the reply says how many. */
  | { op: 'release' }
  /**
   * Runs `model` on `inputs`; its float64 outputs are written, in the order of `outputs`, one after the other
   * into `out` (which must hold them all), and `out` is moved back in the reply.
   */
  | {
      op: 'run';
      model: string;
      inputs: Record<string, TensorRef>;
      outputs: [name: string, shape: number[]][];
      out: ArrayBuffer;
    };

export type GramReply = { ok: true; out?: ArrayBuffer; released?: number } | { ok: false; error: string };
