/**
 * What every embedding loop shares, audio and text: the exclusion record, the sinks rows go to, and the hand-off of
 * one session run's output. It imports no embedder, so the embedders, the front-end preparation and the spool all
 * import it without a cycle.
 */

/** An item that could not be embedded, and why; nothing is dropped without one. */
export interface EmbedExclusion {
  id: string;
  file: string | null;
  reason:
    | 'missing-file'
    | 'not-a-file'
    | 'symlink-loop'
    | 'unreadable-audio'
    | 'audio-changed'
    | 'silent'
    | 'empty-text'
    | 'non-finite-output';
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

export interface EmbedLoopOptions {
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

/** An embedding loop (`streamAudioEmbeddings`, `streamTextEmbeddings`): `items` into `sink`, batch by batch. */
export type EmbedLoop<E, T> = (
  embedder: E,
  items: readonly T[],
  sink: EmbedSink,
  opts: EmbedLoopOptions,
) => Promise<void>;

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

/** An item as the session saw it: its id and, for audio, its file (named in exclusions). */
export interface BatchItem {
  id: string;
  file: string | null;
}

/**
 * One batch of a loop: runs the session on `batch` (when it is not empty) and hands its embeddings (batch × dim) to
 * the sink; a row with NaN or infinite values is excluded with its reason instead. `exclusions` are those met
 * before the session (missing file, silent clip, empty text, …); a batch with nothing left to run still reports
 * them.
 */
export async function embedBatch(
  sink: EmbedSink,
  dim: number,
  batch: readonly BatchItem[],
  exclusions: EmbedExclusion[],
  run: () => Promise<Float32Array>,
): Promise<void> {
  if (batch.length === 0) {
    sink.add([], new Float32Array(0), exclusions);
    return;
  }
  const out = await run();
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

/** `items` cut into consecutive batches of at most `size`. */
export function inBatches<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`batch size must be an integer >= 1, got ${size}`);
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size));
  return batches;
}
