import * as fs from 'node:fs';
import * as path from 'node:path';
import { clothoSplitOf, exportCleanClotho, loadClotho } from './clotho';
import { CurationInputError } from '../types';
import { sha256 } from '@zsaudit/core';
import { sharedDataPath } from '@zsaudit/testing';
import { expectSubsetReadsBack, fixtureTrees } from '../testing/fixtures';

const { fixture: dir, outDir } = fixtureTrees('clotho');

const HEADER = 'file_name,caption_1,caption_2,caption_3,caption_4,caption_5\n';
const DEV =
  HEADER +
  'Birds at dawn.wav,Birds sing at dawn.,Several birds chirp.,A bird calls out.,Birds call in a forest.,Morning birdsong fills the air.\n' +
  '"Harbour, morning.wav","Water laps, gently, at a pier.",A boat motor hums.,Gulls call over a harbour.,  A rope creaks on a mooring.  ,A boat idles at the quay.\n' +
  'Kitchen tap.wav,Water runs from a tap.,A tap is running.,Water flows into a sink.,Someone fills a kettle.,A faucet runs steadily.\n';
const EVAL =
  HEADER +
  'Street.wav,Cars pass on a wet road.,Traffic goes by.,Tyres hiss on wet asphalt.,Vehicles drive past.,A street with passing cars.\n';

describe('clothoSplitOf', () => {
  it('takes the split from the three published names and the base name otherwise', () => {
    expect(clothoSplitOf('/x/clotho_captions_development.csv')).toBe('development');
    expect(clothoSplitOf('clotho_captions_evaluation.csv')).toBe('evaluation');
    expect(clothoSplitOf('clotho_captions_validation.csv')).toBe('validation');
    expect(clothoSplitOf('/x/my_captions.csv')).toBe('my_captions');
    expect(clothoSplitOf('clotho_captions_test.csv')).toBe('clotho_captions_test');
  });
});

describe('loadClotho', () => {
  it('loads every caption file of a folder with five trimmed texts per clip', () => {
    const d = dir({
      'clotho_captions_development.csv': DEV,
      'clotho_captions_evaluation.csv': EVAL,
      'other.csv': 'x\n1\n',
    });
    const l = loadClotho(d);
    expect(l.corpus).toBe('clotho');
    expect(l.textOnly).toBe(true);
    expect(l.exclusions).toEqual([]);
    expect(l.files).toEqual([
      path.join(d, 'clotho_captions_development.csv'),
      path.join(d, 'clotho_captions_evaluation.csv'),
    ]);
    expect(l.clips.map((c) => c.clipId)).toEqual([
      'clotho:development:Birds at dawn.wav',
      'clotho:development:Harbour, morning.wav',
      'clotho:development:Kitchen tap.wav',
      'clotho:evaluation:Street.wav',
    ]);
    const harbour = l.clips[1];
    expect(harbour).toMatchObject({
      split: 'development',
      sourceId: 'Harbour, morning.wav',
      audioPath: null,
    });
    expect(harbour.source).toEqual({ file: path.join(d, 'clotho_captions_development.csv'), row: 3 });
    expect(harbour.texts.map((t) => t.field)).toEqual([
      'caption_1',
      'caption_2',
      'caption_3',
      'caption_4',
      'caption_5',
    ]);
    expect(harbour.texts[0]).toEqual({
      field: 'caption_1',
      id: 'clotho:development:Harbour, morning.wav#caption_1',
      text: 'Water laps, gently, at a pier.',
    });
    expect(harbour.texts[3].text).toBe('A rope creaks on a mooring.');
  });

  it('loads a single file given by path, relative paths made absolute', () => {
    const d = dir({ 'clotho_captions_evaluation.csv': EVAL });
    const l = loadClotho(path.relative(process.cwd(), path.join(d, 'clotho_captions_evaluation.csv')));
    expect(l.files).toEqual([path.join(d, 'clotho_captions_evaluation.csv')]);
    expect(l.clips.map((c) => c.clipId)).toEqual(['clotho:evaluation:Street.wav']);
    expect(path.isAbsolute(l.clips[0].source.file)).toBe(true);
  });

  it('errors on a folder without caption files and on a missing path', () => {
    const d = dir({ 'readme.txt': 'hi' });
    expect(() => loadClotho(d)).toThrow(CurationInputError);
    expect(() => loadClotho(d)).toThrow(/no clotho_captions_\*\.csv/);
    expect(() => loadClotho(path.join(d, 'nope.csv'))).toThrow(/nope\.csv: no such file/);
  });

  it('names the file and the column when a column is missing', () => {
    const d = dir({
      'clotho_captions_development.csv': 'file_name,caption_1,caption_2,caption_3,caption_4\na.wav,x,y,z,w\n',
    });
    expect(() => loadClotho(d)).toThrow(CurationInputError);
    expect(() => loadClotho(d)).toThrow(
      /clotho_captions_development\.csv:1: missing column\(s\) "caption_5"/,
    );
  });

  it('excludes a malformed row with its line and goes on', () => {
    const d = dir({
      'clotho_captions_development.csv': HEADER + 'a.wav,one,two,three\nb.wav,1,2,3,4,5\n',
    });
    const l = loadClotho(d);
    expect(l.clips.map((c) => c.sourceId)).toEqual(['b.wav']);
    expect(l.exclusions).toEqual([
      expect.objectContaining({
        file: path.join(d, 'clotho_captions_development.csv'),
        row: 2,
        reason: 'malformed-row',
      }),
    ]);
  });

  it('leaves out an empty caption with an exclusion and keeps the clip', () => {
    const d = dir({ 'clotho_captions_development.csv': HEADER + 'a.wav,one,,three,   ,five\n' });
    const l = loadClotho(d);
    expect(l.clips[0].texts.map((t) => t.field)).toEqual(['caption_1', 'caption_3', 'caption_5']);
    expect(l.exclusions).toEqual([
      {
        file: path.join(d, 'clotho_captions_development.csv'),
        row: 2,
        clipId: 'clotho:development:a.wav',
        textId: 'clotho:development:a.wav#caption_2',
        reason: 'empty-text',
        message: 'caption_2 is empty',
      },
      expect.objectContaining({ textId: 'clotho:development:a.wav#caption_4', reason: 'empty-text' }),
    ]);
  });

  it('excludes a clip with no text at all, once', () => {
    const d = dir({ 'clotho_captions_development.csv': HEADER + 'a.wav,, ,,,\nb.wav,1,2,3,4,5\n' });
    const l = loadClotho(d);
    expect(l.clips.map((c) => c.sourceId)).toEqual(['b.wav']);
    expect(l.exclusions).toEqual([
      expect.objectContaining({
        row: 2,
        clipId: 'clotho:development:a.wav',
        textId: null,
        reason: 'no-text',
      }),
    ]);
  });

  it('excludes an empty file_name as an invalid value', () => {
    const d = dir({ 'clotho_captions_development.csv': HEADER + ',1,2,3,4,5\n' });
    const l = loadClotho(d);
    expect(l.clips).toEqual([]);
    expect(l.exclusions).toEqual([
      expect.objectContaining({ row: 2, reason: 'invalid-value', clipId: null }),
    ]);
  });

  it('excludes the later of two rows with the same file name', () => {
    const d = dir({
      'clotho_captions_development.csv': HEADER + 'a.wav,1,2,3,4,5\nb.wav,1,2,3,4,5\na.wav,6,7,8,9,10\n',
    });
    const l = loadClotho(d);
    expect(l.clips.map((c) => [c.sourceId, c.texts[0].text])).toEqual([
      ['a.wav', '1'],
      ['b.wav', '1'],
    ]);
    expect(l.exclusions).toEqual([
      expect.objectContaining({ row: 4, clipId: 'clotho:development:a.wav', reason: 'duplicate-id' }),
    ]);
    expect(l.exclusions[0].message).toMatch(/first seen at .*clotho_captions_development\.csv:2/);
  });

  it('resolves audio per split and excludes clips whose audio is missing', () => {
    const d = dir({
      'clotho_captions_development.csv': DEV,
      'clotho_captions_evaluation.csv': EVAL,
      'audio/development/Birds at dawn.wav': 'RIFF',
      'audio/development/Harbour, morning.wav': 'RIFF',
    });
    const l = loadClotho(d, { audio: path.join(d, 'audio/{split}') });
    expect(l.textOnly).toBe(false);
    expect(l.clips.map((c) => c.audioPath)).toEqual([
      path.join(d, 'audio/development/Birds at dawn.wav'),
      path.join(d, 'audio/development/Harbour, morning.wav'),
    ]);
    expect(l.exclusions).toEqual([
      expect.objectContaining({
        row: 4,
        clipId: 'clotho:development:Kitchen tap.wav',
        reason: 'missing-audio',
      }),
      expect.objectContaining({ row: 2, clipId: 'clotho:evaluation:Street.wav', reason: 'missing-audio' }),
    ]);
    expect(l.exclusions[0].message).toContain(path.join(d, 'audio/development/Kitchen tap.wav'));
    expect(l.exclusions[1].message).toMatch(/folder .*audio\/evaluation does not exist/);
  });

  it('excludes a file_name that leaves the audio folder (path-outside-root), naming the value and the folder', () => {
    const d = dir({
      'clotho_captions_development.csv':
        HEADER +
        'a.wav,One.,Two.,Three.,Four.,Five.\n' +
        '../../outside.wav,One.,Two.,Three.,Four.,Five.\n' +
        `${'/'}etc/passwd,One.,Two.,Three.,Four.,Five.\n` +
        'sub/../../a.wav,One.,Two.,Three.,Four.,Five.\n',
      'audio/development/a.wav': 'RIFF',
      'outside.wav': 'RIFF',
    });
    const audio = path.join(d, 'audio/development');
    const l = loadClotho(d, { audio: path.join(d, 'audio/{split}') });
    expect(l.clips.map((c) => c.audioPath)).toEqual([path.join(audio, 'a.wav')]);
    expect(l.exclusions.map((e) => [e.row, e.reason])).toEqual([
      [3, 'path-outside-root'],
      [4, 'path-outside-root'],
      [5, 'path-outside-root'],
    ]);
    expect(l.exclusions[0].message).toBe(
      `audio file name "../../outside.wav" resolves outside the audio folder ${audio}`,
    );
  });

  it('says what is wrong with audio that is a folder or a symbolic link loop, and hashes the audio it keeps', () => {
    const d = dir({
      'clotho_captions_development.csv':
        HEADER +
        'a.wav,One.,Two.,Three.,Four.,Five.\n' +
        'x.wav,One.,Two.,Three.,Four.,Five.\n' +
        'loop.wav,One.,Two.,Three.,Four.,Five.\n' +
        'gone.wav,One.,Two.,Three.,Four.,Five.\n',
      'audio/a.wav': 'RIFF-a',
      'audio/x.wav/inner.wav': 'RIFF',
    });
    fs.symlinkSync('loop.wav', path.join(d, 'audio/loop.wav'));
    fs.symlinkSync('nowhere.wav', path.join(d, 'audio/gone.wav'));
    const l = loadClotho(d, { audio: path.join(d, 'audio') });
    expect(l.clips.map((c) => [c.sourceId, c.audioSha256])).toEqual([['a.wav', sha256('RIFF-a')]]);
    expect(l.exclusions.map((e) => [e.row, e.reason, e.message])).toEqual([
      [3, 'unreadable-audio', `audio file ${path.join(d, 'audio/x.wav')} is a folder, not an audio file`],
      [
        4,
        'unreadable-audio',
        expect.stringMatching(/audio file .*audio\/loop\.wav: symbolic link loop \(ELOOP\)/),
      ],
      [
        5,
        'missing-audio',
        `audio file not found: ${path.join(d, 'audio/gone.wav')} is a symbolic link to nowhere.wav, which does not exist`,
      ],
    ]);
  });

  it('gives the same clip a new audio hash when its file gets new bytes under the same name', () => {
    const d = dir({
      'clotho_captions_development.csv': HEADER + 'a.wav,One.,Two.,Three.,Four.,Five.\n',
      'audio/a.wav': 'RIFF-before',
    });
    const load = () => loadClotho(d, { audio: path.join(d, 'audio') }).clips[0].audioSha256;
    const before = load();
    expect(before).toBe(sha256('RIFF-before'));
    const wav = path.join(d, 'audio/a.wav');
    const { mtime } = fs.statSync(wav);
    fs.writeFileSync(wav, 'RIFF-after!');
    fs.utimesSync(wav, mtime, mtime); // the mtime put back: the content still decides
    expect(load()).toBe(sha256('RIFF-after!'));
  });

  it('carries invalid UTF-8 records through as exclusions', () => {
    const body = Buffer.concat([
      Buffer.from(HEADER),
      Buffer.from('a.wav,caf\xe9,2,3,4,5\n', 'latin1'),
      Buffer.from('b.wav,1,2,3,4,5\n'),
    ]);
    const l = loadClotho(dir({ 'clotho_captions_development.csv': body }));
    expect(l.clips.map((c) => c.sourceId)).toEqual(['b.wav']);
    expect(l.exclusions).toEqual([expect.objectContaining({ row: 2, reason: 'invalid-encoding' })]);
  });
});

describe('exportCleanClotho', () => {
  it('round-trips a subset: same header, only kept rows, identical texts', () => {
    const d = dir({ 'clotho_captions_development.csv': DEV, 'clotho_captions_evaluation.csv': EVAL });
    const l = loadClotho(d);
    const keep = new Set([
      'clotho:development:Harbour, morning.wav',
      'clotho:evaluation:Street.wav',
      'macs:development:x.wav',
    ]);
    const out = outDir();
    const written = exportCleanClotho(l, keep, out);
    expect(written).toEqual([
      path.join(out, 'clotho_captions_development.csv'),
      path.join(out, 'clotho_captions_evaluation.csv'),
    ]);
    const back = loadClotho(out);
    expectSubsetReadsBack(l, back, keep);
    // The original raw fields, untrimmed, and the original quoting where a field needs it.
    expect(fs.readFileSync(written[0], 'utf8')).toBe(
      HEADER +
        '"Harbour, morning.wav","Water laps, gently, at a pier.",A boat motor hums.,Gulls call over a harbour.,  A rope creaks on a mooring.  ,A boat idles at the quay.\n',
    );
  });

  it('writes a header-only file for a split with no kept clip, and never over its source', () => {
    const d = dir({ 'clotho_captions_development.csv': DEV });
    const l = loadClotho(d);
    const out = outDir();
    exportCleanClotho(l, new Set(), out);
    expect(fs.readFileSync(path.join(out, 'clotho_captions_development.csv'), 'utf8')).toBe(HEADER);
    expect(() => exportCleanClotho(l, new Set(), d)).toThrow(/refusing to overwrite the source file/);
    expect(fs.readFileSync(path.join(d, 'clotho_captions_development.csv'), 'utf8')).toBe(DEV);
  });
});

describe('the real Clotho development captions', () => {
  const found = sharedDataPath('clotho/clotho_captions_development.csv');
  if (!found) {
    it.skip('skipped: the real Clotho captions are not present in this environment', () => undefined);
    return;
  }
  const real = found;

  it('loads all 2,893 clips with five captions each and no exclusion', () => {
    const l = loadClotho(real);
    expect(l.exclusions).toEqual([]);
    expect(l.clips).toHaveLength(2893);
    expect(l.clips.every((c) => c.split === 'development' && c.texts.length === 5)).toBe(true);
    expect(new Set(l.clips.map((c) => c.clipId)).size).toBe(2893);
  });

  it('exports the full set byte for byte', () => {
    const l = loadClotho(real);
    const out = outDir();
    const [written] = exportCleanClotho(l, new Set(l.clips.map((c) => c.clipId)), out);
    expect(fs.readFileSync(written).equals(fs.readFileSync(real))).toBe(true);
  });
});
