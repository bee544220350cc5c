/**
 * Fault injection on the whole study (issue 11): the tiny world's study is run once without interruption, and
 * once with its stages killed (SIGKILL: a crash; SIGTERM: Ctrl-C or a scheduler) at seeded random points several
 * times, each stage then rerun to completion, then every stage rerun once more (what reuse and caches must get
 * right). Every artifact of the two runs must be byte-identical, and nothing a run leaves while it works (locks,
 * temp files, staging folders, spools) may be left at the end.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { mulberry32, sha256File } from '@zsaudit/core';
import { tempDir } from '@zsaudit/testing';

const ROOT = path.resolve(__dirname, '../../..');
const BIN = path.join(ROOT, 'tools/cli/bin/zsaudit.js');

const CONFIG = `version: 1
world: { seed: 3, size: tiny, sampleRate: 16000 }
curation:
  esc50: { root: out/world/esc50 }
  corpora:
    - { corpus: clotho, input: out/world/clotho, audio: "out/world/clotho/audio/{split}" }
    - { corpus: audiocaps, input: out/world/audiocaps, audio: "out/world/audiocaps/audio/{split}" }
    - { corpus: fsd50k, input: out/world/fsd50k, audio: "out/world/fsd50k/FSD50K.{split}_audio" }
    - { corpus: macs, input: out/world/macs, audio: out/world/macs/audio }
  export: true
models:
  defaultBackbones: true
analysis:
  runs: out/training/runs
`;

/** The study's stages as the Nx train targets run them, in order. */
const STAGES: string[][] = [
  ['world', '--config', 'zsaudit.config.yaml', '--out', 'out/world'],
  ['curate', '--config', 'zsaudit.config.yaml', '--out', 'out/curation'],
  ['embed', '--config', 'zsaudit.config.yaml', '--curation', 'out/curation', '--out', 'out/models'],
  [
    'analyze',
    ...['--config', 'zsaudit.config.yaml', '--curation', 'out/curation', '--models', 'out/models'],
    ...['--out', 'out/analysis'],
  ],
];

/** How many times each stage is killed before it is let finish. */
const KILLS_PER_STAGE = [1, 2, 2, 1];

const tmp = tempDir('zsaudit-faults-');
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface StageRun {
  code: number | null;
  killed: boolean;
  ms: number;
  output: string;
}

/** Runs one stage in `dir`; with `killAfterMs`, sends `signal` then unless it finished first. */
function runStage(dir: string, args: string[], killAfterMs?: number, signal: NodeJS.Signals = 'SIGKILL') {
  return new Promise<StageRun>((resolve) => {
    const start = Date.now();
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: dir,
      env: { ...process.env, ZSAUDIT_CACHE_DIR: path.join(tmp, 'cache') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    let killed = false;
    const timer =
      killAfterMs === undefined
        ? undefined
        : setTimeout(() => {
            killed = child.exitCode === null && child.kill(signal);
          }, killAfterMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, killed: killed && code !== 0, ms: Date.now() - start, output });
    });
  });
}

/** Every file under `dir` (hidden ones included) with its sha256, by POSIX path. */
function hashTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const file = path.join(dir, rel);
    if (fs.statSync(file).isFile()) out[rel.split(path.sep).join('/')] = sha256File(file);
  }
  return out;
}

function studyDir(name: string): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'zsaudit.config.yaml'), CONFIG);
  return dir;
}

it('a study killed at random points, rerun to completion, gives the same artifacts as one never interrupted', async () => {
  const reference = studyDir('reference');
  const durations: number[] = [];
  for (const args of STAGES) {
    const r = await runStage(reference, args);
    expect({ stage: args[0], code: r.code, output: r.code === 0 ? '' : r.output }).toEqual({
      stage: args[0],
      code: 0,
      output: '',
    });
    durations.push(r.ms);
  }

  const faulted = studyDir('faulted');
  const random = mulberry32(11);
  const kills: string[] = [];
  for (let s = 0; s < STAGES.length; s++) {
    for (let k = 0; k < KILLS_PER_STAGE[s]; k++) {
      // Anywhere from start-up to the end of an uninterrupted run of the stage.
      const at = Math.round(200 + random() * durations[s]);
      const signal = random() < 0.5 ? 'SIGKILL' : 'SIGTERM';
      const r = await runStage(faulted, STAGES[s], at, signal);
      kills.push(`${STAGES[s][0]} ${signal} at ${at} ms: ${r.killed ? 'killed' : `finished (${r.code})`}`);
      // A stage that refused to run (exit != 0 without being killed) is a failure of recovery.
      if (!r.killed)
        expect({ stage: STAGES[s][0], code: r.code, output: r.output }).toMatchObject({ code: 0 });
    }
    const r = await runStage(faulted, STAGES[s]);
    expect({ stage: STAGES[s][0], code: r.code, output: r.code === 0 ? '' : r.output, kills }).toMatchObject({
      code: 0,
      output: '',
    });
  }
  // Every stage once more: kept results and caches must give the same bytes again.
  for (const args of STAGES) {
    const r = await runStage(faulted, args);
    expect({ stage: args[0], code: r.code, output: r.code === 0 ? '' : r.output }).toMatchObject({ code: 0 });
  }

  const expected = hashTree(path.join(reference, 'out'));
  const actual = hashTree(path.join(faulted, 'out'));
  const leftovers = Object.keys(actual).filter((f) =>
    /(^|\/)(\.zsaudit-tmp-|\.zsaudit-staging-)|\.lock$|\.partial\//.test(f),
  );
  expect(leftovers).toEqual([]);
  const differing = Object.keys({ ...expected, ...actual }).filter((f) => expected[f] !== actual[f]);
  expect({ differing, kills }).toEqual({ differing: [], kills });
  expect(Object.keys(expected).length).toBeGreaterThan(100);
  // The faults really happened: most kill points land inside a running stage.
  expect(kills.filter((k) => k.endsWith('killed')).length).toBeGreaterThanOrEqual(4);
}, 600_000);
