import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { z } from 'zod';
import { contentHash, readUtf8, resolveInside, StringSet, writeFileAtomic } from '@zsaudit/core';
import {
  CurationInputError,
  type CaptionClip,
  type ClipText,
  type CorpusName,
  type Exclusion,
  type ExclusionReason,
  type LoadedCorpus,
  type LoadOptions,
  type SourceRef,
} from '../types';
import { streamCsvRows, type CsvRow } from './csv';

/** One caption CSV file as read, kept so that the clean subset can be written back with the same header and fields. */
export interface CsvFileRaw {
  /** Absolute path of the file that was read. */
  file: string;
  /** Split the file's clips belong to. */
  split: string;
  /** Header as read (trimmed column names). */
  header: string[];
  /** The kept clips' records, in file order, with their fields exactly as read. */
  rows: { clipId: string; line: number; raw: string[] }[];
}

/** A clip as read from its source, before the integrity checks decide whether it is kept. */
export interface ClipDraft {
  corpus: CorpusName;
  split: string;
  sourceId: string;
  source: SourceRef;
  /** Texts in source order: [field, text as read]. */
  fields: ReadonlyArray<readonly [string, string]>;
  /** Where the clip's audio is expected, or null for a text-only audit; checked by {@link ClipCollector.add}. */
  audio: AudioRef | null;
}

/** Builds the clip id `<corpus>:<split>:<source id>`. */
export function clipIdOf(corpus: string, split: string, sourceId: string): string {
  return `${corpus}:${split}:${sourceId}`;
}

/** What is at a path: a regular file, a folder, something else (a FIFO, a socket) or nothing. */
export type PathKind = 'file' | 'dir' | 'other' | 'missing';

/**
 * What is at `p`, symlinks followed. A path that cannot be examined (a symbolic link loop, no permission) is an
 * error naming it, never a stack trace or a silent "not found".
 */
export function pathKind(p: string): PathKind {
  try {
    const st = fs.statSync(p, { throwIfNoEntry: false });
    return !st ? 'missing' : st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'other';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') return 'missing';
    throw new CurationInputError(p, null, unreadableReason(err));
  }
}

/** Why a path cannot be read, in words: a symbolic link loop says so, anything else gives its code. */
export function unreadableReason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ELOOP')
    return 'symbolic link loop (ELOOP): its links lead back to themselves, never to a file';
  if (e.code === 'EACCES' || e.code === 'EPERM') return `permission denied (${e.code})`;
  return `cannot be read (${e.code ?? e.message})`;
}

/** True when `p` is an existing regular file. */
export function isFile(p: string): boolean {
  return pathKind(p) === 'file';
}

/** True when `p` is an existing folder. */
export function isDir(p: string): boolean {
  return pathKind(p) === 'dir';
}

/** Expands an audio folder template (`{split}`) for one split. */
export function audioDirFor(template: string, split: string): string {
  return path.resolve(template.replace(/\{split\}/g, split));
}

/**
 * The caption files of an input that is one file or a folder of them (`inFolder` picks a folder's files): absolute
 * paths; a folder without any, or a path that does not exist, is an error naming it.
 */
export function inputFiles(
  input: string,
  inFolder: (dir: string) => string[],
  noneInFolder: string,
): string[] {
  const abs = path.resolve(input);
  if (isDir(abs)) {
    const files = inFolder(abs);
    if (files.length === 0) throw new CurationInputError(abs, null, noneInFolder);
    return files;
  }
  if (isFile(abs)) return [abs];
  throw new CurationInputError(abs, null, 'no such file or folder');
}

/**
 * A whole text file (YAML, JSON) as strict UTF-8, BOM removed and every line break made LF: a lone CR (old Mac
 * files) is a line break in YAML and whitespace in JSON, but the yaml parser reads a CR-only file as one line.
 * Invalid bytes are an error naming the first line that holds them, lines counted as the file breaks them.
 */
export function readUtf8Strict(file: string): string {
  const { text, invalidLines } = readUtf8(file);
  const lf = text.replace(/\r(?!\n)/g, '\n');
  if (invalidLines.size > 0) {
    const first = lf.split('\n').findIndex((l) => l.includes('\uFFFD')) + 1;
    throw new CurationInputError(
      file,
      first || Math.min(...invalidLines),
      'file holds bytes that are not valid UTF-8',
    );
  }
  return lf;
}

/** A validation error's issues on one line: `path: message; ...`, `whole` naming an issue of the value itself. */
export function issueList(error: z.ZodError, whole: string): string {
  return error.issues.map((i) => `${i.path.join('.') || whole}: ${i.message}`).join('; ');
}

/** The message for a missing audio file; says when its whole folder is missing, the usual cause of many at once. */
export function missingAudioMessage(audioPath: string): string {
  const dir = path.dirname(audioPath);
  let link: fs.Stats | undefined;
  try {
    link = fs.lstatSync(audioPath, { throwIfNoEntry: false });
  } catch {
    link = undefined; // ENOTDIR: a parent is a file, so nothing is there
  }
  if (link?.isSymbolicLink())
    return `audio file not found: ${audioPath} is a symbolic link to ${fs.readlinkSync(audioPath)}, which does not exist`;
  return `audio file not found: ${audioPath}${pathKind(dir) === 'dir' ? '' : ` (folder ${dir} does not exist)`}`;
}

/** Where a clip's audio is expected: its audio folder and the file name the data gives (relative to the folder). */
export interface AudioRef {
  root: string;
  name: string;
}

/** The outcome of checking a clip's audio: its path and content hash, or the exclusion it gets. */
export type AudioCheck =
  | { ok: true; path: string; sha256: string }
  | {
      ok: false;
      reason: Extract<ExclusionReason, 'path-outside-root' | 'missing-audio' | 'unreadable-audio'>;
      message: string;
    };

/** The message of a 'path-outside-root' exclusion: the value as the data gives it and the folder it must stay in. */
export function outsideRootMessage(name: string, root: string): string {
  return `audio file name ${JSON.stringify(name)} resolves outside the audio folder ${root}`;
}

/**
 * Checks one clip's audio: the name from the data must stay inside its audio folder (a `../` or an absolute name
 * would read, and later embed, a file of someone else's choosing), the file must exist and be a readable regular
 * file; its content hash identifies the audio for every later reuse decision.
 */
export function checkAudio(audio: AudioRef): AudioCheck {
  const p = resolveInside(audio.root, audio.name);
  if (p === null)
    return { ok: false, reason: 'path-outside-root', message: outsideRootMessage(audio.name, audio.root) };
  const unreadable = (err: unknown): AudioCheck => ({
    ok: false,
    reason: 'unreadable-audio',
    message: `audio file ${p}: ${unreadableReason(err)}`,
  });
  let kind: PathKind;
  try {
    kind = pathKind(p);
  } catch (err) {
    return { ok: false, reason: 'unreadable-audio', message: `audio file ${(err as Error).message}` };
  }
  if (kind === 'missing') return { ok: false, reason: 'missing-audio', message: missingAudioMessage(p) };
  if (kind !== 'file') {
    const what = kind === 'dir' ? 'a folder' : 'not a regular file';
    return {
      ok: false,
      reason: 'unreadable-audio',
      message: `audio file ${p} is ${what}, not an audio file`,
    };
  }
  try {
    return { ok: true, path: p, sha256: contentHash(p) };
  } catch (err) {
    return unreadable(err);
  }
}

/**
 * Applies the integrity policy shared by every caption corpus, so that no loader can drop a row silently:
 * duplicate ids, empty texts, clips without text and missing audio each become one exclusion. With `onClip` the
 * kept clips stream out instead of being held.
 */
export class ClipCollector {
  readonly clips: CaptionClip[] = [];
  readonly exclusions: Exclusion[] = [];
  /**
   * Where each claimed id was first seen, as file index × 2^31 + row: a set out of the garbage collector's way
   * (core `StringSet`), as it holds one entry per clip for the whole run.
   */
  private readonly seen = new StringSet();
  private readonly sourceFiles: string[] = [];
  private readonly fileIndex = new Map<string, number>();
  private readonly onClip: ((clip: CaptionClip) => void) | undefined;
  /** Whether loaders keep the rows as read, for the export. */
  readonly keepRaw: boolean;

  constructor(opts: Pick<LoadOptions, 'onClip' | 'keepRaw'> = {}) {
    this.onClip = opts.onClip;
    this.keepRaw = opts.keepRaw ?? !opts.onClip;
  }

  /** Records one exclusion. */
  exclude(
    file: string,
    row: number | null,
    reason: ExclusionReason,
    message: string,
    clipId: string | null = null,
    textId: string | null = null,
  ): void {
    this.exclusions.push({ file, row, clipId, textId, reason, message });
  }

  /** Takes over the per-row exclusions of a CSV read (malformed records, bad UTF-8). */
  addAll(exclusions: readonly Exclusion[]): void {
    this.exclusions.push(...exclusions);
  }

  /**
   * Claims a clip id for a row. Returns false (and records a 'duplicate-id' exclusion) when an earlier row holds it:
   * the first row wins, even when that row is later excluded for another reason.
   */
  claim(clipId: string, source: SourceRef): boolean {
    let index = this.fileIndex.get(source.file);
    if (index === undefined) {
      index = this.sourceFiles.push(source.file) - 1;
      this.fileIndex.set(source.file, index);
    }
    const first = this.seen.add(clipId, index * 2 ** 31 + source.row);
    if (first !== undefined) {
      const file = this.sourceFiles[Math.floor(first / 2 ** 31)];
      this.exclude(
        source.file,
        source.row,
        'duplicate-id',
        `duplicate clip id ${clipId}: first seen at ${file}:${first % 2 ** 31}`,
        clipId,
      );
      return false;
    }
    return true;
  }

  /**
   * Checks a draft whose id was claimed and keeps it or records why not. Empty texts are left out with an
   * 'empty-text' exclusion only when the clip itself stays; a clip with no text, or whose audio name leaves its
   * folder, is missing or cannot be read, gets one clip exclusion. Returns the kept clip or null.
   */
  add(draft: ClipDraft): CaptionClip | null {
    const clipId = clipIdOf(draft.corpus, draft.split, draft.sourceId);
    const { file, row } = draft.source;
    const texts: ClipText[] = [];
    const empty: string[] = [];
    for (const [field, value] of draft.fields) {
      const text = value.trim();
      if (text === '') empty.push(field);
      else texts.push({ field, id: `${clipId}#${field}`, text });
    }
    if (texts.length === 0) {
      const fields = draft.fields.map(([f]) => f).join(', ');
      this.exclude(file, row, 'no-text', `clip has no non-empty text (fields: ${fields || 'none'})`, clipId);
      return null;
    }
    const audio = draft.audio ? checkAudio(draft.audio) : null;
    if (audio && !audio.ok) {
      this.exclude(file, row, audio.reason, audio.message, clipId);
      return null;
    }
    for (const field of empty) {
      this.exclude(file, row, 'empty-text', `${field} is empty`, clipId, `${clipId}#${field}`);
    }
    const clip: CaptionClip = {
      clipId,
      corpus: draft.corpus,
      split: draft.split,
      sourceId: draft.sourceId,
      audioPath: audio ? audio.path : null,
      audioSha256: audio ? audio.sha256 : null,
      texts,
      source: { file, row },
    };
    if (this.onClip) this.onClip(clip);
    else this.clips.push(clip);
    return clip;
  }

  /**
   * What a loader returns: the kept clips (none when streaming) and every exclusion, ordered by file (in the order
   * read) and row, text-only when no audio folder was given.
   */
  loaded<Raw>(
    corpus: CorpusName,
    files: string[],
    audio: string | null | undefined,
    raw: Raw,
  ): LoadedCorpus<Raw> {
    const order = new Map(files.map((f, i) => [f, i]));
    const exclusions = this.exclusions
      .map((e, i) => ({ e, i }))
      .sort(
        (a, b) =>
          (order.get(a.e.file) ?? files.length) - (order.get(b.e.file) ?? files.length) ||
          (a.e.row ?? 0) - (b.e.row ?? 0) ||
          a.i - b.i,
      )
      .map(({ e }) => e);
    return { corpus, files, clips: this.clips, exclusions, textOnly: !audio, raw };
  }
}

/**
 * Collects the clips of a CSV file whose rows are clips (Clotho, AudioCaps, FSD50K), streaming its rows: per row
 * asks `draftOf` for the clip's draft (it checks the row's values and claims the clip id, recording any exclusion
 * on `c`, and returns null for a row it leaves out), then takes over the file's own exclusions (malformed records,
 * bad UTF-8). Keeps the records of kept clips for writing the file back when the collector keeps raw rows.
 * `onKept` sees each kept clip with its row.
 */
export function collectCsvClips(
  c: ClipCollector,
  file: string,
  columns: readonly string[],
  split: string,
  draftOf: (row: CsvRow, source: SourceRef) => ClipDraft | null,
  onKept?: (clip: CaptionClip, row: CsvRow) => void,
): CsvFileRaw {
  const rows: CsvFileRaw['rows'] = [];
  const read = streamCsvRows(file, columns, (row) => {
    const draft = draftOf(row, { file, row: row.line });
    const clip = draft && c.add(draft);
    if (!clip) return;
    if (c.keepRaw) rows.push({ clipId: clip.clipId, line: row.line, raw: row.raw });
    onKept?.(clip, row);
  });
  c.addAll(read.exclusions);
  return { file, split, header: [...read.header], rows };
}

/**
 * Refuses to write an export over a file it was read from: curation must never destroy its source data.
 */
export function assertNotSource(target: string, sources: readonly string[]): void {
  const t = path.resolve(target);
  const real = (p: string) => {
    try {
      return fs.realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  for (const s of sources) {
    if (path.resolve(s) === t || (fs.existsSync(t) && real(s) === real(t))) {
      throw new Error(`refusing to overwrite the source file ${s}; export to another folder`);
    }
  }
}

/** Writes one CSV file back with its original header and only the records of clips in `keep`. Returns its path. */
export function writeCsvSubset(
  raw: CsvFileRaw,
  keep: ReadonlySet<string>,
  target: string,
  sources: readonly string[],
): string {
  const out = path.resolve(target);
  assertNotSource(out, sources);
  const records = [raw.header, ...raw.rows.filter((r) => keep.has(r.clipId)).map((r) => r.raw)];
  writeFileAtomic(out, stringify(records));
  return out;
}

/** Files directly in `dir` whose names match `re`, sorted, absolute. */
export function listFiles(dir: string, re: RegExp): string[] {
  return fs
    .readdirSync(dir)
    .filter((n) => re.test(n) && isFile(path.join(dir, n)))
    .sort()
    .map((n) => path.resolve(dir, n));
}

/** Writes each read CSV file back under its own base name with only the kept clips (Clotho, AudioCaps). */
export function exportCsvFiles(
  files: readonly CsvFileRaw[],
  keep: ReadonlySet<string>,
  outDir: string,
  sources: readonly string[],
): string[] {
  return files.map((f) => writeCsvSubset(f, keep, path.join(outDir, path.basename(f.file)), sources));
}
