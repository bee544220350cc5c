/**
 * Several strictness levels from one pass: the clean tables of every listed level, what each level removes, and
 * the streamed loading they rest on, checked on the real Clotho v1 captions (text-only).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { readArrowFile } from '@zsaudit/core';
import { sharedDataPath } from '@zsaudit/testing';
import { CURATED_CLIPS_SCHEMA_ID, LEAKS_SCHEMA_ID } from './arrow/tables';
import { curationConfigSchema } from './config';
import { loadCorpus } from './curate';
import { STRICTNESS_LEVELS, type Strictness } from './leak/forms';
import { runCuration } from './run';
import { fixtureTrees } from './testing/fixtures';
import type { CaptionClip } from './types';

const DEV = sharedDataPath('clotho/clotho_captions_development.csv') ?? '';
const describeIf = DEV ? describe : describe.skip;
const { tmp } = fixtureTrees('curation-levels');

const config = (strictness: Strictness | Strictness[]) =>
  curationConfigSchema.parse({ strictness, corpora: [{ corpus: 'clotho', input: DEV }] });

const idsOf = (file: string) =>
  readArrowFile(file, CURATED_CLIPS_SCHEMA_ID)
    .toArray()
    .map((r) => r!.clip_id as string);

describeIf('curation at several strictness levels in one pass', () => {
  const out = path.join(tmp, 'all-levels');
  const listed: Strictness[] = ['inflections', 'exact', 'synonyms', 'words'];
  let summary: Awaited<ReturnType<typeof runCuration>>;

  beforeAll(async () => {
    summary = await runCuration(config(listed), { outDir: out, baseDir: tmp });
  });

  it('writes dirty and leaks once, a clean table per level, and the first listed level also as the clean table', () => {
    const names = summary.outputs.filter((n) => n.startsWith('clotho.development.')).sort();
    expect(names).toEqual(
      [
        'clean.arrow',
        'clean.exact.arrow',
        'clean.inflections.arrow',
        'clean.synonyms.arrow',
        'clean.words.arrow',
        'dirty.arrow',
        'leaks.arrow',
      ].map((n) => `clotho.development.${n}`),
    );
    expect(summary.strictness).toBe('inflections');
    expect(summary.levels).toEqual(listed);
    const file = (n: string) => path.join(out, `clotho.development.${n}.arrow`);
    expect(fs.readFileSync(file('clean'))).toEqual(fs.readFileSync(file('clean.inflections')));
    for (const level of listed) {
      const t = readArrowFile(file(`clean.${level}`), CURATED_CLIPS_SCHEMA_ID);
      expect(t.schema.metadata.get('zsaudit.strictness')).toBe(level);
      expect(t.numRows).toBe(summary.corpora.clotho!.splits.development.levels[level].clips.clean);
    }
  });

  it('keeps each level’s clean set inside the one below it, and every level removes what the summary says', () => {
    const s = summary.corpora.clotho!.splits.development;
    const sets = STRICTNESS_LEVELS.map(
      (l) => new Set(idsOf(path.join(out, `clotho.development.clean.${l}.arrow`))),
    );
    for (let i = 1; i < sets.length; i++) {
      for (const id of sets[i]) expect(sets[i - 1].has(id)).toBe(true);
      expect(sets[i].size).toBeLessThan(sets[i - 1].size);
    }
    // The real captions: every level removes clips the one below it keeps, and words removes most.
    expect(s.levels.words.clips.removed).toBeGreaterThan(s.levels.synonyms.clips.removed);
    for (const l of STRICTNESS_LEVELS) {
      const c = s.levels[l];
      expect(c.clips.clean + c.clips.removed).toBe(s.clips.dirty);
      expect(c.texts.clean + c.texts.removed).toBe(s.texts.dirty);
      expect(c.texts.leaking).toBeLessThanOrEqual(c.texts.removed);
    }
    expect(s.clips.removed).toBe(s.levels.inflections.clips.removed);
    // The dirty table's leaked labels are the run's strictness (inflections): exactly the clips it removes.
    const dirty = readArrowFile(path.join(out, 'clotho.development.dirty.arrow'), CURATED_CLIPS_SCHEMA_ID);
    const leaking = dirty.toArray().filter((r) => r!.leaked_labels.length > 0).length;
    expect(leaking).toBe(s.levels.inflections.clips.removed);
  });

  it('gives each level the clean set a run at that level alone gives', async () => {
    for (const level of ['exact', 'words'] as const) {
      const alone = path.join(tmp, `alone-${level}`);
      const single = await runCuration(config(level), { outDir: alone, baseDir: tmp });
      expect(single.levels).toEqual([]);
      expect(single.outputs.some((n) => n.includes(`.clean.${level}.`))).toBe(false);
      expect(idsOf(path.join(alone, 'clotho.development.clean.arrow'))).toEqual(
        idsOf(path.join(out, `clotho.development.clean.${level}.arrow`)),
      );
      // The leaks table holds the hits up to the strictest level written: the list run's rows up to this level.
      const leaks = (dir: string) =>
        readArrowFile(path.join(dir, 'clotho.development.leaks.arrow'), LEAKS_SCHEMA_ID)
          .toArray()
          .map((r) => [r!.text_id, r!.label, r!.level, r!.status, r!.span_start, r!.span_end] as unknown[]);
      const upTo = STRICTNESS_LEVELS.slice(0, STRICTNESS_LEVELS.indexOf(level) + 1) as readonly string[];
      expect(leaks(alone)).toEqual(leaks(out).filter((r) => upTo.includes(r[2] as string)));
    }
  });
});

describeIf('matching on a worker thread', () => {
  it('writes the same tables, byte for byte, as matching on the calling thread', async () => {
    // 60,000 AudioCaps-format rows of real Clotho captions: enough batches that the worker, once started, takes some.
    const captions = loadCorpus({ corpus: 'clotho', input: DEV, audio: null }).clips.flatMap((c) =>
      c.texts.map((t) => t.text),
    );
    const rows = Array.from({ length: 60_000 }, (_, i) => [
      i + 1,
      `yt${i}`,
      0,
      captions[i % captions.length],
    ]);
    const dir = path.join(tmp, 'audiocaps-60k');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'train.csv'),
      stringify([['audiocap_id', 'youtube_id', 'start_time', 'caption'], ...rows]),
    );
    const cfg = curationConfigSchema.parse({
      strictness: ['synonyms', 'words'],
      corpora: [{ corpus: 'audiocaps', input: dir }],
    });
    const here = path.join(tmp, 'match-here');
    const there = path.join(tmp, 'match-worker');
    const log: string[] = [];
    await runCuration(cfg, { outDir: here, baseDir: tmp, matchWorker: false });
    await runCuration(cfg, {
      outDir: there,
      baseDir: tmp,
      matchWorker: true,
      matchWorkerAfterClips: 0,
      log: (l) => log.push(l),
    });
    // The worker did match batches (the first ones are matched here while it starts).
    expect(log.join('\n')).toMatch(/matching: [1-9]\d* batches on a worker thread/);
    const tables = fs.readdirSync(here).filter((n) => n.endsWith('.arrow'));
    expect(tables.sort()).toEqual([
      'audiocaps.excluded.arrow',
      'audiocaps.train.clean.arrow',
      'audiocaps.train.clean.synonyms.arrow',
      'audiocaps.train.clean.words.arrow',
      'audiocaps.train.dirty.arrow',
      'audiocaps.train.leaks.arrow',
    ]);
    for (const name of tables)
      expect(fs.readFileSync(path.join(there, name)).equals(fs.readFileSync(path.join(here, name)))).toBe(
        true,
      );
  }, 60_000);
});

describe('the strictness setting', () => {
  it('takes one level or a list without repeats', () => {
    const strictnessOf = (strictness: unknown) => curationConfigSchema.parse({ strictness }).strictness;
    expect(strictnessOf('words')).toBe('words');
    expect(strictnessOf(undefined)).toBe('inflections');
    expect(strictnessOf(['words', 'exact'])).toEqual(['words', 'exact']);
    expect(() => strictnessOf(['exact', 'exact'])).toThrow(/a level is listed twice/);
    expect(() => strictnessOf([])).toThrow(/list at least one level/);
    expect(() => strictnessOf(['loose'])).toThrow(
      /expected one of exact, inflections, synonyms, words, or a list of them/,
    );
  });
});

describeIf('streamed loading', () => {
  it('hands every clip to onClip in source order, holding none of them, with the same exclusions', () => {
    const input = { corpus: 'clotho' as const, input: DEV, audio: null };
    const held = loadCorpus(input);
    const streamed: CaptionClip[] = [];
    const loaded = loadCorpus(input, { onClip: (c) => streamed.push(c) });
    expect(loaded.clips).toEqual([]);
    expect((loaded.raw as { files: { rows: unknown[] }[] }).files[0].rows).toEqual([]);
    expect(streamed).toEqual(held.clips);
    expect(loaded.exclusions).toEqual(held.exclusions);
    expect(streamed.length).toBeGreaterThan(2800);
  });
});
