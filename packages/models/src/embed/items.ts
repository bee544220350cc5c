/**
 * The items an embedding file is made of, each with a content key: what a resumed spool and a kept file are
 * checked against, so that a changed WAV or line is embedded again instead of reused. Also the readers of the
 * `embed-audio` folder and the `embed-text` file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { contentHash, readUtf8, sha256 } from '@zsaudit/core';
import type { EmbedExclusion } from './sink';

/** An item of an embedding file: its id (the row's id) and the key of its content. */
export interface EmbedItem {
  id: string;
  /** Content key: sha256 of the audio file's bytes or of the text; equal keys mean the same input. */
  key: string;
  /** Set when the item is known not to be embeddable before any session runs (it is recorded as excluded). */
  exclusion?: EmbedExclusion;
}

export interface AudioItem extends EmbedItem {
  path: string;
}

export interface TextItem extends EmbedItem {
  text: string;
}

/** The content key of a text: its sha256. */
export function textKey(text: string): string {
  return sha256(text);
}

/**
 * The content key of an audio file: core's cached `contentHash`. A file that cannot be hashed gets a key naming
 * why (`missing`, `not-a-file`, `symlink-loop`), so it is tried again once it is there; the front end records
 * the exclusion.
 */
export function audioKey(file: string): string {
  try {
    return contentHash(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'missing';
    if (code === 'EISDIR' || code === 'ENOTDIR') return 'not-a-file';
    if (code === 'ELOOP') return 'symlink-loop';
    return `unreadable:${code ?? 'error'}`;
  }
}

/** Text items with their keys: id is the 1-based line number. */
export function textItems(texts: readonly string[]): TextItem[] {
  return texts.map((text, i) => ({ id: String(i + 1), text, key: textKey(text) }));
}

/**
 * The lines of a text file: strict UTF-8 (bytes that are not are an error naming the file and line, never
 * dropped), line breaks `\n`, `\r\n` or a lone `\r` (classic Mac files), a final empty line ignored.
 */
export function readTextLines(file: string): string[] {
  const st = fs.statSync(file, { throwIfNoEntry: false });
  if (!st) throw new Error(`${file}: no such file`);
  if (!st.isFile()) throw new Error(`${file}: not a file (give a text file, one text per line)`);
  const { text, invalidLines } = readUtf8(file);
  const lines = text.split(/\r\n|\r|\n/);
  if (invalidLines.size > 0) {
    // readUtf8 counts lines by \n only; count them as they are split here (a CR-only file is one \n-line).
    const line = lines.findIndex((l) => l.includes('\uFFFD')) + 1;
    throw new Error(
      `${file}:${line || Math.min(...invalidLines)}: not valid UTF-8 (convert the file, e.g. iconv -f latin1 -t utf-8)`,
    );
  }
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Whether `p` is a folder, following links; a symlink loop or a missing target is not. */
function isFolder(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The WAV files of a folder as audio items, sorted by id. Without `recursive` the ids are the file names of the
 * folder itself (anything named `*.wav` is listed: a folder or a broken link named so is excluded by the front end
 * with its reason). Paths start with `dir` as given, so messages name files the way the user did. With `recursive` every subfolder is walked (links followed) and the ids are POSIX paths
 * relative to `dir` (`fold1/x.wav`); a link back to a folder being walked is reported through `log` and not
 * walked again.
 */
export function listWavItems(
  dir: string,
  opts: { recursive?: boolean; log?: (line: string) => void } = {},
): AudioItem[] {
  const root = path.resolve(dir);
  const st = fs.statSync(root, { throwIfNoEntry: false });
  if (!st) throw new Error(`${dir}: no such folder`);
  if (!st.isDirectory()) throw new Error(`${dir}: not a folder (give a folder of WAV files)`);
  const found: { id: string; path: string }[] = [];
  const isWav = (name: string) => /\.wav$/i.test(name);
  if (!opts.recursive) {
    for (const name of fs.readdirSync(root))
      if (isWav(name)) found.push({ id: name, path: path.join(dir, name) });
  } else {
    const walk = (folder: string, rel: string, ancestors: readonly string[]) => {
      for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
        const p = path.join(folder, entry.name);
        const id = rel ? `${rel}/${entry.name}` : entry.name;
        if (entry.isDirectory() || (entry.isSymbolicLink() && isFolder(p))) {
          const real = fs.realpathSync(p);
          const loop = ancestors.indexOf(real);
          if (loop >= 0) {
            opts.log?.(
              `skipped ${id}/: symlink loop (it leads back to ${path.relative(root, real) || '.'}, already being walked)`,
            );
            continue;
          }
          walk(p, id, [...ancestors, real]);
        } else if (isWav(entry.name)) found.push({ id, path: p });
      }
    };
    walk(dir, '', [fs.realpathSync(root)]);
  }
  found.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return found.map((f) => ({ ...f, key: audioKey(f.path) }));
}
