import { closeDistanceWorker, pairwiseDistances } from './index';
import { GramWorker, gramWorkerRunning } from './gram-worker-client';

/** One Gram product A·Aᵀ of a 3 × 4 matrix through the worker (creates its onnxruntime session). */
function gramOnce(w: GramWorker): Float64Array {
  const a = Float64Array.from({ length: 12 }, (_, i) => i);
  const id = w.load(a, 3, 4);
  const ref = { id, start: 0, rows: 3, shape: [3, 4] };
  w.submit('gram', { A: ref, B: ref }, [['G', [3, 3]]], new ArrayBuffer(72));
  const g = new Float64Array(w.take());
  w.free(id);
  return g;
}

describe('GramWorker: releasing its sessions and its thread', () => {
  it('releases the onnxruntime sessions on request; a later run creates its session again', async () => {
    const w = new GramWorker();
    try {
      expect(Array.from(gramOnce(w))).toEqual([14, 38, 62, 38, 126, 214, 62, 214, 366]);
      expect(w.releaseSessions()).toBe(1);
      expect(w.releaseSessions()).toBe(0);
      expect(gramOnce(w)[4]).toBe(126);
    } finally {
      await w.dispose();
    }
  });

  it('dispose() ends the thread; a second dispose is harmless; the worker refuses further work', async () => {
    const w = new GramWorker();
    gramOnce(w);
    expect(w.threadRunning).toBe(true);
    await w.dispose();
    expect(w.isClosed).toBe(true);
    expect(w.threadRunning).toBe(false);
    await expect(w.dispose()).resolves.toBeUndefined();
    expect(() => w.load(new Float64Array(4), 1, 4)).toThrow(/already closed/);
  });

  it('is an AsyncDisposable, and disposes of a worker that never started a session', async () => {
    const w = new GramWorker();
    await w[Symbol.asyncDispose]();
    expect(w.isClosed).toBe(true);
    expect(w.threadRunning).toBe(false);
  });

  it('closeDistanceWorker() disposes of the shared worker; the next call starts a fresh one', async () => {
    const x = Float32Array.from({ length: 40 }, (_, i) => Math.sin(i));
    pairwiseDistances(x, 4, { backend: 'onnx' });
    expect(gramWorkerRunning()).toBe(true);
    await closeDistanceWorker();
    expect(gramWorkerRunning()).toBe(false);
    await closeDistanceWorker();
    pairwiseDistances(x, 4, { backend: 'onnx' });
    expect(gramWorkerRunning()).toBe(true);
    await closeDistanceWorker();
  });
});
