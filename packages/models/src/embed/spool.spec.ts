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

describe('EmbeddingSpool', () => {
  it('resumes an interrupted run: the result equals an uninterrupted one, in the items order', () => {
    const items = Array.from({ length: 10 }, (_, i) => `i${i}`);
    const full = path.join(tmp, 'full.arrow');
    const a = EmbeddingSpool.open(full, 'src', 4);
    a.add(items, vec(items, 4), []);
    a.finish({ k: 'v' }, items);

    const resumed = path.join(tmp, 'resumed.arrow');
    const first = EmbeddingSpool.open(resumed, 'src', 4);
    first.add(items.slice(0, 3), vec(items.slice(0, 3), 4), [
      { id: 'gone', file: '/x/gone.wav', reason: 'missing-file', message: '/x/gone.wav: file not found' },
    ]);
    // the process dies here: a torn line at the end of rows.jsonl, and vectors of a batch without its ids
    fs.appendFileSync(path.join(`${resumed}.partial`, 'vectors.f32'), new Uint8Array(vec(['i3'], 4).buffer));
    fs.appendFileSync(path.join(`${resumed}.partial`, 'rows.jsonl'), '{"id":"i3"');

    const second = EmbeddingSpool.open(resumed, 'src', 4);
    expect([...second.done].sort()).toEqual(['gone', 'i0', 'i1', 'i2']);
    const rest = items.slice(3).reverse(); // any order: finish puts rows in the items order
    second.add(rest, vec(rest, 4), []);
    second.finish({ k: 'v' }, items);
    expect(fs.existsSync(`${resumed}.partial`)).toBe(false);
    const r = readEmbeddings(resumed);
    const f = readEmbeddings(full);
    expect(r.ids).toEqual(f.ids);
    expect(Array.from(r.vectors)).toEqual(Array.from(f.vectors));
    expect(second.exclusions.map((e) => e.id)).toEqual(['gone']);
  });

  it('starts over when the source or dim changed', () => {
    const file = path.join(tmp, 'changed.arrow');
    EmbeddingSpool.open(file, 'old', 4).add(['i0'], vec(['i0'], 4), []);
    expect(EmbeddingSpool.open(file, 'new', 4).done.size).toBe(0);
    EmbeddingSpool.open(file, 'new', 4).add(['i0'], vec(['i0'], 4), []);
    expect(EmbeddingSpool.open(file, 'new', 8).done.size).toBe(0);
  });

  it('writes large outputs in several record batches without changing the rows', () => {
    const items = Array.from({ length: 9000 }, (_, i) => `i${i}`);
    const file = path.join(tmp, 'large.arrow');
    const s = EmbeddingSpool.open(file, 'src', 2);
    for (let k = 0; k < items.length; k += 1000)
      s.add(items.slice(k, k + 1000), vec(items.slice(k, k + 1000), 2), []);
    s.finish({}, items);
    const back = readEmbeddings(file);
    expect(back.ids.length).toBe(9000);
    expect(back.ids[8999]).toBe('i8999');
    expect(back.vectors[8999 * 2 + 1]).toBeCloseTo(8999.1, 1);
  });
});
