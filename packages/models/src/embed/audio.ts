import * as fs from 'node:fs';
import * as ort from 'onnxruntime-node';
import { fitLength } from '../frontend/clip';
import { logMel } from '../frontend/logmel';
import { resample } from '../frontend/resample';
import { readWav, WavError } from '../frontend/wav';
import type { AudioManifest, LoadedBackbone } from '../manifest';

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

/** Peak below which a clip counts as silent (−160 dBFS): its embedding would only reflect the model's bias. */
const SILENCE_PEAK = 1e-8;

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
    const m = this.backbone.manifest;
    const x = fitLength(
      resample(samples, sampleRate, m.sampleRate),
      Math.round(m.clipSeconds * m.sampleRate),
      'center',
    );
    if (m.input.kind === 'waveform') return x;
    return logMel(x, { sampleRate: m.sampleRate, ...m.frontend! }).data;
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

/**
 * Embeds audio files in batches, reading each batch's files only when it runs (memory stays bounded by the batch).
 * A missing, unreadable or silent file, or a non-finite embedding, is excluded with its reason.
 */
export async function embedAudioFiles(
  embedder: AudioEmbedder,
  items: readonly { id: string; path: string }[],
  opts: { batchSize?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<EmbedResult> {
  const batchSize = opts.batchSize ?? 16;
  const dim = embedder.dim;
  const vectors = new Float32Array(items.length * dim);
  const ids: string[] = [];
  const exclusions: EmbedExclusion[] = [];
  let pending: Promise<void> = Promise.resolve();
  for (let start = 0; start < items.length; start += batchSize) {
    const batch: { id: string; path: string; row: Float32Array }[] = [];
    for (const item of items.slice(start, start + batchSize)) {
      if (!fs.existsSync(item.path)) {
        exclusions.push({
          id: item.id,
          file: item.path,
          reason: 'missing-file',
          message: `${item.path}: file not found`,
        });
        continue;
      }
      try {
        const audio = readWav(fs.readFileSync(item.path), item.path);
        let peak = 0;
        for (const v of audio.samples) peak = Math.max(peak, Math.abs(v));
        if (audio.samples.length === 0 || peak < SILENCE_PEAK) {
          exclusions.push({
            id: item.id,
            file: item.path,
            reason: 'silent',
            message: `${item.path}: silent clip (peak ${peak.toExponential(2)})`,
          });
          continue;
        }
        batch.push({ ...item, row: embedder.prepare(audio.samples, audio.sampleRate) });
      } catch (err) {
        if (!(err instanceof WavError) && !(err instanceof RangeError)) throw err;
        exclusions.push({
          id: item.id,
          file: item.path,
          reason: 'unreadable-audio',
          message: (err as Error).message,
        });
      }
    }
    // The session runs on onnxruntime's threads: start it and read + prepare the next batch meanwhile, so the
    // front end hides behind the network instead of adding to it. Batches still land in order.
    await pending;
    const done = Math.min(start + batchSize, items.length);
    pending =
      batch.length > 0
        ? embedder.run(batch.map((b) => b.row)).then((out) => {
            appendBatch({ ids, vectors, exclusions, dim }, out, batch.map((b) => ({ id: b.id, file: b.path })));
            opts.onProgress?.(done, items.length);
          })
        : Promise.resolve(opts.onProgress?.(done, items.length));
  }
  await pending;
  return { ids, vectors: vectors.subarray(0, ids.length * dim), dim, exclusions };
}
