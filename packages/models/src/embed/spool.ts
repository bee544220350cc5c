import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sha256 } from '@zsaudit/core';
import type { LoadedBackbone } from '../manifest';
import { EmbeddingFileWriter, readEmbeddings, readEmbeddingsMetadata } from './arrow';
import { exclusionsMetadata, EXCLUSIONS_KEY, readExclusions } from './exclusions';
import type { EmbedItem } from './items';
import type { EmbedExclusion, EmbedSink } from './sink';
import { shardMetadata, shardSlice, type Shard } from './shard';

/** Rows per record batch of the final Arrow file: 4,096 × 2,048 floats is 32 MB. */
const ROWS_PER_BATCH = 4096;

/** The spool's own identity: a spool of another backbone or dim is discarded, whatever its items. */
interface SpoolMeta {
  schema: 'zsaudit.models.spool/2';
  identity: string;
  dim: number;
}

/** One line of `rows.jsonl`: a row (its vector is the next one in `vectors.f32`) or an exclusion, with the key. */
type SpoolLine = { id: string; key: string } | { exclusion: EmbedExclusion; key: string };

/** What the spool holds for an item: the row of its vector, or why it was excluded; and its content key then. */
type SpoolEntry = { key: string; row: number } | { key: string; exclusion: EmbedExclusion };

/**
 * A resumable, disk-backed sink for the rows of one embedding file. While the stage runs, vectors are appended
 * to `<file>.partial/vectors.f32` and ids, content keys and exclusions to `rows.jsonl`, batch by batch, so memory
 * holds one batch however large the corpus. A run that stops (killed, crashed, out of time) leaves the folder; the
 * next run with the same backbone and dim counts an item as done only when its recorded content key equals the
 * item's key now: a changed WAV or line is embedded again, an unchanged one is not, even when other items of the
 * list changed. {@link finish} streams the rows into the Arrow file and removes the folder. The caller holds the
 * file's lock (one writer per spool).
 */
export class EmbeddingSpool implements EmbedSink {
  private readonly vectorsFile: string;
  private readonly rowsFile: string;
  /** Rows in `vectors.f32` (stale rows of changed items included: they are skipped, not removed). */
  private vectorRows = 0;
  private readonly entries = new Map<string, SpoolEntry>();

  private constructor(
    readonly file: string,
    readonly dir: string,
    readonly dim: number,
    /** The current items' content keys by id. */
    private readonly keys: ReadonlyMap<string, string>,
  ) {
    this.vectorsFile = path.join(dir, 'vectors.f32');
    this.rowsFile = path.join(dir, 'rows.jsonl');
  }

  /**
   * Opens the spool of `file` for `items`, resuming one left by an earlier run with the same identity (backbone)
   * and dim; an item it holds counts as done only when its key is unchanged. Anything else is discarded.
   */
  static open(
    file: string,
    identity: string,
    dim: number,
    items: readonly { id: string; key: string }[],
  ): EmbeddingSpool {
    const dir = `${file}.partial`;
    const spool = new EmbeddingSpool(file, dir, dim, new Map(items.map((i) => [i.id, i.key])));
    if (!spool.resume(identity)) {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(dir, { recursive: true });
      const meta: SpoolMeta = { schema: 'zsaudit.models.spool/2', identity, dim };
      fs.writeFileSync(path.join(dir, 'meta.json'), JSON.stringify(meta));
      fs.writeFileSync(spool.vectorsFile, '');
      fs.writeFileSync(spool.rowsFile, '');
    }
    return spool;
  }

  private resume(identity: string): boolean {
    let meta: Partial<SpoolMeta>;
    try {
      meta = JSON.parse(fs.readFileSync(path.join(this.dir, 'meta.json'), 'utf8')) as Partial<SpoolMeta>;
    } catch {
      return false;
    }
    if (
      meta.schema !== 'zsaudit.models.spool/2' ||
      meta.identity !== identity ||
      meta.dim !== this.dim ||
      !fs.existsSync(this.vectorsFile)
    )
      return false;
    const lines = fs.existsSync(this.rowsFile) ? fs.readFileSync(this.rowsFile, 'utf8').split('\n') : [];
    let complete = '';
    for (const text of lines) {
      // A line cut short by a crash is the last one; it and what follows are redone.
      let line: SpoolLine;
      try {
        line = JSON.parse(text) as SpoolLine;
      } catch {
        break;
      }
      // A later line of the same id (the item was redone after a change) replaces the earlier one.
      if ('id' in line) this.entries.set(line.id, { key: line.key, row: this.vectorRows++ });
      else this.entries.set(line.exclusion.id, { key: line.key, exclusion: line.exclusion });
      complete += `${text}\n`;
    }
    // Vectors are written before their ids, so the file holds at least as many rows: cut it to the ids.
    const bytes = this.vectorRows * this.dim * 4;
    if (fs.statSync(this.vectorsFile).size < bytes) return false;
    fs.truncateSync(this.vectorsFile, bytes);
    fs.writeFileSync(this.rowsFile, complete);
    // Only what was done for an item as it is now counts; rows of changed or dropped items stay unused on disk.
    for (const [id, entry] of this.entries) if (this.keys.get(id) !== entry.key) this.entries.delete(id);
    return true;
  }

  /** Whether `item` (id and current key) was embedded or excluded already, by an earlier run or this one. */
  isDone(item: { id: string; key: string }): boolean {
    return this.entries.get(item.id)?.key === item.key;
  }

  /** How many items are done. */
  get doneCount(): number {
    return this.entries.size;
  }

  /** Rows held (embedded items). */
  get rows(): number {
    let n = 0;
    for (const e of this.entries.values()) if ('row' in e) n++;
    return n;
  }

  /** Items excluded, with their reasons. */
  get exclusions(): EmbedExclusion[] {
    return [...this.entries.values()].flatMap((e) => ('exclusion' in e ? [e.exclusion] : []));
  }

  add(ids: readonly string[], vectors: Float32Array, exclusions: readonly EmbedExclusion[]): void {
    if (vectors.length !== ids.length * this.dim)
      throw new Error(`${this.file}: ${vectors.length} values for ${ids.length} rows × ${this.dim}`);
    const keyOf = (id: string) => {
      const key = this.keys.get(id);
      if (key === undefined) throw new Error(`${this.file}: "${id}" is not one of the spool's items`);
      return key;
    };
    const lines = [
      ...ids.map((id) => JSON.stringify({ id, key: keyOf(id) } satisfies SpoolLine)),
      ...exclusions.map((exclusion) =>
        JSON.stringify({ exclusion, key: keyOf(exclusion.id) } satisfies SpoolLine),
      ),
    ];
    if (ids.length)
      fs.appendFileSync(
        this.vectorsFile,
        new Uint8Array(vectors.buffer, vectors.byteOffset, vectors.byteLength),
      );
    if (lines.length) fs.appendFileSync(this.rowsFile, lines.join('\n') + '\n');
    for (const id of ids) this.entries.set(id, { key: keyOf(id), row: this.vectorRows++ });
    for (const e of exclusions) this.entries.set(e.id, { key: keyOf(e.id), exclusion: e });
  }

  /**
   * Writes the Arrow file from the spooled rows, in record batches of {@link ROWS_PER_BATCH}, atomically, and
   * removes the spool. `order` (the items' ids) puts the rows in the items' order, whatever order resumed runs
   * added them in.
   */
  finish(metadata: Record<string, string>, order: readonly string[]): void {
    const sequence = order.flatMap((id) => {
      const e = this.entries.get(id);
      return e && 'row' in e ? [{ id, row: e.row }] : [];
    });
    const writer = new EmbeddingFileWriter(this.file, this.dim, metadata);
    const fd = fs.openSync(this.vectorsFile, 'r');
    try {
      const rowBytes = this.dim * 4;
      for (let start = 0; start < sequence.length; start += ROWS_PER_BATCH) {
        const rows = sequence.slice(start, start + ROWS_PER_BATCH);
        const vectors = new Float32Array(rows.length * this.dim);
        const bytes = new Uint8Array(vectors.buffer);
        rows.forEach(({ row }, i) => {
          // Runs of consecutive rows are the common case; one read per row keeps the code simple and is cheap.
          const n = fs.readSync(fd, bytes, i * rowBytes, rowBytes, row * rowBytes);
          if (n !== rowBytes) throw new Error(`${this.vectorsFile}: short read at row ${row}`);
        });
        writer.write(
          rows.map((r) => r.id),
          vectors,
        );
      }
      writer.close();
    } catch (err) {
      writer.abort();
      throw err;
    } finally {
      fs.closeSync(fd);
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The spool's identity: the backbone (ONNX bytes and manifest) and the dim, not the items (they carry keys). */
export function spoolIdentity(backbone: LoadedBackbone, dim: number): string {
  return sha256(`${backbone.onnxSha256}\n${JSON.stringify(backbone.manifest)}\n${dim}`);
}

/**
 * `zsaudit.source` of an embedding file: the backbone (ONNX bytes and manifest) and every item's id and content
 * key, in order. A file is kept only when its source equals this, so a changed WAV or text is never reused. For a
 * shard it covers all items (every shard of one file has the same source).
 */
export function embeddingSource(backbone: LoadedBackbone, items: readonly EmbedItem[]): string {
  const hash = createHash('sha256').update(`${backbone.onnxSha256}\n${JSON.stringify(backbone.manifest)}\n`);
  for (const item of items) hash.update(`${JSON.stringify([item.id, item.key])}\n`);
  return hash.digest('hex');
}

/** What {@link embedIntoFile} did. */
export interface EmbedFileResult {
  file: string;
  source: string;
  rows: number;
  excluded: number;
  /** Every item not embedded, with its reason, in the items' order (a kept file's from its metadata). */
  exclusions: EmbedExclusion[];
  /** The file was already there with the same source, and kept. */
  reused: boolean;
}

/**
 * Embeds `items` (or one shard's slice of them) into `file` through a resumable spool: items an interrupted run
 * already did with the same content are skipped, and the file gets the backbone's identity, the source (see
 * {@link embeddingSource}), the row and exclusion counts (and, for a shard, which one of how many items) in its
 * metadata. An item with `exclusion` set is recorded as excluded without running the session. A file already
 * there with the same source is kept (`reuse`, default true). The caller holds the file's lock.
 */
export async function embedIntoFile<T extends EmbedItem>(opts: {
  file: string;
  backbone: LoadedBackbone;
  dim: number;
  items: readonly T[];
  shard?: Shard;
  embed: (items: T[], sink: EmbedSink) => Promise<void>;
  log?: (line: string) => void;
  reuse?: boolean;
}): Promise<EmbedFileResult> {
  const { file, backbone } = opts;
  const source = embeddingSource(backbone, opts.items);
  if ((opts.reuse ?? true) && fs.existsSync(file)) {
    try {
      const metadata = readEmbeddingsMetadata(file);
      if (metadata.get('zsaudit.source') === source && metadata.get('zsaudit.dim') === String(opts.dim)) {
        const rows = Number(metadata.get('zsaudit.rows'));
        const exclusions = readExclusions(metadata, file);
        return {
          file,
          source,
          rows: Number.isFinite(rows) ? rows : readEmbeddings(file).ids.length,
          excluded: exclusions.length,
          exclusions,
          reused: true,
        };
      }
    } catch {
      // An unreadable earlier file is rewritten.
    }
  }
  const slice = opts.shard ? shardSlice(opts.items, opts.shard) : [...opts.items];
  const spool = EmbeddingSpool.open(file, spoolIdentity(backbone, opts.dim), opts.dim, slice);
  const todo = slice.filter((item) => !spool.isDone(item));
  if (spool.doneCount > 0)
    opts.log?.(
      `${path.basename(file)}: resuming, ${spool.doneCount} of ${slice.length} items done by an earlier run` +
        ` (${todo.length} to do)`,
    );
  const known = todo.flatMap((item) => (item.exclusion ? [item.exclusion] : []));
  if (known.length) spool.add([], new Float32Array(0), known);
  await opts.embed(
    todo.filter((item) => !item.exclusion),
    spool,
  );
  const order = new Map(slice.map((item, i) => [item.id, i]));
  const exclusions = spool.exclusions.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  const rows = spool.rows;
  spool.finish(
    {
      'zsaudit.backbone': backbone.name,
      'zsaudit.backbone.sha256': backbone.onnxSha256,
      'zsaudit.backbone.manifest': JSON.stringify(backbone.manifest),
      'zsaudit.modality': backbone.manifest.modality,
      'zsaudit.source': source,
      'zsaudit.rows': String(rows),
      'zsaudit.excluded': String(exclusions.length),
      [EXCLUSIONS_KEY]: exclusionsMetadata(exclusions, file),
      ...(opts.shard ? shardMetadata(opts.shard, opts.items.length, exclusions.length) : {}),
    },
    slice.map((item) => item.id),
  );
  return { file, source, rows, excluded: exclusions.length, exclusions, reused: false };
}
