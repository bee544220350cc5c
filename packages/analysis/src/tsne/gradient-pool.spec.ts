import type { SparseMatrix } from './affinities';
import { QuadTree } from './barnes-hut';
import { GradientPool } from './gradient-pool';

/** A ring of n points: each row of P holds its two neighbours. */
function ring(n: number): SparseMatrix {
  const indptr = Int32Array.from({ length: n + 1 }, (_, i) => 2 * i);
  const indices = Int32Array.from({ length: 2 * n }, (_, e) => (Math.floor(e / 2) + (e % 2 ? 1 : n - 1)) % n);
  const values = new Float64Array(2 * n).fill(1 / (2 * n));
  return { indptr, indices, values };
}

/** Waits until `f` holds (the workers load asynchronously). */
async function until(f: () => boolean, ms = 30_000): Promise<void> {
  const t = Date.now();
  while (!f()) {
    if (Date.now() - t > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('GradientPool: releasing its threads', () => {
  it('gives the same forces with its workers as on one thread', async () => {
    const n = 200;
    const p = ring(n);
    const y = Float64Array.from({ length: 2 * n }, (_, i) => Math.sin(i * 1.7) * 3);
    const run = async (workers: number) => {
      const pool = new GradientPool(p, n, 0.25, workers);
      try {
        await until(() => pool.readyWorkers === workers);
        pool.y.set(y);
        pool.forces(new QuadTree(n, 0.25), 12);
        return [Float64Array.from(pool.posF), Float64Array.from(pool.negF), Float64Array.from(pool.zPart)];
      } finally {
        await pool.dispose();
      }
    };
    expect(await run(2)).toEqual(await run(0));
  });

  it('dispose() ends every worker thread, and a second dispose is harmless', async () => {
    const n = 50;
    const pool = new GradientPool(ring(n), n, 0.25, 2);
    await until(() => pool.readyWorkers === 2);
    expect(pool.liveWorkers).toBe(2);
    await pool.dispose();
    expect(pool.liveWorkers).toBe(0);
    await expect(pool.dispose()).resolves.toBeUndefined();
    await expect(pool[Symbol.asyncDispose]()).resolves.toBeUndefined();
  });

  it('workers that were told to stop (close) exit on their own', async () => {
    const n = 50;
    const pool = new GradientPool(ring(n), n, 0.25, 2);
    pool.close();
    await until(() => pool.liveWorkers === 0);
    expect(pool.liveWorkers).toBe(0);
  });
});
