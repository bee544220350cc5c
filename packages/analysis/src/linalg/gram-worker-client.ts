/**
 * A synchronous front to the Gram worker thread (gram-worker.ts), so the distance API can stay synchronous
 * while onnxruntime (asynchronous; its float64 GEMM runs ~50× faster than JS loops) does the products. This
 * is the synckit technique, by hand:
 *
 *   main thread                                   worker thread
 *   port.postMessage(request)  ───────────────▶  await session.run(...)
 *   Atomics.wait(ctrl, REPLIES, seen)            port.postMessage(reply); Atomics.add + Atomics.notify(ctrl)
 *   receiveMessageOnPort(port)  ◀──────────────
 *
 * postMessage delivers while the main thread is blocked, and receiveMessageOnPort reads the reply without the
 * event loop. Requests may be queued ahead (submit tile k+1, then take tile k), so the worker computes the
 * next tile while the caller reads this one.
 *
 * The worker is unref'd: an idle worker never keeps a CLI or jest alive, and process exit ends it.
 */
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { startWorker } from '@zsaudit/core';
import * as ort from 'onnxruntime-node';
import { releaseBuffers } from './buffers';
import { workerModels } from './onnx-models';
import {
  CTRL_REPLIES,
  CTRL_SLOTS,
  CTRL_STATE,
  STATE_ALIVE,
  STATE_DEAD,
  STATE_STARTING,
  type GramReply,
  type GramRequest,
  type GramWorkerData,
  type TensorRef,
} from './gram-protocol';

/** How long the first reply may take while the worker has not even started running its script. */
const START_TIMEOUT_MS = 60_000;

export class GramWorker implements AsyncDisposable {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly ctrl: Int32Array;
  private nextId = 1;
  /** Requests sent and not yet answered. */
  private pending = 0;
  private closed = false;
  /** An 'error' event of the Worker, seen only when the main thread got back to its event loop. */
  private failure: Error | null = null;

  constructor(threads = 0) {
    // onnxruntime-node's addon cannot be registered twice in a process: once the last thread holding it
    // exits, neither a new worker nor this thread can load it again ("Module did not self-register"). Holding
    // it in this thread (the import above; ~25 ms, once) keeps it loaded, so a closed worker can be replaced.
    void ort.env;
    const ctrl = new SharedArrayBuffer(CTRL_SLOTS * 4);
    this.ctrl = new Int32Array(ctrl);
    const { port1, port2 } = new MessageChannel();
    const data: GramWorkerData = { ctrl, port: port2, models: workerModels(), threads };
    this.worker = startWorker(__dirname, 'gram-worker', { workerData: data, transferList: [port2] });
    this.worker.on('error', (err) => {
      this.failure = err;
    });
    this.worker.unref();
    this.port = port1;
    this.port.unref();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Whether the worker thread still runs (false once it has exited, after {@link dispose} or a failure). */
  get threadRunning(): boolean {
    return this.worker.threadId >= 0;
  }

  /**
   * Moves `data` (rows × cols float64, row-major) to the worker: its whole buffer is transferred (detached
   * here) until {@link free} gives it back.
   */
  load(data: Float64Array, rows: number, cols: number): number {
    const id = this.nextId++;
    if (data.length !== rows * cols)
      throw new Error(`GramWorker.load: ${data.length} values for ${rows} × ${cols}`);
    this.call({ op: 'load', id, data, rows, cols }, [data.buffer as ArrayBuffer]);
    return id;
  }

  /** Drops a loaded matrix in the worker; returns its buffer (for reuse). */
  free(id: number): ArrayBuffer | undefined {
    return this.call({ op: 'free', id }).out;
  }

  /**
   * Queues a run of `model` (a name of onnx-models.ts' workerModels); its float64 outputs are written one
   * after the other, in the order given, into `out` (transferred), which comes back from {@link take}.
   */
  submit(
    model: string,
    inputs: Record<string, TensorRef>,
    outputs: [name: string, shape: number[]][],
    out: ArrayBuffer,
  ): void {
    const need = outputs.reduce((sum, [, shape]) => sum + shape.reduce((a, b) => a * b, 1), 0) * 8;
    if (out.byteLength < need)
      throw new Error(`GramWorker.submit: output buffer of ${out.byteLength} B, needs ${need}`);
    this.send({ op: 'run', model, inputs, outputs, out }, [out]);
  }

  /** Waits for the oldest queued run; returns its output buffer. */
  take(): ArrayBuffer {
    const r = this.receive();
    if (!r.out) throw this.fail('the worker answered a run without its outputs');
    return r.out;
  }

  /** Requests still unanswered (a caller that stops early drains them with take). */
  get queued(): number {
    return this.pending;
  }

  /**
   * Releases the worker's onnxruntime sessions (session.release()); returns how many there were. The next run
   * creates its session again.
   */
  releaseSessions(): number {
    return this.call({ op: 'release' }).released ?? 0;
  }

  /** Ends the worker thread without releasing its sessions first; resolves once it has stopped. */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    this.port.close();
    return this.worker.terminate().then(() => undefined);
  }

  /**
   * Releases the onnxruntime sessions (when the worker is up and idle) and ends the thread; resolves once it has
   * stopped. A second call, or one after a failure closed the worker, is harmless.
   */
  async dispose(): Promise<void> {
    if (this.closed) return this.close();
    if (this.pending === 0 && Atomics.load(this.ctrl, CTRL_STATE) === STATE_ALIVE) {
      try {
        this.releaseSessions();
      } catch {
        // The worker failed (and was closed by fail()); ending it is all that is left.
      }
    }
    return this.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose();
  }

  private send(msg: GramRequest, transfer: ArrayBuffer[] = []): void {
    if (this.closed) throw new Error('distance worker: already closed');
    this.port.postMessage(msg, transfer);
    this.pending++;
  }

  private call(msg: GramRequest, transfer: ArrayBuffer[] = []): GramReply & { ok: true } {
    if (this.pending > 0) throw new Error('GramWorker: take the queued tiles before another request');
    this.send(msg, transfer);
    return this.receive();
  }

  /** Blocks until the next reply; throws (closing the worker) on an error reply, worker death or no start. */
  private receive(): GramReply & { ok: true } {
    const started = Date.now();
    for (;;) {
      const seen = Atomics.load(this.ctrl, CTRL_REPLIES);
      // Read the state before the port: a worker that replies and then exits still has its reply taken.
      const state = Atomics.load(this.ctrl, CTRL_STATE);
      const got = receiveMessageOnPort(this.port);
      if (got) {
        this.pending--;
        const reply = got.message as GramReply;
        if (!reply.ok) throw this.fail(reply.error);
        return reply;
      }
      if (state === STATE_DEAD) throw this.fail('the worker thread exited');
      if (this.failure) throw this.fail(this.failure.message);
      if (state === STATE_STARTING && Date.now() - started > START_TIMEOUT_MS)
        throw this.fail(`the worker thread did not start within ${START_TIMEOUT_MS / 1000} s`);
      // Wakes on the worker's notify; the timeout only bounds how often death and start-up are checked.
      Atomics.wait(this.ctrl, CTRL_REPLIES, seen, 1000);
    }
  }

  private fail(message: string): Error {
    void this.close();
    return new Error(`distance worker (onnxruntime): ${message}`);
  }
}

let shared: GramWorker | null = null;

/** The process-wide Gram worker, started on first use (and again after a failure or close). */
export function sharedGramWorker(): GramWorker {
  if (!shared || shared.isClosed) shared = new GramWorker();
  return shared;
}

/** Whether the shared worker is running (then even small products are cheaper there than in JS). */
export function gramWorkerRunning(): boolean {
  return shared !== null && !shared.isClosed;
}

/**
 * Disposes of the shared distance worker (its onnxruntime sessions, then its thread) and drops the scratch buffers
 * kept between calls (up to 96 MB). The worker is unref'd and never keeps the process alive; call this to release
 * the thread and the memory early (the analysis stage does, in a finally; tests in afterAll). The next distance
 * call starts a new worker.
 */
export function closeDistanceWorker(): Promise<void> {
  const w = shared;
  shared = null;
  releaseBuffers();
  return w ? w.dispose() : Promise.resolve();
}
