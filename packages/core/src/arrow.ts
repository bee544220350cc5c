import * as fs from 'node:fs';
import {
  Bool,
  Int32,
  List,
  RecordBatch,
  Schema,
  Struct,
  Table,
  Utf8,
  tableFromIPC,
  tableToIPC,
  vectorFromArray,
  makeData,
  type Data,
  type DataType,
  type Field,
  type Vector,
} from 'apache-arrow';
import { writeFileAtomic } from './files';

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
  if (type instanceof Utf8) {
    let bytes = 0;
    for (const v of values) if (v != null) bytes += Buffer.byteLength(v as string, 'utf8');
    const data = Buffer.allocUnsafe(bytes);
    const valueOffsets = new Int32Array(length + 1);
    let pos = 0;
    values.forEach((v, i) => {
      valueOffsets[i] = pos;
      if (v != null) pos += data.write(v as string, pos, 'utf8');
    });
    valueOffsets[length] = pos;
    return makeData({
      type,
      length,
      nullCount,
      nullBitmap: bitmap,
      valueOffsets,
      data: new Uint8Array(data.buffer, data.byteOffset, pos),
    });
  }
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

/** Builds a table whose schema is exactly `fields` plus the given metadata (schema id included). */
export function buildTable(
  fields: Field[],
  columns: Record<string, unknown[]>,
  schemaId: string,
  metadata: Record<string, string> = {},
): Table {
  const schema = new Schema(fields, new Map(Object.entries({ ...metadata, [SCHEMA_ID_KEY]: schemaId })));
  const children = fields.map((f) => {
    const values = columns[f.name];
    if (!values) throw new Error(`buildTable(${schemaId}): no values for column "${f.name}"`);
    return dataFromValues(f.type, values);
  });
  const lengths = new Set(children.map((c) => c.length));
  if (lengths.size > 1) throw new Error(`buildTable(${schemaId}): columns differ in length`);
  const length = children[0]?.length ?? 0;
  if (length === 0) return new Table(schema);
  const batch = new RecordBatch(
    schema,
    makeData({ type: new Struct(fields), length, nullCount: 0, children }),
  );
  return new Table(schema, [batch]);
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
 * A Utf8 column straight from strings (one buffer of UTF-8 bytes and its offsets), without apache-arrow's generic
 * builders; no validity bitmap (the values are never null).
 */
export function utf8Data(values: readonly string[]): Data<Utf8> {
  const bytes = values.reduce((n, v) => n + Buffer.byteLength(v, 'utf8'), 0);
  const data = Buffer.allocUnsafe(bytes);
  const valueOffsets = new Int32Array(values.length + 1);
  let pos = 0;
  values.forEach((v, i) => {
    valueOffsets[i] = pos;
    pos += data.write(v, pos, 'utf8');
  });
  valueOffsets[values.length] = pos;
  return makeData({
    type: new Utf8(),
    length: values.length,
    valueOffsets,
    data: new Uint8Array(data.buffer, data.byteOffset, pos),
  });
}
