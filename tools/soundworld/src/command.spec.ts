/**
 * The world's command line: flags validated before anything is written, one generation per folder at a time (two
 * real processes), an interrupted one resumable, and readers that refuse an incomplete or edited world.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from './command';
import { generateWorld, MANIFEST_FILE, PARTIAL_FILE } from './generate';
import { MICRO_WORLD } from './profiles';

const BIN = path.resolve(__dirname, '../bin/zsaudit-world.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zsaudit-world-cli-'));
process.env.ZSAUDIT_CACHE_DIR = path.join(tmp, 'cache');
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Runs the world's command line in this process; returns what it printed on stderr and the exit code it set. */
async function runInProcess(args: string[]): Promise<{ stderr: string; exitCode: number }> {
  const errors: string[] = [];
  const spy = jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => {
    errors.push(a.join(' '));
  });
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    await main(['node', 'zsaudit-world', ...args]);
    return { stderr: errors.join('\n'), exitCode: Number(process.exitCode ?? 0) };
  } finally {
    spy.mockRestore();
    log.mockRestore();
    process.exitCode = 0;
  }
}

describe('zsaudit world flags', () => {
  it.each([
    [['--seed', 'abc'], '--seed: expected an integer >= 0, got "abc"'],
    [['--seed', '1.5'], '--seed: expected an integer >= 0, got "1.5"'],
    [['--seed', ''], '--seed: expected an integer >= 0, got ""'],
    [['--seed', '1e3'], '--seed: expected an integer >= 0, got "1e3"'],
    [['--seed', '4294967296'], '--seed: expected an integer <= 2147483647'],
    [['--workers', '-1'], '--workers: expected an integer >= 0, got "-1"'],
    [['--size', 'huge'], '--size: expected one of tiny, small, full, got "huge"'],
    [['--sample-rate', '44.1k'], '--sample-rate: expected an integer >= 8000, got "44.1k"'],
    [['--sample-rate', '192000'], '--sample-rate: expected an integer <= 96000'],
    [['--estimate', '--workers', '2'], '--workers: not used with --estimate (it writes nothing)'],
  ])('%j is refused with one clear line and nothing written', async (args, message) => {
    const out = path.join(tmp, 'never');
    const r = await runInProcess([
      'world',
      '--size',
      'tiny',
      ...args,
      ...(args[0] === '--estimate' ? [] : ['--out', out]),
    ]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(`zsaudit-world: ${message}`);
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.existsSync(`${out}.lock`)).toBe(false);
  });

  it('refuses an --out that is a file, and --out with --estimate', async () => {
    const file = path.join(tmp, 'a-file');
    fs.writeFileSync(file, 'keep me');
    const r = await runInProcess(['world', '--size', 'tiny', '--out', file]);
    expect(r.stderr).toBe(`zsaudit-world: ${file}: not a folder (the world is written into a folder)`);
    expect(fs.readFileSync(file, 'utf8')).toBe('keep me');
    const e = await runInProcess(['world', '--estimate', '--out', path.join(tmp, 'never')]);
    expect(e.stderr).toBe('zsaudit-world: --out: not used with --estimate (it writes nothing)');
  });
});

describe('one generation per world folder', () => {
  it('refuses a second run naming the first; Ctrl-C leaves a resumable folder without world.json', async () => {
    const out = path.join(tmp, 'world');
    const first = spawn(
      process.execPath,
      [BIN, 'world', '--size', 'tiny', '--seed', '7', '--workers', '1', '--out', out],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    // Wait until the first run is writing clips.
    await new Promise<void>((resolve, reject) => {
      first.stderr!.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (/world audio: \d+\//.test(stderr)) resolve();
      });
      first.on('exit', (code) =>
        reject(new Error(`the first run ended (${code}) before writing: ${stderr}`)),
      );
    });
    const second = spawnSync(
      process.execPath,
      [BIN, 'world', '--size', 'tiny', '--seed', '8', '--workers', '0', '--out', out],
      { encoding: 'utf8' },
    );
    expect(second.status).toBe(1);
    expect(second.stderr.trim().split('\n')).toHaveLength(1);
    expect(second.stderr).toContain(
      `zsaudit-world: ${out} is being written by pid ${first.pid} on ${os.hostname()}`,
    );
    expect(second.stderr).toContain(`delete ${out}.lock`);

    const exited = new Promise<number | null>((resolve) => first.on('exit', (code) => resolve(code)));
    first.kill('SIGINT');
    expect(await exited).toBe(130);
    const left = fs.readdirSync(out, { recursive: true }).map(String);
    expect(left).toContain(PARTIAL_FILE);
    expect(left).not.toContain(MANIFEST_FILE);
    expect(left.filter((f) => path.basename(f).startsWith('.zsaudit-tmp-'))).toEqual([]);
    expect(fs.existsSync(`${out}.lock`)).toBe(false);
    const partial = JSON.parse(fs.readFileSync(path.join(out, PARTIAL_FILE), 'utf8'));
    const written = Object.keys(partial.files).filter((f) => f.endsWith('.wav'));
    expect(written.length).toBeGreaterThan(0);

    // What the record names was written whole: a rerun reuses exactly these (see generate.spec's resume test).
    for (const file of written) {
      const data = fs.readFileSync(path.join(out, file));
      expect(createHash('sha256').update(data).digest('hex')).toBe(partial.files[file].sha256);
    }
  });
});

describe('zsaudit world-baseline', () => {
  it('refuses a world that is incomplete or changed since it was generated, naming it', async () => {
    const world = path.join(tmp, 'baseline-world');
    // ESC-50 alone: the baseline reads nothing else.
    const micro = {
      ...MICRO_WORLD,
      clotho: { development: 0, evaluation: 0, minSeconds: 1, maxSeconds: 1 },
      macs: { clips: 0, seconds: 1, annotators: 1 },
    };
    const manifest = await generateWorld({ seed: 1, profile: micro, out: world, workers: 0 });
    const svgInside = path.join(world, 'esc50', 'confusion.svg');
    expect((await runInProcess(['world-baseline', world, '--svg', svgInside])).stderr).toBe(
      `zsaudit-world: --svg ${svgInside} is inside the input ${path.join(world, 'esc50')}: write it elsewhere`,
    );
    const clip = Object.keys(manifest.files).find((f) => f.startsWith('esc50/audio/'))!;
    const bytes = fs.readFileSync(path.join(world, clip));
    bytes[100] ^= 1;
    fs.writeFileSync(path.join(world, clip), bytes);
    expect((await runInProcess(['world-baseline', world])).stderr).toBe(
      `zsaudit-world: ${path.join(world, clip)}: changed since the world was generated (content differs from ` +
        `world.json): rerun zsaudit world --out ${world}`,
    );
    fs.rmSync(path.join(world, MANIFEST_FILE));
    const r = await runInProcess(['world-baseline', world]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      `zsaudit-world: ${world}: no complete world (world.json missing or unreadable): run zsaudit world --out ${world}`,
    );
  });
});
