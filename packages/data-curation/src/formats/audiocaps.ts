import * as path from 'node:path';
import type { LoadedCorpus, LoadOptions } from '../types';
import {
  audioDirFor,
  ClipCollector,
  clipIdOf,
  collectCsvClips,
  exportCsvFiles,
  inputFiles,
  isFile,
  type CsvFileRaw,
} from './common';

const AUDIOCAPS_COLUMNS = ['audiocap_id', 'youtube_id', 'start_time', 'caption'] as const;
const AUDIOCAPS_SPLIT_FILES = ['train.csv', 'val.csv', 'test.csv'] as const;
const PLACEHOLDERS = ['audiocap_id', 'youtube_id', 'start_time'] as const;

/** Default audio file name: one file per caption row, named by its audiocap_id. */
export const DEFAULT_AUDIOCAPS_AUDIO_FILE_NAME = '{audiocap_id}.wav';

export interface AudioCapsLoadOptions extends LoadOptions {
  /**
   * Audio file name inside the split's audio folder, a template with `{audiocap_id}`, `{youtube_id}` and
   * `{start_time}` filled from the row. Default `{audiocap_id}.wav`. AudioCaps ships no audio; downloaders name
   * files differently, e.g. `{youtube_id}_{start_time}.wav` or `Y{youtube_id}.wav`, so say which one yours used.
   */
  audioFileName?: string;
}

/** What AudioCaps keeps to write its clean subset back: one entry per split file read. */
export interface AudioCapsRaw {
  files: CsvFileRaw[];
}

/** Fills an audio file name template from one row; rejects unknown placeholders so a typo cannot point at nothing. */
export function audioCapsFileName(
  template: string,
  values: Record<(typeof PLACEHOLDERS)[number], string>,
): string {
  return template.replace(/\{([^}]*)\}/g, (whole, key: string) => {
    if (!(PLACEHOLDERS as readonly string[]).includes(key)) {
      throw new Error(
        `unknown placeholder ${whole} in AudioCaps audioFileName "${template}"; use ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`,
      );
    }
    return values[key as (typeof PLACEHOLDERS)[number]];
  });
}

/**
 * Loads AudioCaps captions from `train.csv`/`val.csv`/`test.csv` (or a folder holding them), one clip per row, so
 * every caption can be audited; bad rows become exclusions, never silent drops.
 */
export function loadAudioCaps(input: string, opts: AudioCapsLoadOptions = {}): LoadedCorpus<AudioCapsRaw> {
  const files = inputFiles(
    input,
    (dir) => AUDIOCAPS_SPLIT_FILES.map((n) => path.join(dir, n)).filter(isFile),
    'no train.csv, val.csv or test.csv in this folder',
  );
  const template = opts.audioFileName ?? DEFAULT_AUDIOCAPS_AUDIO_FILE_NAME;
  // Check the template once, before reading anything.
  audioCapsFileName(template, { audiocap_id: 'x', youtube_id: 'x', start_time: '0' });

  const c = new ClipCollector(opts);
  const raw: AudioCapsRaw = {
    files: files.map((file) => {
      const split = path.basename(file, path.extname(file));
      const audioDir = opts.audio ? audioDirFor(opts.audio, split) : null;
      return collectCsvClips(c, file, AUDIOCAPS_COLUMNS, split, (row, source) => {
        const id = row.values.audiocap_id.trim();
        if (id === '') {
          c.exclude(file, row.line, 'invalid-value', 'audiocap_id is empty');
          return null;
        }
        const clipId = clipIdOf('audiocaps', split, id);
        if (!c.claim(clipId, source)) return null;
        const youtubeId = row.values.youtube_id.trim();
        const startTime = row.values.start_time.trim();
        const bad: string[] = [];
        if (youtubeId === '') bad.push('youtube_id is empty');
        if (!/^\d+(\.\d+)?$/.test(startTime))
          bad.push(`start_time "${row.values.start_time}" is not a number of seconds >= 0`);
        if (bad.length > 0) {
          c.exclude(file, row.line, 'invalid-value', bad.join('; '), clipId);
          return null;
        }
        const values = { audiocap_id: id, youtube_id: youtubeId, start_time: startTime };
        return {
          corpus: 'audiocaps',
          split,
          sourceId: id,
          source,
          fields: [['caption', row.values.caption]],
          audio: audioDir ? { root: audioDir, name: audioCapsFileName(template, values) } : null,
        };
      });
    }),
  };
  return c.loaded('audiocaps', files, opts.audio, raw);
}

/**
 * Writes the kept clips back as AudioCaps split files (`<split>.csv`, same header and field values), so the clean
 * set drops into any AudioCaps tooling. Ids not in this corpus are ignored. Returns the written paths.
 */
export function exportCleanAudioCaps(
  loaded: LoadedCorpus<AudioCapsRaw>,
  keep: ReadonlySet<string>,
  outDir: string,
): string[] {
  return exportCsvFiles(loaded.raw.files, keep, outDir, loaded.files);
}
