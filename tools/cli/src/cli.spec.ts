import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { writeWav16 } from '@zsaudit/models';
import { ConfigError, stableJson } from '@zsaudit/core';
import { loadStudyConfig } from './config';
import { stageFingerprint } from './commands/fingerprint';
import { runZsaudit } from './testing/run-in-process';

const ROOT = path.resolve(__dirname, '../../..');
const BIN = path.join(ROOT, 'tools/cli/bin/zsaudit.js');
const EXAMPLES = path.join(ROOT, 'packages/data-curation/examples');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zsaudit-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const run = (args: string[], cwd = ROOT) =>
  spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
const writeConfig = (name: string, body: string) => {
  const f = path.join(tmp, name);
  fs.writeFileSync(f, body);
  return f;
};

describe('study config', () => {
  it('applies defaults and resolves nothing by itself', () => {
    const f = writeConfig(
      'ok.yaml',
      'version: 1\ncuration:\n  corpora:\n    - { corpus: clotho, input: x.csv }\n',
    );
    const { config, dir } = loadStudyConfig(f);
    expect(dir).toBe(tmp);
    expect(config.curation.strictness).toBe('inflections');
    expect(config.curation.corpora[0]).toEqual({ corpus: 'clotho', input: 'x.csv', audio: null });
  });

  it('names the file, line and key of an invalid value', () => {
    const f = writeConfig(
      'bad.yaml',
      'version: 1\ncuration:\n  strictness: loose\n  corpora:\n    - { corpus: nope, input: x }\n',
    );
    expect(() => loadStudyConfig(f)).toThrow(ConfigError);
    let message = '';
    try {
      loadStudyConfig(f);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain(`${f}:3: curation.strictness`);
    expect(message).toContain(`${f}:5: curation.corpora.0.corpus`);
  });

  it('reports YAML syntax errors and unknown keys with their line', () => {
    expect(() => loadStudyConfig(writeConfig('syntax.yaml', 'version: 1\ncuration: [\n'))).toThrow(
      /syntax\.yaml:\d+:/,
    );
    expect(() => loadStudyConfig(writeConfig('unknown.yaml', 'version: 1\ncuraton: {}\n'))).toThrow(
      /unknown\.yaml:1: .*curaton/,
    );
    expect(() => loadStudyConfig(path.join(tmp, 'absent.yaml'))).toThrow(/config file not found/);
  });

  it('reads JSON too', () => {
    expect(
      loadStudyConfig(writeConfig('c.json', '{"version": 1, "curation": {"strictness": "exact"}}')).config
        .curation.strictness,
    ).toBe('exact');
  });
});

describe('fingerprints', () => {
  it('sort keys and ignore comments and other sections', () => {
    expect(stableJson({ b: 1, a: [{ d: 2, c: undefined }] })).toBe('{"a":[{"d":2}],"b":1}');
    const a = writeConfig('fa.yaml', 'version: 1\ncuration:\n  strictness: exact\n');
    const b = writeConfig('fb.yaml', '# comment\nversion: 1\ncuration: { strictness: exact }\n');
    const c = writeConfig('fc.yaml', 'version: 1\ncuration: { strictness: synonyms }\n');
    expect(stageFingerprint('curation', a)).toBe(stageFingerprint('curation', b));
    expect(stageFingerprint('curation', a)).not.toBe(stageFingerprint('curation', c));
  });
});

describe('zsaudit command line', () => {
  it('prints help with every subcommand', () => {
    const r = run(['--help']);
    expect(r.status).toBe(0);
    for (const cmd of ['curate', 'inspect', 'fingerprint', 'config']) expect(r.stdout).toContain(cmd);
  });

  it("composes each stage's own commands and fingerprints, identical to the stage's bin", () => {
    const help = run(['--help']).stdout;
    const stages: [string, string, string[]][] = [
      ['world', 'tools/soundworld/bin/zsaudit-world.js', ['world', 'world-baseline']],
      ['curation', 'packages/data-curation/bin/zsaudit-curation.js', ['curate', 'forms-review']],
      [
        'models',
        'packages/models/bin/zsaudit-models.js',
        ['embed', 'embed-audio', 'embed-text', 'merge', 'backbones'],
      ],
      ['analysis', 'packages/analysis/bin/zsaudit-analysis.js', ['analyze']],
    ];
    const config = path.join(ROOT, 'zsaudit.config.yaml');
    for (const [stage, bin, commands] of stages) {
      for (const c of commands) expect(help).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
      const own = spawnSync(process.execPath, [path.join(ROOT, bin), 'fingerprint', '--config', config], {
        cwd: tmp,
        encoding: 'utf8',
      });
      expect(own.stderr).toBe('');
      expect(own.status).toBe(0);
      expect(own.stdout.trim()).toBe(stageFingerprint(stage as never, config));
      expect(run(['fingerprint', stage, '--config', config]).stdout).toBe(own.stdout);
    }
  });

  it('gives embed and analyze clear errors and help after a bad flag', () => {
    const noCuration = run(['embed', '--curation', path.join(tmp, 'nowhere'), '--out', path.join(tmp, 'm')]);
    expect(noCuration.status).toBe(1);
    expect(noCuration.stderr).toMatch(/zsaudit: .*nowhere/);
    const badFlag = run(['analyze', '--bogus']);
    expect(badFlag.status).toBe(1);
    expect(badFlag.stderr).toMatch(/unknown option '--bogus'/);
    expect(badFlag.stderr).toMatch(/Usage: zsaudit analyze/);
  });

  it('curates one corpus from flags and inspects the result', () => {
    const out = path.join(tmp, 'out-clotho');
    const r = run([
      'curate',
      '--corpus',
      'clotho',
      '--input',
      path.join(EXAMPLES, 'clotho'),
      '--strictness',
      'synonyms',
      '--out',
      out,
      '--export',
    ]);
    expect(r.stderr).not.toMatch(/zsaudit:/);
    expect(r.status).toBe(0);
    const summary = JSON.parse(fs.readFileSync(path.join(out, 'curation-summary.json'), 'utf8'));
    expect(summary.strictness).toBe('synonyms');
    const dirty = tableFromIPC(fs.readFileSync(path.join(out, 'clotho.development.dirty.arrow')));
    expect(dirty.schema.metadata.get('zsaudit.strictness')).toBe('synonyms');
    expect(fs.existsSync(path.join(out, 'export/clotho/clotho_captions_development.csv'))).toBe(true);
    const inspected = run(['inspect', path.join(out, 'clotho.development.leaks.arrow'), '-n', '1']);
    expect(inspected.status).toBe(0);
    expect(inspected.stdout).toMatch(/rows: \d+/);
    expect(inspected.stdout).toContain('zsaudit.schema: zsaudit.curation.leaks/1');
    expect(inspected.stdout).toContain('span_start: Int32');
  });

  it('fails with one clear line for bad input', () => {
    const missing = run([
      'curate',
      '--corpus',
      'clotho',
      '--input',
      path.join(tmp, 'absent.csv'),
      '--out',
      path.join(tmp, 'o2'),
    ]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/zsaudit: .*absent\.csv/);
    const badLevel = run(['curate', '--corpus', 'clotho', '--input', EXAMPLES, '--strictness', 'loose']);
    expect(badLevel.status).toBe(1);
    expect(badLevel.stderr).toContain(
      '--strictness: expected one of exact, inflections, synonyms, words or a comma-separated list of them, got "loose"',
    );
    const notArrow = run(['inspect', path.join(ROOT, 'README.md')]);
    expect(notArrow.status).toBe(1);
    expect(notArrow.stderr).toMatch(/not an Arrow IPC file/);
  });

  it('runs the config-driven curation with the fingerprint Nx uses', () => {
    const out = path.join(tmp, 'out-all');
    const config = writeConfig(
      'examples.yaml',
      [
        'version: 1',
        'curation:',
        `  esc50: { root: ${path.join(EXAMPLES, 'esc50')} }`,
        '  corpora:',
        ...['clotho', 'audiocaps', 'fsd50k', 'macs'].map(
          (c) => `    - { corpus: ${c}, input: ${path.join(EXAMPLES, c)} }`,
        ),
      ].join('\n'),
    );
    const r = run(['curate', '--config', config, '--out', out]);
    expect(r.status).toBe(0);
    const summary = JSON.parse(fs.readFileSync(path.join(out, 'curation-summary.json'), 'utf8'));
    expect(Object.keys(summary.corpora).sort()).toEqual(['audiocaps', 'clotho', 'fsd50k', 'macs']);
    expect(summary.esc50.clips).toBe(100);
    const hash = execFileSync(
      process.execPath,
      [BIN, 'fingerprint', 'curation', '--config', config, '--hash'],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    ).trim();
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('generates the sound world from flags or the config, and estimates a profile without generating', () => {
    const est = run(['world', '--size', 'small', '--estimate']);
    expect(est.status).toBe(0);
    expect(est.stdout).toMatch(/esc50\s+2000 files/);
    expect(est.stdout).toMatch(/total .* GiB \(small, 16000 Hz\)/);
    const config = writeConfig(
      'world.yaml',
      'version: 1\nworld: { seed: 5, size: tiny, sampleRate: 8000 }\n',
    );
    const out = path.join(tmp, 'world');
    const r = run(['world', '--config', config, '--out', out, '--workers', '1']);
    expect(r.stderr).not.toMatch(/zsaudit:/);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/world \(seed 5, tiny, 8000 Hz\)/);
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'world.json'), 'utf8'));
    expect(manifest.seed).toBe(5);
    expect(manifest.profile.sampleRate).toBe(8000);
    const bad = run(['world', '--size', 'huge', '--estimate']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/zsaudit: .*size/);
  });

  it('writes the default backbones and embeds a folder of WAVs and a text file into Arrow', () => {
    const bb = path.join(tmp, 'backbones');
    const made = run(['backbones', '--out', bb]);
    expect(made.status).toBe(0);
    const audio = fs.readdirSync(bb).find((f) => f.startsWith('cnn14') && f.endsWith('.json'))!;
    const text = fs.readdirSync(bb).find((f) => f.startsWith('bert') && f.endsWith('.json'))!;
    const wavs = path.join(tmp, 'wavs');
    fs.mkdirSync(wavs, { recursive: true });
    const tone = Float32Array.from({ length: 8000 }, (_, i) => 0.2 * Math.sin(i / 5));
    fs.writeFileSync(path.join(wavs, 'one.wav'), writeWav16(tone, 16000));
    fs.writeFileSync(path.join(wavs, 'broken.wav'), 'RIFF????WAVE');
    const xa = run([
      'embed-audio',
      '--backbone',
      path.join(bb, audio),
      '--input',
      wavs,
      '--out',
      path.join(tmp, 'xa.arrow'),
    ]);
    expect(xa.status).toBe(0);
    expect(xa.stdout).toMatch(/embed-audio: 1 embedded \(128-d\), 1 excluded/);
    expect(xa.stderr).toMatch(/excluded broken\.wav: unreadable-audio: .*broken\.wav/);
    fs.writeFileSync(path.join(tmp, 'prompts.txt'), 'this is a sound of dog\nthis is a sound of rain\n');
    const xt = run([
      'embed-text',
      '--backbone',
      path.join(bb, text),
      '--input',
      path.join(tmp, 'prompts.txt'),
      '--out',
      path.join(tmp, 'xt.arrow'),
    ]);
    expect(xt.status).toBe(0);
    const inspected = run(['inspect', path.join(tmp, 'xt.arrow')]);
    expect(inspected.stdout).toContain('embedding: FixedSizeList[128]<Float32>');
    expect(inspected.stdout).toMatch(/zsaudit\.backbone\.sha256: [0-9a-f]{64}/);
    // Two shards merged give the unsharded file; a missing shard is refused.
    fs.writeFileSync(
      path.join(wavs, 'two.wav'),
      writeWav16(
        tone.map((v) => v * 0.5),
        16000,
      ),
    );
    const whole = path.join(tmp, 'xa-whole.arrow');
    expect(
      run(['embed-audio', '--backbone', path.join(bb, audio), '--input', wavs, '--out', whole]).status,
    ).toBe(0);
    for (const i of [1, 2]) {
      const r = run([
        'embed-audio',
        '--backbone',
        path.join(bb, audio),
        '--input',
        wavs,
        '--out',
        path.join(tmp, `xa.${i}.arrow`),
        '--shard',
        `${i}/2`,
      ]);
      expect(r.status).toBe(0);
    }
    const merged = run([
      'merge',
      path.join(tmp, 'xa.1.arrow'),
      path.join(tmp, 'xa.2.arrow'),
      '--out',
      path.join(tmp, 'xa-merged.arrow'),
    ]);
    expect(merged.stdout).toMatch(/merged 2 shards, 2 rows/);
    const a = tableFromIPC(fs.readFileSync(whole));
    const b = tableFromIPC(fs.readFileSync(path.join(tmp, 'xa-merged.arrow')));
    expect(JSON.stringify(b.toArray())).toBe(JSON.stringify(a.toArray()));
    const partial = run(['merge', path.join(tmp, 'xa.2.arrow'), '--out', path.join(tmp, 'no-merge.arrow')]);
    expect(partial.status).toBe(1);
    expect(partial.stderr).toMatch(/missing shard\(s\) 1\/2/);
    const wrong = run([
      'embed-text',
      '--backbone',
      path.join(bb, audio),
      '--input',
      path.join(tmp, 'prompts.txt'),
      '--out',
      path.join(tmp, 'no.arrow'),
    ]);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/not a text backbone/);
  });
});

describe('errors of every stage through zsaudit', () => {
  it('are one line naming the bad value or file, with exit != 0 and nothing written', async () => {
    const out = path.join(tmp, 'never');
    const absent = path.join(tmp, 'absent.yaml');
    const cases: [string[], string][] = [
      [['world', '--seed', 'x1', '--out', out], '--seed: expected an integer >= 0, got "x1"'],
      [['world-baseline', out], `${out}: no complete world`],
      [['curate', '--corpus', 'clotho', '--input', path.join(tmp, 'absent.csv'), '--out', out], 'absent.csv'],
      [['embed-text', '--batch-size', '0', '--backbone', 'b', '--input', 'i', '--out', out], '--batch-size'],
      [['analyze', '--config', absent, '--out', out], absent],
      [['inspect', '--rows', 'many', 'x.arrow'], '--rows: expected an integer >= 0, got "many"'],
      [['fingerprint', 'world', '--config', ''], '--config: expected a file name, got ""'],
      [['config', '--config', absent], `${absent}: config file not found`],
    ];
    for (const [args, message] of cases) {
      const r = await runZsaudit(args);
      expect({ args, exitCode: r.exitCode }).toEqual({ args, exitCode: 1 });
      expect(r.stderr.split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^zsaudit: /);
      expect(r.stderr).toContain(message);
      expect(fs.existsSync(out)).toBe(false);
    }
  });
});
