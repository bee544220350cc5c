import type { Worker } from 'node:worker_threads';
import { startWorker } from '@zsaudit/core';
import type { AudioManifest } from '../manifest';
import { prepareFile, type Prepared, type PrepareRequest } from './prepare';

/**
 * Prepares batches of clips (read, resample, crop or pad, and the log-mel when it runs in JS) on a worker thread,
 * or in this thread when there is no worker. It owns the thread: {@link dispose} ends it.
 */
export class Preparer {
  private worker: Worker | null = null;
  private disposed = false;
  private seq = 0;
  private readonly waiting = new Map<
    number,
    { resolve: (r: Prepared[]) => void; reject: (e: Error) => void }
  >();

  constructor(
    private readonly manifest: AudioManifest,
    private readonly logMelHere: boolean,
    useWorker: boolean,
  ) {
    if (!useWorker) return;
    const worker = startWorker(__dirname, 'prepare-worker');
    this.worker = worker;
    worker.on('message', (msg: { seq: number; results?: Prepared[]; error?: string }) => {
      const w = this.waiting.get(msg.seq);
      this.waiting.delete(msg.seq);
      if (msg.error) w?.reject(new Error(`audio front end worker: ${msg.error}`));
      else w?.resolve(msg.results!);
    });
    worker.on('error', (err) => this.failAll(err));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = null;
      this.failAll(new Error(`audio front end worker: exited (code ${code})`));
    });
  }

  /** The worker thread while it runs; null without one or once disposed. */
  get thread(): Worker | null {
    return this.worker;
  }

  prepare(items: { id: string; path: string }[]): Promise<Prepared[]> {
    if (this.disposed) return Promise.reject(new Error('audio front end: used after dispose()'));
    if (!this.worker)
      return Promise.resolve(
        items.map((i) => ({ ...i, ...prepareFile(this.manifest, i.id, i.path, this.logMelHere) })),
      );
    const seq = this.seq++;
    return new Promise((resolve, reject) => {
      this.waiting.set(seq, { resolve, reject });
      const request: PrepareRequest = { seq, manifest: this.manifest, items, logMelHere: this.logMelHere };
      this.worker!.postMessage(request);
    });
  }

  /** Ends the worker thread (batches still waiting are rejected). A second call does nothing. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const worker = this.worker;
    this.worker = null;
    this.failAll(new Error('audio front end: disposed'));
    await worker?.terminate();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }

  private failAll(err: Error): void {
    const waiting = [...this.waiting.values()];
    this.waiting.clear();
    for (const w of waiting) w.reject(err);
  }
}
