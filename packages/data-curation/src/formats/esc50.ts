import * as path from 'node:path';
import { resolveInside } from '@zsaudit/core';
import { CurationInputError, type Esc50Clip, type Exclusion, type LoadedEsc50 } from '../types';
import { readCsvTable } from './csv';
import { checkAudio, isDir, isFile, outsideRootMessage } from './common';

const ESC50_COLUMNS = ['filename', 'fold', 'target', 'category', 'esc10', 'src_file', 'take'] as const;
const ESC10_VALUES: Record<string, boolean> = { true: true, false: false, '1': true, '0': false };

/**
 * Loads the ESC-50 test set from `<root>/meta/esc50.csv` (audio from `<root>/audio/` when that folder exists), so its
 * class names can be checked against the caption corpora; bad rows become exclusions, never silent drops.
 */
export function loadEsc50(root: string): LoadedEsc50 {
  const abs = path.resolve(root);
  const file = path.join(abs, 'meta', 'esc50.csv');
  if (!isFile(file)) throw new CurationInputError(file, null, 'ESC-50 metadata file not found');
  const audioDir = path.join(abs, 'audio');
  const textOnly = !isDir(audioDir);

  const table = readCsvTable(file, ESC50_COLUMNS);
  const exclusions: Exclusion[] = [...table.exclusions];
  const exclude = (row: number, clipId: string | null, reason: Exclusion['reason'], message: string) =>
    exclusions.push({ file, row, clipId, textId: null, reason, message });
  const clips: Esc50Clip[] = [];
  const seen = new Map<string, number>();

  for (const { line, values } of table.rows) {
    const filename = values.filename.trim();
    if (!textOnly && filename !== '' && resolveInside(audioDir, filename) === null) {
      exclude(line, null, 'path-outside-root', outsideRootMessage(filename, audioDir));
      continue;
    }
    if (filename === '' || /[\\/]/.test(filename)) {
      exclude(
        line,
        null,
        'invalid-value',
        `${file}:${line}: filename "${values.filename}" is not a file name`,
      );
      continue;
    }
    const clipId = `esc50:test:${filename}`;
    const first = seen.get(clipId);
    if (first != null) {
      exclude(line, clipId, 'duplicate-id', `duplicate filename ${filename}: first seen at ${file}:${first}`);
      continue;
    }
    seen.set(clipId, line);

    const bad: string[] = [];
    const fold = values.fold.trim();
    if (!/^[1-5]$/.test(fold)) bad.push(`fold "${values.fold}" is not an integer 1..5`);
    const target = values.target.trim();
    if (!/^\d+$/.test(target)) bad.push(`target "${values.target}" is not an integer >= 0`);
    const esc10 = ESC10_VALUES[values.esc10.trim().toLowerCase()];
    if (esc10 === undefined) bad.push(`esc10 "${values.esc10}" is not True or False`);
    const category = values.category.trim();
    if (category === '') bad.push('category is empty');
    if (bad.length > 0) {
      exclude(line, clipId, 'invalid-value', `${file}:${line} (${filename}): ${bad.join('; ')}`);
      continue;
    }

    const audio = textOnly ? null : checkAudio({ root: audioDir, name: filename });
    if (audio && !audio.ok) {
      exclude(line, clipId, audio.reason, audio.message);
      continue;
    }
    clips.push({
      clipId,
      filename,
      audioPath: audio ? audio.path : null,
      audioSha256: audio ? audio.sha256 : null,
      fold: Number(fold),
      target: Number(target),
      category,
      esc10,
      srcFile: values.src_file,
      take: values.take,
      source: { file, row: line },
    });
  }
  return { files: [file], clips, exclusions, textOnly };
}
