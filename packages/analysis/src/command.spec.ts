import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OUTPUT_SET_MARKER, readArrowFile, readOutputSet, sha256File, verifyOutputFile } from '@zsaudit/core';
import { tempDir, writeFixtureFiles } from '@zsaudit/testing';
import { analysisConfigSchema, runAnalysis } from './stage';
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
    // paths relative to the config's folder: the same fingerprint in every clone location
    const runJson = path.join(study, 'runs', 'sigma=0.4', 'run.json');
    expect(lines).toContain(`file runs/sigma=0.4/run.json ${sha256File(runJson)}`);
    const copy = path.join(tmp, 'study-copy');
    fs.cpSync(study, copy, { recursive: true });
    expect(cli(copy, 'fingerprint').stdout).toBe(r.stdout);
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

    const garbage = path.join(tmp, 'garbage-curation');
    writeEsc50(garbage, { content: Buffer.from('ARROW1\0\0garbage') });
    const e = cli(study, 'analyze', '--curation', garbage, '--models', 'none', '--out', 'out-bad');
    expect(e.status).not.toBe(0);
    expect(e.stderr).toContain(
      `${path.join(garbage, 'esc50.arrow')}: truncated Arrow file (its footer and closing "ARROW1" are missing: it was not written completely) (the ESC-50 table)`,
    );
    expect(fs.existsSync(path.join(study, 'out-bad'))).toBe(false);
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

  it('validates every flag before anything is read or written', () => {
    const listing = fs.readdirSync(study).sort();
    // every bad flag at once, one line each
    const flags = cli(study, 'analyze', '--curation', ' ', '--models', '', '--out', '');
    expect(flags.status).not.toBe(0);
    for (const flag of ['--curation', '--models', '--out'])
      expect(flags.stderr).toContain(`${flag}: expected a path, got ""`);
    const it250 = path.join(tmp, 'few-iterations.yaml');
    fs.writeFileSync(it250, 'version: 1\nanalysis:\n  runs: study/runs\n  tsne: { iterations: 100 }\n');
    const conf = cli(
      study,
      'analyze',
      '-c',
      it250,
      '--curation',
      'curation',
      '--models',
      'none',
      '--out',
      'o',
    );
    expect(conf.status).not.toBe(0);
    expect(conf.stderr).toContain(`${it250}:4: analysis.tsne.iterations: expected an integer >= 250`);
    // the output folder may be neither an input folder nor inside one
    const inside = cli(
      study,
      'analyze',
      '--curation',
      'curation',
      '--models',
      'none',
      '--out',
      'runs/sigma=0.4/x',
    );
    expect(inside.status).not.toBe(0);
    expect(inside.stderr).toContain(
      `--out ${path.join(study, 'runs', 'sigma=0.4', 'x')} is inside the input ${path.join(study, 'runs', 'sigma=0.4')}`,
    );
    expect(fs.readdirSync(study).sort()).toEqual(listing);
    expect(fs.readdirSync(path.join(study, 'runs', 'sigma=0.4'))).not.toContain('x');
  });
});

/** Resolves once `check()` holds (polling), or rejects after `ms`. */
async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** sha256 of every file of the output set in `dir`, after checking the set is complete and unchanged. */
function verifiedSet(dir: string): Record<string, string> {
  const names = Object.keys(readOutputSet(dir, 'analysis').files);
  return Object.fromEntries(names.map((n) => [n, sha256File(verifyOutputFile(dir, n, 'analysis'))]));
}

describe('zsaudit-analysis (bin): one writer per output folder, all or nothing', () => {
  const study = path.join(tmp, 'busy');
  const out = path.join(study, 'out');
  const analyze = () =>
    spawn(process.execPath, [BIN, 'analyze', '--curation', 'curation', '--models', 'none', '--out', 'out'], {
      cwd: study,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  const exited = (p: ReturnType<typeof spawn>) =>
    new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      p.on('exit', (code, signal) => resolve({ code, signal })),
    );
  /** The files the running `pid` has staged so far. */
  const staged = (pid: number) => {
    const dir = path.join(out, `.zsaudit-staging-${pid}`, 'plots');
    return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  };
  let previous: Record<string, string>;

  beforeAll(async () => {
    writeFixtureFiles(study, {
      'zsaudit.config.yaml': 'version: 1\nanalysis:\n  runs: runs\n  correlations: { bootstrap: 200 }\n',
    });
    writeEsc50(path.join(study, 'curation'));
    [0.4, 1.5, 3].forEach((s, k) => makeRun(path.join(study, 'runs'), `r${k}`, s, k + 1));
    // the previous set, written in-process (a spawn less) from the same config and runs as the bin's
    await runAnalysis(analysisConfigSchema.parse({ runs: 'runs', correlations: { bootstrap: 200 } }), {
      curationDir: path.join(study, 'curation'),
      outDir: out,
      baseDir: study,
    });
    previous = verifiedSet(out);
    // new embeddings, so an interrupted run's files would differ from the set on disk
    [0.4, 1.5, 3].forEach((s, k) => makeRun(path.join(study, 'runs'), `r${k}`, s, k + 11));
  }, 60_000);

  it('refuses a second analyze of the same --out, naming the holder; SIGTERM keeps the previous set', async () => {
    const first = analyze();
    const done = exited(first);
    await until(() => staged(first.pid!).length > 0, 30_000, 'the first run to stage a plot');
    // Paused, it holds the lock (alive: not a stale lock) while the second one tries.
    first.kill('SIGSTOP');
    try {
      const second = cli(study, 'analyze', '--curation', 'curation', '--models', 'none', '--out', 'out');
      expect(second.status).not.toBe(0);
      expect(second.stderr).toContain(`zsaudit-analysis: ${out} is being written by pid ${first.pid} on `);
      expect(second.stderr).toContain(`delete ${out}.lock`);
    } finally {
      first.kill('SIGCONT');
    }
    first.kill('SIGTERM');
    expect(await done).toEqual({ code: 143, signal: null });
    // the interrupted run's staged files are gone, the lock released, the previous set complete and unchanged
    expect(fs.readdirSync(out).filter((f) => f.startsWith('.zsaudit-') && f !== OUTPUT_SET_MARKER)).toEqual(
      [],
    );
    expect(fs.existsSync(`${out}.lock`)).toBe(false);
    expect(verifiedSet(out)).toEqual(previous);
  }, 60_000);

  it('a killed run leaves the previous set readable; the next run removes its leftovers and completes', async () => {
    const first = analyze();
    const done = exited(first);
    await until(() => staged(first.pid!).length > 0, 30_000, 'the run to stage a plot');
    first.kill('SIGKILL');
    expect((await done).signal).toBe('SIGKILL');
    expect(fs.existsSync(path.join(out, `.zsaudit-staging-${first.pid}`))).toBe(true);
    expect(verifiedSet(out)).toEqual(previous);

    const next = cli(study, 'analyze', '--curation', 'curation', '--models', 'none', '--out', 'out');
    expect(next.stderr).not.toContain('zsaudit-analysis:');
    expect(next.status).toBe(0);
    expect(fs.readdirSync(out).filter((f) => f.startsWith('.zsaudit-') && f !== OUTPUT_SET_MARKER)).toEqual(
      [],
    );
    expect(fs.existsSync(`${out}.lock`)).toBe(false);
    const now = verifiedSet(out);
    expect(Object.keys(now).sort()).toEqual(Object.keys(previous).sort());
    expect(now['metrics.arrow']).not.toBe(previous['metrics.arrow']);
  }, 60_000);
});
