/**
 * Worker thread of {@link GramWorker}: holds float64 matrices and runs the small ONNX models of
 * onnx-models.ts on row ranges of them. onnxruntime's session.run is asynchronous; running it here lets the
 * main thread wait for it synchronously. Imports nothing of the package but the protocol, so it starts in
 * tens of milliseconds.
 */
import { workerData } from 'node:worker_threads';
import type * as Ort from 'onnxruntime-node';
import {
  CTRL_REPLIES,
  CTRL_STATE,
  STATE_ALIVE,
  STATE_DEAD,
  type GramReply,
  type GramRequest,
  type GramWorkerData,
  type TensorRef,
} from './gram-protocol';

const { ctrl: ctrlBuffer, port, models, threads } = workerData as GramWorkerData;
const ctrl = new Int32Array(ctrlBuffer);

function signal(): void {
  Atomics.add(ctrl, CTRL_REPLIES, 1);
  Atomics.notify(ctrl, CTRL_REPLIES);
}

function reply(msg: GramReply, transfer: ArrayBuffer[] = []): void {
  port.postMessage(msg, transfer);
  signal();
}

// The main thread may be blocked in Atomics.wait: tell it when this thread goes away, whatever the reason.
process.on('exit', () => {
  Atomics.store(ctrl, CTRL_STATE, STATE_DEAD);
  signal();
});
process.on('uncaughtException', (err) => {
  reply({ ok: false, error: `worker crashed: ${err.stack ?? err}` });
  process.exit(1);
});

// Loaded after the handlers above (a static import would run first): if the addon fails to load, requests get
// the error as their reply instead of the main thread waiting on a worker that died silently.
const ortModule: Promise<typeof Ort> = import('onnxruntime-node');
ortModule.catch(() => undefined); // reported to each request; not an unhandled rejection meanwhile

const sessions = new Map<string, Promise<Ort.InferenceSession>>();

function session(ort: typeof Ort, name: string): Promise<Ort.InferenceSession> {
  let s = sessions.get(name);
  if (!s) {
    const model = models[name];
    if (!model) throw new Error(`no model named "${name}"`);
    s = ort.InferenceSession.create(model, {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      // Idle pool threads sleep instead of spinning: on a shared machine spinning steals the core a busy
      // thread needs (measured 20–30% slower under load); each run is milliseconds of work, so the wake-ups
      // cost nothing.
      extra: { session: { intra_op: { allow_spinning: '0' } } },
    });
    sessions.set(name, s);
  }
  return s;
}

const matrices = new Map<number, { data: Float64Array; cols: number }>();

function tensor(ort: typeof Ort, ref: TensorRef): Ort.Tensor {
  if ('int64' in ref) return new ort.Tensor('int64', BigInt64Array.of(BigInt(ref.int64)), []);
  const m = matrices.get(ref.id);
  if (!m) throw new Error(`matrix ${ref.id} is not loaded`);
  return new ort.Tensor(
    'float64',
    m.data.subarray(ref.start * m.cols, (ref.start + ref.rows) * m.cols),
    ref.shape,
  );
}

async function handle(req: GramRequest): Promise<void> {
  switch (req.op) {
    case 'load':
      matrices.set(req.id, { data: req.data, cols: req.cols });
      reply({ ok: true });
      return;
    case 'free': {
      // The buffer goes back for reuse (a new one costs page faults).
      const buf = matrices.get(req.id)?.data.buffer as ArrayBuffer | undefined;
      matrices.delete(req.id);
      reply({ ok: true, out: buf }, buf ? [buf] : []);
      return;
    }
    case 'release': {
      const all = [...sessions.values()];
      sessions.clear();
      let released = 0;
      for (const pending of all) {
        // A session that failed to load has nothing to release.
        const s = await pending.catch(() => null);
        if (s) {
          await s.release();
          released++;
        }
      }
      reply({ ok: true, released });
      return;
    }
    case 'run': {
      const ort = await ortModule;
      const s = await session(ort, req.model);
      const feeds: Record<string, Ort.Tensor> = {};
      for (const [name, ref] of Object.entries(req.inputs)) feeds[name] = tensor(ort, ref);
      // Pre-allocated outputs: onnxruntime writes straight into the buffer that goes back.
      const fetches: Record<string, Ort.Tensor> = {};
      let offset = 0;
      for (const [name, shape] of req.outputs) {
        const size = shape.reduce((a, b) => a * b, 1);
        fetches[name] = new ort.Tensor('float64', new Float64Array(req.out, offset * 8, size), shape);
        offset += size;
      }
      await s.run(feeds, fetches);
      reply({ ok: true, out: req.out }, [req.out]);
      return;
    }
  }
}

// Requests run one at a time, in order (the main thread may queue the next tile while it reads this one).
let queue: Promise<void> = Promise.resolve();
port.on('message', (req: GramRequest) => {
  queue = queue.then(() =>
    handle(req).catch((err: Error) => {
      // The main thread closes this worker on any error, so a result buffer need not go back.
      reply({ ok: false, error: err.stack ?? String(err) });
    }),
  );
});
Atomics.store(ctrl, CTRL_STATE, STATE_ALIVE);
