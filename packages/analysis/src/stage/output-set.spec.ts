// The analysis output folder is one output set: written all or nothing, never over an input, stale files of the
// previous set removed, leftovers of dead runs cleaned.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OUTPUT_SET_MARKER, readOutputSet, sha256File, verifyOutputFile } from '@zsaudit/core';
import { writeEmbeddings } from '@zsaudit/models';
import { tempDir } from '@zsaudit/testing';
import { clipIds, D, makeRun, writeEsc50, writeModelsFolder } from '../testing/runs';
import { runAnalysis } from './analyze';
import { analysisConfigSchema } from './config';

const tmp = tempDir('zsaudit-analysis-set-');
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const config = analysisConfigSchema.parse({
  tsne: { perplexity: 5, iterations: 250, spaces: ['E_a'] },
  correlations: { bootstrap: 100 },
});
const curation = path.join(tmp, 'curation');
const runs = path.join(tmp, 'runs');
let runA: string;
let runB: string;
beforeAll(() => {
  writeEsc50(curation);
  runA = makeRun(runs, 'a', 0.5, 1);
  runB = makeRun(runs, 'b', 1.5, 2);
});

/** Every file under `dir`, relative, sorted (hidden ones included). */
const filesUnder = (dir: string): string[] =>
  fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .map((f) => f.split(path.sep).join('/'))
    .sort();

/** sha256 of every file of the set in `dir`. */
const hashes = (dir: string) =>
  Object.fromEntries(filesUnder(dir).map((f) => [f, sha256File(path.join(dir, f))]));

describe('the analysis output set', () => {
  const out = path.join(tmp, 'out');

  it('is complete and verifiable; a rerun drops the files the new set no longer has', async () => {
    const summary = await runAnalysis(config, { curationDir: curation, runDirs: [runA, runB], outDir: out });
    const set = readOutputSet(out, 'analysis');
    expect(Object.keys(set.files).sort()).toEqual([...summary.outputs, 'analysis-summary.json'].sort());
    for (const name of Object.keys(set.files)) verifyOutputFile(out, name, 'analysis');
    expect(filesUnder(out)).toEqual([OUTPUT_SET_MARKER, ...Object.keys(set.files)].sort());
    expect(fs.existsSync(path.join(out, 'plots', 'tsne.b.E_a.svg'))).toBe(true);

    await runAnalysis(config, { curationDir: curation, runDirs: [runA], outDir: out });
    expect(fs.existsSync(path.join(out, 'plots', 'tsne.b.E_a.svg'))).toBe(false);
    expect(filesUnder(out)).toEqual(
      [OUTPUT_SET_MARKER, ...Object.keys(readOutputSet(out, 'analysis').files)].sort(),
    );
  });

  it('stays as it was when a run fails midway, and leftovers of dead runs are removed by the next', async () => {
    const before = hashes(out);
    const bad = makeRun(runs, 'bad', 1, 9);
    // E_a without the first clip: found while the entry is analysed, after `a`'s plots were staged
    writeEmbeddings(
      path.join(bad, 'E_a.esc50.arrow'),
      clipIds.slice(1),
      new Float32Array((clipIds.length - 1) * D),
      D,
      {},
    );
    await expect(
      runAnalysis(config, { curationDir: curation, runDirs: [runA, bad], outDir: out }),
    ).rejects.toThrow(/E_a\.esc50\.arrow: no row for id/);
    expect(hashes(out)).toEqual(before);
    expect(fs.existsSync(`${out}.lock`)).toBe(false);

    // what a killed run leaves: its staging folder and a half-written temp file (pid 2^22 + 1 is never alive)
    const dead = 4194305;
    fs.mkdirSync(path.join(out, `.zsaudit-staging-${dead}`, 'plots'), { recursive: true });
    fs.writeFileSync(path.join(out, `.zsaudit-staging-${dead}`, 'plots', 'x.svg'), '<svg');
    fs.writeFileSync(path.join(out, `.zsaudit-tmp-${dead}-1-metrics.arrow`), 'half');
    await runAnalysis(config, { curationDir: curation, runDirs: [runA], outDir: out });
    expect(filesUnder(out)).toEqual(
      [OUTPUT_SET_MARKER, ...Object.keys(readOutputSet(out, 'analysis').files)].sort(),
    );
    expect(fs.readdirSync(out).filter((f) => f.startsWith('.zsaudit-') && f !== OUTPUT_SET_MARKER)).toEqual(
      [],
    );
  });

  it('is never written over or inside an input', async () => {
    const models = path.join(tmp, 'models');
    writeModelsFolder(models, ['tiny']);
    const cases: [string, string][] = [
      [curation, 'is'],
      [path.join(runA, 'analysis'), 'is inside'],
      [path.join(models, 'embeddings'), 'is inside'],
      [runA, 'is'],
      // a folder above an input: the set's commit would prune and replace files among the inputs
      [runs, 'holds'],
      [tmp, 'holds'],
    ];
    for (const [target, how] of cases) {
      const listing = filesUnder(tmp);
      await expect(
        runAnalysis(config, { curationDir: curation, modelsDir: models, runDirs: [runA], outDir: target }),
      ).rejects.toThrow(
        new RegExp(`^--out ${target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} ${how} the input `),
      );
      expect(filesUnder(tmp)).toEqual(listing);
    }
  });
});
