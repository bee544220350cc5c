import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { mulberry32 } from '@zsaudit/core';
import {
  checkMatrix,
  closeDistanceWorker,
  forEachCrossDistanceBlock,
  forEachDistanceBlock,
  forEachUpperDistanceBlock,
  nearestNeighbors,
  pairwiseDistances,
  type DistanceBackend,
  type Metric,
} from './index';
import { gramWorkerRunning, sharedGramWorker } from './gram-worker-client';

/** Seeded standard normals (mulberry32 + Box–Muller) as float32. */
function normals(count: number, seed: number, scale = 1, offset = 0): Float32Array {
  const rand = mulberry32(seed);
  return Float32Array.from(
    { length: count },
    () => offset + scale * Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand()),
  );
}

/** Distances computed directly in float64, pair by pair: the independent reference. */
function direct(x: Float32Array, dim: number, metric: Metric): Float64Array {
  const n = x.length / dim;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let ss = 0;
      let dot = 0;
      let na = 0;
      let nb = 0;
      for (let d = 0; d < dim; d++) {
        const a = x[i * dim + d];
        const b = x[j * dim + d];
        ss += (a - b) * (a - b);
        dot += a * b;
        na += a * a;
        nb += b * b;
      }
      out[i * n + j] =
        metric === 'euclidean'
          ? Math.sqrt(ss)
          : i === j
            ? 0
            : na > 0 && nb > 0
              ? Math.min(2, Math.max(0, 1 - dot / Math.sqrt(na * nb)))
              : 1;
    }
  return out;
}

function maxRelError(got: Float64Array, want: Float64Array): number {
  let scale = 0;
  for (const v of want) scale = Math.max(scale, Math.abs(v));
  let err = 0;
  for (let i = 0; i < want.length; i++) err = Math.max(err, Math.abs(got[i] - want[i]));
  return err / scale;
}

const BACKENDS: DistanceBackend[] = ['js', 'onnx'];
const METRICS: Metric[] = ['euclidean', 'cosine'];

afterAll(() => closeDistanceWorker());

describe('pairwiseDistances', () => {
  const dim = 24;
  const x = normals(90 * dim, 1);

  for (const backend of BACKENDS)
    for (const metric of METRICS)
      it(`matches the pair-by-pair float64 reference (${metric}, ${backend})`, () => {
        const d = pairwiseDistances(x, dim, { metric, backend });
        expect(maxRelError(d, direct(x, dim, metric))).toBeLessThan(1e-13);
        const n = x.length / dim;
        for (let i = 0; i < n; i++) {
          expect(d[i * n + i]).toBe(0);
          for (let j = 0; j < i; j++) expect(d[i * n + j]).toBeCloseTo(d[j * n + i], 13);
        }
      });

  it('stays accurate for points far from the origin (euclidean centring)', () => {
    // Offset 1000, spread 0.01: uncentred, ‖a‖² ≈ 1e8 against d² ≈ 1e-2, and even float64 would lose 6
    // digits.
    const far = normals(40 * 16, 2, 0.01, 1000);
    for (const backend of BACKENDS)
      expect(maxRelError(pairwiseDistances(far, 16, { backend }), direct(far, 16, 'euclidean'))).toBeLessThan(
        1e-6,
      );
  });

  it('gives the same distances on both backends', () => {
    for (const metric of METRICS) {
      const a = pairwiseDistances(x, dim, { metric, backend: 'js' });
      const b = pairwiseDistances(x, dim, { metric, backend: 'onnx' });
      expect(maxRelError(b, a)).toBeLessThan(1e-14);
    }
  });

  it('treats zero rows as sklearn does for cosine (distance 1, 0 to itself) and clips to [0, 2]', () => {
    const v = new Float32Array([0, 0, 1, 0, -1, 0, 2, 0]);
    for (const backend of BACKENDS) {
      const d = pairwiseDistances(v, 2, { metric: 'cosine', backend });
      expect(Array.from(d.subarray(0, 4))).toEqual([0, 1, 1, 1]);
      expect(d[1 * 4 + 2]).toBe(2);
      expect(d[1 * 4 + 3]).toBe(0);
    }
  });
});

describe('blocked visits', () => {
  const dim = 16;
  const n = 57;
  const x = normals(n * dim, 3);

  for (const backend of BACKENDS)
    for (const metric of METRICS)
      it(`give the unblocked matrix whatever the block size (${metric}, ${backend})`, () => {
        const full = pairwiseDistances(x, dim, { metric, backend });
        for (const blockRows of [1, 5, 56, 57, 200]) {
          const got = new Float64Array(n * n);
          const starts: number[] = [];
          forEachDistanceBlock(
            x,
            dim,
            (start, count, block) => {
              expect(block.length).toBe(count * n);
              starts.push(start);
              got.set(block, start * n);
            },
            { metric, backend, blockRows },
          );
          expect(starts[0]).toBe(0);
          // JS arithmetic does not depend on the blocking; onnxruntime's GEMM kernels may sum in another
          // order.
          if (backend === 'js') expect(got).toEqual(full);
          else expect(maxRelError(got, full)).toBeLessThan(1e-14);
        }
      });

  for (const backend of BACKENDS)
    it(`upper blocks hold each pair once, equal to the full matrix (${backend})`, () => {
      const full = pairwiseDistances(x, dim, { backend });
      for (const blockRows of [1, 4, 20, 57, undefined]) {
        const seen = new Uint8Array(n * n);
        let worst = 0;
        let next = 0;
        forEachUpperDistanceBlock(
          x,
          dim,
          (start, count, block) => {
            expect(start).toBe(next);
            next += count;
            const w = n - start;
            expect(block.length).toBe(count * w);
            for (let r = 0; r < count; r++)
              for (let c = r; c < w; c++) {
                const i = start + r;
                const j = start + c;
                seen[i * n + j]++;
                worst = Math.max(worst, Math.abs(block[r * w + c] - full[i * n + j]));
              }
          },
          { backend, blockRows },
        );
        expect(next).toBe(n);
        expect(worst).toBeLessThan(1e-12);
        const want = Uint8Array.from({ length: n * n }, (_, q) => (q % n >= Math.floor(q / n) ? 1 : 0));
        expect(seen).toEqual(want);
      }
    });

  for (const backend of BACKENDS)
    for (const metric of METRICS)
      it(`cross blocks equal the matching part of the joint matrix (${metric}, ${backend})`, () => {
        const a = x.subarray(0, 20 * dim);
        const b = x.subarray(20 * dim);
        const full = pairwiseDistances(x, dim, { metric, backend });
        const got: number[] = [];
        forEachCrossDistanceBlock(
          a,
          b,
          dim,
          (_s, count, block) => got.push(...block.subarray(0, count * (n - 20))),
          {
            metric,
            backend,
            blockRows: 6,
          },
        );
        const want: number[] = [];
        for (let i = 0; i < 20; i++) for (let j = 20; j < n; j++) want.push(full[i * n + j]);
        expect(maxRelError(Float64Array.from(got), Float64Array.from(want))).toBeLessThan(1e-13);
      });
});

describe('nearestNeighbors', () => {
  for (const backend of BACKENDS) {
    it(`breaks ties by the lower index (${backend})`, () => {
      // 1-D points 0, 1, −1, 2, −2, 3: from 0, indices 1 and 2 are both at 1, then 3 and 4 both at 2.
      const line = new Float32Array([0, 1, -1, 2, -2, 3]);
      const { indices, distances } = nearestNeighbors(line, 1, 4, { backend });
      expect(Array.from(indices.subarray(0, 4))).toEqual([1, 2, 3, 4]);
      expect(Array.from(distances.subarray(0, 4))).toEqual([1, 1, 2, 2]);
      // Duplicates: rows 0, 1, 2 coincide; row 2's neighbours are 0 then 1 (distance 0), then 3.
      const dup = new Float32Array([5, 5, 5, 5, 5, 5, 0, 0]);
      const nn = nearestNeighbors(dup, 2, 3, { backend });
      expect(Array.from(nn.indices.subarray(6, 9))).toEqual([0, 1, 3]);
      expect(Array.from(nn.indices.subarray(0, 3))).toEqual([1, 2, 3]);
      expect(nn.distances[6]).toBe(0);
    });

    it(`matches a full sort by (distance, index) on random data (${backend})`, () => {
      const dim = 8;
      const x = normals(120 * dim, 4);
      const n = 120;
      const k = 7;
      const full = pairwiseDistances(x, dim, { backend });
      const { indices, distances } = nearestNeighbors(x, dim, k, { backend, metric: 'euclidean' });
      for (let i = 0; i < n; i++) {
        const order = Array.from({ length: n }, (_, j) => j)
          .filter((j) => j !== i)
          .sort((p, q) => full[i * n + p] - full[i * n + q] || p - q)
          .slice(0, k);
        expect(Array.from(indices.subarray(i * k, (i + 1) * k))).toEqual(order);
        expect(Array.from(distances.subarray(i * k, (i + 1) * k))).toEqual(order.map((j) => full[i * n + j]));
      }
    });
  }

  it('rejects k outside [1, n − 1]', () => {
    const x = normals(10, 5);
    expect(() => nearestNeighbors(x, 2, 5)).toThrow(RangeError);
    expect(() => nearestNeighbors(x, 2, 0)).toThrow(/k must be an integer in \[1, n − 1\] = \[1, 4\]/);
    expect(() => nearestNeighbors(x, 2, 1.5)).toThrow(RangeError);
  });
});

describe('checkMatrix', () => {
  it('names the row and column of a non-finite value', () => {
    const x = new Float32Array(12).fill(1);
    x[7] = NaN;
    expect(() => checkMatrix(x, 3, 'emb')).toThrow(/emb: row 2 has a non-finite value \(NaN\) at column 1/);
    x[7] = 1;
    x[0] = Infinity;
    expect(() => checkMatrix(x, 3, 'emb')).toThrow(/row 0 .*Infinity/);
    expect(() => pairwiseDistances(x, 3)).toThrow(RangeError);
  });

  it('rejects a dim that does not divide the data or is not a positive integer', () => {
    const x = new Float32Array(10);
    expect(() => checkMatrix(x, 3, 'x')).toThrow(/10 values is not a whole number of rows of 3/);
    expect(() => checkMatrix(x, 0, 'x')).toThrow(/dim must be a positive integer/);
    expect(() => checkMatrix(x, 2.5, 'x')).toThrow(RangeError);
    expect(checkMatrix(x, 5, 'x')).toBe(2);
  });
});

describe('the onnxruntime worker', () => {
  it('stays usable after a visitor throws with a tile still queued, and restarts after close', async () => {
    const dim = 8;
    const x = normals(64 * dim, 6);
    const want = pairwiseDistances(x, dim, { backend: 'js' });
    expect(() =>
      forEachDistanceBlock(
        x,
        dim,
        () => {
          throw new Error('visitor failed');
        },
        { backend: 'onnx', blockRows: 8 },
      ),
    ).toThrow('visitor failed');
    expect(maxRelError(pairwiseDistances(x, dim, { backend: 'onnx' }), want)).toBeLessThan(1e-14);
    expect(gramWorkerRunning()).toBe(true);
    await closeDistanceWorker();
    expect(gramWorkerRunning()).toBe(false);
    // 'auto' keeps a small product in JS rather than start a worker for it.
    pairwiseDistances(x, dim);
    expect(gramWorkerRunning()).toBe(false);
    expect(maxRelError(pairwiseDistances(x, dim, { backend: 'onnx' }), want)).toBeLessThan(1e-14);
    expect(gramWorkerRunning()).toBe(true);
  });

  it('reports a failed run as an error, then starts a fresh worker', () => {
    const worker = sharedGramWorker();
    worker.submit('no-such-model', {}, [], new ArrayBuffer(8));
    expect(() => worker.take()).toThrow(/distance worker \(onnxruntime\): .*no model named "no-such-model"/);
    expect(worker.isClosed).toBe(true);
    const x = normals(30 * 4, 7);
    expect(maxRelError(pairwiseDistances(x, 4, { backend: 'onnx' }), direct(x, 4, 'euclidean'))).toBeLessThan(
      1e-13,
    );
  });

  it('does not keep a process alive: a script that used it exits on its own', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zsaudit-linalg-exit-'));
    try {
      const script = path.join(dir, 'exit.ts');
      fs.writeFileSync(
        script,
        [
          `import { pairwiseDistances } from ${JSON.stringify(path.join(__dirname, 'distances'))};`,
          'const x = Float32Array.from({ length: 400 }, (_, i) => Math.sin(i));',
          "const d = pairwiseDistances(x, 4, { backend: 'onnx' });",
          // a string: Nx sets FORCE_COLOR, and a logged number would come back wrapped in colour codes
          'console.log(String(d.length));',
        ].join('\n'),
      );
      const t = Date.now();
      const r = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), script], {
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(r.error).toBeUndefined();
      expect(r.stderr).toBe('');
      expect(r.stdout.trim()).toBe('10000');
      expect(r.status).toBe(0);
      expect(Date.now() - t).toBeLessThan(30_000);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
