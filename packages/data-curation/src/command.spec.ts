/**
 * The stage's own command line, run as users and Nx run it: `node bin/zsaudit-curation.js …` in a child process,
 * from a temp folder, on the examples tree and on a tiny config written here.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OUTPUT_SET_MARKER, readArrowFile, stableJson } from '@zsaudit/core';
import { writeFixtureFiles } from '@zsaudit/testing';
import {
  CURATED_CLIPS_SCHEMA_ID,
  ESC50_SCHEMA_ID,
  EXCLUDED_SCHEMA_ID,
  LEAKS_SCHEMA_ID,
} from './arrow/tables';
import { curationConfigSchema } from './config';
import { fixtureTrees } from './testing/fixtures';

const BIN = path.resolve(__dirname, '../bin/zsaudit-curation.js');
const EXAMPLES = path.resolve(__dirname, '../examples');
const { tmp } = fixtureTrees('curation-command');

const run = (args: string[], cwd = tmp) =>
  spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });

/** Every file under `dir`, relative, sorted; [] when it does not exist. */
const filesUnder = (dir: string): string[] =>
  fs.existsSync(dir)
    ? (fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[])
        .filter((f) => fs.statSync(path.join(dir, f)).isFile())
        .sort()
    : [];

const EXAMPLES_CONFIG = [
  'version: 1',
  'world: { seed: 1 }',
  'curation:',
  `  esc50: { root: ${JSON.stringify(path.join(EXAMPLES, 'esc50'))} }`,
  '  corpora:',
  ...['clotho', 'audiocaps', 'fsd50k', 'macs'].map(
    (c) => `    - { corpus: ${c}, input: ${JSON.stringify(path.join(EXAMPLES, c))} }`,
  ),
  '',
].join('\n');

// A tiny study: paths relative to the config, its own label list, an allowlisted phrase, export on.
const TINY = {
  'study/zsaudit.config.yaml': [
    'version: 1',
    'models: { batchSize: { audio: 4 } }',
    'curation:',
    '  labels: labels.txt',
    '  strictness: exact',
    '  allowlist: { dog: ["dog statue"] }',
    '  corpora:',
    '    - { corpus: clotho, input: captions }',
    '  export: true',
    '',
  ].join('\n'),
  'study/labels.txt': 'dog\nchurch_bells\n',
  'study/captions/clotho_captions_development.csv':
    'file_name,caption_1,caption_2,caption_3,caption_4,caption_5\n' +
    'a.wav,A dog barks.,Barking.,A hound.,Noise.,Sound.\n' +
    'b.wav,Church bells ring.,Bells.,Ringing.,Chimes.,Tolling.\n' +
    'c.wav,Rain falls.,Water.,Drops.,A dog statue.,Wet.\n',
};

/** The flags of a one-corpus run, with a value each. */
const CORPUS_MODE_FLAGS = [
  ['--input', 'a.csv'],
  ['--audio', 'wav'],
  ['--audio-file-name', '{youtube_id}.wav'],
  ['--esc50', 'ESC-50'],
  ['--labels', 'x.txt'],
  ['--forms', 'f.yaml'],
];

describe('zsaudit-curation', () => {
  it('lists its commands', () => {
    const r = run(['--help']);
    expect(r.status).toBe(0);
    for (const cmd of ['curate', 'forms-review', 'fingerprint']) expect(r.stdout).toContain(cmd);
  });

  it('curates the examples tree from a config, every corpus and ESC-50', () => {
    const config = writeFixtureFiles(tmp, { 'examples.yaml': EXAMPLES_CONFIG })['examples.yaml'];
    const r = run(['curate', '--config', config, '--out', 'out-examples']);
    expect(r.stderr).not.toMatch(/zsaudit-curation:/);
    expect(r.status).toBe(0);
    const out = path.join(tmp, 'out-examples');
    const summary = JSON.parse(fs.readFileSync(path.join(out, 'curation-summary.json'), 'utf8'));
    const [first, header, ...table] = r.stdout.trim().split('\n');
    expect(first).toBe(`curation (inflections) -> ${out}: ${summary.outputs.length} files`);
    // What each level removes, per corpus and split, the run's strictness marked.
    expect(header).toMatch(/^removed: clips \(texts\) +exact +inflections\* +synonyms +words$/);
    const clothoDev = summary.corpora.clotho.splits.development;
    const row = table.find((l) => l.startsWith('clotho.development'));
    expect(row).toBeDefined();
    expect(row!.split(/\s{2,}/).slice(1)).toEqual(
      ['exact', 'inflections', 'synonyms', 'words'].map(
        (l) => `${clothoDev.levels[l].clips.removed} (${clothoDev.levels[l].texts.removed})`,
      ),
    );
    expect(Object.keys(summary.corpora).sort()).toEqual(['audiocaps', 'clotho', 'fsd50k', 'macs']);
    expect(summary.esc50.clips).toBe(100);
    expect(filesUnder(out)).toEqual([...summary.outputs, OUTPUT_SET_MARKER].sort());
    expect(readArrowFile(path.join(out, 'esc50.arrow'), ESC50_SCHEMA_ID).numRows).toBe(100);
    const dirty = readArrowFile(path.join(out, 'clotho.development.dirty.arrow'), CURATED_CLIPS_SCHEMA_ID);
    const clean = readArrowFile(path.join(out, 'clotho.development.clean.arrow'), CURATED_CLIPS_SCHEMA_ID);
    expect(dirty.numRows).toBe(12);
    expect(clean.numRows).toBe(summary.corpora.clotho.splits.development.clips.clean);
    expect(clean.numRows).toBeLessThan(dirty.numRows);
  });

  it('curates a tiny config: paths relative to it, its label list, allowlist and export', () => {
    writeFixtureFiles(tmp, TINY);
    const r = run(['curate', '--out', '../out-tiny'], path.join(tmp, 'study'));
    expect(r.stderr).not.toMatch(/zsaudit-curation:/);
    expect(r.status).toBe(0);
    const out = path.join(tmp, 'out-tiny');
    expect(filesUnder(out)).toEqual([
      OUTPUT_SET_MARKER,
      'clotho.development.clean.arrow',
      'clotho.development.dirty.arrow',
      'clotho.development.leaks.arrow',
      'clotho.excluded.arrow',
      'curation-summary.json',
      'export/clotho/clotho_captions_development.csv',
    ]);
    const summary = JSON.parse(fs.readFileSync(path.join(out, 'curation-summary.json'), 'utf8'));
    expect(summary.strictness).toBe('exact');
    expect(summary.labelSet).toMatchObject({ name: 'labels', labels: 2 });
    expect(summary.allowlist).toEqual({ dog: ['dog statue'] });
    const leaks = readArrowFile(path.join(out, 'clotho.development.leaks.arrow'), LEAKS_SCHEMA_ID);
    // The leaks table holds the hits up to the run's level; the summary counts what every level would remove.
    expect(leaks.toArray().map((l) => [l!.clip_id, l!.label, l!.level, l!.status, l!.matched])).toEqual([
      ['clotho:development:a.wav', 'dog', 'exact', 'leak', 'dog'],
      ['clotho:development:b.wav', 'church_bells', 'exact', 'leak', 'Church bells'],
      ['clotho:development:c.wav', 'dog', 'exact', 'allowlisted', 'dog'],
    ]);
    expect(summary.corpora.clotho.splits.development.levels).toEqual({
      exact: { clips: { clean: 1, removed: 2 }, texts: { clean: 5, removed: 10, leaking: 2 } },
      inflections: { clips: { clean: 1, removed: 2 }, texts: { clean: 5, removed: 10, leaking: 2 } },
      synonyms: { clips: { clean: 1, removed: 2 }, texts: { clean: 5, removed: 10, leaking: 4 } },
      words: { clips: { clean: 1, removed: 2 }, texts: { clean: 5, removed: 10, leaking: 5 } },
    });
    const clean = readArrowFile(path.join(out, 'clotho.development.clean.arrow'), CURATED_CLIPS_SCHEMA_ID);
    expect(clean.toArray().map((c) => c!.clip_id)).toEqual(['clotho:development:c.wav']);
    expect(readArrowFile(path.join(out, 'clotho.excluded.arrow'), EXCLUDED_SCHEMA_ID).numRows).toBe(0);
    expect(fs.readFileSync(path.join(out, 'export/clotho/clotho_captions_development.csv'), 'utf8')).toBe(
      'file_name,caption_1,caption_2,caption_3,caption_4,caption_5\nc.wav,Rain falls.,Water.,Drops.,A dog statue.,Wet.\n',
    );
  });

  it('curates one corpus from flags, with --allow and --export', () => {
    const r = run([
      'curate',
      '--corpus',
      'clotho',
      '--input',
      path.join(EXAMPLES, 'clotho'),
      '--strictness',
      'synonyms',
      '--allow',
      'dog=hot dog',
      '--out',
      'out-flags',
      '--export',
    ]);
    expect(r.status).toBe(0);
    const out = path.join(tmp, 'out-flags');
    const summary = JSON.parse(fs.readFileSync(path.join(out, 'curation-summary.json'), 'utf8'));
    expect(summary.strictness).toBe('synonyms');
    expect(summary.allowlist).toEqual({ dog: ['hot dog'] });
    const dirty = readArrowFile(path.join(out, 'clotho.development.dirty.arrow'), CURATED_CLIPS_SCHEMA_ID);
    expect(dirty.schema.metadata.get('zsaudit.strictness')).toBe('synonyms');
    expect(fs.existsSync(path.join(out, 'export/clotho/clotho_captions_development.csv'))).toBe(true);
  });

  it('refuses bad input with one clear line per problem, exit 1 and no file written', () => {
    writeFixtureFiles(tmp, TINY);
    const study = path.join(tmp, 'study');
    const cases: [string[], RegExp][] = [
      [
        ['curate', '--strictness', 'loose'],
        /--strictness: expected one of exact, inflections, synonyms, words or a comma-separated list of them, got "loose"/,
      ],
      // Flags a config run does not read are errors, not silently ignored: every corpus-mode flag, each named on
      // its own line, with an explicit config and with the default one.
      [
        ['curate', '-c', 'zsaudit.config.yaml', ...CORPUS_MODE_FLAGS.flat()],
        new RegExp(CORPUS_MODE_FLAGS.map(([flag]) => `${flag}: only used with --corpus.*`).join('\n')),
      ],
      [['curate', '--labels', 'x.txt'], /--labels: only used with --corpus/],
      [
        ['curate', '--corpus', 'clotho', '--input', 'captions', '--config', 'zsaudit.config.yaml'],
        /--config: not used with --corpus/,
      ],
      [
        ['curate', '--corpus', 'nope', '--input', 'captions'],
        /--corpus: expected one of clotho, audiocaps, fsd50k, macs, esc50, got "nope"/,
      ],
      [['curate', '--corpus', 'clotho'], /--input: --corpus clotho needs --input/],
      // A failed first run leaves no folder behind, nor the missing parents it made.
      [
        ['curate', '--corpus', 'clotho', '--input', 'absent.csv', '--out', 'new/deeper/out'],
        /.*absent\.csv: no such file or folder/,
      ],
      [['curate', '--allow', 'dog'], /--allow: expected label=phrase, got "dog"/],
      [['curate', '-c', 'absent.yaml'], /.*absent\.yaml: config file not found/],
      // An output folder inside an input (here the captions folder the config names).
      [
        ['curate', '--out', 'captions/out'],
        /the output folder \(--out\) .*captions\/out is inside the input .*captions: write it elsewhere/,
      ],
      [['forms-review', '--senses', 'abc'], /--senses: expected an integer >= 1, got "abc"/],
      [['forms-review', '--senses', '0'], /--senses: expected an integer >= 1, got "0"/],
    ];
    for (const [args, message] of cases) {
      const r = run(
        args[0] === 'curate' && !args.includes('--out') ? [...args, '--out', 'out-bad'] : args,
        study,
      );
      expect({ args, status: r.status }).toEqual({ args, status: 1 });
      expect(r.stderr).toMatch(new RegExp(`^zsaudit-curation: ${message.source}`));
      expect(r.stdout).toBe('');
      expect(fs.existsSync(path.join(study, 'out-bad'))).toBe(false);
    }
    expect(fs.readdirSync(path.join(study, 'captions'))).toEqual(['clotho_captions_development.csv']);
    expect(fs.existsSync(path.join(study, 'new'))).toBe(false);
  });

  it("names the file, line and key of an invalid config, and lets other stages' sections through", () => {
    const bad = writeFixtureFiles(tmp, {
      'bad.yaml': 'version: 1\nanalysis: { anything: 1 }\ncuration:\n  strictness: loose\n',
    })['bad.yaml'];
    const r = run(['curate', '--config', bad, '--out', 'out-bad-config']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${bad}:4: curation.strictness`);
    expect(fs.existsSync(path.join(tmp, 'out-bad-config'))).toBe(false);
  });

  it('prints the fingerprint Nx hashes: the curation section and the files it names', () => {
    writeFixtureFiles(tmp, TINY);
    const study = path.join(tmp, 'study');
    const r = run(['fingerprint'], study);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    const section = curationConfigSchema.parse({
      labels: 'labels.txt',
      strictness: 'exact',
      allowlist: { dog: ['dog statue'] },
      corpora: [{ corpus: 'clotho', input: 'captions' }],
      export: true,
    });
    expect(lines.slice(0, 2)).toEqual(['stage curation', `config ${stableJson(section)}`]);
    // The bundled forms table, the label list and the captions the config names, each by content hash, named
    // relative to the config's folder.
    const named = lines.slice(2).map((l) => l.replace(/ [0-9a-f]{64}$/, ''));
    expect(named.sort()).toEqual(
      [
        path.relative(study, path.join(__dirname, '../forms/esc50.forms.yaml')),
        'labels.txt',
        'captions/clotho_captions_development.csv',
      ]
        .map((f) => `file ${f.split(path.sep).join('/')}`)
        .sort(),
    );
    const hash = run(['fingerprint', '--hash'], study);
    expect(hash.stdout.trim()).toMatch(/^[0-9a-f]{64}$/);
    // Another stage's section does not change it; this stage's does.
    fs.appendFileSync(path.join(study, 'zsaudit.config.yaml'), 'analysis: { runs: elsewhere }\n');
    expect(run(['fingerprint', '--hash'], study).stdout).toBe(hash.stdout);
    fs.writeFileSync(path.join(study, 'labels.txt'), 'dog\n');
    expect(run(['fingerprint', '--hash'], study).stdout).not.toBe(hash.stdout);
  });

  it('forms-review marks which WordNet synonyms the forms table covers', () => {
    const r = run(['forms-review', '--label', 'rooster', '--senses', '1']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^rooster\trooster\/noun\t.*\+rooster/m);
  });
});
