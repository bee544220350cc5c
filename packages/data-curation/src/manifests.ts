/**
 * Readers of the curation stage's manifests for the later stages (models, analysis): schema checked, the file
 * checked against the output set's completeness marker, relative paths resolved against the tables' base folder.
 * Errors name the file (and the clip).
 */
import * as path from 'node:path';
import type { Table } from 'apache-arrow';
import { readArrowFile, resolvePortable, verifyOutputFile } from '@zsaudit/core';
import { CURATED_CLIPS_SCHEMA_ID, ESC50_SCHEMA_ID, LABELS_KEY, PATHS_BASE_KEY } from './arrow/tables';

/** The stage name of the curation output set (core `StagedOutput`), which readers check. */
export const CURATION_STAGE = 'curation';

/** One clip of a curated clips table, as the later stages use it. */
export interface CuratedClipRecord {
  id: string;
  /** Absolute audio path, or null in a text-only audit. */
  audioPath: string | null;
  /** sha256 of the audio's bytes when it was curated, or null in a text-only audit. */
  audioSha256: string | null;
  texts: { id: string; text: string }[];
}

export interface CuratedClips {
  /** Absolute path of the table read. */
  file: string;
  clips: CuratedClipRecord[];
}

/** One clip of the ESC-50 test set, as the later stages use it. */
export interface Esc50ManifestClip {
  id: string;
  /** Absolute audio path, or null when the ESC-50 root had no audio folder. */
  path: string | null;
  audioSha256: string | null;
  fold: number;
  target: number;
  category: string;
}

export interface Esc50Manifest {
  file: string;
  /** Label names by target. */
  labels: string[];
  clips: Esc50ManifestClip[];
}

/** Checks the file against its output set, reads it with its schema id and returns the folder its paths are relative to. */
function readCurationTable(file: string, schemaId: string): { abs: string; table: Table; base: string } {
  const abs = path.resolve(file);
  verifyOutputFile(path.dirname(abs), path.basename(abs), CURATION_STAGE);
  const table = readArrowFile(abs, schemaId);
  const rel = table.schema.metadata.get(PATHS_BASE_KEY);
  if (rel === undefined) throw new Error(`${abs}: schema metadata has no ${PATHS_BASE_KEY}; rerun curation`);
  return { abs, table, base: resolvePortable(path.dirname(abs), rel) };
}

/** A path and its content hash, both present or both null; anything else is a broken table. */
function audioOf(
  file: string,
  id: string,
  base: string,
  rel: string | null,
  sha: string | null,
): { path: string | null; sha256: string | null } {
  if ((rel == null) !== (sha == null))
    throw new Error(
      `${file}: clip ${id} has ${rel == null ? 'an audio hash but no path' : 'an audio path but no hash'}`,
    );
  return { path: rel == null ? null : resolvePortable(base, rel), sha256: sha ?? null };
}

/** The label names by target recorded in `esc50.arrow`'s metadata (every class, even one without clips). */
function labelsOf(table: Table, file: string): string[] {
  const json = table.schema.metadata.get(LABELS_KEY);
  let labels: unknown;
  try {
    labels = json === undefined ? undefined : JSON.parse(json);
  } catch {
    labels = undefined;
  }
  if (!Array.isArray(labels) || labels.some((l) => typeof l !== 'string'))
    throw new Error(`${file}: schema metadata ${LABELS_KEY} is missing or not a JSON list of label names`);
  return labels as string[];
}

/**
 * Reads a `<corpus>.<split>.{dirty,clean}.arrow` table (`zsaudit.curation.clips/2`): each clip's id, absolute audio
 * path and audio hash, and its texts.
 */
export function readCuratedClips(file: string): CuratedClips {
  const { abs, table, base } = readCurationTable(file, CURATED_CLIPS_SCHEMA_ID);
  const clips: CuratedClipRecord[] = [];
  for (const row of table) {
    const id = row!.clip_id as string;
    const audio = audioOf(abs, id, base, row!.audio_path, row!.audio_sha256);
    const texts = (row!.texts.toArray() as { text_id: string; text: string }[]).map((t) => ({
      id: t.text_id,
      text: t.text,
    }));
    clips.push({ id, audioPath: audio.path, audioSha256: audio.sha256, texts });
  }
  return { file: abs, clips };
}

/**
 * Reads `esc50.arrow` (`zsaudit.curation.esc50/2`): the label names by target (from the label set the run used)
 * and each clip's id, absolute audio path, audio hash, fold, target and category.
 */
export function readEsc50Manifest(file: string): Esc50Manifest {
  const { abs, table, base } = readCurationTable(file, ESC50_SCHEMA_ID);
  const labels = labelsOf(table, abs);
  const clips: Esc50ManifestClip[] = [];
  for (const row of table) {
    const id = row!.clip_id as string;
    const target = row!.target as number;
    const category = row!.category as string;
    if (labels[target] !== category)
      throw new Error(
        `${abs}: clip ${id} has category "${category}", but target ${target} of the label set is ${JSON.stringify(labels[target] ?? null)}`,
      );
    const audio = audioOf(abs, id, base, row!.path, row!.audio_sha256);
    clips.push({ id, path: audio.path, audioSha256: audio.sha256, fold: row!.fold, target, category });
  }
  return { file: abs, labels, clips };
}
