/**
 * Exclusions as artifacts record them. An embedding file carries its own exclusions in its metadata
 * (`zsaudit.exclusions`), so a file kept by a later run still reports them, and the summary is the same whichever
 * run wrote the file. Paths in artifacts are POSIX and relative (to the file's folder, to the models folder), so
 * they resolve in any clone location; the message names the file the same way.
 */
import * as path from 'node:path';
import { portablePath, resolvePortable } from '@zsaudit/core';
import type { EmbedExclusion } from './sink';

/** Metadata key of an embedding file's exclusions (JSON list; audio paths relative to the file's folder). */
export const EXCLUSIONS_KEY = 'zsaudit.exclusions';

/** `e` with its file renamed by `rename`, in `file` and wherever the message names it. */
export function renamed(e: EmbedExclusion, rename: (file: string) => string): EmbedExclusion {
  if (!e.file) return e;
  const file = rename(e.file);
  return { ...e, file, message: e.message.split(e.file).join(file) };
}

/** An exclusion with its audio path relative to `base` (a path as the run saw it is resolved first). */
export function portableExclusion(e: EmbedExclusion, base: string): EmbedExclusion {
  return renamed(e, (file) => portablePath(base, path.resolve(file)));
}

/** The metadata value of an embedding file's exclusions. */
export function exclusionsMetadata(exclusions: readonly EmbedExclusion[], file: string): string {
  const base = path.dirname(path.resolve(file));
  return JSON.stringify(exclusions.map((e) => portableExclusion(e, base)));
}

/** The exclusions an embedding file records, with absolute paths; an error names the file when unreadable. */
export function readExclusions(metadata: ReadonlyMap<string, string>, file: string): EmbedExclusion[] {
  const json = metadata.get(EXCLUSIONS_KEY);
  if (json === undefined) return [];
  let list: unknown;
  try {
    list = JSON.parse(json);
  } catch {
    list = null;
  }
  if (!Array.isArray(list)) throw new Error(`${file}: metadata ${EXCLUSIONS_KEY} is not a JSON list`);
  const base = path.dirname(path.resolve(file));
  return (list as EmbedExclusion[]).map((e) => renamed(e, (rel) => resolvePortable(base, rel)));
}
