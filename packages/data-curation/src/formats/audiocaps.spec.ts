import * as fs from 'node:fs';
import * as path from 'node:path';
import { audioCapsFileName, exportCleanAudioCaps, loadAudioCaps } from './audiocaps';
import { CurationInputError } from '../types';
import { expectSubsetReadsBack, fixtureTrees } from '../testing/fixtures';

const { fixture: dir, outDir } = fixtureTrees('audiocaps');

const HEADER = 'audiocap_id,youtube_id,start_time,caption\n';
const TRAIN =
  HEADER +
  '91139,r1nicOVtvkQ,130,A woman talks nearby as water pours\n' +
  '58146,UDGBjjwyaqE,20,"Multiple clanging and clanking sounds, then a man speaks"\n' +
  '11542,kZpR4mm8K8c,0,  A vehicle drives past on a wet road  \n';
const VAL = HEADER + '97151,vfY_TJq7n_U,130,Rustling occurs and a man speaks\n';
const TEST = HEADER + '103549,7fmOlUlwoNg,20,A fire truck siren blares\n';

describe('loadAudioCaps', () => {
  it('loads train/val/test of a folder, one clip per row with its caption trimmed', () => {
    const d = dir({ 'train.csv': TRAIN, 'val.csv': VAL, 'test.csv': TEST, 'other.csv': HEADER });
    const l = loadAudioCaps(d);
    expect(l.corpus).toBe('audiocaps');
    expect(l.textOnly).toBe(true);
    expect(l.exclusions).toEqual([]);
    expect(l.files).toEqual(['train.csv', 'val.csv', 'test.csv'].map((f) => path.join(d, f)));
    expect(l.clips.map((c) => c.clipId)).toEqual([
      'audiocaps:train:91139',
      'audiocaps:train:58146',
      'audiocaps:train:11542',
      'audiocaps:val:97151',
      'audiocaps:test:103549',
    ]);
    expect(l.clips[1]).toEqual({
      clipId: 'audiocaps:train:58146',
      corpus: 'audiocaps',
      split: 'train',
      sourceId: '58146',
      audioPath: null,
      audioSha256: null,
      texts: [
        {
          field: 'caption',
          id: 'audiocaps:train:58146#caption',
          text: 'Multiple clanging and clanking sounds, then a man speaks',
        },
      ],
      source: { file: path.join(d, 'train.csv'), row: 3 },
    });
    expect(l.clips[2].texts[0].text).toBe('A vehicle drives past on a wet road');
  });

  it('loads one split file, its split taken from the file name', () => {
    const d = dir({ 'val.csv': VAL });
    const l = loadAudioCaps(path.join(d, 'val.csv'));
    expect(l.clips.map((c) => c.split)).toEqual(['val']);
  });

  it('errors on a folder without split files', () => {
    const d = dir({ 'x.txt': '' });
    expect(() => loadAudioCaps(d)).toThrow(CurationInputError);
    expect(() => loadAudioCaps(d)).toThrow(/no train\.csv, val\.csv or test\.csv/);
  });

  it('names the file and the column when a column is missing', () => {
    const d = dir({ 'train.csv': 'audiocap_id,youtube_id,caption\n1,abc,hello\n' });
    expect(() => loadAudioCaps(d)).toThrow(/train\.csv:1: missing column\(s\) "start_time"/);
  });

  it('excludes malformed rows, bad values, empty captions and duplicates, each once', () => {
    const d = dir({
      'train.csv':
        HEADER +
        '1,aaa,0,A dog barks\n' + // 2 kept
        '2,bbb,0\n' + // 3 malformed
        '3,ccc,soon,A bell rings\n' + // 4 bad start_time
        '4,,10,A cat meows\n' + // 5 empty youtube_id
        ',eee,10,Wind blows\n' + // 6 empty id
        '6,fff,10,   \n' + // 7 no text
        '1,ggg,5,Another caption for one\n', // 8 duplicate
    });
    const l = loadAudioCaps(d);
    expect(l.clips.map((c) => c.sourceId)).toEqual(['1']);
    expect(l.exclusions.map((e) => [e.row, e.reason, e.clipId])).toEqual([
      [3, 'malformed-row', null],
      [4, 'invalid-value', 'audiocaps:train:3'],
      [5, 'invalid-value', 'audiocaps:train:4'],
      [6, 'invalid-value', null],
      [7, 'no-text', 'audiocaps:train:6'],
      [8, 'duplicate-id', 'audiocaps:train:1'],
    ]);
    expect(l.exclusions[1].message).toMatch(/start_time "soon"/);
    expect(l.exclusions[2].message).toMatch(/youtube_id is empty/);
  });

  it('builds audio paths from the file-name template and excludes missing audio', () => {
    const d = dir({
      'train.csv': TRAIN,
      'val.csv': VAL,
      'wav/train/91139.wav': 'RIFF',
      'wav/train/58146.wav': 'RIFF',
      'yt/train/r1nicOVtvkQ_130.wav': 'RIFF',
    });
    const l = loadAudioCaps(d, { audio: path.join(d, 'wav/{split}') });
    expect(l.textOnly).toBe(false);
    expect(l.clips.map((c) => c.audioPath)).toEqual([
      path.join(d, 'wav/train/91139.wav'),
      path.join(d, 'wav/train/58146.wav'),
    ]);
    expect(l.exclusions.map((e) => [e.clipId, e.reason])).toEqual([
      ['audiocaps:train:11542', 'missing-audio'],
      ['audiocaps:val:97151', 'missing-audio'],
    ]);
    expect(l.exclusions[0].message).toContain(path.join(d, 'wav/train/11542.wav'));

    const yt = loadAudioCaps(path.join(d, 'train.csv'), {
      audio: path.join(d, 'yt/{split}'),
      audioFileName: '{youtube_id}_{start_time}.wav',
    });
    expect(yt.clips.map((c) => c.audioPath)).toEqual([path.join(d, 'yt/train/r1nicOVtvkQ_130.wav')]);
    expect(yt.exclusions).toHaveLength(2);
  });

  it('excludes a row whose file name, filled from the template, leaves the audio folder (path-outside-root)', () => {
    const d = dir({
      'train.csv': HEADER + '1,abc,0,A caption\n2,../../outside,0,Another caption\n',
      'yt/train/abc.wav': 'RIFF',
      'outside.wav': 'RIFF',
    });
    const l = loadAudioCaps(d, { audio: path.join(d, 'yt/{split}'), audioFileName: '{youtube_id}.wav' });
    expect(l.clips.map((c) => c.audioPath)).toEqual([path.join(d, 'yt/train/abc.wav')]);
    expect(l.exclusions.map((e) => [e.row, e.clipId, e.reason, e.message])).toEqual([
      [
        3,
        'audiocaps:train:2',
        'path-outside-root',
        `audio file name "../../outside.wav" resolves outside the audio folder ${path.join(d, 'yt/train')}`,
      ],
    ]);
  });

  it('rejects an unknown placeholder in the file-name template', () => {
    expect(
      audioCapsFileName('Y{youtube_id}.wav', { audiocap_id: '1', youtube_id: 'abc', start_time: '0' }),
    ).toBe('Yabc.wav');
    const d = dir({ 'train.csv': TRAIN });
    expect(() => loadAudioCaps(d, { audio: d, audioFileName: '{ytid}.wav' })).toThrow(
      /unknown placeholder \{ytid\}/,
    );
  });
});

describe('exportCleanAudioCaps', () => {
  it('round-trips a subset: same header, only kept rows, identical texts', () => {
    const d = dir({ 'train.csv': TRAIN, 'val.csv': VAL, 'test.csv': TEST });
    const l = loadAudioCaps(d);
    const keep = new Set(['audiocaps:train:58146', 'audiocaps:train:11542', 'audiocaps:test:103549']);
    const out = outDir();
    const written = exportCleanAudioCaps(l, keep, out);
    expect(written).toEqual(['train.csv', 'val.csv', 'test.csv'].map((f) => path.join(out, f)));
    const back = loadAudioCaps(out);
    expectSubsetReadsBack(l, back, keep);
    expect(fs.readFileSync(path.join(out, 'train.csv'), 'utf8')).toBe(
      HEADER +
        '58146,UDGBjjwyaqE,20,"Multiple clanging and clanking sounds, then a man speaks"\n' +
        '11542,kZpR4mm8K8c,0,  A vehicle drives past on a wet road  \n',
    );
    expect(fs.readFileSync(path.join(out, 'val.csv'), 'utf8')).toBe(HEADER);
  });
});
