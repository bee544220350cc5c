import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import type { AudioManifest, LoadedBackbone } from '../manifest';
import { buildLogMelGraph, LOGMEL_GRAPH_INPUT, LOGMEL_GRAPH_OUTPUT } from '../frontend/logmel-onnx';
import { encodeOnnxModel } from '../onnx/proto';
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

/** Where embedded rows go, batch by batch: memory ({@link CollectSink}) or a resumable file (EmbeddingSpool). */
export interface EmbedSink {
  /** Rows (ids and ids.length × dim row-major vectors) and the exclusions met in one batch. */
  add(ids: readonly string[], vectors: Float32Array, exclusions: readonly EmbedExclusion[]): void;
}

/** A sink that keeps every row in memory: for `embedAudioFiles` / `embedTexts` and small inputs. */
export class CollectSink implements EmbedSink {
  private readonly ids: string[] = [];
  private vectors: Float32Array;
  private readonly exclusions: EmbedExclusion[] = [];

  constructor(
    readonly dim: number,
    capacityRows = 0,
  ) {
    this.vectors = new Float32Array(capacityRows * dim);
  }

  add(ids: readonly string[], vectors: Float32Array, exclusions: readonly EmbedExclusion[]): void {
    const need = (this.ids.length + ids.length) * this.dim;
    if (need > this.vectors.length) {
      const grown = new Float32Array(Math.max(need, this.vectors.length * 2));
      grown.set(this.vectors);
      this.vectors = grown;
    }
    this.vectors.set(vectors, this.ids.length * this.dim);
    this.ids.push(...ids);
    this.exclusions.push(...exclusions);
  }

  result(): EmbedResult {
    return {
      ids: this.ids,
      vectors: this.vectors.subarray(0, this.ids.length * this.dim),
      dim: this.dim,
      exclusions: this.exclusions,
    };
  }
}

/**
 * Hands one session run's embeddings (batch × dim) to the sink; a row with NaN or infinite values is excluded
 * with its reason instead. `exclusions` are those met before the session (missing file, silent clip, …).
 */
export function sinkBatch(
  sink: EmbedSink,
  dim: number,
  out: Float32Array,
  batch: readonly { id: string; file: string | null }[],
  exclusions: EmbedExclusion[] = [],
): void {
  const ids: string[] = [];
  const keep = new Float32Array(batch.length * dim);
  batch.forEach((b, i) => {
    const v = out.subarray(i * dim, (i + 1) * dim);
    if (!v.every(Number.isFinite)) {
      exclusions.push({
        id: b.id,
        file: b.file,
        reason: 'non-finite-output',
        message: `${b.file ?? b.id}: the backbone gave NaN or infinite values`,
      });
      return;
    }
    keep.set(v, ids.length * dim);
    ids.push(b.id);
  });
  sink.add(ids, keep.subarray(0, ids.length * dim), exclusions);
}

/** Where a log-mel model's front end runs: in onnxruntime next to the backbone (default), or in JS (float64). */
export type FrontendMode = 'onnx' | 'js';

export interface AudioEmbedderOptions {
  /** onnxruntime execution providers (default ['cpu']). */
  executionProviders?: string[];
  /** Extra onnxruntime session options for the backbone session. */
  sessionOptions?: ort.InferenceSession.SessionOptions;
  /**
   * Where the log-mel runs (log-mel models only). 'onnx' (default) runs it as a graph in onnxruntime, as
   * torchlibrosa does (a convolution with the windowed DFT basis), so it uses every core; 'js' computes it in
   * float64 with an FFT, on the front-end worker thread. They agree to about 1e-3 dB.
   */
  frontend?: FrontendMode;
}

/**
 * Runs an audio backbone: front end (resample, centre crop or repeat-pad, log-mel) + one ONNX session fed
 * batches. For log-mel models the log-mel is by default its own small onnxruntime session
 * ({@link buildLogMelGraph}) whose output tensor feeds the backbone directly.
 */
export class AudioEmbedder {
  private constructor(
    readonly backbone: LoadedBackbone<AudioManifest>,
    private readonly session: ort.InferenceSession,
    private readonly frontendSession: ort.InferenceSession | null,
    readonly dim: number,
  ) {}

  /** Creates the sessions once; checks the output dimension against the manifest on a probe input. */
  static async create(
    backbone: LoadedBackbone<AudioManifest>,
    opts: AudioEmbedderOptions = {},
  ): Promise<AudioEmbedder> {
    const executionProviders = opts.executionProviders ?? ['cpu'];
    const session = await ort.InferenceSession.create(backbone.onnxPath, {
      executionProviders,
      ...opts.sessionOptions,
    });
    const m = backbone.manifest;
    const samples = Math.round(m.clipSeconds * m.sampleRate);
    let frontendSession: ort.InferenceSession | null = null;
    // A clip too short to reflect-pad in the graph keeps the JS front end.
    if (m.input.kind === 'logmel' && (opts.frontend ?? 'onnx') === 'onnx' && samples > m.frontend!.nFft / 2) {
      const { graph } = buildLogMelGraph({ sampleRate: m.sampleRate, ...m.frontend! }, samples);
      frontendSession = await ort.InferenceSession.create(encodeOnnxModel(graph), {
        executionProviders,
        // Its threads must not spin-wait after each run: they would take the cores the backbone runs on next.
        extra: { session: { intra_op: { allow_spinning: '0' } } },
      });
    }
    const probe = new AudioEmbedder(backbone, session, frontendSession, 0);
    const out = await probe.run([probe.prepare(new Float32Array(m.sampleRate).fill(0.01), m.sampleRate)]);
    const dim = out.length;
    const declared = m.output.dim;
    if (declared !== undefined && declared !== dim) {
      throw new Error(
        `${backbone.file}: the manifest says output dim ${declared}, ${backbone.onnxPath} gives ${dim}`,
      );
    }
    return new AudioEmbedder(backbone, session, frontendSession, dim);
  }

  /** Whether rows from {@link prepare} are already the model's log-mel (false: waveforms the session turns into it). */
  get logMelInPrepare(): boolean {
    return this.frontendSession === null;
  }

  /**
   * Samples at any rate -> one row for {@link run}: the clip at the model's rate and length [samples], or, when
   * the log-mel runs in JS, its log-mel [frames × melBins].
   */
  prepare(samples: Float32Array, sampleRate: number): Float32Array {
    return prepareSamples(this.backbone.manifest, samples, sampleRate, this.logMelInPrepare);
  }

  /** Embeds prepared rows (all the same length) in one session run; returns batch × dim values. */
  async run(rows: Float32Array[]): Promise<Float32Array> {
    const len = rows[0].length;
    const input = new Float32Array(rows.length * len);
    rows.forEach((r, i) => input.set(r, i * len));
    const m = this.backbone.manifest;
    let tensor: ort.Tensor;
    if (this.frontendSession) {
      const mel = await this.frontendSession.run({
        [LOGMEL_GRAPH_INPUT]: new ort.Tensor('float32', input, [rows.length, len]),
      });
      tensor = mel[LOGMEL_GRAPH_OUTPUT];
    } else {
      const shape =
        m.input.kind === 'waveform'
          ? [rows.length, len]
          : [rows.length, len / m.frontend!.melBins, m.frontend!.melBins];
      tensor = new ort.Tensor('float32', input, shape);
    }
    const out = await this.session.run({ [m.input.name]: tensor });
    const result = out[m.output.name];
    if (!result) throw new Error(`${this.backbone.onnxPath}: no output named "${m.output.name}"`);
    return result.data as Float32Array;
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
    private readonly logMelHere: boolean,
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
      return Promise.resolve(
        items.map((i) => ({ ...i, ...prepareFile(this.manifest, i.id, i.path, this.logMelHere) })),
      );
    const seq = this.seq++;
    return new Promise((resolve, reject) => {
      this.waiting.set(seq, { resolve, reject });
      this.worker!.postMessage({ seq, manifest: this.manifest, items, logMelHere: this.logMelHere });
    });
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
  }
}

type Prepared = { id: string; path: string } & ({ row: Float32Array } | { exclusion: EmbedExclusion });

export interface EmbedLoopOptions {
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Embeds audio files in batches into a sink. Memory stays bounded by two batches: while the session runs batch
 * k, a worker thread reads and prepares batch k+1 (WAV decoding, resampling, and the log-mel when it is not in
 * onnxruntime). A missing, unreadable or silent file, or a non-finite embedding, is excluded with its reason.
 */
export async function streamAudioEmbeddings(
  embedder: AudioEmbedder,
  items: readonly { id: string; path: string }[],
  sink: EmbedSink,
  opts: EmbedLoopOptions & { worker?: boolean } = {},
): Promise<void> {
  const batchSize = opts.batchSize ?? 16;
  const batches: { id: string; path: string }[][] = [];
  for (let start = 0; start < items.length; start += batchSize)
    batches.push(items.slice(start, start + batchSize));
  const preparer = new Preparer(
    embedder.backbone.manifest,
    embedder.logMelInPrepare,
    opts.worker ?? batches.length > 1,
  );
  try {
    let next = batches.length ? preparer.prepare(batches[0]) : null;
    let done = 0;
    for (let k = 0; k < batches.length; k++) {
      const prepared = await next!;
      next = k + 1 < batches.length ? preparer.prepare(batches[k + 1]) : null;
      const ready = prepared.filter((p): p is Extract<Prepared, { row: Float32Array }> => 'row' in p);
      const excluded = prepared.flatMap((p) => ('exclusion' in p ? [p.exclusion] : []));
      if (ready.length > 0) {
        const out = await embedder.run(ready.map((p) => p.row));
        sinkBatch(
          sink,
          embedder.dim,
          out,
          ready.map((p) => ({ id: p.id, file: p.path })),
          excluded,
        );
      } else sink.add([], new Float32Array(0), excluded);
      done += batches[k].length;
      opts.onProgress?.(done, items.length);
    }
  } finally {
    await preparer.close();
  }
}

/** {@link streamAudioEmbeddings} into memory: every row and exclusion, in the items' order. */
export async function embedAudioFiles(
  embedder: AudioEmbedder,
  items: readonly { id: string; path: string }[],
  opts: EmbedLoopOptions & { worker?: boolean } = {},
): Promise<EmbedResult> {
  const sink = new CollectSink(embedder.dim, items.length);
  await streamAudioEmbeddings(embedder, items, sink, opts);
  return sink.result();
}
