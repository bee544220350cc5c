import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '@zsaudit/testing';
import { CONTENT_CACHE_FILE, contentHash, contentHashCacheDir } from './content';
import { sha256 } from './hash';

const tmp = tempDir('zsaudit-core-content-');
const saved = process.env.ZSAUDIT_CACHE_DIR;
beforeAll(() => (process.env.ZSAUDIT_CACHE_DIR = path.join(tmp, 'cache')));
afterAll(() => {
  process.env.ZSAUDIT_CACHE_DIR = saved;
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('contentHash', () => {
  it('is the sha256 of the bytes and is remembered in the cache folder', () => {
    const f = path.join(tmp, 'a.wav');
    fs.writeFileSync(f, 'abc');
    expect(contentHash(f)).toBe(sha256('abc'));
    expect(contentHashCacheDir()).toBe(path.join(tmp, 'cache'));
    const cached = fs.readFileSync(path.join(tmp, 'cache', CONTENT_CACHE_FILE), 'utf8');
    expect(cached).toContain(f);
    expect(cached).toContain(sha256('abc'));
  });

  it('sees an edit that keeps the size and puts the mtime back', () => {
    const f = path.join(tmp, 'b.wav');
    fs.writeFileSync(f, 'one');
    const first = contentHash(f);
    const { atime, mtime } = fs.statSync(f);
    fs.writeFileSync(f, 'two');
    fs.utimesSync(f, atime, mtime);
    expect(contentHash(f)).not.toBe(first);
    expect(contentHash(f)).toBe(sha256('two'));
  });

  it('serves an unchanged file from the cache (a forged cache entry proves it is not re-read)', () => {
    const f = path.join(tmp, 'c.wav');
    fs.writeFileSync(f, 'real');
    contentHash(f);
    const cacheFile = path.join(tmp, 'cache', CONTENT_CACHE_FILE);
    const lines = fs.readFileSync(cacheFile, 'utf8').trim().split('\n');
    const entry = JSON.parse(lines[lines.length - 1]) as { p: string; k: string; h: string };
    // A fresh cache directory read from disk: the forged hash is what a cache hit returns.
    const forged = path.join(tmp, 'cache2');
    fs.mkdirSync(forged);
    fs.writeFileSync(
      path.join(forged, CONTENT_CACHE_FILE),
      JSON.stringify({ ...entry, h: 'f'.repeat(64) }) + '\n{broken\n',
    );
    process.env.ZSAUDIT_CACHE_DIR = forged;
    try {
      expect(contentHash(f)).toBe('f'.repeat(64));
    } finally {
      process.env.ZSAUDIT_CACHE_DIR = path.join(tmp, 'cache');
    }
  });

  it('names the file when it is missing, a folder or a symlink loop', () => {
    expect(() => contentHash(path.join(tmp, 'nope.wav'))).toThrow(path.join(tmp, 'nope.wav'));
    fs.mkdirSync(path.join(tmp, 'dir.wav'));
    expect(() => contentHash(path.join(tmp, 'dir.wav'))).toThrow(
      `${path.join(tmp, 'dir.wav')}: not a regular file`,
    );
    fs.symlinkSync(path.join(tmp, 'loop-b.wav'), path.join(tmp, 'loop-a.wav'));
    fs.symlinkSync(path.join(tmp, 'loop-a.wav'), path.join(tmp, 'loop-b.wav'));
    expect(() => contentHash(path.join(tmp, 'loop-a.wav'))).toThrow(/loop-a\.wav/);
  });
});
