/** The curation contracts written and read back through core's Arrow helpers (core's own spec checks the builder). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildTable, readArrowFile, SCHEMA_ID_KEY, writeArrowFile } from '@zsaudit/core';
import { tempDir } from '@zsaudit/testing';
import { curatedClipsFields, CURATED_CLIPS_SCHEMA_ID } from './tables';

const tmp = tempDir('zsaudit-arrow-');
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('buildTable / writeArrowFile / readArrowFile', () => {
  const columns = {
    clip_id: ['a', 'b'],
    corpus: ['clotho', 'clotho'],
    split: ['development', 'development'],
    source_id: ['a.wav', 'b.wav'],
    audio_path: [null, 'audio/b.wav'],
    audio_sha256: [null, 'ab'.repeat(32)],
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
    expect(t.get(1)!.toJSON().audio_path).toBe('audio/b.wav');
    expect(t.get(1)!.toJSON().audio_sha256).toBe('ab'.repeat(32));
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
