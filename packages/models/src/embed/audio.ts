import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import type { AudioManifest, LoadedBackbone } from '../manifest';
import { prepareFile, prepareSamples } from './prepare';

/** An item that could not be embedded, and why; nothing is dropped without one. */
export interface EmbedExclusion {
  id: string;
  file: string | null;
  reason: 'missing-file' | 'unreadable-audio' | 'silent' | 'empty-text' | 'non-finite-output';
  message: string;
}

/** Rows embedded so far: ids, row-major vectors (rows × dim), and the exclusions met. */
export interface EmbedResult {
  ids: string[];
  vectors: Float32Array;
  dim: number;
  exclusions: EmbedExclusion[];
}

/**
 * Appends one session run's embeddings (batch × dim) to the rows so far; a row with NaN or infinite values is
 * excluded with its reason instead.
 */
export function appendBatch(
  acc: { ids: string[]; vectors: Float32Array; exclusions: EmbedExclusion[]; dim: number },
  out: Float32Array,
  batch: readonly { id: string; file: string | null }[],
): void {
  const { dim } = acc;
  batch.forEach((b, i) => {
    const v = out.subarray(i * dim, (i + 1) * dim);
    if (!v.every(Number.isFinite)) {
      const where = b.file ?? b.id;
      acc.exclusions.push({
        id: b.id,
        file: b.file,
        reason: 'non-finite-output',
        message: `${where}: the backbone gave NaN or infinite values`,
      });
      return;
    }
    acc.vectors.set(v, acc.ids.length * dim);
    acc.ids.push(b.id);
  });
}

/** Runs an audio backbone: front end (resample, centre crop or repeat-pad, log-mel) + one ONNX session fed batches. */
export class AudioEmbedder {
  private constructor(
    readonly backbone: LoadedBackbone<AudioManifest>,
    private readonly session: ort.InferenceSession,
    readonly dim: number,
  ) {}

  /** Creates the session once; checks the output dimension against the manifest on a probe input. */
  static async create(
    backbone: LoadedBackbone<AudioManifest>,
    opts: { executionProviders?: string[] } = {},
  ): Promise<AudioEmbedder> {
    const session = await ort.InferenceSession.create(backbone.onnxPath, {
      executionProviders: opts.executionProviders ?? ['cpu'],
    });
    const probe = new AudioEmbedder(backbone, session, 0);
    const out = await probe.run([
      probe.prepare(new Float32Array(backbone.manifest.sampleRate).fill(0.01), backbone.manifest.sampleRate),
    ]);
    const dim = out.length;
    const declared = backbone.manifest.output.dim;
    if (declared !== undefined && declared !== dim) {
      throw new Error(
        `${backbone.file}: the manifest says output dim ${declared}, ${backbone.onnxPath} gives ${dim}`,
      );
    }
    return new AudioEmbedder(backbone, session, dim);
  }

  /** Samples at any rate -> the model's input row: waveform [samples] or log-mel [frames × melBins]. */
  prepare(samples: Float32Array, sampleRate: number): Float32Array {
    return prepareSamples(this.backbone.manifest, samples, sampleRate);
  }

  private inputShape(batch: number, rowLength: number): number[] {
    const m = this.backbone.manifest;
    return m.input.kind === 'waveform'
      ? [batch, rowLength]
      : [batch, rowLength / m.frontend!.melBins, m.frontend!.melBins];
  }

  /** Embeds prepared rows (all the same length) in one session run; returns batch × dim values. */
  async run(rows: Float32Array[]): Promise<Float32Array> {
    const len = rows[0].length;
    const input = new Float32Array(rows.length * len);
    rows.forEach((r, i) => input.set(r, i * len));
    const m = this.backbone.manifest;
    const out = await this.session.run({
      [m.input.name]: new ort.Tensor('float32', input, this.inputShape(rows.length, len)),
    });
    const tensor = out[m.output.name];
    if (!tensor) throw new Error(`${this.backbone.onnxPath}: no output named "${m.output.name}"`);
    return tensor.data as Float32Array;
  }
}

/** Prepares batches of clips on a worker thread (when there is more than one batch), in this thread otherwise. */
class Preparer {
  private worker: Worker | null = null;
  private seq = 0;
  private readonly waiting = new Map<
    number,
    { resolve: (r: Prepared[]) => void; reject: (e: Error) => void }
  >();

  constructor(
    private readonly manifest: AudioManifest,
    useWorker: boolean,
  ) {
    if (!useWorker) return;
    const isTs = __filename.endsWith('.ts');
    this.worker = new Worker(path.join(__dirname, isTs ? 'prepare-worker.ts' : 'prepare-worker.js'), {
      execArgv: isTs ? ['--require', require.resolve('tsx/cjs')] : [],
    });
    this.worker.on('message', (msg: { seq: number; results?: Prepared[]; error?: string }) => {
      const w = this.waiting.get(msg.seq);
      this.waiting.delete(msg.seq);
      if (msg.error) w?.reject(new Error(`audio front end worker: ${msg.error}`));
      else w?.resolve(msg.results!);
    });
    this.worker.on('error', (err) => this.waiting.forEach((w) => w.reject(err)));
  }

  prepare(items: { id: string; path: string }[]): Promise<Prepared[]> {
    if (!this.worker)
      return Promise.resolve(items.map((i) => ({ ...i, ...prepareFile(this.manifest, i.id, i.path) })));
    const seq = this.seq++;
    return new Promise((resolve, reject) => {
      this.waiting.set(seq, { resolve, reject });
      this.worker!.postMessage({ seq, manifest: this.manifest, items });
    });
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
  }
}

type Prepared = { id: string; path: string } & ({ row: Float32Array } | { exclusion: EmbedExclusion });

/**
 * Embeds audio files in batches. Memory stays bounded by two batches: while the session runs batch k (it holds
 * the main thread), a worker thread reads and prepares batch k+1, so the front end hides behind the network.
 * A missing, unreadable or silent file, or a non-finite embedding, is excluded with its reason.
 */
export async function embedAudioFiles(
  embedder: AudioEmbedder,
  items: readonly { id: string; path: string }[],
  opts: { batchSize?: number; onProgress?: (done: number, total: number) => void; worker?: boolean } = {},
): Promise<EmbedResult> {
  const batchSize = opts.batchSize ?? 16;
  const dim = embedder.dim;
  const acc = {
    ids: [] as string[],
    vectors: new Float32Array(items.length * dim),
    exclusions: [] as EmbedExclusion[],
    dim,
  };
  const batches: { id: string; path: string }[][] = [];
  for (let start = 0; start < items.length; start += batchSize)
    batches.push(items.slice(start, start + batchSize));
  const preparer = new Preparer(embedder.backbone.manifest, opts.worker ?? batches.length > 1);
  try {
    let next = batches.length ? preparer.prepare(batches[0]) : null;
    let done = 0;
    for (let k = 0; k < batches.length; k++) {
      const prepared = await next!;
      next = k + 1 < batches.length ? preparer.prepare(batches[k + 1]) : null;
      const ready = prepared.filter((p): p is Extract<Prepared, { row: Float32Array }> => 'row' in p);
      for (const p of prepared) if ('exclusion' in p) acc.exclusions.push(p.exclusion);
      if (ready.length > 0) {
        const out = await embedder.run(ready.map((p) => p.row));
        appendBatch(
          acc,
          out,
          ready.map((p) => ({ id: p.id, file: p.path })),
        );
      }
      done += batches[k].length;
      opts.onProgress?.(done, items.length);
    }
  } finally {
    await preparer.close();
  }
  return {
    ids: acc.ids,
    vectors: acc.vectors.subarray(0, acc.ids.length * dim),
    dim,
    exclusions: acc.exclusions,
  };
}
