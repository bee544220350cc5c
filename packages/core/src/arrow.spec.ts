import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Bool, Field, Int32, List, Struct, Utf8, vectorFromArray } from 'apache-arrow';
import {
  ArrowFileWriter,
  buildTable,
  checkSchemaId,
  dataFromValues,
  readArrowFile,
  SCHEMA_ID_KEY,
  schemaIdOf,
  utf8Data,
  writeArrowFile,
} from './arrow';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zsaudit-core-arrow-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const json = (v: { toJSON(): unknown }) => JSON.parse(JSON.stringify(v.toJSON()));

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
    expect(json(table.getChild('c')!)).toEqual(json(reference));
  });

  it('utf8Data gives the same strings as vectorFromArray', () => {
    const values = ['', 'a', 'café ☕', 'z'];
    const table = buildTable([new Field('c', new Utf8())], { c: values }, 'test/1');
    expect(utf8Data(values).length).toBe(4);
    expect(json(table.getChild('c')!)).toEqual(values);
  });
});

describe('buildTable / writeArrowFile / readArrowFile', () => {
  const fields = [new Field('id', new Utf8()), new Field('n', new Int32(), true)];

  it('round-trips rows with the schema id and metadata', () => {
    const table = buildTable(fields, { id: ['a', 'b'], n: [1, null] }, 'zsaudit.test/1', { note: 'x' });
    const file = path.join(tmp, 't.arrow');
    writeArrowFile(file, table);
    const back = readArrowFile(file, 'zsaudit.test/1');
    expect(back.numRows).toBe(2);
    expect(schemaIdOf(back)).toBe('zsaudit.test/1');
    expect(back.schema.metadata.get(SCHEMA_ID_KEY)).toBe('zsaudit.test/1');
    expect(back.schema.metadata.get('note')).toBe('x');
    expect(back.getChild('n')!.toArray()).toEqual(new Int32Array([1, 0]));
    expect(back.getChild('n')!.get(1)).toBeNull();
  });

  it('writes an empty table with its schema', () => {
    const file = path.join(tmp, 'empty.arrow');
    writeArrowFile(file, buildTable(fields, { id: [], n: [] }, 'zsaudit.test/1'));
    const back = readArrowFile(file, 'zsaudit.test/1');
    expect(back.numRows).toBe(0);
    expect(back.schema.fields.map((f) => f.name)).toEqual(['id', 'n']);
  });

  it('refuses a missing column, columns of different lengths and a wrong schema id, naming what is wrong', () => {
    expect(() => buildTable(fields, { id: ['a'] }, 'x/1')).toThrow('no values for column "n"');
    expect(() => buildTable(fields, { id: ['a'], n: [1, 2] }, 'x/1')).toThrow('differ in length');
    const file = path.join(tmp, 'id.arrow');
    writeArrowFile(file, buildTable(fields, { id: ['a'], n: [1] }, 'zsaudit.test/1'));
    expect(() => readArrowFile(file, 'zsaudit.other/1')).toThrow(
      `${file}: expected schema zsaudit.other/1, found zsaudit.test/1`,
    );
    expect(() => checkSchemaId(readArrowFile(file), 'zsaudit.test/1', file)).not.toThrow();
  });

  it('names the file when it is missing, garbage or truncated', () => {
    expect(() => readArrowFile(path.join(tmp, 'none.arrow'))).toThrow(/none\.arrow: no such Arrow file/);
    const garbage = path.join(tmp, 'garbage.arrow');
    fs.writeFileSync(garbage, 'this is not arrow data at all, just text');
    expect(() => readArrowFile(garbage)).toThrow(/garbage\.arrow: not an Arrow IPC file/);
    fs.writeFileSync(garbage, '');
    expect(() => readArrowFile(garbage)).toThrow(`${garbage}: empty file`);
    expect(() => readArrowFile(tmp)).toThrow(`${tmp}: not a file`);
    const good = path.join(tmp, 'good.arrow');
    writeArrowFile(good, buildTable(fields, { id: ['a', 'b', 'c'], n: [1, 2, 3] }, 'zsaudit.test/1'));
    const truncated = path.join(tmp, 'truncated.arrow');
    const bytes = fs.readFileSync(good);
    // apache-arrow alone reads a file cut at a message boundary as a shorter table: every cut must be refused.
    for (let cut = 1; cut < bytes.length; cut++) {
      fs.writeFileSync(truncated, bytes.subarray(0, cut));
      expect(() => readArrowFile(truncated)).toThrow(/truncated\.arrow: (truncated|corrupt|not a readable)/);
    }
    expect(readArrowFile(good).numRows).toBe(3);
  });
});

describe('ArrowFileWriter', () => {
  const fields = [new Field('id', new Utf8(), false), new Field('n', new Int32(), true)];
  const columns = (from: number, count: number) => ({
    id: Array.from({ length: count }, (_, i) => `row-${from + i}`),
    n: Array.from({ length: count }, (_, i) => ((from + i) % 3 === 0 ? null : from + i)),
  });

  it('writes batch by batch what buildTable writes at once, metadata and schema id included', () => {
    const file = path.join(tmp, 'batches.arrow');
    const w = new ArrowFileWriter(file, fields, 'test.batches/1', { k: 'v' });
    w.writeColumns(columns(0, 5));
    w.writeColumns(columns(5, 0));
    w.writeColumns(columns(5, 7));
    expect(fs.existsSync(file)).toBe(false);
    w.close();
    expect(w.rows).toBe(12);
    const t = readArrowFile(file, 'test.batches/1');
    expect(t.batches.length).toBe(2);
    expect(t.schema.metadata.get('k')).toBe('v');
    const whole = buildTable(fields, columns(0, 12), 'test.batches/1', { k: 'v' });
    expect(t.toArray().map((r) => r!.toJSON())).toEqual(whole.toArray().map((r) => r!.toJSON()));
    expect(fs.readdirSync(tmp).filter((n) => n.startsWith('.zsaudit-tmp-'))).toEqual([]);
  });

  it('writes a file with no rows with its schema, and abort leaves nothing', () => {
    const empty = path.join(tmp, 'empty-batches.arrow');
    new ArrowFileWriter(empty, fields, 'test.batches/1').close();
    const t = readArrowFile(empty, 'test.batches/1');
    expect(t.numRows).toBe(0);
    expect(t.schema.fields.map((f) => f.name)).toEqual(['id', 'n']);
    const dropped = path.join(tmp, 'dropped.arrow');
    const w = new ArrowFileWriter(dropped, fields, 'test.batches/1');
    w.writeColumns(columns(0, 3));
    w.abort();
    expect(fs.existsSync(dropped)).toBe(false);
    expect(fs.readdirSync(tmp).filter((n) => n.startsWith('.zsaudit-tmp-'))).toEqual([]);
    expect(() => w.writeColumns(columns(0, 1))).toThrow(/write after close/);
  });
});
