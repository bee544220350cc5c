import * as fs from 'node:fs';
import * as path from 'node:path';
import { sharedDataPath } from '@zsaudit/testing';
import { exportCleanAudioCaps, loadAudioCaps } from './audiocaps';
import { exportCleanClotho, loadClotho } from './clotho';
import { loadEsc50 } from './esc50';
import { exportCleanFsd50k, loadFsd50k } from './fsd50k';
import { exportCleanMacs, loadMacs } from './macs';
import { readCsvTable } from './csv';
import { fixtureTrees } from '../testing/fixtures';

// The quick-start tree in packages/data-curation/examples must load as documented in its README.
const EXAMPLES = path.resolve(__dirname, '../../examples');
const { tmp } = fixtureTrees('examples');

describe('examples/', () => {
  it('clotho: 17 clips, text-only, and exactly one empty caption', () => {
    const l = loadClotho(path.join(EXAMPLES, 'clotho'));
    expect(l.textOnly).toBe(true);
    expect(l.clips.filter((c) => c.split === 'development')).toHaveLength(12);
    expect(l.clips.filter((c) => c.split === 'evaluation')).toHaveLength(5);
    expect(l.exclusions).toEqual([
      expect.objectContaining({
        reason: 'empty-text',
        clipId: 'clotho:development:Front door visitor.wav',
        textId: 'clotho:development:Front door visitor.wav#caption_5',
      }),
    ]);
  });

  it('audiocaps: 10/4/4 clips without exclusions', () => {
    const l = loadAudioCaps(path.join(EXAMPLES, 'audiocaps'));
    expect(l.exclusions).toEqual([]);
    expect(['train', 'val', 'test'].map((s) => l.clips.filter((c) => c.split === s).length)).toEqual([
      10, 4, 4,
    ]);
  });

  it('fsd50k: 11 clips over train, val and eval without exclusions', () => {
    const l = loadFsd50k(path.join(EXAMPLES, 'fsd50k'));
    expect(l.exclusions).toEqual([]);
    expect(l.clips).toHaveLength(11);
    expect(new Set(l.clips.map((c) => c.split))).toEqual(new Set(['train', 'val', 'eval']));
    expect(l.clips.every((c) => c.texts.length === 3)).toBe(true);
  });

  it('macs: 5 clips, a repeated annotator suffixed', () => {
    const l = loadMacs(path.join(EXAMPLES, 'macs'));
    expect(l.exclusions).toEqual([]);
    expect(l.clips).toHaveLength(5);
    const square = l.clips.find((c) => c.sourceId === 'public_square-barcelona-1004-40004-a.wav');
    expect(square?.texts.map((t) => t.field)).toEqual([
      'sentence_37',
      'tags_37',
      'sentence_11',
      'tags_11',
      'sentence_37_2',
      'tags_37_2',
    ]);
  });

  it('esc50: 100 rows, 2 per class, the real class list, folds 1..5, names in the real pattern', () => {
    const l = loadEsc50(path.join(EXAMPLES, 'esc50'));
    expect(l.exclusions).toEqual([]);
    expect(l.textOnly).toBe(true);
    expect(l.clips).toHaveLength(100);
    for (const c of l.clips) {
      expect(c.filename).toMatch(new RegExp(`^${c.fold}-${c.srcFile}-${c.take}-${c.target}\\.wav$`));
    }
    expect(new Set(l.clips.map((c) => c.fold))).toEqual(new Set([1, 2, 3, 4, 5]));
    const classes = sharedDataPath('esc50/classes.csv');
    if (classes) {
      const real = readCsvTable(classes, ['target', 'category', 'esc10']).rows.map((r) => r.values);
      for (const r of real) {
        const rows = l.clips.filter((c) => c.target === Number(r.target));
        expect(rows.map((c) => [c.category, c.esc10])).toEqual([
          [r.category, r.esc10 === 'True'],
          [r.category, r.esc10 === 'True'],
        ]);
      }
    }
  });

  it('every example corpus exports its full set unchanged in content', () => {
    const all = <T extends { clips: { clipId: string }[] }>(l: T) => new Set(l.clips.map((c) => c.clipId));
    const cl = loadClotho(path.join(EXAMPLES, 'clotho'));
    exportCleanClotho(cl, all(cl), path.join(tmp, 'clotho'));
    expect(loadClotho(path.join(tmp, 'clotho')).clips).toEqual(
      cl.clips.map((c) => ({
        ...c,
        source: { ...c.source, file: path.join(tmp, 'clotho', path.basename(c.source.file)) },
      })),
    );
    const ac = loadAudioCaps(path.join(EXAMPLES, 'audiocaps'));
    exportCleanAudioCaps(ac, all(ac), path.join(tmp, 'audiocaps'));
    for (const f of ['train.csv', 'val.csv', 'test.csv']) {
      expect(fs.readFileSync(path.join(tmp, 'audiocaps', f), 'utf8')).toBe(
        fs.readFileSync(path.join(EXAMPLES, 'audiocaps', f), 'utf8'),
      );
    }
    const fs5 = loadFsd50k(path.join(EXAMPLES, 'fsd50k'));
    exportCleanFsd50k(fs5, all(fs5), path.join(tmp, 'fsd50k'));
    expect(loadFsd50k(path.join(tmp, 'fsd50k')).clips.map((c) => c.texts)).toEqual(
      fs5.clips.map((c) => c.texts),
    );
    const mc = loadMacs(path.join(EXAMPLES, 'macs'));
    exportCleanMacs(mc, all(mc), path.join(tmp, 'macs'));
    expect(loadMacs(path.join(tmp, 'macs')).clips.map((c) => c.texts)).toEqual(mc.clips.map((c) => c.texts));
    expect(fs.readFileSync(path.join(tmp, 'macs', 'MACS.yaml'), 'utf8')).toBe(
      fs.readFileSync(path.join(EXAMPLES, 'macs', 'MACS.yaml'), 'utf8'),
    );
  });
});
