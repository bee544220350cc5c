import * as fs from 'node:fs';
import * as path from 'node:path';
import { exportCleanFsd50k, loadFsd50k } from './fsd50k';
import { CurationInputError } from '../types';
import { expectSubsetReadsBack, fixtureTrees } from '../testing/fixtures';

const { fixture: dir, outDir } = fixtureTrees('fsd50k');

const meta = (title: string, description: string, tags: string[]) => ({
  title,
  description,
  tags,
  license: 'http://creativecommons.org/licenses/by/3.0/',
  uploader: 'someone',
});

const DEV_CSV =
  'fname,labels,mids,split\n' +
  '64760,"Electric_guitar,Guitar,Plucked_string_instrument,Musical_instrument,Music","/m/02sgy,/m/0342h,/m/0fx80y,/m/04szw,/m/04rlf",train\n' +
  '16399,"Drawer_open_or_close,Cupboard_open_or_close,Domestic_sounds_and_home_sounds","/m/0fqfqc,/m/0642b4,/m/0hdsk",train\n' +
  '21914,"Car_passing_by,Car,Vehicle","/m/07rknqz,/m/0k4j,/m/07yv9",val\n';
const DEV_META = {
  '64760': meta('guitar riff 3.wav', 'Short riff on an electric guitar, recorded through a small amp.', [
    'guitar',
    'riff',
    'electric',
  ]),
  '16399': meta('kitchen drawer', '  A drawer opened and shut twice.  ', ['drawer', 'kitchen']),
  '21914': meta('car pass', 'A car passes on a wet road.', ['car', 'road', 'wet']),
  '99999': meta('not in the csv', 'ignored: the CSV defines the clips', []),
};
const EVAL_CSV =
  'fname,labels,mids\n37199,"Bark,Dog,Domestic_animals_and_pets,Animal","/m/05tny_,/m/0bt9lr,/m/068hy,/m/0jbk"\n';
const EVAL_META = { '37199': meta('dog outside', 'A dog at the gate.', ['dog', 'gate']) };

const corpus = (over: Record<string, string> = {}) =>
  dir({
    'ground_truth/dev.csv': DEV_CSV,
    'ground_truth/eval.csv': EVAL_CSV,
    'metadata/dev_clips_info_FSD50K.json': JSON.stringify(DEV_META),
    'metadata/eval_clips_info_FSD50K.json': JSON.stringify(EVAL_META),
    ...over,
  });

describe('loadFsd50k', () => {
  it('loads dev (train and val) and eval clips with title, description and tags', () => {
    const d = corpus();
    const l = loadFsd50k(d);
    expect(l.corpus).toBe('fsd50k');
    expect(l.textOnly).toBe(true);
    expect(l.exclusions).toEqual([]);
    expect(l.files).toEqual([
      path.join(d, 'ground_truth/dev.csv'),
      path.join(d, 'metadata/dev_clips_info_FSD50K.json'),
      path.join(d, 'ground_truth/eval.csv'),
      path.join(d, 'metadata/eval_clips_info_FSD50K.json'),
    ]);
    expect(l.clips.map((c) => c.clipId)).toEqual([
      'fsd50k:train:64760',
      'fsd50k:train:16399',
      'fsd50k:val:21914',
      'fsd50k:eval:37199',
    ]);
    expect(l.clips[1]).toEqual({
      clipId: 'fsd50k:train:16399',
      corpus: 'fsd50k',
      split: 'train',
      sourceId: '16399',
      audioPath: null,
      audioSha256: null,
      texts: [
        { field: 'title', id: 'fsd50k:train:16399#title', text: 'kitchen drawer' },
        {
          field: 'description',
          id: 'fsd50k:train:16399#description',
          text: 'A drawer opened and shut twice.',
        },
        { field: 'tags', id: 'fsd50k:train:16399#tags', text: 'drawer, kitchen' },
      ],
      source: { file: path.join(d, 'ground_truth/dev.csv'), row: 3 },
    });
  });

  it('works without eval.csv', () => {
    const d = corpus();
    fs.rmSync(path.join(d, 'ground_truth/eval.csv'));
    const l = loadFsd50k(d);
    expect(l.clips.map((c) => c.split)).toEqual(['train', 'train', 'val']);
    expect(l.raw.eval).toBeNull();
  });

  it('errors on a missing ground-truth or metadata file and on malformed JSON, naming the file', () => {
    const noDev = dir({ 'metadata/dev_clips_info_FSD50K.json': '{}' });
    expect(() => loadFsd50k(noDev)).toThrow(CurationInputError);
    expect(() => loadFsd50k(noDev)).toThrow(/ground_truth\/dev\.csv: FSD50K ground-truth file not found/);

    const noMeta = corpus();
    fs.rmSync(path.join(noMeta, 'metadata/eval_clips_info_FSD50K.json'));
    expect(() => loadFsd50k(noMeta)).toThrow(/eval_clips_info_FSD50K\.json: metadata file not found/);

    const bad = corpus({ 'metadata/dev_clips_info_FSD50K.json': '{\n  "64760": {"title": "x",\n  }\n' });
    expect(() => loadFsd50k(bad)).toThrow(CurationInputError);
    expect(() => loadFsd50k(bad)).toThrow(/dev_clips_info_FSD50K\.json(:\d+)?: malformed JSON/);

    const notObject = corpus({ 'metadata/dev_clips_info_FSD50K.json': '[1, 2]' });
    expect(() => loadFsd50k(notObject)).toThrow(/expected a JSON object keyed by fname/);
  });

  it('names the file and the column when a column is missing', () => {
    const d = corpus({ 'ground_truth/dev.csv': 'fname,labels,mids\n1,a,b\n' });
    expect(() => loadFsd50k(d)).toThrow(/ground_truth\/dev\.csv:1: missing column\(s\) "split"/);
    const e = corpus({ 'ground_truth/eval.csv': 'fname,labels\n1,a\n' });
    expect(() => loadFsd50k(e)).toThrow(/ground_truth\/eval\.csv:1: missing column\(s\) "mids"/);
  });

  it('excludes malformed rows, bad values, missing metadata, empty texts and duplicates', () => {
    const d = corpus({
      'ground_truth/dev.csv':
        'fname,labels,mids,split\n' +
        '1,Music,/m/04rlf,train\n' + // 2 kept, empty description
        '2,Music\n' + // 3 malformed
        '3,Music,/m/04rlf,test\n' + // 4 bad split
        '4,Music,/m/04rlf,train\n' + // 5 no metadata entry
        '5,Music,/m/04rlf,val\n' + // 6 no text at all
        '6,Music,/m/04rlf,train\n' + // 7 bad metadata shape
        '1,Music,/m/04rlf,train\n', // 8 duplicate
      'metadata/dev_clips_info_FSD50K.json': JSON.stringify({
        '1': meta('one', ' ', ['a', 'b']),
        '3': meta('three', 'x', []),
        '5': meta('', '', []),
        '6': { title: 'six', description: 'x', tags: 'not-a-list' },
      }),
    });
    const l = loadFsd50k(d);
    expect(
      l.clips.filter((c) => c.split !== 'eval').map((c) => [c.clipId, c.texts.map((t) => t.field)]),
    ).toEqual([['fsd50k:train:1', ['title', 'tags']]]);
    const csv = path.join(d, 'ground_truth/dev.csv');
    // In file order: by row, whichever check found the problem.
    expect(l.exclusions.map((e) => [e.file, e.row, e.reason, e.clipId, e.textId])).toEqual([
      [csv, 2, 'empty-text', 'fsd50k:train:1', 'fsd50k:train:1#description'],
      [csv, 3, 'malformed-row', null, null],
      [csv, 4, 'invalid-value', null, null],
      [csv, 5, 'invalid-value', 'fsd50k:train:4', null],
      [csv, 6, 'no-text', 'fsd50k:val:5', null],
      [csv, 7, 'invalid-value', 'fsd50k:train:6', null],
      [csv, 8, 'duplicate-id', 'fsd50k:train:1', null],
    ]);
    expect(l.exclusions[3].message).toBe(
      `no entry for fname 4 in ${path.join(d, 'metadata/dev_clips_info_FSD50K.json')}`,
    );
    expect(l.exclusions[5].message).toMatch(/tags/);
  });

  it('finds audio as <group folder>/<fname>.wav and excludes missing audio', () => {
    const d = corpus({
      'FSD50K.dev_audio/64760.wav': 'RIFF',
      'FSD50K.dev_audio/21914.wav': 'RIFF',
      'FSD50K.eval_audio/37199.wav': 'RIFF',
    });
    const l = loadFsd50k(d, { audio: path.join(d, 'FSD50K.{split}_audio') });
    expect(l.textOnly).toBe(false);
    expect(l.clips.map((c) => [c.clipId, c.audioPath])).toEqual([
      ['fsd50k:train:64760', path.join(d, 'FSD50K.dev_audio/64760.wav')],
      ['fsd50k:val:21914', path.join(d, 'FSD50K.dev_audio/21914.wav')],
      ['fsd50k:eval:37199', path.join(d, 'FSD50K.eval_audio/37199.wav')],
    ]);
    expect(l.exclusions).toEqual([
      expect.objectContaining({ row: 3, clipId: 'fsd50k:train:16399', reason: 'missing-audio' }),
    ]);
    expect(l.exclusions[0].message).toContain(path.join(d, 'FSD50K.dev_audio/16399.wav'));
  });

  it('excludes an fname that leaves the audio folder (path-outside-root) rather than calling it a bad name', () => {
    const d = corpus({
      'ground_truth/dev.csv': 'fname,labels,mids,split\n64760,a,b,train\n../../outside,a,b,train\n',
      'metadata/dev_clips_info_FSD50K.json': JSON.stringify({
        '64760': DEV_META['64760'],
        '../../outside': DEV_META['64760'],
      }),
      'FSD50K.dev_audio/64760.wav': 'RIFF',
      'outside.wav': 'RIFF',
    });
    const l = loadFsd50k(d, { audio: path.join(d, 'FSD50K.{split}_audio') });
    expect(l.clips.map((c) => c.sourceId)).toEqual(['64760']);
    expect(l.exclusions.map((e) => [e.row, e.reason, e.message])).toEqual([
      [
        3,
        'path-outside-root',
        `audio file name "../../outside.wav" resolves outside the audio folder ${path.join(d, 'FSD50K.dev_audio')}`,
      ],
      // eval.csv's clip has no audio here
      [2, 'missing-audio', expect.stringContaining('37199.wav')],
    ]);
  });
});

describe('exportCleanFsd50k', () => {
  it('round-trips a subset: kept CSV rows and metadata entries, identical texts', () => {
    const d = corpus();
    const l = loadFsd50k(d);
    const keep = new Set(['fsd50k:train:16399', 'fsd50k:val:21914', 'fsd50k:eval:37199']);
    const out = outDir();
    const written = exportCleanFsd50k(l, keep, out);
    expect(written.sort()).toEqual(
      [
        'ground_truth/dev.csv',
        'metadata/dev_clips_info_FSD50K.json',
        'ground_truth/eval.csv',
        'metadata/eval_clips_info_FSD50K.json',
      ]
        .map((f) => path.join(out, f))
        .sort(),
    );
    const back = loadFsd50k(out);
    expectSubsetReadsBack(l, back, keep);
    expect(fs.readFileSync(path.join(out, 'ground_truth/dev.csv'), 'utf8')).toBe(
      'fname,labels,mids,split\n' + DEV_CSV.split('\n').slice(2, 4).join('\n') + '\n',
    );
    const json = JSON.parse(fs.readFileSync(path.join(out, 'metadata/dev_clips_info_FSD50K.json'), 'utf8'));
    expect(json).toEqual({ '16399': DEV_META['16399'], '21914': DEV_META['21914'] });
    expect(() => exportCleanFsd50k(l, keep, d)).toThrow(/refusing to overwrite/);
  });
});
