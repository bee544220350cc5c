import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '@zsaudit/testing';
import { lockFileOf } from './lock';
import {
  OUTPUT_SET_MARKER,
  readOutputSet,
  removeStaleTemps,
  StagedOutput,
  verifyOutputFile,
} from './output-set';
import { startHolder, stop } from './testing/spawn';

const tmp = tempDir('zsaudit-core-set-');
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const visible = (dir: string) =>
  fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((n) => !n.startsWith('.'))
    .sort();

describe('StagedOutput', () => {
  it('writes nothing visible before the commit, then the whole set with the marker last', () => {
    const dir = path.join(tmp, 'set-a');
    const staged = StagedOutput.begin(dir, 'curation');
    fs.writeFileSync(staged.path('a.arrow'), 'A');
    fs.writeFileSync(staged.path('export/clotho/captions.csv'), 'C');
    expect(visible(dir)).toEqual([]);
    expect(() => readOutputSet(dir, 'curation')).toThrow(
      /no complete curation output .*missing.*rerun the curation stage/,
    );
    expect(staged.commit()).toEqual(['a.arrow', 'export/clotho/captions.csv']);
    expect(visible(dir)).toEqual(['a.arrow', 'export', 'export/clotho', 'export/clotho/captions.csv']);
    expect(Object.keys(readOutputSet(dir, 'curation').files)).toEqual([
      'a.arrow',
      'export/clotho/captions.csv',
    ]);
    expect(verifyOutputFile(dir, 'a.arrow', 'curation')).toBe(path.join(dir, 'a.arrow'));
    expect(fs.existsSync(lockFileOf(dir))).toBe(false);
    expect(() => readOutputSet(dir, 'analysis')).toThrow(/is from the curation stage/);
  });

  it('a second set replaces the first: files it no longer has are deleted, the folders they emptied pruned', () => {
    const dir = path.join(tmp, 'set-a');
    fs.mkdirSync(path.join(dir, 'user-folder'));
    const staged = StagedOutput.begin(dir, 'curation');
    fs.writeFileSync(staged.path('b.arrow'), 'B');
    staged.commit();
    expect(visible(dir)).toEqual(['b.arrow', 'user-folder']);
    fs.rmdirSync(path.join(dir, 'user-folder'));
  });

  it('abort keeps the previous set as it was', () => {
    const dir = path.join(tmp, 'set-a');
    const staged = StagedOutput.begin(dir, 'curation');
    fs.writeFileSync(staged.path('b.arrow'), 'other');
    staged.abort();
    expect(fs.readFileSync(path.join(dir, 'b.arrow'), 'utf8')).toBe('B');
    expect(verifyOutputFile(dir, 'b.arrow', 'curation')).toBe(path.join(dir, 'b.arrow'));
  });

  it('verifyOutputFile names a file replaced after the commit, and one not in the set', () => {
    const dir = path.join(tmp, 'set-v');
    const staged = StagedOutput.begin(dir, 'models');
    fs.writeFileSync(staged.path('x.arrow'), 'X');
    staged.commit();
    fs.writeFileSync(path.join(dir, 'x.arrow'), 'Y');
    expect(() => verifyOutputFile(dir, 'x.arrow', 'models')).toThrow(
      `${path.join(dir, 'x.arrow')}: changed after the models run that wrote it; rerun the models stage`,
    );
    expect(() => verifyOutputFile(dir, 'y.arrow', 'models')).toThrow(/not part of the models output set/);
  });

  it('rejects output names that leave the folder', () => {
    const staged = StagedOutput.begin(path.join(tmp, 'set-n'), 'x');
    expect(() => staged.path('../escape.txt')).toThrow(/not a valid output name/);
    expect(() => staged.path(OUTPUT_SET_MARKER)).toThrow(/not a valid output name/);
    staged.abort();
  });

  it('a run killed before its commit leaves the old set intact; a concurrent run refuses; the next run cleans up', async () => {
    const dir = path.join(tmp, 'set-k');
    const first = StagedOutput.begin(dir, 'test');
    fs.writeFileSync(first.path('old.txt'), 'the complete old set');
    first.commit();
    const child = await startHolder(['stage', dir, path.join(dir, 'old.txt')]);
    expect(() => StagedOutput.begin(dir, 'test')).toThrow(
      new RegExp(`${dir} is being written by pid ${child.pid}`),
    );
    await stop(child, 'SIGKILL');
    // What the killed run left: its staging folder and a half-written temp file; the old set is still complete.
    const leftovers = fs.readdirSync(dir).filter((n) => n.startsWith('.zsaudit-'));
    expect(leftovers.some((n) => n.startsWith('.zsaudit-staging-'))).toBe(true);
    expect(leftovers.some((n) => n.startsWith('.zsaudit-tmp-'))).toBe(true);
    expect(verifyOutputFile(dir, 'old.txt', 'test')).toBe(path.join(dir, 'old.txt'));
    const next = StagedOutput.begin(dir, 'test');
    expect(
      fs.readdirSync(dir).filter((n) => n.startsWith('.zsaudit-tmp-') || n.startsWith('.zsaudit-staging-')),
    ).toEqual([path.basename(next.staging)]);
    next.abort();
  });

  it('a run stopped with SIGTERM removes its staging folder and lock', async () => {
    const dir = path.join(tmp, 'set-t');
    const child = await startHolder(['stage', dir]);
    expect(await stop(child, 'SIGTERM')).toBe(143);
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(fs.existsSync(lockFileOf(dir))).toBe(false);
  });
});

describe('removeStaleTemps', () => {
  it('removes temp files of dead writers only', () => {
    const dir = path.join(tmp, 'temps');
    fs.mkdirSync(path.join(dir, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'sub', '.zsaudit-tmp-999999-a.arrow'), 'dead');
    fs.writeFileSync(path.join(dir, `.zsaudit-tmp-${process.pid}-b.arrow`), 'alive');
    fs.writeFileSync(path.join(dir, 'c.arrow'), 'kept');
    expect(removeStaleTemps(dir)).toBe(1);
    expect(fs.readdirSync(dir).sort()).toEqual([`.zsaudit-tmp-${process.pid}-b.arrow`, 'c.arrow', 'sub']);
  });
});
