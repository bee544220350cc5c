import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readArrowFile, sha256File } from '@zsaudit/core';
import { tempDir, writeFixtureFiles } from '@zsaudit/testing';
import { makeRun, writeEsc50 } from './testing/runs';
import { METRICS_SCHEMA_ID, RUNS_SCHEMA_ID } from './stage/tables';

const BIN = path.join(__dirname, '..', 'bin', 'zsaudit-analysis.js');
const tmp = tempDir('zsaudit-analysis-cli-');
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Runs the bin in `cwd`; returns its exit status and output. */
function cli(cwd: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const CONFIG = [
  'version: 1',
  '# another stage: passes through unchecked',
  'models: { prompts: ["this is {label}"] }',
  'analysis:',
  '  runs: runs',
  '  tsne: { perplexity: 5, iterations: 300, spaces: [E_a] }',
  '  correlations: { bootstrap: 200 }',
  '',
].join('\n');

describe('zsaudit-analysis (bin)', () => {
  const study = path.join(tmp, 'study');
  beforeAll(() => {
    writeFixtureFiles(study, { 'zsaudit.config.yaml': CONFIG });
    writeEsc50(path.join(study, 'curation'));
    [0.4, 1.5, 3].forEach((s, k) => makeRun(path.join(study, 'runs'), `sigma=${s}`, s, k + 1));
  });

  it('analyses the runs of the config into --out and prints the correlations', () => {
    const r = cli(study, 'analyze', '--curation', 'curation', '--models', 'none', '--out', 'out');
    expect(r.stderr).toMatch(/^sigma=0\.4: \d+ metrics over 100 test clips$/m);
    expect(r.status).toBe(0);
    const out = path.join(study, 'out');
    expect(r.stdout).toMatch(/^silhouette\.E_a\.cosine ~ zeroshot\.top1: r = -?\d\.\d{3}, p = .*, n = 3$/m);
    expect(r.stdout.trim().split('\n').pop()).toBe(`analysis: 3 entries, 3 correlations -> ${out}`);
    for (const f of [
      'runs.arrow',
      'metrics.arrow',
      'classes.arrow',
      'confusion.arrow',
      'silhouettes.arrow',
      'tsne.arrow',
      'correlations.arrow',
      'analysis-summary.json',
      'plots/tsne.sigma_0.4.E_a.svg',
    ])
      expect(fs.existsSync(path.join(out, f))).toBe(true);
    expect(readArrowFile(path.join(out, 'runs.arrow'), RUNS_SCHEMA_ID).numRows).toBe(3);
    const metrics = readArrowFile(path.join(out, 'metrics.arrow'), METRICS_SCHEMA_ID).toArray();
    expect(metrics.some((m) => m!.run_id === 'sigma=0.4' && m!.metric === 'zeroshot.top1')).toBe(true);
    const summary = JSON.parse(fs.readFileSync(path.join(out, 'analysis-summary.json'), 'utf8'));
    expect(summary.entries).toHaveLength(3);
  }, 120_000);

  it('prints the fingerprint: the analysis section and the files of its runs', () => {
    const r = cli(study, 'fingerprint');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('stage analysis');
    expect(lines[1]).toMatch(/^config \{"correlations":\{"bootstrap":200,/);
    const runJson = path.join(study, 'runs', 'sigma=0.4', 'run.json');
    expect(lines).toContain(`file ${runJson} ${sha256File(runJson)}`);
    const hash = cli(study, 'fingerprint', '--hash');
    expect(hash.stdout.trim()).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names the file of a garbage .arrow table, and exits non-zero', () => {
    const bad = path.join(tmp, 'bad-run');
    fs.cpSync(path.join(study, 'runs', 'sigma=0.4'), bad, { recursive: true });
    fs.writeFileSync(path.join(bad, 'E_a.esc50.arrow'), 'not arrow at all');
    const r = cli(study, 'analyze', bad, '--curation', 'curation', '--models', 'none', '--out', 'out-bad');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`zsaudit-analysis: ${path.join(bad, 'E_a.esc50.arrow')}: `);

    fs.writeFileSync(path.join(tmp, 'esc50.arrow'), Buffer.from('ARROW1\0\0garbage'));
    const e = cli(study, 'analyze', '--curation', tmp, '--models', 'none', '--out', 'out-bad');
    expect(e.status).not.toBe(0);
    expect(e.stderr).toContain(`${path.join(tmp, 'esc50.arrow')}: not a readable Arrow IPC file`);
  });

  it('rejects a bad flag and an invalid config with a clear error', () => {
    const flag = cli(study, 'analyze', '--no-such-flag');
    expect(flag.status).not.toBe(0);
    expect(flag.stderr).toMatch(/unknown option '--no-such-flag'/);
    writeFixtureFiles(tmp, { 'bad.yaml': 'version: 1\nanalysis:\n  tsne:\n    perplexity: -3\n' });
    const conf = cli(study, 'analyze', '--config', path.join(tmp, 'bad.yaml'));
    expect(conf.status).not.toBe(0);
    expect(conf.stderr).toContain(`${path.join(tmp, 'bad.yaml')}:4: analysis.tsne.perplexity:`);
  });
});
