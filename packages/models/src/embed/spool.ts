import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LoadedBackbone } from '../manifest';
import { EmbeddingFileWriter } from './arrow';
import type { EmbedExclusion, EmbedSink } from './sink';
import { shardMetadata, shardSlice, type Shard } from './shard';

/** Rows per record batch of the final Arrow file: 4,096 × 2,048 floats is 32 MB. */
const ROWS_PER_BATCH = 4096;

interface SpoolMeta {
  source: string;
  dim: number;
}

/**
 * A resumable, disk-backed sink for the rows of one embedding file. While the stage runs, vectors are appended
 * to `<file>.partial/vectors.f32` and ids and exclusions to `rows.jsonl`, batch by batch, so memory holds one
 * batch however large the corpus. A run that stops (killed, crashed, out of time) leaves the folder; the next run
 * with the same source (backbone + inputs) skips every item already there. {@link finish} streams the rows
 * into the Arrow file and removes the folder.
 */
export class EmbeddingSpool implements EmbedSink {
  private readonly vectorsFile: string;
  private readonly rowsFile: string;
  private readonly ids: string[] = [];
  readonly exclusions: EmbedExclusion[] = [];
  private readonly seen = new Set<string>();

  private constructor(
    readonly file: string,
    readonly dir: string,
    readonly dim: number,
  ) {
    this.vectorsFile = path.join(dir, 'vectors.f32');
    this.rowsFile = path.join(dir, 'rows.jsonl');
  }

  /**
   * Opens the spool of `file`, resuming one left by an earlier run with the same source and dim; anything else
   * in the folder is discarded.
   */
  static open(file: string, source: string, dim: number): EmbeddingSpool {
    const dir = `${file}.partial`;
    const spool = new EmbeddingSpool(file, dir, dim);
    if (!spool.resume(source)) {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'meta.json'), JSON.stringify({ source, dim } satisfies SpoolMeta));
      fs.writeFileSync(spool.vectorsFile, '');
      fs.writeFileSync(spool.rowsFile, '');
    }
    return spool;
  }

  private resume(source: string): boolean {
    let meta: SpoolMeta;
    try {
      meta = JSON.parse(fs.readFileSync(path.join(this.dir, 'meta.json'), 'utf8')) as SpoolMeta;
    } catch {
      return false;
    }
    if (meta.source !== source || meta.dim !== this.dim || !fs.existsSync(this.vectorsFile)) return false;
    const lines = fs.existsSync(this.rowsFile) ? fs.readFileSync(this.rowsFile, 'utf8').split('\n') : [];
    let complete = '';
    for (const line of lines) {
      // A line cut short by a crash is the last one; it and what follows are redone.
      let row: { id: string } | { exclusion: EmbedExclusion };
      try {
        row = JSON.parse(line) as typeof row;
      } catch {
        break;
      }
      if ('id' in row) this.ids.push(row.id);
      else this.exclusions.push(row.exclusion);
      this.seen.add('id' in row ? row.id : row.exclusion.id);
      complete += `${line}\n`;
    }
    // Vectors are written before their ids, so the file holds at least as many rows: cut it to the ids.
    const bytes = this.ids.length * this.dim * 4;
    if (fs.statSync(this.vectorsFile).size < bytes) return false;
    fs.truncateSync(this.vectorsFile, bytes);
    fs.writeFileSync(this.rowsFile, complete);
    return true;
  }

  /** Items already embedded or excluded (by an earlier run of the same source, or this one). */
  get done(): ReadonlySet<string> {
    return this.seen;
  }

  get rows(): number {
    return this.ids.length;
  }

  add(ids: readonly string[], vectors: Float32Array, exclusions: readonly EmbedExclusion[]): void {
    if (vectors.length !== ids.length * this.dim)
      throw new Error(`${this.file}: ${vectors.length} values for ${ids.length} rows × ${this.dim}`);
    if (ids.length)
      fs.appendFileSync(
        this.vectorsFile,
        new Uint8Array(vectors.buffer, vectors.byteOffset, vectors.byteLength),
      );
    const lines = [
      ...ids.map((id) => JSON.stringify({ id })),
      ...exclusions.map((exclusion) => JSON.stringify({ exclusion })),
    ];
    if (lines.length) fs.appendFileSync(this.rowsFile, lines.join('\n') + '\n');
    for (const id of ids) this.seen.add(id);
    for (const e of exclusions) this.seen.add(e.id);
    this.ids.push(...ids);
    this.exclusions.push(...exclusions);
  }

  /**
   * Writes the Arrow file from the spooled rows, in record batches of {@link ROWS_PER_BATCH}, atomically, and
   * removes the spool. `order`, when given, puts the rows in that order of ids (items' order), whatever order
   * resumed runs added them in.
   */
  finish(metadata: Record<string, string>, order?: readonly string[]): void {
    const rowOf = new Map(this.ids.map((id, i) => [id, i]));
    const sequence = order
      ? order.filter((id) => rowOf.has(id)).map((id) => rowOf.get(id)!)
      : this.ids.map((_, i) => i);
    const writer = new EmbeddingFileWriter(this.file, this.dim, metadata);
    const fd = fs.openSync(this.vectorsFile, 'r');
    try {
      const rowBytes = this.dim * 4;
      for (let start = 0; start < sequence.length; start += ROWS_PER_BATCH) {
        const rows = sequence.slice(start, start + ROWS_PER_BATCH);
        const vectors = new Float32Array(rows.length * this.dim);
        const bytes = new Uint8Array(vectors.buffer);
        rows.forEach((r, i) => {
          // Runs of consecutive rows are the common case; one read per row keeps the code simple and is cheap.
          const n = fs.readSync(fd, bytes, i * rowBytes, rowBytes, r * rowBytes);
          if (n !== rowBytes) throw new Error(`${this.vectorsFile}: short read at row ${r}`);
        });
        writer.write(
          rows.map((r) => this.ids[r]),
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

/**
 * Embeds `items` (or one shard's slice of them) into `file` through a resumable spool: items an interrupted run
 * already did are skipped, and the file gets the backbone's identity, the source hash, the row and exclusion
 * counts (and, for a shard, which one of how many items) in its metadata. Returns the finished spool, whose
 * `exclusions` list everything not embedded.
 */
export async function embedIntoFile<T extends { id: string }>(opts: {
  file: string;
  /** Hash of backbone + inputs: a spool left by a run with another source is discarded. */
  source: string;
  backbone: LoadedBackbone;
  dim: number;
  items: readonly T[];
  shard?: Shard;
  embed: (items: T[], sink: EmbedSink) => Promise<void>;
  log?: (line: string) => void;
}): Promise<EmbeddingSpool> {
  const slice = opts.shard ? shardSlice(opts.items, opts.shard) : [...opts.items];
  const spool = EmbeddingSpool.open(opts.file, opts.source, opts.dim);
  if (spool.done.size > 0)
    opts.log?.(
      `${path.basename(opts.file)}: resuming, ${spool.done.size} of ${slice.length} items done by an earlier run`,
    );
  await opts.embed(
    slice.filter((item) => !spool.done.has(item.id)),
    spool,
  );
  const { backbone } = opts;
  spool.finish(
    {
      'zsaudit.backbone': backbone.name,
      'zsaudit.backbone.sha256': backbone.onnxSha256,
      'zsaudit.backbone.manifest': JSON.stringify(backbone.manifest),
      'zsaudit.modality': backbone.manifest.modality,
      'zsaudit.source': opts.source,
      'zsaudit.rows': String(spool.rows),
      'zsaudit.excluded': String(spool.exclusions.length),
      ...(opts.shard ? shardMetadata(opts.shard, opts.items.length, spool.exclusions.length) : {}),
    },
    slice.map((item) => item.id),
  );
  return spool;
}
