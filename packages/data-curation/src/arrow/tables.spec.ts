import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Bool, Field, Int32, List, Struct, Utf8, vectorFromArray } from 'apache-arrow';
import {
  buildTable,
  curatedClipsFields,
  CURATED_CLIPS_SCHEMA_ID,
  dataFromValues,
  readArrowFile,
  SCHEMA_ID_KEY,
  writeArrowFile,
} from './tables';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zsaudit-arrow-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('dataFromValues', () => {
  it.each([
    ['Utf8 with nulls and non-ASCII', new Utf8(), ['a', null, 'café ☕', '', 'z']],
    ['Int32 with nulls', new Int32(), [1, null, -7, 2147483647]],
    ['Bool', new Bool(), [true, false, null, true, true, false, false, false, true]],
    ['List<Utf8>', new List(new Field('item', new Utf8())), [['a', 'b'], [], null, ['c']]],
    [
      'List<Struct>',
      new List(new Field('item', new Struct([new Field('field', new Utf8()), new Field('n', new Int32())]))),
      [
        [
          { field: 'x', n: 1 },
          { field: 'y', n: 2 },
        ],
        [],
        [{ field: 'z', n: null }],
      ],
    ],
  ])('matches apache-arrow vectorFromArray for %s', (_name, type, values) => {
    const ours = dataFromValues(type, values as unknown[]);
    const reference = vectorFromArray(values as never[], type);
    const table = buildTable([new Field('c', type, true)], { c: values as unknown[] }, 'test/1');
    expect(ours.length).toBe(values.length);
    expect(ours.nullCount).toBe(reference.nullCount);
    // Nested values are Vectors; compare them as plain JSON.
    const json = (v: { toJSON(): unknown }) => JSON.parse(JSON.stringify(v.toJSON()));
    expect(json(table.getChild('c')!)).toEqual(json(reference));
  });
});

describe('buildTable / writeArrowFile / readArrowFile', () => {
  const columns = {
    clip_id: ['a', 'b'],
    corpus: ['clotho', 'clotho'],
    split: ['development', 'development'],
    source_id: ['a.wav', 'b.wav'],
    audio_path: [null, '/x/b.wav'],
    texts: [[{ field: 'caption_1', text_id: 'a#caption_1', text: 'a dog barks' }], []],
    leaked_labels: [['dog'], []],
    source_file: ['f.csv', 'f.csv'],
    source_row: [2, 3],
  };

  it('round-trips rows, the exact schema and its metadata', () => {
    const file = path.join(tmp, 'clips.arrow');
    writeArrowFile(
      file,
      buildTable(curatedClipsFields, columns, CURATED_CLIPS_SCHEMA_ID, { 'zsaudit.variant': 'dirty' }),
    );
    const t = readArrowFile(file, CURATED_CLIPS_SCHEMA_ID);
    expect(t.numRows).toBe(2);
    expect(t.schema.fields.map((f) => `${f.name}:${f.type}:${f.nullable}`)).toEqual(
      curatedClipsFields.map((f) => `${f.name}:${f.type}:${f.nullable}`),
    );
    expect(t.schema.metadata.get(SCHEMA_ID_KEY)).toBe(CURATED_CLIPS_SCHEMA_ID);
    expect(t.schema.metadata.get('zsaudit.variant')).toBe('dirty');
    expect(JSON.parse(JSON.stringify(t.get(0))).texts[0].text).toBe('a dog barks');
    expect(t.get(1)!.toJSON().audio_path).toBe('/x/b.wav');
    expect(fs.readdirSync(tmp).filter((f) => f.includes('tmp'))).toEqual([]);
  });

  it('writes an empty table with its schema', () => {
    const empty = Object.fromEntries(curatedClipsFields.map((f) => [f.name, []]));
    const file = path.join(tmp, 'empty.arrow');
    writeArrowFile(file, buildTable(curatedClipsFields, empty, CURATED_CLIPS_SCHEMA_ID));
    const t = readArrowFile(file, CURATED_CLIPS_SCHEMA_ID);
    expect(t.numRows).toBe(0);
    expect(t.schema.fields).toHaveLength(curatedClipsFields.length);
  });

  it('names the file when the schema id or the file is wrong', () => {
    const file = path.join(tmp, 'clips2.arrow');
    writeArrowFile(file, buildTable(curatedClipsFields, columns, CURATED_CLIPS_SCHEMA_ID));
    expect(() => readArrowFile(file, 'zsaudit.curation.leaks/1')).toThrow(
      /clips2\.arrow: expected schema zsaudit\.curation\.leaks\/1/,
    );
    expect(() => readArrowFile(path.join(tmp, 'none.arrow'))).toThrow(/none\.arrow: no such Arrow file/);
    expect(() => buildTable(curatedClipsFields, { ...columns, source_row: [1] }, 'x')).toThrow(
      /differ in length/,
    );
  });
});
