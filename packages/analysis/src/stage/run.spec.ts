// run.json: every path in it is relative to the run folder (a copied study still analyses), embedding tables must
// lie inside the folder, `esc50` is honoured, and a run id that becomes a file name is a safe one.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readArrowFile, sha256File } from '@zsaudit/core';
import { tempDir } from '@zsaudit/testing';
import { LABELS, makeRun, writeEsc50, writeEsc50Table } from '../testing/runs';
import { analysisFingerprint } from '../command';
import { runAnalysis } from './analyze';
import { analysisConfigSchema } from './config';
import { loadRun, writeRun } from './run';
import { CLASSES_SCHEMA_ID, METRICS_SCHEMA_ID, RUNS_SCHEMA_ID } from './tables';

const tmp = tempDir('zsaudit-analysis-run-');
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const config = analysisConfigSchema.parse({ tsne: { spaces: [] }, correlations: { bootstrap: 100 } });

/** A study folder: curation/ (a complete set) and runs/. */
function study(name: string): { root: string; curation: string; runs: string } {
  const root = path.join(tmp, name);
  writeEsc50(path.join(root, 'curation'));
  return { root, curation: path.join(root, 'curation'), runs: path.join(root, 'runs') };
}

/** Rewrites keys of `<dir>/run.json`. */
function editRun(dir: string, edit: Record<string, unknown>): void {
  const file = path.join(dir, 'run.json');
  fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, 'utf8')), ...edit }));
}

/** metrics.arrow of `out` as "run|metric" -> value. */
function metricsOf(out: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const row of readArrowFile(path.join(out, 'metrics.arrow'), METRICS_SCHEMA_ID))
    m.set(`${row!.run_id}|${row!.metric}`, row!.value);
  return m;
}

describe('loadRun', () => {
  const s = study('load');
  const dir = makeRun(s.runs, 'r', 1, 1);

  it('refuses an embedding table outside the run folder, naming run.json and the key', () => {
    for (const bad of ['../other/x_a.esc50.arrow', '/etc/passwd', '.'])
      expect(() => {
        editRun(dir, { embeddings: { E_a: bad } });
        loadRun(dir);
      }).toThrow(
        `${path.join(dir, 'run.json')}: embeddings.E_a: ${JSON.stringify(bad)} is not a path inside the run folder`,
      );
  });

  it('resolves esc50 against the run folder: inside (its own table) or outside (a curation set)', () => {
    editRun(dir, { embeddings: {}, esc50: '../../curation/esc50.arrow' });
    expect(loadRun(dir).esc50).toEqual({ file: path.join(s.curation, 'esc50.arrow'), inRunFolder: false });
    writeEsc50Table(path.join(dir, 'tables', 'esc50.arrow'));
    editRun(dir, { esc50: 'tables/esc50.arrow' });
    expect(loadRun(dir).esc50).toEqual({ file: path.join(dir, 'tables', 'esc50.arrow'), inRunFolder: true });
  });

  it('refuses an absolute or missing esc50', () => {
    editRun(dir, { esc50: path.join(s.curation, 'esc50.arrow') });
    expect(() => loadRun(dir)).toThrow(
      `${path.join(dir, 'run.json')}: esc50: "${path.join(s.curation, 'esc50.arrow')}" is absolute`,
    );
    editRun(dir, { esc50: 'nowhere/esc50.arrow' });
    expect(() => loadRun(dir)).toThrow(
      `${path.join(dir, 'run.json')}: esc50: ${path.join(dir, 'nowhere', 'esc50.arrow')} does not exist`,
    );
  });
});

describe('run.json in the analysis', () => {
  it('analyses a run with its own esc50 table against that table', async () => {
    const s = study('own');
    // The run's classes have other names than the curation set's: its prompts name them.
    const labels = LABELS.map((l) => `${l}-own`);
    const own = makeRun(s.runs, 'own', 0.4, 3, { labels, esc50: 'curation/esc50.arrow' });
    writeEsc50(path.join(own, 'curation'), { labels });
    const plain = makeRun(s.runs, 'plain', 0.4, 3);
    const out = path.join(s.root, 'out');
    await runAnalysis(config, { curationDir: s.curation, runDirs: [own, plain], outDir: out });
    const classes = readArrowFile(path.join(out, 'classes.arrow'), CLASSES_SCHEMA_ID).toArray();
    expect(classes.filter((c) => c!.run_id === 'own').map((c) => c!.label)).toEqual(labels);
    expect(classes.filter((c) => c!.run_id === 'plain').map((c) => c!.label)).toEqual(LABELS);
    const runs = readArrowFile(path.join(out, 'runs.arrow'), RUNS_SCHEMA_ID).toArray();
    expect(runs.map((r) => [r!.run_id, r!.dir, r!.esc50])).toEqual([
      ['own', '../runs/own', '../runs/own/curation/esc50.arrow'],
      ['plain', '../runs/plain', '../curation/esc50.arrow'],
    ]);
    const m = metricsOf(out);
    // the same embeddings: the same accuracy, whatever the class names
    expect(m.get('own|zeroshot.top1')).toBeGreaterThan(0.9);
    expect(m.get('own|zeroshot.top1')).toBe(m.get('plain|zeroshot.top1'));

    // Without the key the run is analysed against --curation's table, whose classes its prompts do not name.
    editRun(own, { esc50: undefined });
    await expect(
      runAnalysis(config, { curationDir: s.curation, runDirs: [own], outDir: out }),
    ).rejects.toThrow(
      `${path.join(own, 'x_t.prompts.arrow')}: prompt "prompt:0:dog-own" names a label that is not an ESC-50 class`,
    );
  });

  it('checks an esc50 outside the run folder against its curation set', async () => {
    const s = study('outside');
    const run = makeRun(s.runs, 'r', 0.4, 3, { esc50: '../../curation/esc50.arrow' });
    writeEsc50Table(path.join(s.curation, 'esc50.arrow'), LABELS.slice().reverse());
    await expect(
      runAnalysis(config, {
        curationDir: path.join(tmp, 'nowhere'),
        runDirs: [run],
        outDir: path.join(s.root, 'out'),
      }),
    ).rejects.toThrow(`${path.join(s.curation, 'esc50.arrow')}: changed after the curation run`);
  });

  it('analyses a study folder copied elsewhere: the same numbers', async () => {
    const s = study('original');
    for (const [k, sigma] of [0.4, 1.5, 3].entries())
      makeRun(s.runs, `sigma=${sigma}`, sigma, k + 1, { esc50: '../../curation/esc50.arrow' });
    const runDirs = (root: string) =>
      fs.readdirSync(path.join(root, 'runs')).map((r) => path.join(root, 'runs', r));
    await runAnalysis(config, {
      curationDir: path.join(tmp, 'nowhere'),
      runDirs: runDirs(s.root),
      outDir: path.join(s.root, 'out'),
    });
    const copy = path.join(tmp, 'elsewhere', 'copy');
    fs.cpSync(s.root, copy, { recursive: true });
    fs.rmSync(s.root, { recursive: true });
    const before = metricsOf(path.join(copy, 'out'));
    await runAnalysis(config, {
      curationDir: path.join(tmp, 'nowhere'),
      runDirs: runDirs(copy),
      outDir: path.join(copy, 'out2'),
    });
    expect(metricsOf(path.join(copy, 'out2'))).toEqual(before);
    expect(before.size).toBeGreaterThan(30);
    // runs.arrow is portable too: the copied set's rows name the copied folders
    expect(
      readArrowFile(path.join(copy, 'out', 'runs.arrow'), RUNS_SCHEMA_ID)
        .toArray()
        .map((r) => r!.esc50),
    ).toEqual(Array(3).fill('../curation/esc50.arrow'));
  });

  it('refuses run ids that would make unsafe or clashing file names', async () => {
    const s = study('ids');
    const a = makeRun(s.runs, 'a', 1, 1);
    const b = makeRun(s.runs, 'b', 1, 2);
    const out = path.join(s.root, 'out');
    writeRun(a, { schema: 'zsaudit.run/1', id: '../../escape', backbones: { audio: 'x' } });
    await expect(runAnalysis(config, { curationDir: s.curation, runDirs: [a], outDir: out })).rejects.toThrow(
      `${path.join(a, 'run.json')}: id "../../escape" as a file name: ".._.._escape" is not a safe name`,
    );
    writeRun(a, { schema: 'zsaudit.run/1', id: 'data=clean', backbones: { audio: 'x' } });
    writeRun(b, { schema: 'zsaudit.run/1', id: 'data clean', backbones: { audio: 'x' } });
    await expect(
      runAnalysis(config, { curationDir: s.curation, runDirs: [a, b], outDir: out }),
    ).rejects.toThrow(
      `${path.join(b, 'run.json')}: id: "data clean" and "data=clean" have the same file name "data_clean"`,
    );
    expect(fs.existsSync(out)).toBe(false);
  });

  it("fingerprints the esc50 a run names outside its folder, paths relative to the config's folder", () => {
    const s = study('fingerprint');
    makeRun(s.runs, 'r', 1, 1, { esc50: '../../curation/esc50.arrow' });
    const config = path.join(s.root, 'study.yaml');
    fs.writeFileSync(config, 'version: 1\nanalysis: { runs: runs }\n');
    const lines = analysisFingerprint(config).split('\n');
    expect(lines).toContain(`file curation/esc50.arrow ${sha256File(path.join(s.curation, 'esc50.arrow'))}`);
    expect(lines).toContain(`file runs/r/run.json ${sha256File(path.join(s.runs, 'r', 'run.json'))}`);
  });
});
