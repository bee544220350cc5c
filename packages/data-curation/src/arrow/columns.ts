/**
 * Rows of the small curation tables (exclusions, ESC-50) as the columns of their Arrow contracts (`./tables`): one
 * getter per column. Paths are written relative to the base folder, so the tables stay valid wherever the study
 * folder is copied. The large clips and leaks tables are built batch by batch (`./batches`).
 */
import { portablePath } from '@zsaudit/core';
import type { Esc50Clip, Exclusion } from '../types';

/** Table columns from rows: one getter per column, applied to every row. */
function columnsOf<T>(
  rows: readonly T[],
  getters: Record<string, (row: T) => unknown>,
): Record<string, unknown[]> {
  return Object.fromEntries(Object.entries(getters).map(([name, get]) => [name, rows.map(get)]));
}

/**
 * `file` relative to the base folder, or null (the tables record portable paths, see PATHS_BASE_KEY), remembered
 * for one table: a corpus has a handful of source files, and path.relative on each row is not free.
 */
export function relativeMemo(base: string): (file: string | null) => string | null {
  const memo = new Map<string, string>();
  return (file) => {
    if (file === null) return null;
    let rel = memo.get(file);
    if (rel === undefined) memo.set(file, (rel = portablePath(base, file)));
    return rel;
  };
}

/** The columns of `excludedFields`; paths relative to `base`. */
export const exclusionColumns = (exclusions: readonly Exclusion[], base: string) => {
  const rel = relativeMemo(base);
  return columnsOf(exclusions, {
    file: (e) => rel(e.file),
    row: (e) => e.row,
    clip_id: (e) => e.clipId,
    text_id: (e) => e.textId,
    reason: (e) => e.reason,
    message: (e) => e.message,
  });
};

/** The columns of `esc50Fields`; paths relative to `base`. */
export const esc50Columns = (clips: readonly Esc50Clip[], base: string) => {
  const rel = relativeMemo(base);
  return columnsOf(clips, {
    clip_id: (c) => c.clipId,
    filename: (c) => c.filename,
    path: (c) => rel(c.audioPath),
    audio_sha256: (c) => c.audioSha256,
    fold: (c) => c.fold,
    target: (c) => c.target,
    category: (c) => c.category,
    esc10: (c) => c.esc10,
    src_file: (c) => c.srcFile,
    take: (c) => c.take,
  });
};
