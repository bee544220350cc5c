/**
 * Rows of the curation stage as the columns of its Arrow contracts (`./tables`): one getter per column. Paths are
 * written relative to the base folder, so the tables stay valid wherever the study folder is copied.
 */
import { portablePath } from '@zsaudit/core';
import type { LeakRow } from '../curate';
import type { CaptionClip, Esc50Clip, Exclusion } from '../types';

/** Table columns from rows: one getter per column, applied to every row. */
function columnsOf<T>(
  rows: readonly T[],
  getters: Record<string, (row: T) => unknown>,
): Record<string, unknown[]> {
  return Object.fromEntries(Object.entries(getters).map(([name, get]) => [name, rows.map(get)]));
}

/** `file` relative to the base folder, or null: the tables record portable paths (see PATHS_BASE_KEY). */
const relative = (base: string, file: string | null) => (file === null ? null : portablePath(base, file));

/** The columns of `curatedClipsFields`; paths relative to `base`. */
export const clipColumns = (clips: readonly (CaptionClip & { leakedLabels?: string[] })[], base: string) =>
  columnsOf(clips, {
    clip_id: (c) => c.clipId,
    corpus: (c) => c.corpus,
    split: (c) => c.split,
    source_id: (c) => c.sourceId,
    audio_path: (c) => relative(base, c.audioPath),
    audio_sha256: (c) => c.audioSha256,
    texts: (c) => c.texts.map((t) => ({ field: t.field, text_id: t.id, text: t.text })),
    leaked_labels: (c) => c.leakedLabels ?? [],
    source_file: (c) => relative(base, c.source.file),
    source_row: (c) => c.source.row,
  });

/** The columns of `excludedFields`; paths relative to `base`. */
export const exclusionColumns = (exclusions: readonly Exclusion[], base: string) =>
  columnsOf(exclusions, {
    file: (e) => relative(base, e.file),
    row: (e) => e.row,
    clip_id: (e) => e.clipId,
    text_id: (e) => e.textId,
    reason: (e) => e.reason,
    message: (e) => e.message,
  });

/** The columns of `leaksFields`. */
export const leakColumns = (leaks: readonly LeakRow[]) =>
  columnsOf(leaks, {
    clip_id: (l) => l.clipId,
    text_id: (l) => l.textId,
    field: (l) => l.field,
    label: (l) => l.label,
    target: (l) => l.target,
    matched: (l) => l.matched,
    form: (l) => l.form,
    level: (l) => l.level,
    status: (l) => l.status,
    span_start: (l) => l.spanStart,
    span_end: (l) => l.spanEnd,
  });

/** The columns of `esc50Fields`; paths relative to `base`. */
export const esc50Columns = (clips: readonly Esc50Clip[], base: string) =>
  columnsOf(clips, {
    clip_id: (c) => c.clipId,
    filename: (c) => c.filename,
    path: (c) => relative(base, c.audioPath),
    audio_sha256: (c) => c.audioSha256,
    fold: (c) => c.fold,
    target: (c) => c.target,
    category: (c) => c.category,
    esc10: (c) => c.esc10,
    src_file: (c) => c.srcFile,
    take: (c) => c.take,
  });
