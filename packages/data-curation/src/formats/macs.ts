import * as path from 'node:path';
import { isMap, isNode, isSeq, LineCounter, parseDocument, stringify } from 'yaml';
import { z } from 'zod';
import { writeFileAtomic } from '@zsaudit/core';
import { CurationInputError, type LoadedCorpus, type LoadOptions } from '../types';
import {
  assertNotSource,
  audioDirFor,
  ClipCollector,
  clipIdOf,
  isDir,
  isFile,
  issueList,
  readUtf8Strict,
} from './common';

/** MACS has one split. */
export const MACS_SPLIT = 'development';
const MACS_FILE = 'MACS.yaml';

/** What MACS keeps to write its clean subset back: the document's other top-level keys and the kept file entries. */
export interface MacsRaw {
  /** Absolute path of the MACS.yaml that was read. */
  file: string;
  /** The top-level mapping as parsed, `files` included (all entries). */
  document: Record<string, unknown>;
  /** The kept clips' entries of `files`, in file order, exactly as parsed. */
  entries: { clipId: string; line: number; entry: unknown }[];
}

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const annotationSchema = z.object({
  annotator_id: z.union([z.string().min(1), z.number()]),
  sentence: scalar.nullable().optional(),
  tags: z.array(scalar).nullable().optional(),
});
const entrySchema = z.object({
  filename: z.string().refine((s) => s.trim() !== '', 'empty filename'),
  annotations: z.array(z.unknown()),
});

/**
 * Loads the MACS annotations (each annotator's sentence and tag list per clip) from `MACS.yaml` or a folder holding
 * it, so they can be audited; bad entries become exclusions, never silent drops. Rows are YAML line numbers.
 */
export function loadMacs(input: string, opts: LoadOptions = {}): LoadedCorpus<MacsRaw> {
  const abs = path.resolve(input);
  const file = isDir(abs) ? path.join(abs, MACS_FILE) : abs;
  if (!isFile(file)) throw new CurationInputError(file, null, 'MACS annotation file not found');
  const text = readUtf8Strict(file);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    throw new CurationInputError(
      file,
      e.linePos?.[0].line ?? null,
      `malformed YAML: ${e.message.split('\n')[0]}`,
    );
  }
  if (!isMap(doc.contents))
    throw new CurationInputError(file, 1, 'expected a mapping with a "files" list at the top');
  const filesNode = doc.contents.get('files', true);
  if (!isSeq(filesNode)) throw new CurationInputError(file, 1, 'missing "files" list');
  const document = doc.toJS() as Record<string, unknown>;
  const items = document.files as unknown[];

  const c = new ClipCollector(opts);
  const raw: MacsRaw = { file, document, entries: [] };
  const audioDir = opts.audio ? audioDirFor(opts.audio, MACS_SPLIT) : null;
  items.forEach((item, index) => {
    const node = filesNode.items[index];
    const line = isNode(node) && node.range ? lineCounter.linePos(node.range[0]).line : index + 1;
    const source = { file, row: line };
    const entry = entrySchema.safeParse(item);
    if (!entry.success) {
      const issues = issueList(entry.error, '(entry)');
      c.exclude(file, line, 'invalid-value', `bad file entry ${index + 1}: ${issues}`);
      return;
    }
    const { filename, annotations } = entry.data;
    const clipId = clipIdOf('macs', MACS_SPLIT, filename);
    if (!c.claim(clipId, source)) return;

    const fields: [string, string][] = [];
    const seenAnnotators = new Map<string, number>();
    const bad: string[] = [];
    annotations.forEach((a, k) => {
      const ann = annotationSchema.safeParse(a);
      if (!ann.success) {
        bad.push(`annotation ${k + 1}: ${issueList(ann.error, '(annotation)')}`);
        return;
      }
      const id = String(ann.data.annotator_id);
      const n = (seenAnnotators.get(id) ?? 0) + 1;
      seenAnnotators.set(id, n);
      const suffix = n === 1 ? id : `${id}_${n}`;
      fields.push([`sentence_${suffix}`, ann.data.sentence == null ? '' : String(ann.data.sentence)]);
      fields.push([`tags_${suffix}`, (ann.data.tags ?? []).map(String).join(', ')]);
    });
    if (bad.length > 0) {
      c.exclude(file, line, 'invalid-value', bad.join('; '), clipId);
      return;
    }
    const clip = c.add({
      corpus: 'macs',
      split: MACS_SPLIT,
      sourceId: filename,
      source,
      fields,
      audio: audioDir ? { root: audioDir, name: filename } : null,
    });
    if (clip && c.keepRaw) raw.entries.push({ clipId, line, entry: item });
  });
  return c.loaded('macs', [file], opts.audio, raw);
}

/**
 * Writes the kept clips back as `<outDir>/MACS.yaml` (other top-level keys and the kept entries as parsed), so the
 * clean set drops into MACS tooling. Ids not in this corpus are ignored. Returns the written path.
 */
export function exportCleanMacs(
  loaded: LoadedCorpus<MacsRaw>,
  keep: ReadonlySet<string>,
  outDir: string,
): string[] {
  const out = path.resolve(outDir, MACS_FILE);
  assertNotSource(out, loaded.files);
  const files = loaded.raw.entries.filter((e) => keep.has(e.clipId)).map((e) => e.entry);
  writeFileAtomic(out, stringify({ ...loaded.raw.document, files }, { lineWidth: 0, indentSeq: false }));
  return [out];
}
