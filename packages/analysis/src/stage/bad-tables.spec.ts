// A garbage, truncated or mis-typed Arrow table given to the analysis stage: an error naming the file (and what
// the stage wanted it for), before anything is computed or written.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { mulberry32, StagedOutput } from '@zsaudit/core';
import { tempDir } from '@zsaudit/testing';
import { makeRun, writeEsc50, writeEsc50Table, writeModelsFolder } from '../testing/runs';
import { runAnalysis } from './analyze';
import { analysisConfigSchema } from './config';

const tmp = tempDir('zsaudit-analysis-bad-');
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const config = analysisConfigSchema.parse({ tsne: { spaces: [] }, correlations: { bootstrap: 100 } });
const curation = path.join(tmp, 'curation');
let pristine: string;
beforeAll(() => {
  writeEsc50(curation);
  pristine = makeRun(path.join(tmp, 'runs'), 'pristine', 1, 1);
});

/** Each way a table goes bad: its bytes, from the good file's bytes. */
const damages: [string, (good: Buffer) => Buffer, RegExp][] = [
  [
    'random bytes',
    () => {
      const r = mulberry32(7);
      return Buffer.from(Uint8Array.from({ length: 3000 }, () => Math.floor(r() * 256)));
    },
    /: not an Arrow IPC file \(no "ARROW1" magic\) nor a complete stream \(.*\)/,
  ],
  [
    'a truncated real file',
    (good) => good.subarray(0, Math.floor(good.length / 2)),
    /: truncated Arrow file \(its footer and closing "ARROW1" are missing: it was not written completely\) \(.*\)/,
  ],
  [
    'an Arrow file of the wrong schema',
    () => fs.readFileSync(path.join(curation, 'esc50.arrow')),
    /: not an embedding table \(schema zsaudit\.curation\.esc50\/2\)/,
  ],
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Runs the stage and expects an error naming `file` and matching `reason`; nothing is written to --out. */
async function expectNamed(
  file: string,
  reason: RegExp,
  opts: { runDirs?: string[]; modelsDir?: string; curationDir?: string },
) {
  const out = path.join(tmp, 'out');
  const run = runAnalysis(config, { curationDir: curation, runDirs: [], outDir: out, ...opts });
  await expect(run).rejects.toThrow(new RegExp(`^${escape(file)}${reason.source}`));
  expect(fs.existsSync(out)).toBe(false);
}

describe('a bad Arrow table given to analyze', () => {
  const tables = [
    'x_a.esc50.arrow',
    'E_a.esc50.arrow',
    'x_t.prompts.arrow',
    'E_t.prompts.arrow',
    'x_t.captions.arrow',
    'E_t.captions.arrow',
  ];
  describe.each(damages)('%s', (_, damage, reason) => {
    it.each(tables)("a run's %s is an error naming it", async (name) => {
      const dir = path.join(tmp, 'runs', `bad-${name}`);
      fs.cpSync(pristine, dir, { recursive: true });
      const file = path.join(dir, name);
      fs.writeFileSync(file, damage(fs.readFileSync(file)));
      await expectNamed(file, reason, { runDirs: [dir] });
    });

    it("a models-stage backbone's x_a is an error naming it", async () => {
      const models = path.join(tmp, `models-${damages.findIndex((d) => d[1] === damage)}`);
      writeModelsFolder(models, ['cnn14-test']);
      const file = path.join(models, 'embeddings', 'cnn14-test', 'x_a.esc50.arrow');
      fs.writeFileSync(file, damage(fs.readFileSync(file)));
      // The models stage's reader opens the footer first; its message names the file.
      await expect(
        runAnalysis(config, {
          curationDir: curation,
          modelsDir: models,
          runDirs: [],
          outDir: path.join(tmp, 'out'),
        }),
      ).rejects.toThrow(file);
      expect(fs.existsSync(path.join(tmp, 'out'))).toBe(false);
    });
  });

  // esc50.arrow inside a complete curation set (the marker vouches for the bad bytes, so the Arrow check speaks)
  // and as a run's own table.
  const escReasons = [
    /: not an Arrow IPC file \(no "ARROW1" magic\) nor a complete stream \(the ESC-50 table\)/,
    /: truncated Arrow file \(.*\) \(the ESC-50 table\)/,
    /: expected schema zsaudit\.curation\.esc50\/2, found zsaudit\.models\.embeddings\/1/,
  ];
  it.each(damages.map(([what, damage], k) => [what, damage, escReasons[k]] as const))(
    'esc50.arrow as %s is an error naming it',
    async (what, damage, reason) => {
      const good = fs.readFileSync(path.join(curation, 'esc50.arrow'));
      const bytes = what.includes('schema')
        ? fs.readFileSync(path.join(pristine, 'x_a.esc50.arrow'))
        : damage(good);
      const dir = path.join(tmp, `curation-${what.replace(/\W+/g, '-')}`);
      writeEsc50(dir, { content: bytes });
      await expectNamed(path.join(dir, 'esc50.arrow'), reason, { runDirs: [pristine], curationDir: dir });

      // a run's own copy of a curation set
      const run = makeRun(path.join(tmp, 'own'), `own-${what.replace(/\W+/g, '-')}`, 1, 2, {
        esc50: 'curation/esc50.arrow',
      });
      writeEsc50(path.join(run, 'curation'), { content: bytes });
      await expectNamed(path.join(run, 'curation', 'esc50.arrow'), reason, { runDirs: [run] });
    },
  );

  it('an esc50.arrow replaced after the curation run is named as such', async () => {
    const dir = path.join(tmp, 'curation-replaced');
    writeEsc50(dir);
    writeEsc50Table(path.join(dir, 'esc50.arrow'), ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']);
    await expectNamed(path.join(dir, 'esc50.arrow'), /: changed after the curation run/, {
      runDirs: [pristine],
      curationDir: dir,
    });
  });

  it('a curation folder whose run did not finish is refused', async () => {
    const dir = path.join(tmp, 'curation-unfinished');
    const staged = StagedOutput.begin(dir, 'curation');
    writeEsc50Table(staged.path('esc50.arrow'));
    staged.abort();
    writeEsc50Table(path.join(dir, 'esc50.arrow'));
    await expectNamed(dir, /: no complete curation output/, { runDirs: [pristine], curationDir: dir });
  });
});
