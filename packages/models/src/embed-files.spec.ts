/**
 * `embed-audio`, `embed-text` and `merge` as a user runs them (the bin in a child process) on tiny fixtures: WAVs
 * written here and the default backbones. Content-aware reuse and resume, the output lock, outputs that would
 * overwrite an input, bad flags, odd inputs (a folder named x.wav, a symlink loop, non-UTF-8 or CR-only text) and
 * `--recursive`.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expectArraysClose, tempDir } from '@zsaudit/testing';
import { writeDefaultBackbones } from './backbones';
import { readEmbeddings } from './embed/arrow';
import { embedTextCommand } from './command';
import { AudioEmbedder, embedAudioFiles, streamAudioEmbeddings } from './embed/audio';
import { listWavItems, readTextLines, textItems } from './embed/items';
import type { EmbedSink } from './embed/sink';
import { embedIntoFile } from './embed/spool';
import { embedTexts, streamTextEmbeddings, TextEmbedder } from './embed/text';
import { writeWav16 } from './frontend/wav';
import { loadBackboneManifest, type AudioManifest, type LoadedBackbone, type TextManifest } from './manifest';

const BIN = path.join(__dirname, '..', 'bin', 'zsaudit-models.js');
const tmp = tempDir('zsaudit-models-files-');
// Content hashes are cached here, not in the user's home (the child processes inherit it).
process.env.ZSAUDIT_CACHE_DIR = path.join(tmp, 'cache');
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

let audioManifest: string;
let textManifest: string;

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: tmp, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A 1 s clip at 16 kHz: a tone of `hz` with a little deterministic noise. */
function tone(hz: number): Uint8Array {
  const x = new Float32Array(16000);
  let s = hz;
  for (let i = 0; i < x.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    x[i] = 0.3 * Math.sin((2 * Math.PI * hz * i) / 16000) + 0.02 * (s / 2 ** 32 - 0.5);
  }
  return writeWav16(x, 16000);
}

/** A folder of WAVs named `<hz>.wav` (relative to tmp). */
function wavFolder(name: string, hz: readonly number[]): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const f of hz) fs.writeFileSync(path.join(dir, `${f}.wav`), tone(f));
  return dir;
}

/** Every file under `dir` whose name says an unfinished or held write: temp files, spools, locks. */
function leftovers(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.zsaudit-tmp-|\.partial($|\/)|\.lock$/.test(f));
}

/** A sink that passes the first `batches` batches on and then throws, like a process killed mid-run. */
function crashingSink(sink: EmbedSink, batches: number): EmbedSink {
  let n = 0;
  return {
    add(ids, vectors, exclusions) {
      if (n++ === batches) throw new Error('simulated crash');
      sink.add(ids, vectors, exclusions);
    },
  };
}

/** Embedders of the same backbones in this process: references without another child process. */
let audio: AudioEmbedder;
let text: TextEmbedder;

beforeAll(async () => {
  const m = writeDefaultBackbones(path.join(tmp, 'bb'));
  audioManifest = m.audio;
  textManifest = m.text;
  audio = await AudioEmbedder.create(loadBackboneManifest(audioManifest) as LoadedBackbone<AudioManifest>);
  text = await TextEmbedder.create(loadBackboneManifest(textManifest) as LoadedBackbone<TextManifest>);
});
afterAll(async () => {
  await audio.dispose();
  await text.dispose();
});

/** Embeds WAV files in this process (what a fresh run on them gives). */
async function audioReference(dir: string): Promise<Float32Array> {
  return (await embedAudioFiles(audio, listWavItems(dir), { worker: false })).vectors;
}

describe('embed-audio', () => {
  it('keeps a finished file only while every WAV is unchanged; a replaced WAV is embedded again', async () => {
    const wavs = wavFolder('reuse', [300, 500, 700]);
    const args = ['embed-audio', '--backbone', audioManifest, '--input', 'reuse', '--out', 'reuse.arrow'];
    expect(run(args).status).toBe(0);
    const first = readEmbeddings(path.join(tmp, 'reuse.arrow'));
    const again = run(args);
    expect(again.stdout).toMatch(/^embed-audio: kept reuse\.arrow \(same backbone and content\): 3 rows/m);

    // Same name, same size, other sound: a stale vector would be kept if only names were compared.
    fs.writeFileSync(path.join(wavs, '500.wav'), tone(1100));
    const changed = run(args);
    expect(changed.status).toBe(0);
    expect(changed.stdout).toMatch(/^embed-audio: 3 embedded \(128-d\), 0 excluded -> reuse\.arrow$/m);
    const second = readEmbeddings(path.join(tmp, 'reuse.arrow'));
    const row = (e: typeof first, i: number) => e.vectors.subarray(i * e.dim, (i + 1) * e.dim);
    expect(second.ids).toEqual(['300.wav', '500.wav', '700.wav']);
    expectArraysClose(row(second, 0), row(first, 0), { abs: 1e-5 }, 'unchanged 300.wav');
    expect(Array.from(row(second, 1))).not.toEqual(Array.from(row(first, 1)));

    expectArraysClose(second.vectors, await audioReference(wavs), { abs: 1e-5 }, 'fresh');
  });

  it('resumes an interrupted run but embeds again a WAV replaced since it was done', async () => {
    const wavs = wavFolder('resume', [200, 400, 600, 800]);
    const out = path.join(tmp, 'resume.arrow');
    await expect(
      embedIntoFile({
        file: out,
        backbone: audio.backbone,
        dim: audio.dim,
        items: listWavItems(wavs),
        embed: (items, sink) =>
          streamAudioEmbeddings(audio, items, crashingSink(sink, 1), { batchSize: 2, worker: false }),
      }),
    ).rejects.toThrow('simulated crash');
    expect(fs.existsSync(`${out}.partial`)).toBe(true);
    // 200.wav and 400.wav were done; 200.wav is now replaced by another sound.
    fs.writeFileSync(path.join(wavs, '200.wav'), tone(900));
    const r = run(['embed-audio', '--backbone', audioManifest, '--input', 'resume', '--out', 'resume.arrow']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/resuming, 1 of 4 items done by an earlier run \(3 to do\)/);

    const resumed = readEmbeddings(out);
    expect(resumed.ids).toEqual(['200.wav', '400.wav', '600.wav', '800.wav']);
    expectArraysClose(resumed.vectors, await audioReference(wavs), { abs: 1e-5 }, 'resumed vs fresh');
    expect(leftovers(tmp).filter((f) => f.startsWith('resume'))).toEqual([]);
  });

  it('lets one writer at a time write an output: the second refuses naming the holder', async () => {
    wavFolder('locked', [250, 350, 450]);
    const args = ['embed-audio', '--backbone', audioManifest, '--input', 'locked', '--out', 'locked.arrow'];
    const first = spawn(process.execPath, [BIN, ...args], { cwd: tmp });
    let firstOut = '';
    first.stdout.on('data', (d: Buffer) => (firstOut += d.toString()));
    const exited = new Promise<number | null>((resolve) => first.on('exit', (code) => resolve(code)));
    const lock = path.join(tmp, 'locked.arrow.lock');
    // Hold the first writer still while it holds the lock, so the second surely meets it.
    const deadline = Date.now() + 30000;
    while (!fs.existsSync(lock) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(fs.existsSync(lock)).toBe(true);
    first.kill('SIGSTOP');
    try {
      const second = run(args);
      expect(second.status).not.toBe(0);
      expect(second.stderr).toContain(
        `${path.join(tmp, 'locked.arrow')} is being written by pid ${first.pid}`,
      );
      expect(second.stderr).toContain(lock);
    } finally {
      first.kill('SIGCONT');
    }
    expect(await exited).toBe(0);
    expect(firstOut).toMatch(/embed-audio: 3 embedded/);
    expect(readEmbeddings(path.join(tmp, 'locked.arrow')).ids).toEqual(['250.wav', '350.wav', '450.wav']);
    expect(fs.existsSync(lock)).toBe(false);
  });

  it('refuses an output that is an input WAV, inside the input folder, or the backbone, writing nothing', () => {
    const wavs = wavFolder('inputs', [320, 640]);
    const wav = path.join(wavs, '320.wav');
    const before = fs.readFileSync(wav);
    const base = ['embed-audio', '--backbone', audioManifest, '--input', 'inputs'];
    const onWav = run([...base, '--out', 'inputs/320.wav']);
    expect(onWav.status).not.toBe(0);
    expect(onWav.stderr).toMatch(
      /^zsaudit-models: --out inputs\/320\.wav is the input inputs\/320\.wav: write it elsewhere/,
    );
    expect(fs.readFileSync(wav).equals(before)).toBe(true);
    const inside = run([...base, '--out', 'inputs/x.arrow']);
    expect(inside.stderr).toMatch(/--out inputs\/x\.arrow is inside the input inputs: write it elsewhere/);
    const onModel = run([...base, '--out', path.join(tmp, 'bb', 'cnn14-w4-random.onnx')]);
    expect(onModel.stderr).toMatch(/cnn14-w4-random\.onnx is the input .*cnn14-w4-random\.onnx/);
    expect(fs.readdirSync(wavs).sort()).toEqual(['320.wav', '640.wav']);
    expect(leftovers(tmp).filter((f) => f.startsWith('inputs') || f.startsWith('bb'))).toEqual([]);
  });

  it('excludes a folder named x.wav and a symlink loop with their reasons instead of aborting', () => {
    const wavs = wavFolder('odd', [330]);
    fs.mkdirSync(path.join(wavs, 'folder.wav'));
    fs.symlinkSync('loop.wav', path.join(wavs, 'loop.wav'));
    const r = run(['embed-audio', '--backbone', audioManifest, '--input', 'odd', '--out', 'odd.arrow']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/1 embedded \(128-d\), 2 excluded -> odd\.arrow/);
    expect(r.stderr).toContain('excluded folder.wav: not-a-file: odd/folder.wav: a folder, not a WAV file');
    expect(r.stderr).toContain('excluded loop.wav: symlink-loop: odd/loop.wav: symlink loop');
    expect(readEmbeddings(path.join(tmp, 'odd.arrow')).ids).toEqual(['330.wav']);
  });

  it('--recursive walks a dataset layout with relative POSIX ids, sorted, reporting a symlink loop', () => {
    const root = path.join(tmp, 'dataset');
    wavFolder('dataset/fold2', [420]);
    wavFolder('dataset/fold1/sub', [410]);
    wavFolder('dataset', [400]);
    fs.symlinkSync('..', path.join(root, 'fold1', 'sub', 'up'));
    const lines: string[] = [];
    const items = listWavItems(root, { recursive: true, log: (l) => lines.push(l) });
    expect(items.map((i) => i.id)).toEqual(['400.wav', 'fold1/sub/410.wav', 'fold2/420.wav']);
    expect(lines).toEqual([
      'skipped fold1/sub/up/: symlink loop (it leads back to fold1, already being walked)',
    ]);
    // Without --recursive: only the folder's own files, as before.
    expect(listWavItems(root).map((i) => i.id)).toEqual(['400.wav']);

    const r = run([
      'embed-audio',
      '--backbone',
      audioManifest,
      '--input',
      'dataset',
      '--recursive',
      '--out',
      'ds.arrow',
    ]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('embed-audio: skipped fold1/sub/up/: symlink loop');
    expect(readEmbeddings(path.join(tmp, 'ds.arrow')).ids).toEqual([
      '400.wav',
      'fold1/sub/410.wav',
      'fold2/420.wav',
    ]);
  });
});

describe('embed-text', () => {
  it('resumes an interrupted run but embeds again the lines that changed (same line count)', async () => {
    const before = ['a dog barks', 'rain on a roof', 'a car passes', 'birds sing', 'a door slams', 'wind'];
    const input = path.join(tmp, 'resume.txt');
    fs.writeFileSync(input, before.join('\n') + '\n');
    const out = path.join(tmp, 'resume-text.arrow');
    await expect(
      embedIntoFile({
        file: out,
        backbone: text.backbone,
        dim: text.dim,
        items: textItems(readTextLines(input)),
        embed: (items, sink) => streamTextEmbeddings(text, items, crashingSink(sink, 2), { batchSize: 2 }),
      }),
    ).rejects.toThrow('simulated crash');
    // Lines 1-4 were done. Another file with as many lines replaces the input: lines 2 and 5 differ.
    const after = [...before];
    after[1] = 'a cat meows loudly';
    after[4] = 'thunder far away';
    fs.writeFileSync(input, after.join('\n') + '\n');
    const r = run([
      'embed-text',
      '--backbone',
      textManifest,
      '--input',
      'resume.txt',
      '--out',
      'resume-text.arrow',
    ]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/resuming, 3 of 6 items done by an earlier run \(3 to do\)/);
    const resumed = readEmbeddings(out);
    expect(resumed.ids).toEqual(['1', '2', '3', '4', '5', '6']);
    const fresh = await embedTexts(text, textItems(after));
    expectArraysClose(resumed.vectors, fresh.vectors, { abs: 1e-4 }, 'resumed vs fresh');
  });

  it('rejects text that is not UTF-8, naming the file and line, and writes nothing', () => {
    fs.writeFileSync(path.join(tmp, 'latin1.txt'), Buffer.from('a dog\nun caf\xe9 noir\n', 'latin1'));
    const r = run([
      'embed-text',
      '--backbone',
      textManifest,
      '--input',
      'latin1.txt',
      '--out',
      'latin1.arrow',
    ]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/^zsaudit-models: latin1\.txt:2: not valid UTF-8/);
    expect(fs.readdirSync(tmp).filter((f) => f.startsWith('latin1.arrow'))).toEqual([]);
  });

  it('reads CR-only line endings as line breaks, like \\n and \\r\\n', () => {
    fs.writeFileSync(path.join(tmp, 'cr.txt'), 'a dog barks\rrain\rcafé noir\r');
    fs.writeFileSync(path.join(tmp, 'crlf.txt'), 'a dog barks\r\nrain\r\ncafé noir\r\n');
    expect(readTextLines(path.join(tmp, 'cr.txt'))).toEqual(['a dog barks', 'rain', 'café noir']);
    expect(readTextLines(path.join(tmp, 'crlf.txt'))).toEqual(['a dog barks', 'rain', 'café noir']);
    const r = run(['embed-text', '--backbone', textManifest, '--input', 'cr.txt', '--out', 'cr.arrow']);
    expect(r.status).toBe(0);
    expect(readEmbeddings(path.join(tmp, 'cr.arrow')).ids).toEqual(['1', '2', '3']);
  });

  it('refuses bad flags before reading or writing anything', async () => {
    // The exit code of a refused flag is checked once in a child process (command.spec.ts); here the messages.
    const cwd = process.cwd();
    process.chdir(tmp);
    try {
      fs.writeFileSync('flags.txt', 'a dog barks\n');
      const base = ['--backbone', textManifest, '--input', 'flags.txt', '--out', 'flags.arrow'];
      const cases: [string[], string][] = [
        [['--batch-size', 'abc'], '--batch-size: expected an integer >= 1, got "abc"'],
        [['--batch-size', '0'], '--batch-size: expected an integer >= 1, got "0"'],
        [['--batch-size=-1'], '--batch-size: expected an integer >= 1, got "-1"'],
        [['--shard', '3/2'], '--shard: expected i/n with 1 <= i <= n (e.g. 2/4), got "3/2"'],
        [['--shard', '0/2'], '--shard: expected i/n with 1 <= i <= n (e.g. 2/4), got "0/2"'],
      ];
      for (const [flags, message] of cases)
        await expect(embedTextCommand().parseAsync([...base, ...flags], { from: 'user' })).rejects.toThrow(
          message,
        );
      await expect(
        embedTextCommand().parseAsync(
          ['--backbone', textManifest, '--input', 'flags.txt', '--out', 'flags.txt'],
          {
            from: 'user',
          },
        ),
      ).rejects.toThrow('--out flags.txt is the input flags.txt: write it elsewhere');
      expect(fs.readFileSync('flags.txt', 'utf8')).toBe('a dog barks\n');
      expect(fs.readdirSync('.').filter((f) => f.startsWith('flags.arrow'))).toEqual([]);
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('merge', () => {
  it('refuses an output that is one of the shards it merges', async () => {
    const wavs = wavFolder('shards', [510, 520]);
    for (const index of [1, 2])
      await embedIntoFile({
        file: path.join(tmp, `s${index}.arrow`),
        backbone: audio.backbone,
        dim: audio.dim,
        items: listWavItems(wavs),
        shard: { index, count: 2 },
        embed: (items, sink) => streamAudioEmbeddings(audio, items, sink, { worker: false }),
      });
    const before = fs.readFileSync(path.join(tmp, 's1.arrow'));
    const r = run(['merge', 's1.arrow', 's2.arrow', '--out', 's1.arrow']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/--out s1\.arrow is the input s1\.arrow: write it elsewhere/);
    expect(fs.readFileSync(path.join(tmp, 's1.arrow')).equals(before)).toBe(true);
    expect(run(['merge', 's1.arrow', 's2.arrow', '--out', 'merged.arrow']).stdout).toMatch(
      /merged 2 shards, 2 rows/,
    );
  });
});
