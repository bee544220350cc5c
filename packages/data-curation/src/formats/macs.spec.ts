import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { exportCleanMacs, loadMacs } from './macs';
import { CurationInputError } from '../types';
import { expectSubsetReadsBack, fixtureTrees } from '../testing/fixtures';

const { fixture: dir, outDir } = fixtureTrees('macs');

// The layout of the published MACS.yaml: a top-level `files` list, one entry per clip, annotations per annotator.
const MACS = `files:
- filename: street_traffic-lyon-1087-43113-a.wav
  annotations:
  - annotator_id: 13
    sentence: cars pass by on a busy street
    tags:
    - car
    - traffic
  - annotator_id: 133
    sentence: "  vehicles drive past while a bus brakes  "
    tags:
    - vehicles
    - bus
- filename: park-helsinki-241-7186-a.wav
  annotations:
  - annotator_id: 13
    sentence: children play and adults talk in a park
    tags: [children, adults, talking]
`;

describe('loadMacs', () => {
  it('loads one clip per file entry, a sentence and a tag list per annotator, rows at the entry lines', () => {
    const d = dir({ 'MACS.yaml': MACS });
    const l = loadMacs(d);
    expect(l.corpus).toBe('macs');
    expect(l.textOnly).toBe(true);
    expect(l.files).toEqual([path.join(d, 'MACS.yaml')]);
    expect(l.exclusions).toEqual([]);
    expect(l.clips).toHaveLength(2);
    expect(l.clips[0]).toEqual({
      clipId: 'macs:development:street_traffic-lyon-1087-43113-a.wav',
      corpus: 'macs',
      split: 'development',
      sourceId: 'street_traffic-lyon-1087-43113-a.wav',
      audioPath: null,
      audioSha256: null,
      texts: [
        {
          field: 'sentence_13',
          id: 'macs:development:street_traffic-lyon-1087-43113-a.wav#sentence_13',
          text: 'cars pass by on a busy street',
        },
        {
          field: 'tags_13',
          id: 'macs:development:street_traffic-lyon-1087-43113-a.wav#tags_13',
          text: 'car, traffic',
        },
        {
          field: 'sentence_133',
          id: 'macs:development:street_traffic-lyon-1087-43113-a.wav#sentence_133',
          text: 'vehicles drive past while a bus brakes',
        },
        {
          field: 'tags_133',
          id: 'macs:development:street_traffic-lyon-1087-43113-a.wav#tags_133',
          text: 'vehicles, bus',
        },
      ],
      source: { file: path.join(d, 'MACS.yaml'), row: 2 },
    });
    expect(l.clips[1].source.row).toBe(14);
    expect(l.clips[1].texts.map((t) => t.text)).toEqual([
      'children play and adults talk in a park',
      'children, adults, talking',
    ]);
  });

  it('takes the file itself and suffixes a repeated annotator id', () => {
    const d = dir({
      'x/MACS.yaml': `files:
- filename: a.wav
  annotations:
  - {annotator_id: 7, sentence: one, tags: [x]}
  - {annotator_id: 7, sentence: two, tags: [y]}
  - {annotator_id: 7, sentence: three, tags: [z]}
`,
    });
    const l = loadMacs(path.join(d, 'x/MACS.yaml'));
    expect(l.clips[0].texts.map((t) => `${t.field}=${t.text}`)).toEqual([
      'sentence_7=one',
      'tags_7=x',
      'sentence_7_2=two',
      'tags_7_2=y',
      'sentence_7_3=three',
      'tags_7_3=z',
    ]);
  });

  it('errors on a missing file, unparsable YAML and a document without a files list', () => {
    const d = dir({});
    expect(() => loadMacs(d)).toThrow(CurationInputError);
    expect(() => loadMacs(d)).toThrow(/MACS\.yaml: MACS annotation file not found/);
    const bad = dir({ 'MACS.yaml': 'files:\n- filename: a.wav\n  annotations: [\n' });
    expect(() => loadMacs(bad)).toThrow(/MACS\.yaml:\d+: malformed YAML/);
    const noFiles = dir({ 'MACS.yaml': 'clips:\n- a\n' });
    expect(() => loadMacs(noFiles)).toThrow(/MACS\.yaml:1: missing "files" list/);
    const scalar = dir({ 'MACS.yaml': 'just text\n' });
    expect(() => loadMacs(scalar)).toThrow(/expected a mapping/);
  });

  it('excludes bad entries, empty texts, clips without text and duplicates, at their lines', () => {
    const d = dir({
      'MACS.yaml': `files:
- filename: a.wav
  annotations:
  - annotator_id: 1
    sentence: a dog barks
    tags: []
  - annotator_id: 2
    sentence: "   "
    tags: [dog]
- filename: b.wav
- annotations: []
- filename: c.wav
  annotations:
  - annotator_id: 1
    sentence:
    tags: []
- filename: d.wav
  annotations:
  - sentence: no annotator
    tags: [x]
- filename: a.wav
  annotations:
  - annotator_id: 3
    sentence: again
    tags: [again]
`,
    });
    const l = loadMacs(d);
    expect(l.clips.map((c) => [c.sourceId, c.texts.map((t) => t.field)])).toEqual([
      ['a.wav', ['sentence_1', 'tags_2']],
    ]);
    expect(l.exclusions.map((e) => [e.row, e.reason, e.clipId, e.textId])).toEqual([
      [2, 'empty-text', 'macs:development:a.wav', 'macs:development:a.wav#tags_1'],
      [2, 'empty-text', 'macs:development:a.wav', 'macs:development:a.wav#sentence_2'],
      [10, 'invalid-value', null, null],
      [11, 'invalid-value', null, null],
      [12, 'no-text', 'macs:development:c.wav', null],
      [17, 'invalid-value', 'macs:development:d.wav', null],
      [21, 'duplicate-id', 'macs:development:a.wav', null],
    ]);
    expect(l.exclusions[2].message).toMatch(/annotations/);
    expect(l.exclusions[5].message).toMatch(/annotation 1: annotator_id/);
  });

  it('finds audio in the development folder and excludes missing audio', () => {
    const d = dir({ 'MACS.yaml': MACS, 'audio/development/park-helsinki-241-7186-a.wav': 'RIFF' });
    const l = loadMacs(d, { audio: path.join(d, 'audio/{split}') });
    expect(l.clips.map((c) => c.audioPath)).toEqual([
      path.join(d, 'audio/development/park-helsinki-241-7186-a.wav'),
    ]);
    expect(l.exclusions).toEqual([
      expect.objectContaining({
        row: 2,
        clipId: 'macs:development:street_traffic-lyon-1087-43113-a.wav',
        reason: 'missing-audio',
      }),
    ]);
  });
});

describe('loadMacs: paths and line endings', () => {
  it('excludes a filename that leaves the audio folder (path-outside-root)', () => {
    const d = dir({
      'MACS.yaml': `${MACS}- filename: ../../outside.wav\n  annotations:\n  - annotator_id: 1\n    sentence: steps\n`,
      'audio/park-helsinki-241-7186-a.wav': 'RIFF',
      'audio/street_traffic-lyon-1087-43113-a.wav': 'RIFF',
      'outside.wav': 'RIFF',
    });
    const l = loadMacs(d, { audio: path.join(d, 'audio') });
    expect(l.clips).toHaveLength(2);
    expect(l.exclusions.map((e) => [e.row, e.reason, e.message])).toEqual([
      [
        19,
        'path-outside-root',
        `audio file name "../../outside.wav" resolves outside the audio folder ${path.join(d, 'audio')}`,
      ],
    ]);
  });

  it('reads an old Mac file (CR line endings) as the same document, rows at the same lines', () => {
    const lf = loadMacs(dir({ 'MACS.yaml': MACS }));
    const cr = loadMacs(dir({ 'MACS.yaml': MACS.replace(/\n/g, '\r') }));
    expect(cr.exclusions).toEqual([]);
    const strip = (c: (typeof lf.clips)[number]) => ({ id: c.clipId, texts: c.texts, row: c.source.row });
    expect(cr.clips.map(strip)).toEqual(lf.clips.map(strip));
  });
});

describe('exportCleanMacs', () => {
  it('round-trips a subset: kept entries as parsed, identical texts', () => {
    const d = dir({ 'MACS.yaml': `version: 1\n${MACS}` });
    const l = loadMacs(d);
    const keep = new Set(['macs:development:street_traffic-lyon-1087-43113-a.wav']);
    const out = outDir();
    expect(exportCleanMacs(l, keep, out)).toEqual([path.join(out, 'MACS.yaml')]);
    const back = loadMacs(out);
    expectSubsetReadsBack(l, back, keep);
    const original = parse(`version: 1\n${MACS}`);
    expect(parse(fs.readFileSync(path.join(out, 'MACS.yaml'), 'utf8'))).toEqual({
      version: 1,
      files: [original.files[0]],
    });
    expect(() => exportCleanMacs(l, keep, d)).toThrow(/refusing to overwrite/);
  });
});
