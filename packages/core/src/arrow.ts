import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  AsyncByteQueue,
  Bool,
  Int32,
  List,
  RecordBatch,
  RecordBatchFileWriter,
  Schema,
  Struct,
  Table,
  Utf8,
  tableFromIPC,
  tableToIPC,
  vectorFromArray,
  makeData,
  Data,
  util,
  type DataType,
  type Field,
  type Vector,
} from 'apache-arrow';
import { tempPathFor, writeFileAtomic } from './files';
import { onInterrupt } from './signals';

/** Schema metadata key holding the id and version of an artifact's schema, e.g. `zsaudit.curation.clips/1`. */
export const SCHEMA_ID_KEY = 'zsaudit.schema';

/** Validity bitmap for `values` (bit set = not null), or null when nothing is null. */
function validity(values: readonly unknown[]): { bitmap: Uint8Array | undefined; nullCount: number } {
  let nullCount = 0;
  for (const v of values) if (v === null || v === undefined) nullCount++;
  if (nullCount === 0) return { bitmap: undefined, nullCount };
  const bitmap = new Uint8Array((values.length + 7) >> 3);
  values.forEach((v, i) => {
    if (v !== null && v !== undefined) bitmap[i >> 3] |= 1 << (i & 7);
  });
  return { bitmap, nullCount };
}

/**
 * Column data straight from JS values into Arrow buffers: UTF-8 bytes and offsets, typed arrays, bitmaps, and
 * recursion for List and Struct. Written by hand because apache-arrow's vectorFromArray goes through generic
 * builders that took half of a 50,000-caption curation run and most of its memory (tools/bench).
 */
export function dataFromValues(type: DataType, values: readonly unknown[]): Data {
  const length = values.length;
  const { bitmap, nullCount } = validity(values);
  if (type instanceof Utf8)
    return utf8Column(values as readonly (string | null | undefined)[], bitmap, nullCount);
  if (type instanceof Int32) {
    const data = new Int32Array(length);
    values.forEach((v, i) => (data[i] = (v as number) ?? 0));
    return makeData({ type, length, nullCount, nullBitmap: bitmap, data });
  }
  if (type instanceof Bool) {
    const data = new Uint8Array((length + 7) >> 3);
    values.forEach((v, i) => {
      if (v) data[i >> 3] |= 1 << (i & 7);
    });
    return makeData({ type, length, nullCount, nullBitmap: bitmap, data });
  }
  if (type instanceof List) {
    const valueOffsets = new Int32Array(length + 1);
    const flat: unknown[] = [];
    values.forEach((v, i) => {
      valueOffsets[i] = flat.length;
      if (v != null) for (const item of v as unknown[]) flat.push(item);
    });
    valueOffsets[length] = flat.length;
    const child = dataFromValues(type.children[0].type, flat);
    return makeData({ type, length, nullCount, nullBitmap: bitmap, valueOffsets, child });
  }
  if (type instanceof Struct) {
    const children = type.children.map((f) =>
      dataFromValues(
        f.type,
        values.map((v) => (v == null ? null : (v as Record<string, unknown>)[f.name])),
      ),
    );
    return makeData({ type, length, nullCount, nullBitmap: bitmap, children });
  }
  return (vectorFromArray(values as never[], type) as Vector).data[0];
}

/**
 * A table's columns by field name: JS values (converted by {@link dataFromValues}), or Arrow data built by the
 * caller where a hot path builds its buffers itself.
 */
export type ColumnValues = Record<string, readonly unknown[] | Data>;

/** The schema of a table: exactly `fields`, with the given metadata and the schema id. */
function schemaOf(fields: Field[], schemaId: string, metadata: Record<string, string>): Schema {
  return new Schema(fields, new Map(Object.entries({ ...metadata, [SCHEMA_ID_KEY]: schemaId })));
}

/** One record batch of `schema` from its columns' values; null for no rows. */
function batchOf(schema: Schema, columns: ColumnValues, schemaId: string): RecordBatch | null {
  const fields = schema.fields;
  const children = fields.map((f) => {
    const values = columns[f.name];
    if (!values) throw new Error(`buildTable(${schemaId}): no values for column "${f.name}"`);
    if (values instanceof Data) {
      if (!util.compareTypes(values.type, f.type))
        throw new Error(
          `buildTable(${schemaId}): column "${f.name}" is ${values.type}, the schema says ${f.type}`,
        );
      return values;
    }
    return dataFromValues(f.type, values);
  });
  const lengths = new Set(children.map((c) => c.length));
  if (lengths.size > 1) throw new Error(`buildTable(${schemaId}): columns differ in length`);
  const length = children[0]?.length ?? 0;
  if (length === 0) return null;
  return new RecordBatch(schema, makeData({ type: new Struct(fields), length, nullCount: 0, children }));
}

/** Builds a table whose schema is exactly `fields` plus the given metadata (schema id included). */
export function buildTable(
  fields: Field[],
  columns: ColumnValues,
  schemaId: string,
  metadata: Record<string, string> = {},
): Table {
  const schema = schemaOf(fields, schemaId, metadata);
  const batch = batchOf(schema, columns, schemaId);
  return batch ? new Table(schema, [batch]) : new Table(schema);
}

/** The writer's byte sink: each chunk goes straight to the file, so nothing accumulates in memory. */
class FileByteSink extends AsyncByteQueue {
  constructor(private readonly fd: number) {
    super();
  }
  override write(value: Uint8Array): void {
    if (value.byteLength > 0) fs.writeSync(this.fd, value);
  }
}

/**
 * Writes an Arrow IPC file batch by batch, for tables too large to hold: memory stays at one batch however many
 * rows the file gets. It writes a temp file beside `file` that becomes `file` on {@link close}, so a reader never
 * sees a partial file; {@link abort} (and Ctrl-C or SIGTERM) removes it. A file with no rows still has its schema.
 */
export class ArrowFileWriter {
  private readonly tmp: string;
  private readonly fd: number;
  private readonly writer: RecordBatchFileWriter;
  private readonly schema: Schema;
  private readonly unregister: () => void;
  private open = true;
  rows = 0;

  constructor(
    readonly file: string,
    fields: Field[],
    readonly schemaId: string,
    metadata: Record<string, string> = {},
  ) {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.tmp = tempPathFor(file);
    this.fd = fs.openSync(this.tmp, 'w');
    this.unregister = onInterrupt(() => fs.rmSync(this.tmp, { force: true }));
    this.schema = schemaOf(fields, schemaId, metadata);
    this.writer = new RecordBatchFileWriter();
    this.writer.reset(new FileByteSink(this.fd), this.schema);
  }

  /** Appends one record batch made of the columns' values (every column of the schema, equal lengths). */
  writeColumns(columns: ColumnValues): void {
    if (!this.open) throw new Error(`${this.file}: write after close`);
    const batch = batchOf(this.schema, columns, this.schemaId);
    if (!batch) return;
    this.writer.write(batch);
    this.rows += batch.numRows;
  }

  /** Writes the footer and moves the file into place. */
  close(): void {
    if (!this.open) return;
    this.open = false;
    try {
      this.writer.finish();
      // No fsync, like writeFileAtomic: the rename keeps a killed process from leaving half a file, which is
      // the failure these writers guard against; an fsync per table cost more than the encoding (tools/bench).
      fs.closeSync(this.fd);
      fs.renameSync(this.tmp, this.file);
    } catch (err) {
      fs.rmSync(this.tmp, { force: true });
      throw err;
    } finally {
      this.unregister();
    }
  }

  /** Drops the file: nothing of it stays behind. */
  abort(): void {
    if (!this.open) return;
    this.open = false;
    try {
      fs.closeSync(this.fd);
    } catch {
      // already closed
    }
    fs.rmSync(this.tmp, { force: true });
    this.unregister();
  }
}

/** Writes a table as an Arrow IPC file, atomically. */
export function writeArrowFile(file: string, table: Table): void {
  writeFileAtomic(file, tableToIPC(table, 'file'));
}

/** The schema id recorded in a table's metadata (`zsaudit.schema`), or null. */
export function schemaIdOf(table: Table): string | null {
  return table.schema.metadata.get(SCHEMA_ID_KEY) ?? null;
}

/** Throws, naming `file`, unless the table's schema id is `schemaId`. */
export function checkSchemaId(table: Table, schemaId: string, file: string): void {
  const found = schemaIdOf(table);
  if (found !== schemaId) throw new Error(`${file}: expected schema ${schemaId}, found ${found ?? 'none'}`);
}

/**
 * Reads an Arrow IPC file (file or stream format); with `schemaId`, checks the schema id in its metadata. A missing,
 * truncated or non-Arrow file is an error naming the file.
 */
const FILE_MAGIC = Buffer.from('ARROW1', 'latin1');
/** The end-of-stream marker of the IPC stream format: continuation token, then a zero message length. */
const END_OF_STREAM = Buffer.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);

/** Bytes the framing checks look at, at each end: the leading magic (8) and footer length + magic (10), with room. */
const EDGE_BYTES = 18;

/**
 * The framing verdict from a file's first and last {@link EDGE_BYTES} bytes and its size; see
 * {@link arrowFramingProblem}.
 */
function framingProblem(head: Buffer, tail: Buffer, size: number): string | null {
  if (size === 0) return 'empty file';
  if (head.subarray(0, 6).equals(FILE_MAGIC) || (size < 6 && FILE_MAGIC.subarray(0, size).equals(head))) {
    // magic (8, padded) + footer + footer length (4) + magic (6)
    if (size < 18 || !tail.subarray(tail.length - 6).equals(FILE_MAGIC))
      return 'truncated Arrow file (its footer and closing "ARROW1" are missing: it was not written completely)';
    const footer = tail.readInt32LE(tail.length - 10);
    if (footer <= 0 || footer > size - 18) return `corrupt Arrow file (footer length ${footer})`;
    return null;
  }
  if (size >= 8 && tail.subarray(tail.length - 8).equals(END_OF_STREAM)) return null;
  return head.subarray(0, 4).equals(END_OF_STREAM.subarray(0, 4))
    ? 'truncated Arrow stream (its end-of-stream marker is missing)'
    : 'not an Arrow IPC file (no "ARROW1" magic) nor a complete stream';
}

/**
 * Why `bytes` cannot be a whole Arrow IPC file or stream, or null. apache-arrow reads a file or stream cut at a
 * message boundary as a shorter (or empty) table without complaint, so the framing is checked first: a file must
 * end with its footer and "ARROW1", a stream with its end-of-stream marker.
 */
export function arrowFramingProblem(bytes: Uint8Array): string | null {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return framingProblem(
    buf.subarray(0, EDGE_BYTES),
    buf.subarray(Math.max(0, buf.length - EDGE_BYTES)),
    buf.length,
  );
}

/**
 * Checks the framing of an Arrow IPC file on disk from its first and last bytes (not reading it whole); throws an
 * error naming the file when it is missing, not a file, or not a whole Arrow file or stream.
 */
export function checkArrowFraming(file: string): void {
  const st = fs.statSync(file, { throwIfNoEntry: false });
  if (!st) throw new Error(`${file}: no such Arrow file`);
  if (!st.isFile()) throw new Error(`${file}: not a file (an Arrow table is expected)`);
  const edge = Math.min(st.size, EDGE_BYTES);
  const head = Buffer.alloc(edge);
  const tail = Buffer.alloc(edge);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, edge, 0);
    fs.readSync(fd, tail, 0, edge, st.size - edge);
  } finally {
    fs.closeSync(fd);
  }
  const problem = framingProblem(head, tail, st.size);
  if (problem) throw new Error(`${file}: ${problem}`);
}

/**
 * Reads a whole Arrow IPC file (or stream), checking its framing first and, with `schemaId`, its schema id; every
 * error names the file.
 */
export function readArrowFile(file: string, schemaId?: string): Table {
  checkArrowFraming(file);
  let table: Table;
  try {
    table = tableFromIPC(fs.readFileSync(file));
  } catch (err) {
    const detail = (err as Error).message.replace(/\s+/g, ' ').trim();
    throw new Error(`${file}: not a readable Arrow IPC file (${detail})`);
  }
  if (schemaId) checkSchemaId(table, schemaId, file);
  return table;
}

/**
 * UTF-8 bytes and offsets of strings in one pass: the buffer is sized for the worst case (3 bytes per UTF-16 unit)
 * and each string written once, instead of measuring every string first (Buffer.byteLength) and writing it after.
 */
function utf8Buffers(values: readonly (string | null | undefined)[]): {
  valueOffsets: Int32Array;
  data: Uint8Array;
} {
  let units = 0;
  for (const v of values) if (v != null) units += v.length;
  const data = Buffer.allocUnsafe(units * 3);
  const valueOffsets = new Int32Array(values.length + 1);
  let pos = 0;
  for (let i = 0; i < values.length; i++) {
    valueOffsets[i] = pos;
    const v = values[i];
    if (v != null && v.length > 0) pos += data.write(v, pos, 'utf8');
  }
  valueOffsets[values.length] = pos;
  // A copy of the used bytes, so the worst-case buffer does not stay alive behind the column.
  return { valueOffsets, data: Uint8Array.prototype.slice.call(data, 0, pos) };
}

function utf8Column(
  values: readonly (string | null | undefined)[],
  nullBitmap: Uint8Array | undefined,
  nullCount: number,
): Data<Utf8> {
  const { valueOffsets, data } = utf8Buffers(values);
  return makeData({ type: new Utf8(), length: values.length, nullCount, nullBitmap, valueOffsets, data });
}

/**
 * A Utf8 column straight from strings (one buffer of UTF-8 bytes and its offsets), without apache-arrow's generic
 * builders; no validity bitmap (the values are never null).
 */
export function utf8Data(values: readonly string[]): Data<Utf8> {
  return utf8Column(values, undefined, 0);
}
