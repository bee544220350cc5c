import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import type { LoadedBackbone, TextManifest } from '../manifest';
import { loadVocabTxt } from '../text/vocab';
import { WordPieceTokenizer } from '../text/wordpiece';
import { checkGraphNames, probeDim, SessionOwner } from './sessions';
import {
  CollectSink,
  embedBatch,
  inBatches,
  type EmbedExclusion,
  type EmbedLoopOptions,
  type EmbedResult,
  type EmbedSink,
} from './sink';

/** Runs a text backbone: WordPiece tokenizer + one ONNX session fed batches, pooled as the manifest says. */
export class TextEmbedder extends SessionOwner {
  private constructor(
    readonly backbone: LoadedBackbone<TextManifest>,
    readonly tokenizer: WordPieceTokenizer,
    private readonly session: ort.InferenceSession,
    readonly dim: number,
  ) {
    super([session]);
  }

  static async create(
    backbone: LoadedBackbone<TextManifest>,
    opts: { executionProviders?: string[] } = {},
  ): Promise<TextEmbedder> {
    const m = backbone.manifest;
    const tokenizer = new WordPieceTokenizer(
      loadVocabTxt(path.resolve(path.dirname(backbone.file), m.vocab)),
      { lowerCase: m.lowerCase },
    );
    const session = await ort.InferenceSession.create(backbone.onnxPath, {
      executionProviders: opts.executionProviders ?? ['cpu'],
    });
    const inputs = [m.inputs.inputIds, m.inputs.attentionMask];
    if (m.inputs.tokenTypeIds) inputs.push(m.inputs.tokenTypeIds);
    await checkGraphNames(backbone, session, { inputs, output: m.output.name });
    return probeDim(
      backbone,
      new TextEmbedder(backbone, tokenizer, session, 0),
      async (probe) => (await probe.run(['a probe'])).length,
      (dim) => new TextEmbedder(backbone, tokenizer, session, dim),
    );
  }

  /** Embeds texts in one session run (padded to the longest, at most maxLength tokens); returns batch × dim values. */
  async run(texts: string[]): Promise<Float32Array> {
    this.checkOpen(`${this.backbone.onnxPath}: the text embedder`);
    const m = this.backbone.manifest;
    const enc = this.tokenizer.encodeBatch(texts, { maxLength: m.maxLength, padToMaxLength: false });
    const shape = [enc.batch, enc.maxLength];
    const i64 = (a: Int32Array) =>
      new ort.Tensor(
        'int64',
        BigInt64Array.from(a, (v) => BigInt(v)),
        shape,
      );
    const feeds: Record<string, ort.Tensor> = {
      [m.inputs.inputIds]: i64(enc.inputIds),
      [m.inputs.attentionMask]: i64(enc.attentionMask),
    };
    if (m.inputs.tokenTypeIds) feeds[m.inputs.tokenTypeIds] = i64(enc.tokenTypeIds);
    const out = (await this.session.run(feeds))[m.output.name];
    if (!out) throw new Error(`${this.backbone.onnxPath}: no output named "${m.output.name}"`);
    const data = out.data as Float32Array;
    if (m.output.pooling === 'pooled') return data;
    const [batch, tokens, hidden] = out.dims as number[];
    const pooled = new Float32Array(batch * hidden);
    for (let b = 0; b < batch; b++) {
      if (m.output.pooling === 'cls') {
        pooled.set(data.subarray(b * tokens * hidden, b * tokens * hidden + hidden), b * hidden);
        continue;
      }
      let count = 0;
      for (let t = 0; t < tokens; t++) {
        if (!enc.attentionMask[b * enc.maxLength + t]) continue;
        count++;
        for (let i = 0; i < hidden; i++) pooled[b * hidden + i] += data[(b * tokens + t) * hidden + i];
      }
      for (let i = 0; i < hidden; i++) pooled[b * hidden + i] /= Math.max(count, 1);
    }
    return pooled;
  }
}

/** Embeds texts in batches into a sink; an empty text or a non-finite embedding is excluded with its reason. */
export async function streamTextEmbeddings(
  embedder: TextEmbedder,
  items: readonly { id: string; text: string }[],
  sink: EmbedSink,
  opts: EmbedLoopOptions = {},
): Promise<void> {
  let done = 0;
  for (const batch of inBatches(items, opts.batchSize ?? 64)) {
    const exclusions: EmbedExclusion[] = [];
    const texts = batch.filter((item) => {
      if (item.text.trim()) return true;
      exclusions.push({ id: item.id, file: null, reason: 'empty-text', message: `${item.id}: empty text` });
      return false;
    });
    await embedBatch(
      sink,
      embedder.dim,
      texts.map((t) => ({ id: t.id, file: null })),
      exclusions,
      () => embedder.run(texts.map((t) => t.text)),
    );
    done += batch.length;
    opts.onProgress?.(done, items.length);
  }
}

/** {@link streamTextEmbeddings} into memory. */
export async function embedTexts(
  embedder: TextEmbedder,
  items: readonly { id: string; text: string }[],
  opts: EmbedLoopOptions = {},
): Promise<EmbedResult> {
  const sink = new CollectSink(embedder.dim, items.length);
  await streamTextEmbeddings(embedder, items, sink, opts);
  return sink.result();
}
