/**
 * Leak matching on a second core: batches of texts go to a worker thread running the same matcher (built from
 * the same labels, table and allowlist), and the hits come back in order as Int32 records. The stage reads,
 * builds and writes its tables on the calling thread meanwhile; while the worker is still starting, or when it
 * falls behind, the caller matches a batch itself, so no core waits on the other. Results are identical to
 * matching in the calling thread, batch for batch (a test checks the tables byte for byte).
 */
import { SyncWorker } from '@zsaudit/core';
import { STRICTNESS_LEVELS, type FormsTable, type Strictness } from './forms';
import { buildLeakMatcher, type HitStatus, type LeakHit, type LeakMatcher } from './matcher';

/** What the worker builds its matcher from. */
export interface MatchWorkerData {
  labels: string[];
  table: FormsTable;
  strictness: Strictness;
  allowlist: Record<string, string[]>;
}

const STATUSES: readonly HitStatus[] = ['leak', 'lookalike', 'allowlisted'];
/** Int32 fields per hit: text index, label, level rank, status, start, end, form. */
const FIELDS = 7;

/**
 * Called for each hit of a text: its label, level rank and status, and `hit()` for the whole hit (made only when
 * asked for: most hits are counted, not written).
 */
export type HitVisitor = (label: string, rank: number, status: HitStatus, hit: () => LeakHit) => void;

/** The hits of a batch of texts, text by text. */
export interface TextHits {
  visit(text: number, visitor: HitVisitor): void;
}

/** A batch's hits as matched in this thread: one list per text. */
export class ListedHits implements TextHits {
  constructor(private readonly hits: readonly (readonly LeakHit[])[]) {}

  visit(text: number, visitor: HitVisitor): void {
    for (const h of this.hits[text]) visitor(h.label, STRICTNESS_LEVELS.indexOf(h.level), h.status, () => h);
  }
}

/** A batch's hits as a worker sent them: Int32 records, read in place; a hit object only when asked for. */
export class EncodedHits implements TextHits {
  /** Index of each text's first record (records come in text order), and the end. */
  private readonly starts: Int32Array;

  constructor(
    private readonly codec: HitCodec,
    private readonly records: Int32Array,
    private readonly texts: readonly string[],
  ) {
    this.starts = new Int32Array(texts.length + 1);
    let t = 0;
    for (let k = 0; k < records.length; k += FIELDS) {
      while (t <= records[k]) this.starts[t++] = k;
    }
    while (t <= texts.length) this.starts[t++] = records.length;
  }

  visit(text: number, visitor: HitVisitor): void {
    const r = this.records;
    for (let k = this.starts[text]; k < this.starts[text + 1]; k += FIELDS) {
      visitor(this.codec.labelAt(r[k + 1]), r[k + 2], STATUSES[r[k + 3]], () =>
        this.codec.hitAt(r, k, this.texts[text]),
      );
    }
  }
}

/** Encodes and decodes one matcher's hits as Int32 records (labels, levels, statuses and forms by index). */
export class HitCodec {
  private readonly labelIndex: Map<string, number>;
  private readonly forms: string[];
  private readonly formIndex = new Map<string, number>();

  constructor(private readonly matcher: LeakMatcher) {
    this.labelIndex = new Map(matcher.labels.map((l, i) => [l, i]));
    this.forms = [...new Set(matcher.patterns.map((p) => p.source))];
    this.forms.forEach((f, i) => this.formIndex.set(f, i));
  }

  /** The hits of each text, as records. */
  encode(hitsByText: readonly LeakHit[][]): Int32Array {
    const n = hitsByText.reduce((sum, hits) => sum + hits.length, 0);
    const out = new Int32Array(n * FIELDS);
    let k = 0;
    hitsByText.forEach((hits, t) => {
      for (const h of hits) {
        out[k++] = t;
        out[k++] = this.labelIndex.get(h.label)!;
        out[k++] = STRICTNESS_LEVELS.indexOf(h.level);
        out[k++] = STATUSES.indexOf(h.status);
        out[k++] = h.start;
        out[k++] = h.end;
        out[k++] = this.formIndex.get(h.form)!;
      }
    });
    return out;
  }

  labelAt(index: number): string {
    return this.matcher.labels[index];
  }

  /** The hit of record `k` of `records`, in `text`. */
  hitAt(records: Int32Array, k: number, text: string): LeakHit {
    const start = records[k + 4];
    const end = records[k + 5];
    return {
      label: this.matcher.labels[records[k + 1]],
      level: STRICTNESS_LEVELS[records[k + 2]],
      status: STATUSES[records[k + 3]],
      start,
      end,
      matched: text.slice(start, end),
      form: this.forms[records[k + 6]],
    };
  }
}

/** Matches each text of a batch; the worker's request handler. */
export function matchTexts(matcher: LeakMatcher, codec: HitCodec, texts: readonly string[]): Int32Array {
  return codec.encode(texts.map((t) => matcher.match(t)));
}

/** One batch of texts in the pool's queue: answered by the worker, or already matched by the caller. */
type Queued = { texts: string[]; hits: TextHits | null };

/**
 * A queue of text batches matched in order, by one worker thread or, when it is not ready, the calling thread.
 * `submit` a batch, `take` the oldest one's hits.
 */
export class MatchPool {
  private readonly worker: SyncWorker<string[], Int32Array>;
  private readonly codec: HitCodec;
  private readonly queue: Queued[] = [];
  /** Batches matched by the worker and by the calling thread, for the log. */
  readonly counts = { worker: 0, caller: 0 };

  constructor(
    private readonly matcher: LeakMatcher,
    data: MatchWorkerData,
    /** Batches the worker may hold before the caller matches the next one itself. */
    private readonly depth = 3,
  ) {
    this.codec = new HitCodec(matcher);
    this.worker = new SyncWorker(__dirname, 'match-worker', data, 'leak matcher worker');
  }

  /** Batches submitted and not yet taken. */
  get length(): number {
    return this.queue.length;
  }

  /**
   * Queues a batch: to the worker when it is up and not `depth` batches behind, else matched here and now (the
   * worker is starting, or this thread would otherwise wait for it).
   */
  submit(texts: string[]): void {
    if (this.worker.alive && this.worker.pending < this.depth) {
      this.worker.send(texts);
      this.queue.push({ texts, hits: null });
      this.counts.worker++;
    } else {
      this.queue.push({ texts, hits: new ListedHits(texts.map((t) => this.matcher.match(t))) });
      this.counts.caller++;
    }
  }

  /** Whether the oldest batch's hits can be taken without waiting. */
  get oldestReady(): boolean {
    const first = this.queue[0];
    if (!first) return false;
    if (first.hits) return true;
    const records = this.worker.poll();
    if (records === undefined) return false;
    first.hits = new EncodedHits(this.codec, records, first.texts);
    return true;
  }

  /** The oldest batch's hits, per text; waits for the worker if it has not answered yet. */
  take(): TextHits {
    const first = this.queue.shift();
    if (!first) throw new Error('MatchPool.take: nothing queued');
    return first.hits ?? new EncodedHits(this.codec, this.worker.receive(), first.texts);
  }

  close(): Promise<void> {
    return this.worker.close();
  }
}

/** Builds the matcher a pool's worker builds, in this thread (for batches matched here, and decoding). */
export function matcherFor(data: MatchWorkerData): LeakMatcher {
  return buildLeakMatcher(data.labels, data.table, {
    strictness: data.strictness,
    allowlist: data.allowlist,
  });
}
