/**
 * `zsaudit-models` as a user runs it: the bin in a child process, on a very small world curated by the curation
 * stage. `embed` end to end, `embed-audio` / `embed-text`, `fingerprint`, and bad flags or config.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '@zsaudit/testing';
import { readEmbeddings } from './embed/arrow';
import { curatedWorld, MICRO_WORLD } from './testing/curated-world';

const BIN = path.join(__dirname, '..', 'bin', 'zsaudit-models.js');
const tmp = tempDir('zsaudit-models-command-');
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: tmp, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Files left behind by an unfinished write: temp files and spools. */
function leftovers(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.zsaudit-tmp-|\.partial($|\/)/.test(f));
}

beforeAll(async () => {
  await curatedWorld(tmp, MICRO_WORLD, 3, 0);
  // Another stage's section passes through unread.
  fs.writeFileSync(
    path.join(tmp, 'study.yaml'),
    'version: 1\nworld:\n  size: tiny\nmodels:\n  prompts: ["the sound of {label}"]\n  batchSize: { audio: 8, text: 16 }\n',
  );
});

describe('zsaudit-models', () => {
  it('embed: runs the stage from the config on the curated world', () => {
    const r = run(['embed', '--config', 'study.yaml', '--curation', 'curation', '--out', 'models']);
    expect(r.stderr).not.toMatch(/zsaudit-models:/);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(
        `^models: 2 backbones, 8 embedding files, \\d+ rows, 0 excluded -> ${path.join(tmp, 'models')}\\n$`,
      ),
    );
    const out = path.join(tmp, 'models');
    const summary = JSON.parse(fs.readFileSync(path.join(out, 'models-summary.json'), 'utf8'));
    const [audio, text] = summary.backbones.map((b: { name: string }) =>
      path.join(out, 'embeddings', b.name),
    );
    expect(readEmbeddings(path.join(audio, 'x_a.esc50.arrow')).ids).toHaveLength(50);
    expect(readEmbeddings(path.join(audio, 'x_a.clotho.development.arrow')).ids).toHaveLength(2);
    const prompts = readEmbeddings(path.join(text, 'x_t.prompts.arrow'));
    expect(prompts.ids).toHaveLength(50);
    expect(prompts.metadata.get('zsaudit.backbone')).toBe(summary.backbones[1].name);
    expect(readEmbeddings(path.join(text, 'x_t.macs.development.arrow')).ids.length).toBeGreaterThan(2);
    expect(leftovers(out)).toEqual([]);
  });

  it('embed-audio and embed-text: a folder of WAVs and a text file, exclusions reported', () => {
    const backbones = path.join(tmp, 'models', 'backbones');
    const wavs = path.join(tmp, 'wavs');
    fs.mkdirSync(wavs, { recursive: true });
    const esc = path.join(tmp, 'world', 'esc50', 'audio');
    for (const f of fs.readdirSync(esc).sort().slice(0, 3))
      fs.copyFileSync(path.join(esc, f), path.join(wavs, f));
    fs.writeFileSync(path.join(wavs, 'broken.wav'), 'not a wav');
    const xa = run([
      'embed-audio',
      '--backbone',
      path.join(backbones, 'cnn14-w4-random.json'),
      '--input',
      'wavs',
      '--out',
      'xa.arrow',
      '--batch-size',
      '2',
    ]);
    expect(xa.status).toBe(0);
    expect(xa.stdout).toMatch(/^embed-audio: 3 embedded \(128-d\), 1 excluded -> xa\.arrow$/m);
    expect(xa.stderr).toMatch(/excluded broken\.wav: unreadable-audio: /);
    expect(readEmbeddings(path.join(tmp, 'xa.arrow')).ids).toHaveLength(3);

    fs.writeFileSync(path.join(tmp, 'texts.txt'), 'a dog barks\n\nrain on a roof\n');
    const xt = run([
      'embed-text',
      '--backbone',
      path.join(backbones, 'bert-h128-l2-random.json'),
      '--input',
      'texts.txt',
      '-o',
      'xt.arrow',
    ]);
    expect(xt.status).toBe(0);
    expect(xt.stdout).toMatch(/^embed-text: 2 embedded \(128-d\), 1 excluded -> xt\.arrow$/m);
    expect(readEmbeddings(path.join(tmp, 'xt.arrow')).ids).toEqual(['1', '3']);

    const wrong = run([
      'embed-text',
      '--backbone',
      path.join(backbones, 'cnn14-w4-random.json'),
      '--input',
      'texts.txt',
      '-o',
      'no.arrow',
    ]);
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toMatch(/cnn14-w4-random\.json: not a text backbone/);
    expect(fs.existsSync(path.join(tmp, 'no.arrow'))).toBe(false);
  });

  it('refuses a batch size that is not an integer >= 1 before writing anything', () => {
    const manifest = path.join(tmp, 'models', 'backbones', 'bert-h128-l2-random.json');
    for (const bad of ['abc', '0', '2.5']) {
      const r = run([
        'embed-text',
        '--backbone',
        manifest,
        '--input',
        'texts.txt',
        '-o',
        'bad.arrow',
        '--batch-size',
        bad,
      ]);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(/^zsaudit-models: --batch-size: expected an integer >= 1, got /);
      expect(r.stderr).toContain(bad);
      expect(fs.readdirSync(tmp).filter((f) => f.startsWith('bad.arrow'))).toEqual([]);
    }
  });

  it('names the file, line and key of a bad config, and prints its fingerprint', () => {
    fs.writeFileSync(path.join(tmp, 'bad.yaml'), 'version: 1\nmodels:\n  batchSize:\n    audio: 0\n');
    const r = run(['embed', '--config', 'bad.yaml', '--curation', 'curation', '--out', 'never']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/bad\.yaml:4: models\.batchSize\.audio: /);
    expect(fs.existsSync(path.join(tmp, 'never'))).toBe(false);

    const fp = run(['fingerprint', '--config', 'study.yaml']);
    expect(fp.status).toBe(0);
    expect(fp.stdout.split('\n').slice(0, 2)).toEqual([
      'stage models',
      'config {"backbones":[],"batchSize":{"audio":8,"text":16},"defaultBackbones":true,"prompts":["the sound of {label}"]}',
    ]);
  });
});
