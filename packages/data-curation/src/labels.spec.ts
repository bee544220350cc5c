import * as fs from 'node:fs';
import * as path from 'node:path';
import { sharedDataPath } from '@zsaudit/testing';
import { BUNDLED_ESC50_LABELS, loadLabelSet } from './labels';
import { fixtureTrees } from './testing/fixtures';

const { tmp, file: write } = fixtureTrees('labels');

describe('loadLabelSet', () => {
  it('bundles the ESC-50 class list, identical to the one in ../shared/data', () => {
    const set = loadLabelSet();
    expect(set.name).toBe('esc50');
    expect(set.labels).toHaveLength(50);
    expect(set.labels[20]).toEqual({ name: 'crying_baby', target: 20, group: 'human_non_speech' });
    const shared = sharedDataPath('esc50/classes.csv');
    if (shared) expect(fs.readFileSync(BUNDLED_ESC50_LABELS, 'utf8')).toBe(fs.readFileSync(shared, 'utf8'));
  });

  it('reads ESC-50 meta rows (one per clip) as one label each', () => {
    const f = write(
      'meta.csv',
      'filename,fold,target,category\n1-1-A-0.wav,1,0,dog\n1-2-A-0.wav,1,0,dog\n1-3-A-1.wav,1,1,rooster\n',
    );
    expect(loadLabelSet(f).labels.map((l) => [l.name, l.target])).toEqual([
      ['dog', 0],
      ['rooster', 1],
    ]);
  });

  it('reads a plain list with CR-only line endings as one label per line, and refuses invalid UTF-8', () => {
    const f = write('mac-labels.txt', 'dog\rchurch_bells\r');
    expect(loadLabelSet(f).labels.map((l) => l.name)).toEqual(['dog', 'church_bells']);
    const g = write('latin1-labels.txt', Buffer.from('dog\ncaf\xe9\n', 'latin1'));
    expect(() => loadLabelSet(g)).toThrow(/latin1-labels\.txt:2: file holds bytes that are not valid UTF-8/);
  });

  it('reads a plain list, e.g. UrbanSound8K', () => {
    const f = write('urbansound8k.txt', 'air_conditioner\ncar_horn\n# comment\n\nchildren_playing\n');
    const set = loadLabelSet(f);
    expect(set.name).toBe('urbansound8k');
    expect(set.labels.map((l) => [l.name, l.target])).toEqual([
      ['air_conditioner', 0],
      ['car_horn', 1],
      ['children_playing', 2],
    ]);
  });

  it('names the file and row of a bad label file', () => {
    expect(() => loadLabelSet(write('a.csv', 'target,category\n0,dog\nx,cat\n'))).toThrow(
      /a\.csv:3: target "x"/,
    );
    expect(() => loadLabelSet(write('b.csv', 'target,category\n0,dog\n1,dog\n'))).toThrow(
      /b\.csv:3: label "dog" has targets 0 and 1/,
    );
    expect(() => loadLabelSet(write('c.csv', 'id,thing\n0,dog\n'))).toThrow(/c\.csv:1: label CSV needs/);
    expect(() => loadLabelSet(path.join(tmp, 'none.csv'))).toThrow(/label set file not found/);
  });
});
