import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts the worker script `<dir>/<baseName>.js`, or `<baseName>.ts` when the caller runs from TypeScript sources
 * (ts-jest, tsx): a worker thread does not inherit the parent's loader, so a `.ts` script gets tsx's CommonJS
 * hook through `execArgv`. Pass the caller's `__dirname` as `dir`.
 */
export function startWorker(dir: string, baseName: string, options: WorkerOptions = {}): Worker {
  const ts = path.join(dir, `${baseName}.ts`);
  const js = path.join(dir, `${baseName}.js`);
  const useTs = !fs.existsSync(js) && fs.existsSync(ts);
  if (!useTs && !fs.existsSync(js)) throw new Error(`worker script not found: ${js} (nor ${ts})`);
  return new Worker(useTs ? ts : js, {
    ...options,
    execArgv: [...(useTs ? ['--require', require.resolve('tsx/cjs')] : []), ...(options.execArgv ?? [])],
  });
}
