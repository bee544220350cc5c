import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  Field,
  FixedSizeList,
  Float32,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableFromIPC,
  tableToIPC,
  Utf8,
  type Data,
} from 'apache-arrow';

/** Schema id of an embedding table (`zsaudit.schema` metadata). */
export const EMBEDDINGS_SCHEMA_ID = 'zsaudit.models.embeddings/1';

/** The fields of an embedding table: `id` (a curation clip or text id) and `embedding` FixedSizeList<Float32>[dim]. */
export function embeddingFields(dim: number): Field[] {
  return [
    new Field('id', new Utf8(), false),
    new Field('embedding', new FixedSizeList(dim, new Field('item', new Float32(), false)), false),
  ];
}

function utf8Data(values: readonly string[]): Data<Utf8> {
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
  const fields = embeddingFields(dim);
  const schema = new Schema(
    fields,
    new Map(
      Object.entries({ ...metadata, 'zsaudit.schema': EMBEDDINGS_SCHEMA_ID, 'zsaudit.dim': String(dim) }),
    ),
  );
  if (ids.length === 0) return new Table(schema);
  const child = makeData({ type: new Float32(), length: vectors.length, data: vectors });
  const list = makeData({ type: fields[1].type as FixedSizeList<Float32>, length: ids.length, child });
  const batch = new RecordBatch(
    schema,
    makeData({ type: new Struct(fields), length: ids.length, children: [utf8Data(ids), list] }),
  );
  return new Table(schema, [batch]);
}

/** Writes an embedding table as an Arrow IPC file, atomically (temp file + rename). */
export function writeEmbeddings(
  file: string,
  ids: readonly string[],
  vectors: Float32Array,
  dim: number,
  metadata: Record<string, string>,
): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, tableToIPC(embeddingsTable(ids, vectors, dim, metadata), 'file'));
  fs.renameSync(tmp, file);
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
  if (table.schema.metadata.get('zsaudit.schema') !== EMBEDDINGS_SCHEMA_ID) {
    throw new Error(
      `${file}: not an embedding table (schema ${table.schema.metadata.get('zsaudit.schema') ?? 'none'})`,
    );
  }
  const type = table.schema.fields[1]?.type;
  if (!(type instanceof FixedSizeList))
    throw new Error(`${file}: column "embedding" is not a FixedSizeList<Float32>`);
  const dim = type.listSize;
  const ids = (table.getChild('id')?.toArray() ?? []) as string[];
  const column = table.getChild('embedding')!;
  const parts = column.data.map((d) =>
    (d.children[0].values as Float32Array).subarray(d.offset * dim, (d.offset + d.length) * dim),
  );
  const vectors = parts.length === 1 ? parts[0] : Float32Array.from(parts.flatMap((p) => Array.from(p)));
  return { ids: [...ids], vectors: vectors ?? new Float32Array(0), dim, metadata: table.schema.metadata };
}
