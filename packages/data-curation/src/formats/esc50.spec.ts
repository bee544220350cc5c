import * as path from 'node:path';
import { sha256 } from '@zsaudit/core';
import { loadEsc50 } from './esc50';
import { CurationInputError } from '../types';
import { fixtureTrees } from '../testing/fixtures';

const { fixture: dir } = fixtureTrees('esc50');

const HEADER = 'filename,fold,target,category,esc10,src_file,take\n';
const META =
  HEADER +
  '1-100032-A-0.wav,1,0,dog,True,100032,A\n' +
  '1-100038-A-14.wav,1,14,chirping_birds,False,100038,A\n' +
  '5-9032-A-0.wav,5,0,dog,True,9032,A\n';

describe('loadEsc50', () => {
  it('loads meta/esc50.csv text-only when there is no audio folder', () => {
    const d = dir({ 'meta/esc50.csv': META });
    const l = loadEsc50(d);
    expect(l.textOnly).toBe(true);
    expect(l.files).toEqual([path.join(d, 'meta/esc50.csv')]);
    expect(l.exclusions).toEqual([]);
    expect(l.clips.map((c) => c.clipId)).toEqual([
      'esc50:test:1-100032-A-0.wav',
      'esc50:test:1-100038-A-14.wav',
      'esc50:test:5-9032-A-0.wav',
    ]);
    expect(l.clips[1]).toEqual({
      clipId: 'esc50:test:1-100038-A-14.wav',
      filename: '1-100038-A-14.wav',
      audioPath: null,
      audioSha256: null,
      fold: 1,
      target: 14,
      category: 'chirping_birds',
      esc10: false,
      srcFile: '100038',
      take: 'A',
      source: { file: path.join(d, 'meta/esc50.csv'), row: 3 },
    });
  });

  it('reads esc10 as True/False in any case and as 1/0', () => {
    const d = dir({
      'meta/esc50.csv':
        HEADER +
        'a.wav,1,0,dog,TRUE,1,A\nb.wav,2,0,dog,false,2,A\nc.wav,3,0,dog,1,3,A\nd.wav,4,0,dog,0,4,A\n',
    });
    expect(loadEsc50(d).clips.map((c) => c.esc10)).toEqual([true, false, true, false]);
  });

  it('resolves audio under <root>/audio and excludes clips whose file is missing', () => {
    const d = dir({
      'meta/esc50.csv': META,
      'audio/1-100032-A-0.wav': 'RIFF',
      'audio/5-9032-A-0.wav': 'RIFF',
    });
    const l = loadEsc50(d);
    expect(l.textOnly).toBe(false);
    expect(l.clips.map((c) => c.audioPath)).toEqual([
      path.join(d, 'audio/1-100032-A-0.wav'),
      path.join(d, 'audio/5-9032-A-0.wav'),
    ]);
    expect(l.exclusions).toEqual([
      expect.objectContaining({ row: 3, clipId: 'esc50:test:1-100038-A-14.wav', reason: 'missing-audio' }),
    ]);
    expect(l.exclusions[0].message).toContain(path.join(d, 'audio/1-100038-A-14.wav'));
  });

  it('excludes a filename that leaves the audio folder, audio that is a folder, and hashes the audio it keeps', () => {
    const d = dir({
      'meta/esc50.csv':
        HEADER +
        '1-1-A-0.wav,1,0,dog,True,1,A\n../outside.wav,1,0,dog,True,2,A\n1-3-A-0.wav,1,0,dog,True,3,A\n',
      'audio/1-1-A-0.wav': 'RIFF-1',
      'audio/1-3-A-0.wav/x': 'a folder named like a clip',
      'outside.wav': 'RIFF',
    });
    const l = loadEsc50(d);
    expect(l.clips.map((c) => [c.filename, c.audioSha256])).toEqual([['1-1-A-0.wav', sha256('RIFF-1')]]);
    expect(l.exclusions.map((e) => [e.row, e.reason, e.message])).toEqual([
      [
        3,
        'path-outside-root',
        `audio file name "../outside.wav" resolves outside the audio folder ${path.join(d, 'audio')}`,
      ],
      [
        4,
        'unreadable-audio',
        `audio file ${path.join(d, 'audio/1-3-A-0.wav')} is a folder, not an audio file`,
      ],
    ]);
  });

  it('errors on a missing metadata file and names the file and the missing column', () => {
    const none = dir({});
    expect(() => loadEsc50(none)).toThrow(CurationInputError);
    expect(() => loadEsc50(none)).toThrow(/meta\/esc50\.csv: ESC-50 metadata file not found/);
    const d = dir({ 'meta/esc50.csv': 'filename,fold,target,category,src_file,take\na.wav,1,0,dog,1,A\n' });
    expect(() => loadEsc50(d)).toThrow(/meta\/esc50\.csv:1: missing column\(s\) "esc10"/);
  });

  it('excludes malformed rows, bad values and duplicate filenames, naming file and line', () => {
    const d = dir({
      'meta/esc50.csv':
        HEADER +
        '1-1-A-0.wav,1,0,dog,True,1,A\n' + // 2 kept
        '1-2-A-0.wav,1,0,dog\n' + // 3 malformed
        '6-3-A-0.wav,6,0,dog,True,3,A\n' + // 4 fold out of range
        '1-4-A-0.wav,1,-1,dog,True,4,A\n' + // 5 negative target
        '1-5-A-0.wav,1.5,x,dog,maybe,5,A\n' + // 6 three bad values
        '1-6-A-0.wav,1,0,,True,6,A\n' + // 7 empty category
        ',1,0,dog,True,7,A\n' + // 8 no filename
        '1-1-A-0.wav,2,0,dog,True,1,A\n', // 9 duplicate
    });
    const l = loadEsc50(d);
    const file = path.join(d, 'meta/esc50.csv');
    expect(l.clips.map((c) => c.filename)).toEqual(['1-1-A-0.wav']);
    expect(l.exclusions.map((e) => [e.file, e.row, e.reason, e.clipId])).toEqual([
      [file, 3, 'malformed-row', null],
      [file, 4, 'invalid-value', 'esc50:test:6-3-A-0.wav'],
      [file, 5, 'invalid-value', 'esc50:test:1-4-A-0.wav'],
      [file, 6, 'invalid-value', 'esc50:test:1-5-A-0.wav'],
      [file, 7, 'invalid-value', 'esc50:test:1-6-A-0.wav'],
      [file, 8, 'invalid-value', null],
      [file, 9, 'duplicate-id', 'esc50:test:1-1-A-0.wav'],
    ]);
    expect(l.exclusions[1].message).toBe(`${file}:4 (6-3-A-0.wav): fold "6" is not an integer 1..5`);
    expect(l.exclusions[3].message).toMatch(/fold "1\.5".*target "x".*esc10 "maybe"/);
    expect(l.exclusions[6].message).toMatch(/first seen at .*esc50\.csv:2/);
  });
});
