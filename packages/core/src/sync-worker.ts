/**
 * A worker thread a synchronous caller can queue requests to and block on, the synckit technique by hand:
 *
 *   caller thread                                 worker thread
 *   port.postMessage(request)  ───────────────▶  reply = handle(request)
 *   Atomics.wait(ctrl, REPLIES, seen)            port.postMessage(reply); Atomics.add + Atomics.notify(ctrl)
 *   receiveMessageOnPort(port)  ◀──────────────
 *
 * postMessage delivers while the caller is blocked, and receiveMessageOnPort reads the reply without the event
 * loop, so a synchronous loop (a stage streaming a file with readSync) can hand work to another core: it queues
 * request k+1 and goes on with its own work while the worker answers request k. Replies come in request order.
 * The worker is unref'd: it never keeps a process alive, and process exit ends it.
 */
import {
  MessageChannel,
  receiveMessageOnPort,
  workerData as threadData,
  type MessagePort,
  type Worker,
} from 'node:worker_threads';
import { startWorker } from './worker';

const CTRL_REPLIES = 0;
const CTRL_STATE = 1;
const STATE_STARTING = 0;
const STATE_ALIVE = 1;
const STATE_DEAD = 2;

/** How long the first reply may take while the worker has not even started running its script. */
const START_TIMEOUT_MS = 60_000;

interface SyncWorkerData<D> {
  ctrl: SharedArrayBuffer;
  port: MessagePort;
  data: D;
}

type Reply<R> = { ok: true; value: R } | { ok: false; error: string };

/** The caller's side: start with the worker script's folder and base name (core `startWorker`) and its data. */
export class SyncWorker<Req, Rep> {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly ctrl: Int32Array;
  private failure: Error | null = null;
  private closed = false;
  /** Requests sent and not yet answered. */
  pending = 0;

  constructor(
    dir: string,
    baseName: string,
    data: unknown,
    /** Names the worker in errors, e.g. "leak matcher worker". */
    private readonly name: string,
  ) {
    const ctrl = new SharedArrayBuffer(8);
    this.ctrl = new Int32Array(ctrl);
    const { port1, port2 } = new MessageChannel();
    const workerData: SyncWorkerData<unknown> = { ctrl, port: port2, data };
    this.worker = startWorker(dir, baseName, { workerData, transferList: [port2] });
    this.worker.on('error', (err) => {
      this.failure = err;
    });
    this.worker.unref();
    this.port = port1;
    this.port.unref();
  }

  /** Queues a request; its reply comes from a later {@link receive}, in order. */
  send(request: Req): void {
    if (this.closed) throw new Error(`${this.name}: already closed`);
    this.port.postMessage(request);
    this.pending++;
  }

  /** Whether the worker has started and serves requests (a caller may do the work itself meanwhile). */
  get alive(): boolean {
    return Atomics.load(this.ctrl, CTRL_STATE) === STATE_ALIVE;
  }

  /** The oldest unanswered request's reply if it has come, else undefined; throws on an error reply. */
  poll(): Rep | undefined {
    if (this.pending === 0) return undefined;
    const got = receiveMessageOnPort(this.port);
    return got ? this.taken(got.message as Reply<Rep>) : undefined;
  }

  /** Blocks until the oldest unanswered request's reply; throws (closing the worker) on an error, death or no start. */
  receive(): Rep {
    if (this.pending === 0) throw new Error(`${this.name}: no request to wait for`);
    const started = Date.now();
    for (;;) {
      const seen = Atomics.load(this.ctrl, CTRL_REPLIES);
      // Read the state before the port: a worker that replies and then exits still has its reply taken.
      const state = Atomics.load(this.ctrl, CTRL_STATE);
      const got = receiveMessageOnPort(this.port);
      if (got) return this.taken(got.message as Reply<Rep>);
      if (state === STATE_DEAD) throw this.fail('the worker thread exited');
      if (this.failure) throw this.fail(this.failure.message);
      if (state === STATE_STARTING && Date.now() - started > START_TIMEOUT_MS)
        throw this.fail(`the worker thread did not start within ${START_TIMEOUT_MS / 1000} s`);
      // Wakes on the worker's notify; the timeout only bounds how often death and start-up are checked.
      Atomics.wait(this.ctrl, CTRL_REPLIES, seen, 1000);
    }
  }

  private taken(reply: Reply<Rep>): Rep {
    this.pending--;
    if (!reply.ok) throw this.fail(reply.error);
    return reply.value;
  }

  /** Ends the worker thread; resolves once it has stopped. A second call is harmless. */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    this.port.close();
    return this.worker.terminate().then(() => undefined);
  }

  private fail(message: string): Error {
    void this.close();
    return new Error(`${this.name}: ${message}`);
  }
}

/**
 * The worker's side, called once by the worker script: `setup` gets the caller's data and returns the request
 * handler; each request's reply (or the error it threw) goes back in order. A crash or exit wakes the caller.
 */
export function serveSyncWorker<D, Req, Rep>(setup: (data: D) => (request: Req) => Rep): void {
  const { ctrl: ctrlBuffer, port, data } = threadData as SyncWorkerData<D>;
  const ctrl = new Int32Array(ctrlBuffer);
  const reply = (msg: Reply<Rep>) => {
    port.postMessage(msg);
    Atomics.add(ctrl, CTRL_REPLIES, 1);
    Atomics.notify(ctrl, CTRL_REPLIES);
  };
  // The caller may be blocked in Atomics.wait: tell it when this thread goes away, whatever the reason.
  process.on('exit', () => {
    Atomics.store(ctrl, CTRL_STATE, STATE_DEAD);
    Atomics.add(ctrl, CTRL_REPLIES, 1);
    Atomics.notify(ctrl, CTRL_REPLIES);
  });
  let handle: (request: Req) => Rep;
  try {
    handle = setup(data);
  } catch (err) {
    // Every request gets the setup error as its reply.
    const error = `worker setup failed: ${(err as Error).stack ?? String(err)}`;
    handle = () => {
      throw new Error(error);
    };
  }
  Atomics.store(ctrl, CTRL_STATE, STATE_ALIVE);
  port.on('message', (request: Req) => {
    try {
      reply({ ok: true, value: handle(request) });
    } catch (err) {
      reply({ ok: false, error: (err as Error).message ?? String(err) });
    }
  });
}
