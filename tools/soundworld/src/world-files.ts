/**
 * What a world folder holds, as its two records say: `world.json` (written last by a run that completed: the world
 * is whole) and `world.partial.json` (the progress of a run that has not completed: which files it already wrote).
 * Readers trust only `world.json`; a rerun reuses a file of either record only when its content still matches.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { contentHash, resolveInside, writeFileAtomic } from '@zsaudit/core';
import type { WorldProfile } from './profiles';

export const MANIFEST_FILE = 'world.json';
/** Progress of a generation that has not completed; removed once `world.json` is written. */
export const PARTIAL_FILE = 'world.partial.json';

export interface FileEntry {
  bytes: number;
  sha256: string;
  /** Hash of what the file is made from (scene, stream, seed, rate): a file is reused only if this matches. */
  source: string;
}

export interface WorldManifest {
  schema: 'zsaudit.soundworld/1';
  generator: number;
  /** Hash of the generator's own code and data (codeFingerprint), so a changed synthesizer never reuses old files. */
  code: string;
  seed: number;
  profile: WorldProfile;
  counts: Record<string, number>;
  files: Record<string, FileEntry>;
}

export interface WorldProgress {
  schema: 'zsaudit.soundworld.partial/1';
  generator: number;
  code: string;
  /** Files this generator and code wrote (or kept) so far, with what each is made from. */
  files: Record<string, FileEntry>;
  /** Every file that a run wrote into the folder: those the finished world does not have are removed then. */
  written: string[];
}

const isEntry = (e: unknown): e is FileEntry =>
  !!e &&
  typeof (e as FileEntry).bytes === 'number' &&
  typeof (e as FileEntry).sha256 === 'string' &&
  typeof (e as FileEntry).source === 'string';

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function hasFiles(value: unknown): value is { files: Record<string, FileEntry> } {
  const files = (value as { files?: unknown } | null)?.files;
  return !!files && typeof files === 'object' && Object.values(files).every(isEntry);
}

/** The folder's `world.json`, or null when it is missing or not a world manifest (then nothing of it is reused). */
export function readManifestIfAny(out: string): WorldManifest | null {
  const m = readJson(path.join(out, MANIFEST_FILE));
  return hasFiles(m) && (m as WorldManifest).schema === 'zsaudit.soundworld/1' ? (m as WorldManifest) : null;
}

/** The progress record an interrupted run left, or null. */
export function readProgressIfAny(out: string): WorldProgress | null {
  const p = readJson(path.join(out, PARTIAL_FILE));
  return hasFiles(p) &&
    (p as WorldProgress).schema === 'zsaudit.soundworld.partial/1' &&
    Array.isArray((p as WorldProgress).written)
    ? (p as WorldProgress)
    : null;
}

/**
 * The manifest of a complete world, for readers: throws naming the folder when `world.json` is missing (the world
 * was never generated there, or its generation was interrupted).
 */
export function readWorldManifest(dir: string): WorldManifest {
  const root = path.resolve(dir);
  const m = readManifestIfAny(root);
  if (!m) {
    const partial = fs.existsSync(path.join(root, PARTIAL_FILE));
    throw new Error(
      `${root}: no complete world (${MANIFEST_FILE} ${partial ? `missing, ${PARTIAL_FILE} present: its generation was interrupted` : 'missing or unreadable'}): run zsaudit world --out ${root}`,
    );
  }
  return m;
}

/** The absolute path of a file a record names, or null when the name escapes the folder (a hand-edited record). */
export function worldPath(out: string, file: string): string | null {
  return resolveInside(out, file);
}

/** True when `file` exists with the recorded size and content (sha256 through the content-hash cache). */
export function intact(out: string, file: string, entry: FileEntry | undefined): boolean {
  if (!entry) return false;
  const p = worldPath(out, file);
  const st = p ? fs.statSync(p, { throwIfNoEntry: false }) : undefined;
  return !!p && !!st && st.isFile() && st.size === entry.bytes && contentHash(p) === entry.sha256;
}

/**
 * Checks files a reader is about to use against the complete world's manifest: a file missing, or replaced after
 * the world was generated, is an error naming it.
 */
export function verifyWorldFiles(dir: string, manifest: WorldManifest, files: readonly string[]): void {
  const root = path.resolve(dir);
  for (const file of files) {
    const entry = manifest.files[file];
    if (!entry) throw new Error(`${path.join(root, file)}: not a file of the world (${MANIFEST_FILE})`);
    if (!intact(root, file, entry)) {
      throw new Error(
        `${path.join(root, file)}: changed since the world was generated (content differs from ${MANIFEST_FILE}): ` +
          `rerun zsaudit world --out ${root}`,
      );
    }
  }
}

/** Writes a record (manifest or progress) as compact indented JSON, atomically. */
export function writeRecord(out: string, name: string, value: WorldManifest | WorldProgress): void {
  writeFileAtomic(path.join(out, name), JSON.stringify(value, null, 1) + '\n');
}

/** Entries sorted by file name, so the same world always gives the same `world.json` bytes. */
export function sortedFiles(files: Record<string, FileEntry>): Record<string, FileEntry> {
  return Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1)));
}
