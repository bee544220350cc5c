import * as fs from 'node:fs';
import {
  Field,
  FixedSizeList,
  Float32,
  makeData,
  RecordBatch,
  RecordBatchFileReader,
  Schema,
  Struct,
  Table,
  tableFromIPC,
  Utf8,
} from 'apache-arrow';
import { ArrowFileWriter, SCHEMA_ID_KEY, utf8Data } from '@zsaudit/core';

/** Schema id of an embedding table (`zsaudit.schema` metadata). */
export const EMBEDDINGS_SCHEMA_ID = 'zsaudit.models.embeddings/1';

/** The fields of an embedding table: `id` (a curation clip or text id) and `embedding` FixedSizeList<Float32>[dim]. */
export function embeddingFields(dim: number): Field[] {
  return [
    new Field('id', new Utf8(), false),
    new Field('embedding', new FixedSizeList(dim, new Field('item', new Float32(), false)), false),
  ];
}

/**
 * An embedding table over row-major vectors (n × dim), without copying them: the Float32Array becomes the
 * FixedSizeList's child buffer as is.
 */
export function embeddingsTable(
  ids: readonly string[],
  vectors: Float32Array,
  dim: number,
  metadata: Record<string, string>,
): Table {
  if (vectors.length !== ids.length * dim)
    throw new Error(`embeddingsTable: ${vectors.length} values for ${ids.length} ids × ${dim}`);
  const schema = embeddingsSchema(dim, metadata);
  if (ids.length === 0) return new Table(schema);
  return new Table(schema, [embeddingsBatch(schema, ids, vectors)]);
}

/** The schema of an embedding table of `dim`-d vectors, with the schema id and dim added to `metadata`. */
export function embeddingsSchema(dim: number, metadata: Record<string, string>): Schema {
  return new Schema(
    embeddingFields(dim),
    new Map(
      Object.entries({ ...metadata, [SCHEMA_ID_KEY]: EMBEDDINGS_SCHEMA_ID, 'zsaudit.dim': String(dim) }),
    ),
  );
}

/** One record batch over row-major vectors, without copying them. */
function embeddingsBatch(schema: Schema, ids: readonly string[], vectors: Float32Array): RecordBatch {
  const fields = schema.fields;
  const child = makeData({ type: new Float32(), length: vectors.length, data: vectors });
  const list = makeData({ type: fields[1].type as FixedSizeList<Float32>, length: ids.length, child });
  return new RecordBatch(
    schema,
    makeData({ type: new Struct(fields), length: ids.length, children: [utf8Data(ids), list] }),
  );
}

/**
 * Writes an embedding table batch by batch (core `ArrowFileWriter`: Arrow IPC file format, a temp file that
 * becomes `file` on {@link close}): memory stays at one batch however many rows the file gets, and a reader never
 * sees a partial file. {@link abort} removes the temp file.
 */
export class EmbeddingFileWriter {
  private readonly writer: ArrowFileWriter;
  private readonly listType: FixedSizeList<Float32>;

  constructor(
    readonly file: string,
    readonly dim: number,
    metadata: Record<string, string>,
  ) {
    const fields = embeddingFields(dim);
    this.listType = fields[1].type as FixedSizeList<Float32>;
    // The same metadata, in the same order, as embeddingsSchema: the same bytes as a table written at once.
    this.writer = new ArrowFileWriter(file, fields, EMBEDDINGS_SCHEMA_ID, {
      ...metadata,
      [SCHEMA_ID_KEY]: EMBEDDINGS_SCHEMA_ID,
      'zsaudit.dim': String(dim),
    });
  }

  get rows(): number {
    return this.writer.rows;
  }

  /** Appends rows: ids and their row-major vectors (ids.length × dim), the vectors not copied. */
  write(ids: readonly string[], vectors: Float32Array): void {
    if (vectors.length !== ids.length * this.dim)
      throw new Error(`${this.file}: ${vectors.length} values for ${ids.length} ids × ${this.dim}`);
    if (ids.length === 0) return;
    const child = makeData({ type: new Float32(), length: vectors.length, data: vectors });
    this.writer.writeColumns({
      id: utf8Data(ids),
      embedding: makeData({ type: this.listType, length: ids.length, child }),
    });
  }

  /** Writes the footer and moves the file into place. */
  close(): void {
    this.writer.close();
  }

  abort(): void {
    this.writer.abort();
  }
}

/** Writes an embedding table as an Arrow IPC file, atomically (temp file + rename). */
export function writeEmbeddings(
  file: string,
  ids: readonly string[],
  vectors: Float32Array,
  dim: number,
  metadata: Record<string, string>,
): void {
  const writer = new EmbeddingFileWriter(file, dim, metadata);
  try {
    writer.write(ids, vectors);
    writer.close();
  } catch (err) {
    writer.abort();
    throw err;
  }
}

/** Throws, naming the file, unless its schema metadata says it is an embedding table. */
function checkEmbeddingsSchema(file: string, metadata: Map<string, string>): void {
  const found = metadata.get(SCHEMA_ID_KEY);
  if (found !== EMBEDDINGS_SCHEMA_ID)
    throw new Error(`${file}: not an embedding table (schema ${found ?? 'none'})`);
}

/** Reads an embedding file: ids, the vectors as one row-major Float32Array (a view when the file has one batch), dim, metadata. */
export function readEmbeddings(file: string): {
  ids: string[];
  vectors: Float32Array;
  dim: number;
  metadata: Map<string, string>;
} {
  if (!fs.existsSync(file)) throw new Error(`${file}: no such embedding file`);
  const table = tableFromIPC(fs.readFileSync(file));
  checkEmbeddingsSchema(file, table.schema.metadata);
  const type = table.schema.fields[1]?.type;
  if (!(type instanceof FixedSizeList))
    throw new Error(`${file}: column "embedding" is not a FixedSizeList<Float32>`);
  const dim = type.listSize;
  const ids = (table.getChild('id')?.toArray() ?? []) as string[];
  const column = table.getChild('embedding')!;
  const parts = column.data.map((d) =>
    (d.children[0].values as Float32Array).subarray(d.offset * dim, (d.offset + d.length) * dim),
  );
  let vectors: Float32Array;
  if (parts.length === 1) vectors = parts[0];
  else {
    vectors = new Float32Array(table.numRows * dim);
    let offset = 0;
    for (const p of parts) {
      vectors.set(p, offset);
      offset += p.length;
    }
  }
  return { ids: [...ids], vectors, dim, metadata: table.schema.metadata };
}

/**
 * The schema metadata of an embedding file, read from the file's footer (a few kB) rather than the whole file:
 * the stage checks whether a file is up to date without loading gigabytes of vectors. (apache-arrow's file
 * writer keeps the schema only in the footer, so the footer is where it is.)
 */
export function readEmbeddingsMetadata(file: string): Map<string, string> {
  if (!fs.existsSync(file)) throw new Error(`${file}: no such embedding file`);
  const fd = fs.openSync(file, 'r');
  try {
    // File format: "ARROW1\0\0" … footer, int32 footer length, "ARROW1".
    const size = fs.fstatSync(fd).size;
    const tail = Buffer.alloc(10);
    if (
      size < 18 ||
      fs.readSync(fd, tail, 0, 10, size - 10) !== 10 ||
      tail.toString('latin1', 4) !== 'ARROW1'
    )
      throw new Error(`${file}: not an Arrow IPC file`);
    const footerLength = tail.readInt32LE(0);
    if (footerLength <= 0 || footerLength > size - 18) throw new Error(`${file}: damaged Arrow footer`);
    // A stand-in file of magic + footer: the reader opens it from the footer without touching any batch.
    const stub = Buffer.alloc(8 + footerLength + 10);
    stub.write('ARROW1', 0, 'latin1');
    fs.readSync(fd, stub, 8, footerLength, size - 10 - footerLength);
    tail.copy(stub, 8 + footerLength);
    const reader = RecordBatchFileReader.from(new Uint8Array(stub.buffer, stub.byteOffset, stub.length));
    reader.open();
    const metadata = reader.schema.metadata;
    checkEmbeddingsSchema(file, metadata);
    return metadata;
  } finally {
    fs.closeSync(fd);
  }
}
