import * as fs from 'node:fs';
import {
  Bool,
  Field,
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
  type Vector,
} from 'apache-arrow';
import { writeFileAtomic } from '../io';

/** Schema metadata key holding the id and version of an artifact's schema, e.g. `zsaudit.curation.clips/1`. */
export const SCHEMA_ID_KEY = 'zsaudit.schema';

const utf8 = (name: string, nullable = false) => new Field(name, new Utf8(), nullable);
const int32 = (name: string, nullable = false) => new Field(name, new Int32(), nullable);

/** The struct of one text in a curated clip row. */
export const TEXT_STRUCT = new Struct([utf8('field'), utf8('text_id'), utf8('text')]);

/**
 * `<corpus>.<split>.dirty.arrow` and `<corpus>.<split>.clean.arrow`: one row per clip.
 * `texts` holds every non-empty text of the clip with its field name and text id `<clip id>#<field>`;
 * `leaked_labels` the labels its texts name (always empty in the clean set).
 */
export const CURATED_CLIPS_SCHEMA_ID = 'zsaudit.curation.clips/1';
export const curatedClipsFields = [
  utf8('clip_id'),
  utf8('corpus'),
  utf8('split'),
  utf8('source_id'),
  utf8('audio_path', true),
  new Field('texts', new List(new Field('item', TEXT_STRUCT, false)), false),
  new Field('leaked_labels', new List(new Field('item', new Utf8(), false)), false),
  utf8('source_file'),
  int32('source_row'),
];

/**
 * `<corpus>.<split>.leaks.arrow`: one row per place a text names a label. `status` is `leak` (the clip is not in
 * the clean set), `lookalike` (a reviewed look-alike phrase of the forms table) or `allowlisted` (a phrase the
 * config allowlists); only `leak` rows remove clips. `level` is the lowest strictness that finds the form.
 */
export const LEAKS_SCHEMA_ID = 'zsaudit.curation.leaks/1';
export const leaksFields = [
  utf8('clip_id'),
  utf8('text_id'),
  utf8('field'),
  utf8('label'),
  int32('target'),
  utf8('matched'),
  utf8('form'),
  utf8('level'),
  utf8('status'),
  int32('span_start'),
  int32('span_end'),
];

/** `<corpus>.<split>.excluded.arrow` and `esc50.excluded.arrow`: rows, clips and texts left out of every set, with the reason. */
export const EXCLUDED_SCHEMA_ID = 'zsaudit.curation.excluded/1';
export const excludedFields = [
  utf8('file'),
  int32('row', true),
  utf8('clip_id', true),
  utf8('text_id', true),
  utf8('reason'),
  utf8('message'),
];

/** `esc50.arrow`: the zero-shot test set, one row per clip. */
export const ESC50_SCHEMA_ID = 'zsaudit.curation.esc50/1';
export const esc50Fields = [
  utf8('clip_id'),
  utf8('filename'),
  utf8('path', true),
  int32('fold'),
  int32('target'),
  utf8('category'),
  new Field('esc10', new Bool(), false),
  utf8('src_file'),
  utf8('take'),
];

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

/** Reads an Arrow IPC file (file or stream format); with `schemaId`, checks the schema id in its metadata. */
export function readArrowFile(file: string, schemaId?: string): Table {
  if (!fs.existsSync(file)) throw new Error(`${file}: no such Arrow file`);
  const table = tableFromIPC(fs.readFileSync(file));
  if (schemaId) {
    const found = table.schema.metadata.get(SCHEMA_ID_KEY);
    if (found !== schemaId) throw new Error(`${file}: expected schema ${schemaId}, found ${found ?? 'none'}`);
  }
  return table;
}
