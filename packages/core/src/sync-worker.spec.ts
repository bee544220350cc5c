import * as path from 'node:path';
import { SyncWorker } from './sync-worker';

const dir = path.join(__dirname, 'testing');

describe('SyncWorker', () => {
  it('answers queued requests in order, synchronously, and reports a failed request by its message', async () => {
    const w = new SyncWorker<number | 'fail' | 'exit', number>(
      dir,
      'sync-echo-worker',
      { factor: 3 },
      'echo',
    );
    try {
      for (let i = 0; i < 5; i++) w.send(i);
      expect(w.pending).toBe(5);
      expect([0, 1, 2, 3, 4].map(() => w.receive())).toEqual([0, 3, 6, 9, 12]);
      expect(w.alive).toBe(true);
      w.send(7);
      let polled: number | undefined;
      while ((polled = w.poll()) === undefined)
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
      expect(polled).toBe(21);
      expect(w.poll()).toBeUndefined();
      w.send('fail');
      expect(() => w.receive()).toThrow(/^echo: asked to fail$/);
      expect(() => w.send(1)).toThrow(/echo: already closed/);
    } finally {
      await w.close();
    }
  });

  it('says so when the worker thread dies instead of waiting for ever', async () => {
    const w = new SyncWorker<number | 'fail' | 'exit', number>(
      dir,
      'sync-echo-worker',
      { factor: 1 },
      'echo',
    );
    try {
      w.send('exit');
      expect(() => w.receive()).toThrow(/^echo: the worker thread exited$/);
    } finally {
      await w.close();
    }
  });
});
