import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EmbeddingFileWriter, readEmbeddings, readEmbeddingsMetadata } from './arrow';
import { EmbeddingSpool } from './spool';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zsaudit-spool-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const vec = (ids: string[], dim: number) =>
  Float32Array.from(
    { length: ids.length * dim },
    (_, i) => Number(ids[Math.floor(i / dim)].slice(1)) + (i % dim) / 10,
  );

describe('EmbeddingFileWriter', () => {
  it('writes batch by batch into one readable file, atomically, with metadata readable from its start', () => {
    const file = path.join(tmp, 'w.arrow');
    const w = new EmbeddingFileWriter(file, 3, { 'zsaudit.source': 'abc' });
    w.write(['i1', 'i2'], vec(['i1', 'i2'], 3));
    expect(fs.existsSync(file)).toBe(false); // only the temp file exists until close
    w.write(['i3'], vec(['i3'], 3));
    w.close();
    const back = readEmbeddings(file);
    expect(back.ids).toEqual(['i1', 'i2', 'i3']);
    expect(Array.from(back.vectors)).toEqual(Array.from(vec(['i1', 'i2', 'i3'], 3)));
    expect(readEmbeddingsMetadata(file).get('zsaudit.source')).toBe('abc');
    expect(fs.readdirSync(tmp).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('refuses a file that is not an embedding table', () => {
    const file = path.join(tmp, 'not.arrow');
    fs.writeFileSync(file, 'hello world, not arrow');
    expect(() => readEmbeddingsMetadata(file)).toThrow(/not an Arrow IPC file/);
  });
});

/** Items with content keys: `k` maps an id to its key (default: the id itself, i.e. unchanged content). */
const keyed = (ids: string[], k: (id: string) => string = (id) => `key-${id}`) =>
  ids.map((id) => ({ id, key: k(id) }));

describe('EmbeddingSpool', () => {
  it('resumes an interrupted run: the result equals an uninterrupted one, in the items order', () => {
    const items = Array.from({ length: 10 }, (_, i) => `i${i}`);
    const all = [...keyed(items), { id: 'gone', key: 'missing' }];
    const full = path.join(tmp, 'full.arrow');
    const a = EmbeddingSpool.open(full, 'src', 4, all);
    a.add(items, vec(items, 4), []);
    a.finish({ k: 'v' }, items);

    const resumed = path.join(tmp, 'resumed.arrow');
    const first = EmbeddingSpool.open(resumed, 'src', 4, all);
    first.add(items.slice(0, 3), vec(items.slice(0, 3), 4), [
      { id: 'gone', file: '/x/gone.wav', reason: 'missing-file', message: '/x/gone.wav: file not found' },
    ]);
    // the process dies here: a torn line at the end of rows.jsonl, and vectors of a batch without its ids
    fs.appendFileSync(path.join(`${resumed}.partial`, 'vectors.f32'), new Uint8Array(vec(['i3'], 4).buffer));
    fs.appendFileSync(path.join(`${resumed}.partial`, 'rows.jsonl'), '{"id":"i3"');

    const second = EmbeddingSpool.open(resumed, 'src', 4, all);
    expect(all.filter((i) => second.isDone(i)).map((i) => i.id)).toEqual(['i0', 'i1', 'i2', 'gone']);
    const rest = items.slice(3).reverse(); // any order: finish puts rows in the items order
    second.add(rest, vec(rest, 4), []);
    second.finish({ k: 'v' }, [...items, 'gone']);
    expect(fs.existsSync(`${resumed}.partial`)).toBe(false);
    const r = readEmbeddings(resumed);
    const f = readEmbeddings(full);
    expect(r.ids).toEqual(f.ids);
    expect(Array.from(r.vectors)).toEqual(Array.from(f.vectors));
    expect(second.exclusions.map((e) => e.id)).toEqual(['gone']);
  });

  it('on resume, redoes exactly the items whose content key changed (rows and exclusions)', () => {
    const items = ['i0', 'i1', 'i2', 'i3'];
    const file = path.join(tmp, 'rekeyed.arrow');
    const before = EmbeddingSpool.open(file, 'src', 2, keyed(items));
    before.add(['i0', 'i1'], vec(['i0', 'i1'], 2), [
      { id: 'i2', file: null, reason: 'empty-text', message: 'i2: empty text' },
    ]);
    // i1 and i2 change (a replaced WAV, an edited line); i0 does not; i3 was never done
    const now = keyed(items, (id) => (id === 'i1' || id === 'i2' ? `new-${id}` : `key-${id}`));
    const after = EmbeddingSpool.open(file, 'src', 2, now);
    expect(now.filter((i) => after.isDone(i)).map((i) => i.id)).toEqual(['i0']);
    expect(after.exclusions).toEqual([]);
    // the changed items are embedded again: their new vectors replace the old ones
    const redo = ['i1', 'i2', 'i3'];
    const fresh = vec(redo, 2).map((v) => v + 100);
    after.add(redo, fresh, []);
    after.finish({}, items);
    const back = readEmbeddings(file);
    expect(back.ids).toEqual(items);
    expect(Array.from(back.vectors)).toEqual([...Array.from(vec(['i0'], 2)), ...Array.from(fresh)]);
  });

  it('keeps unchanged items when the item list itself changed (same backbone identity and dim)', () => {
    const file = path.join(tmp, 'relisted.arrow');
    EmbeddingSpool.open(file, 'src', 2, keyed(['a1', 'a2'])).add(['a1', 'a2'], vec(['a1', 'a2'], 2), []);
    const s = EmbeddingSpool.open(file, 'src', 2, keyed(['a2', 'a3']));
    expect(keyed(['a2', 'a3']).map((i) => s.isDone(i))).toEqual([true, false]);
    expect(s.rows).toBe(1);
    expect(() => s.add(['a1'], vec(['a1'], 2), [])).toThrow(/"a1" is not one of the spool's items/);
  });

  it('starts over when the identity (backbone) or dim changed', () => {
    const file = path.join(tmp, 'changed.arrow');
    const items = keyed(['i0']);
    EmbeddingSpool.open(file, 'old', 4, items).add(['i0'], vec(['i0'], 4), []);
    expect(EmbeddingSpool.open(file, 'new', 4, items).doneCount).toBe(0);
    EmbeddingSpool.open(file, 'new', 4, items).add(['i0'], vec(['i0'], 4), []);
    expect(EmbeddingSpool.open(file, 'new', 8, items).doneCount).toBe(0);
  });

  it('writes large outputs in several record batches without changing the rows', () => {
    const items = Array.from({ length: 9000 }, (_, i) => `i${i}`);
    const file = path.join(tmp, 'large.arrow');
    const s = EmbeddingSpool.open(file, 'src', 2, keyed(items));
    for (let k = 0; k < items.length; k += 1000)
      s.add(items.slice(k, k + 1000), vec(items.slice(k, k + 1000), 2), []);
    s.finish({}, items);
    const back = readEmbeddings(file);
    expect(back.ids.length).toBe(9000);
    expect(back.ids[8999]).toBe('i8999');
    expect(back.vectors[8999 * 2 + 1]).toBeCloseTo(8999.1, 1);
  });
});
