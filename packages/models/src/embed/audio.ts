import * as ort from 'onnxruntime-node';
import type { AudioManifest, LoadedBackbone } from '../manifest';
import { buildLogMelGraph, LOGMEL_GRAPH_INPUT, LOGMEL_GRAPH_OUTPUT } from '../frontend/logmel-onnx';
import { encodeOnnxModel } from '../onnx/proto';
import { prepareSamples, type Prepared } from './prepare';
import { Preparer } from './preparer';
import { checkGraphNames, probeDim, SessionOwner } from './sessions';
import {
  CollectSink,
  embedBatch,
  inBatches,
  type EmbedLoopOptions,
  type EmbedResult,
  type EmbedSink,
} from './sink';

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
export class AudioEmbedder extends SessionOwner {
  private constructor(
    readonly backbone: LoadedBackbone<AudioManifest>,
    private readonly session: ort.InferenceSession,
    private readonly frontendSession: ort.InferenceSession | null,
    readonly dim: number,
  ) {
    super([session, frontendSession]);
  }

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
    await checkGraphNames(backbone, session, { inputs: [m.input.name], output: m.output.name });
    const samples = Math.round(m.clipSeconds * m.sampleRate);
    let frontendSession: ort.InferenceSession | null = null;
    // A clip too short to reflect-pad in the graph keeps the JS front end.
    if (m.input.kind === 'logmel' && (opts.frontend ?? 'onnx') === 'onnx' && samples > m.frontend!.nFft / 2) {
      try {
        const { graph } = buildLogMelGraph({ sampleRate: m.sampleRate, ...m.frontend! }, samples);
        frontendSession = await ort.InferenceSession.create(encodeOnnxModel(graph), {
          executionProviders,
          // Its threads must not spin-wait after each run: they would take the cores the backbone runs on next.
          extra: { session: { intra_op: { allow_spinning: '0' } } },
        });
      } catch (err) {
        await session.release();
        throw err;
      }
    }
    return probeDim(
      backbone,
      new AudioEmbedder(backbone, session, frontendSession, 0),
      async (probe) =>
        (await probe.run([probe.prepare(new Float32Array(m.sampleRate).fill(0.01), m.sampleRate)])).length,
      (dim) => new AudioEmbedder(backbone, session, frontendSession, dim),
    );
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
    this.checkOpen(`${this.backbone.onnxPath}: the audio embedder`);
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
  const batches = inBatches(items, opts.batchSize ?? 16);
  const preparer = new Preparer(
    embedder.backbone.manifest,
    embedder.logMelInPrepare,
    opts.worker ?? batches.length > 1,
  );
  let next = batches.length ? preparer.prepare(batches[0]) : null;
  try {
    let done = 0;
    for (let k = 0; k < batches.length; k++) {
      const prepared = await next!;
      next = k + 1 < batches.length ? preparer.prepare(batches[k + 1]) : null;
      const ready = prepared.filter((p): p is Extract<Prepared, { row: Float32Array }> => 'row' in p);
      const excluded = prepared.flatMap((p) => ('exclusion' in p ? [p.exclusion] : []));
      await embedBatch(
        sink,
        embedder.dim,
        ready.map((p) => ({ id: p.id, file: p.path })),
        excluded,
        () => embedder.run(ready.map((p) => p.row)),
      );
      done += batches[k].length;
      opts.onProgress?.(done, items.length);
    }
  } finally {
    // A batch still being prepared when the session failed is abandoned with the worker.
    next?.catch(() => undefined);
    await preparer.dispose();
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
