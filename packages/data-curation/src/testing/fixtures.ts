import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir, writeFixtureFiles } from '@zsaudit/testing';
import type { LoadedCorpus } from '../types';

/**
 * A temp folder for one spec file, removed after its tests (the content-hash cache, `ZSAUDIT_CACHE_DIR`, is put in
 * it too, for this process and the commands it starts, so tests never write to the user's cache), and makers of
 * what the specs write in it:
 * `fixture({ 'meta/esc50.csv': '...' })` writes a tree (folders created) and returns its root, `file(name, body)`
 * writes one file and returns its path, `outDir()` names a fresh folder for an export.
 */
export function fixtureTrees(prefix: string): {
  tmp: string;
  fixture: (files: Record<string, string | Buffer>) => string;
  file: (name: string, body: string | Buffer) => string;
  outDir: () => string;
} {
  const tmp = tempDir(`zsaudit-${prefix}-`);
  process.env.ZSAUDIT_CACHE_DIR = path.join(tmp, 'content-cache');
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
  let trees = 0;
  let outs = 0;
  const fixture = (files: Record<string, string | Buffer>) => {
    const root = path.join(tmp, `d${trees++}`);
    fs.mkdirSync(root, { recursive: true });
    writeFixtureFiles(root, files);
    return root;
  };
  const file = (name: string, body: string | Buffer) => writeFixtureFiles(tmp, { [name]: body })[name];
  const outDir = () => path.join(tmp, `out${outs++}`);
  return { tmp, fixture, file, outDir };
}

/**
 * Checks that an exported clean subset reads back (`back`, loaded from the export) without exclusions and with
 * exactly the kept clips of `original`, same ids and texts in the same order.
 */
export function expectSubsetReadsBack(
  original: LoadedCorpus,
  back: LoadedCorpus,
  keep: ReadonlySet<string>,
): void {
  expect(back.exclusions).toEqual([]);
  const strip = (c: LoadedCorpus['clips'][number]) => ({ clipId: c.clipId, texts: c.texts });
  expect(back.clips.map(strip)).toEqual(original.clips.filter((c) => keep.has(c.clipId)).map(strip));
}
