import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readEmbeddings, writeEmbeddings } from './arrow';
import { exclusionsMetadata, EXCLUSIONS_KEY, readExclusions } from './exclusions';
import { mergeShards, parseShard, shardMetadata, shardSlice } from './shard';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zsaudit-shard-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const items = Array.from({ length: 10 }, (_, i) => `id${i}`);
const vec = (ids: string[]) =>
  Float32Array.from(ids.flatMap((id) => [Number(id.slice(2)), -Number(id.slice(2))]));

function writeShards(count: number, drop: string[] = []): string[] {
  return Array.from({ length: count }, (_, k) => {
    const shard = { index: k + 1, count };
    const ids = shardSlice(items, shard).filter((id) => !drop.includes(id));
    const excluded = shardSlice(items, shard).length - ids.length;
    const file = path.join(tmp, `x.shard-${k + 1}-of-${count}.${drop.length}.arrow`);
    const exclusions = shardSlice(items, shard)
      .filter((id) => drop.includes(id))
      .map((id) => ({
        id,
        file: path.join(tmp, 'audio', `${id}.wav`),
        reason: 'silent' as const,
        message: `${path.join(tmp, 'audio', `${id}.wav`)}: silent clip`,
      }));
    writeEmbeddings(file, ids, vec(ids), 2, {
      'zsaudit.backbone.sha256': 'abc',
      'zsaudit.source': 's',
      ...shardMetadata(shard, items.length, excluded),
      [EXCLUSIONS_KEY]: exclusionsMetadata(exclusions, file),
    });
    return file;
  });
}

describe('shards', () => {
  it('parses i/n and slices contiguously, covering every item once', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(() => parseShard('5/4')).toThrow('--shard: expected i/n with 1 <= i <= n (e.g. 2/4), got "5/4"');
    expect(() => parseShard('two')).toThrow(/expected i\/n .*got "two"/);
    const all = [1, 2, 3].flatMap((index) => shardSlice(items, { index, count: 3 }));
    expect(all).toEqual(items);
  });

  it('merges shards into the unsharded order, counting exclusions', () => {
    const files = writeShards(3, ['id4']);
    const out = path.join(tmp, 'sub', 'merged.arrow');
    const gone = path.join(tmp, 'audio', 'id4.wav');
    const exclusions = [{ id: 'id4', file: gone, reason: 'silent', message: `${gone}: silent clip` }];
    expect(mergeShards([files[2], files[0], files[1]], out)).toEqual({
      rows: 9,
      shards: 3,
      source: 's',
      exclusions,
    });
    // The merged file records them relative to its own folder, and gives them back with absolute paths.
    expect(JSON.parse(readEmbeddings(out).metadata.get(EXCLUSIONS_KEY)!)).toEqual([
      { id: 'id4', file: '../audio/id4.wav', reason: 'silent', message: '../audio/id4.wav: silent clip' },
    ]);
    expect(readExclusions(readEmbeddings(out).metadata, out)).toEqual(exclusions);
    // The lock of the merged file is released once it is written.
    expect(fs.existsSync(`${out}.lock`)).toBe(false);
    const merged = readEmbeddings(out);
    expect(merged.ids).toEqual(items.filter((id) => id !== 'id4'));
    expect(Array.from(merged.vectors.subarray(0, 4))).toEqual([0, -0, 1, -1]);
    expect(merged.metadata.get('zsaudit.excluded')).toBe('1');
    expect(merged.metadata.has('zsaudit.shard')).toBe(false);
  });

  it('refuses a missing or repeated shard', () => {
    const files = writeShards(3);
    expect(() => mergeShards([files[0], files[2]], path.join(tmp, 'm1.arrow'))).toThrow(
      /missing shard\(s\) 2\/3/,
    );
    expect(() => mergeShards([files[0], files[1], files[1], files[2]], path.join(tmp, 'm2.arrow'))).toThrow(
      /shard 2\/3 twice/,
    );
  });
});
