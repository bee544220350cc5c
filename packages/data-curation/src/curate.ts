import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Table } from 'apache-arrow';
import { buildTable, sha256File, writeArrowFile, writeJsonAtomic } from '@zsaudit/core';
import {
  curatedClipsFields,
  CURATED_CLIPS_SCHEMA_ID,
  esc50Fields,
  ESC50_SCHEMA_ID,
  excludedFields,
  EXCLUDED_SCHEMA_ID,
  leaksFields,
  LEAKS_SCHEMA_ID,
} from './arrow/tables';
import { resolveCurationPaths, type CorpusInput, type CurationConfig } from './config';
import { exportCleanAudioCaps, loadAudioCaps } from './formats/audiocaps';
import { exportCleanClotho, loadClotho } from './formats/clotho';
import { loadEsc50 } from './formats/esc50';
import { exportCleanFsd50k, loadFsd50k } from './formats/fsd50k';
import { exportCleanMacs, loadMacs } from './formats/macs';
import { loadLabelSet, type LabelSet } from './labels';
import { BUNDLED_FORMS_FILE, loadFormsTable, type Strictness } from './leak/forms';
import { buildLeakMatcher, type HitStatus, type LeakMatcher } from './leak/matcher';
import type { CaptionClip, CorpusName, Esc50Clip, Exclusion, LoadedCorpus, LoadedEsc50 } from './types';

/** One place where a text of a clip names a label. */
export interface LeakRow {
  clipId: string;
  textId: string;
  field: string;
  label: string;
  target: number;
  matched: string;
  form: string;
  level: Strictness;
  status: HitStatus;
  spanStart: number;
  spanEnd: number;
}

/** The curation of one split of one corpus. */
export interface SplitCuration {
  corpus: CorpusName;
  split: string;
  /** Every loaded clip, each with the labels its texts leak. */
  dirty: (CaptionClip & { leakedLabels: string[] })[];
  /** The clips none of whose texts names a label. */
  clean: CaptionClip[];
  leaks: LeakRow[];
}

export interface SplitSummary {
  clips: { dirty: number; clean: number; removed: number };
  texts: { dirty: number; clean: number; leaking: number };
  hits: Record<HitStatus, number>;
  /** Per label that leaks here: clips removed for it and texts that name it. */
  byLabel: Record<string, { clips: number; texts: number }>;
}

export interface CorpusSummary {
  files: string[];
  textOnly: boolean;
  excluded: { total: number; byReason: Record<string, number> };
  splits: Record<string, SplitSummary>;
}

export interface CurationSummary {
  schema: 'zsaudit.curation.summary/1';
  strictness: Strictness;
  labelSet: { name: string; file: string; sha256: string; labels: number };
  forms: { version: string; file: string | null; sha256: string | null; generatedLabels: string[] };
  allowlist: Record<string, string[]>;
  esc50: {
    root: string;
    clips: number;
    excluded: number;
    byReason: Record<string, number>;
    textOnly: boolean;
  } | null;
  corpora: Partial<Record<CorpusName, CorpusSummary>>;
  outputs: string[];
}

export interface CurationProgress {
  task: string;
  done: number;
  total: number;
}

/** Audits every text of every clip; returns the hit rows and, per clip, the labels it leaks (status `leak` only). */
export function auditClips(
  clips: readonly CaptionClip[],
  matcher: LeakMatcher,
  targets: ReadonlyMap<string, number>,
  onProgress?: (done: number, total: number) => void,
): { leaks: LeakRow[]; leakedLabels: Map<string, string[]> } {
  const leaks: LeakRow[] = [];
  const leakedLabels = new Map<string, string[]>();
  clips.forEach((clip, i) => {
    const labels = new Set<string>();
    for (const t of clip.texts) {
      for (const h of matcher.match(t.text)) {
        leaks.push({
          clipId: clip.clipId,
          textId: t.id,
          field: t.field,
          label: h.label,
          target: targets.get(h.label) ?? -1,
          matched: h.matched,
          form: h.form,
          level: h.level,
          status: h.status,
          spanStart: h.start,
          spanEnd: h.end,
        });
        if (h.status === 'leak') labels.add(h.label);
      }
    }
    leakedLabels.set(
      clip.clipId,
      [...labels].sort((a, b) => (targets.get(a) ?? 0) - (targets.get(b) ?? 0)),
    );
    if (onProgress && ((i + 1) % 2000 === 0 || i === clips.length - 1)) onProgress(i + 1, clips.length);
  });
  return { leaks, leakedLabels };
}

/** Splits a loaded corpus by split and audits it: the dirty set is every clip, the clean set those that leak nothing. */
export function curateCorpus(
  loaded: LoadedCorpus,
  matcher: LeakMatcher,
  targets: ReadonlyMap<string, number>,
  onProgress?: (p: CurationProgress) => void,
): SplitCuration[] {
  const splits = [...new Set(loaded.clips.map((c) => c.split))].sort();
  return splits.map((split) => {
    const clips = loaded.clips.filter((c) => c.split === split);
    const task = `${loaded.corpus} ${split}`;
    const { leaks, leakedLabels } = auditClips(clips, matcher, targets, (done, total) =>
      onProgress?.({ task, done, total }),
    );
    const dirty = clips.map((c) => ({ ...c, leakedLabels: leakedLabels.get(c.clipId) ?? [] }));
    return {
      corpus: loaded.corpus,
      split,
      dirty,
      clean: dirty.filter((c) => c.leakedLabels.length === 0),
      leaks,
    };
  });
}

/** Counts of one split's curation, as the summary reports them. */
export function summarizeSplit(sc: SplitCuration): SplitSummary {
  const leakingTexts = new Set<string>();
  const hits: Record<HitStatus, number> = { leak: 0, lookalike: 0, allowlisted: 0 };
  const textsByLabel = new Map<string, Set<string>>();
  for (const l of sc.leaks) {
    hits[l.status]++;
    if (l.status !== 'leak') continue;
    leakingTexts.add(l.textId);
    let s = textsByLabel.get(l.label);
    if (!s) textsByLabel.set(l.label, (s = new Set()));
    s.add(l.textId);
  }
  const byLabel: Record<string, { clips: number; texts: number }> = {};
  for (const c of sc.dirty)
    for (const label of c.leakedLabels) (byLabel[label] ??= { clips: 0, texts: 0 }).clips++;
  for (const [label, texts] of textsByLabel) byLabel[label].texts = texts.size;
  const count = (clips: CaptionClip[]) => clips.reduce((n, c) => n + c.texts.length, 0);
  return {
    clips: { dirty: sc.dirty.length, clean: sc.clean.length, removed: sc.dirty.length - sc.clean.length },
    texts: { dirty: count(sc.dirty), clean: count(sc.clean), leaking: leakingTexts.size },
    hits,
    byLabel: Object.fromEntries(Object.entries(byLabel).sort(([a], [b]) => a.localeCompare(b))),
  };
}

/** Table columns from rows: one getter per column, applied to every row. */
function columnsOf<T>(
  rows: readonly T[],
  getters: Record<string, (row: T) => unknown>,
): Record<string, unknown[]> {
  return Object.fromEntries(Object.entries(getters).map(([name, get]) => [name, rows.map(get)]));
}

/** The columns of `curatedClipsFields`. */
const clipColumns = (clips: readonly (CaptionClip & { leakedLabels?: string[] })[]) =>
  columnsOf(clips, {
    clip_id: (c) => c.clipId,
    corpus: (c) => c.corpus,
    split: (c) => c.split,
    source_id: (c) => c.sourceId,
    audio_path: (c) => c.audioPath,
    texts: (c) => c.texts.map((t) => ({ field: t.field, text_id: t.id, text: t.text })),
    leaked_labels: (c) => c.leakedLabels ?? [],
    source_file: (c) => c.source.file,
    source_row: (c) => c.source.row,
  });

/** The columns of `excludedFields`. */
const exclusionColumns = (exclusions: readonly Exclusion[]) =>
  columnsOf(exclusions, {
    file: (e) => e.file,
    row: (e) => e.row,
    clip_id: (e) => e.clipId,
    text_id: (e) => e.textId,
    reason: (e) => e.reason,
    message: (e) => e.message,
  });

/** The columns of `leaksFields`. */
const leakColumns = (leaks: readonly LeakRow[]) =>
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

/** The columns of `esc50Fields`. */
const esc50Columns = (clips: readonly Esc50Clip[]) =>
  columnsOf(clips, {
    clip_id: (c) => c.clipId,
    filename: (c) => c.filename,
    path: (c) => c.audioPath,
    fold: (c) => c.fold,
    target: (c) => c.target,
    category: (c) => c.category,
    esc10: (c) => c.esc10,
    src_file: (c) => c.srcFile,
    take: (c) => c.take,
  });

const countBy = <T>(items: readonly T[], key: (t: T) => string) =>
  items.reduce<Record<string, number>>((acc, t) => ((acc[key(t)] = (acc[key(t)] ?? 0) + 1), acc), {});

/** Loads a corpus with the loader of its format. */
export function loadCorpus(input: CorpusInput): LoadedCorpus {
  const opts = { audio: input.audio };
  switch (input.corpus) {
    case 'clotho':
      return loadClotho(input.input, opts);
    case 'audiocaps':
      return loadAudioCaps(input.input, { ...opts, audioFileName: input.audioFileName });
    case 'fsd50k':
      return loadFsd50k(input.input, opts);
    case 'macs':
      return loadMacs(input.input, opts);
  }
}

/** Writes the clean clips back in the corpus's own format under `dir`; returns the files written. */
export function exportCleanCorpus(loaded: LoadedCorpus, keep: ReadonlySet<string>, dir: string): string[] {
  switch (loaded.corpus) {
    case 'clotho':
      return exportCleanClotho(loaded as Parameters<typeof exportCleanClotho>[0], keep, dir);
    case 'audiocaps':
      return exportCleanAudioCaps(loaded as Parameters<typeof exportCleanAudioCaps>[0], keep, dir);
    case 'fsd50k':
      return exportCleanFsd50k(loaded as Parameters<typeof exportCleanFsd50k>[0], keep, dir);
    case 'macs':
      return exportCleanMacs(loaded as Parameters<typeof exportCleanMacs>[0], keep, dir);
  }
}

/** Checks ESC-50 rows against the label set: a category or target the set does not hold is excluded, named. */
function checkEsc50Labels(esc: LoadedEsc50, labels: LabelSet): LoadedEsc50 {
  const byName = new Map(labels.labels.map((l) => [l.name, l.target]));
  const exclusions = [...esc.exclusions];
  const clips = esc.clips.filter((c) => {
    const target = byName.get(c.category);
    if (target === c.target) return true;
    exclusions.push({
      file: c.source.file,
      row: c.source.row,
      clipId: c.clipId,
      textId: null,
      reason: 'invalid-value',
      message:
        target === undefined
          ? `category "${c.category}" is not in the label set ${labels.name}`
          : `target ${c.target} of "${c.category}" differs from the label set's ${target}`,
    });
    return false;
  });
  return { ...esc, clips, exclusions };
}

export interface RunCurationOptions {
  /** Folder the artifacts are written to. */
  outDir: string;
  /** Folder relative paths in the config are resolved against (the config file's folder). */
  baseDir?: string;
  /** Overrides the config's strictness (the CLI's --strictness). */
  strictness?: Strictness;
  /** Folder for the clean corpora in their own formats; default `<outDir>/export` when the config asks for export. */
  exportDir?: string | null;
  onProgress?: (p: CurationProgress) => void;
  log?: (line: string) => void;
}

/** The output folder of a run: the schema metadata every file carries, and the names written so far. */
interface RunOutputs {
  meta: Record<string, string>;
  names: string[];
  /** Writes a table under `dir` and records its name. */
  write: (name: string, table: Table) => void;
}

/** Writes `esc50.arrow` and `esc50.excluded.arrow` from the ESC-50 root; returns the summary's `esc50` entry. */
function writeEsc50(
  root: string,
  labelSet: LabelSet,
  out: RunOutputs,
  log: (line: string) => void,
): NonNullable<CurationSummary['esc50']> {
  const esc = checkEsc50Labels(loadEsc50(root), labelSet);
  out.write('esc50.arrow', buildTable(esc50Fields, esc50Columns(esc.clips), ESC50_SCHEMA_ID, out.meta));
  out.write(
    'esc50.excluded.arrow',
    buildTable(excludedFields, exclusionColumns(esc.exclusions), EXCLUDED_SCHEMA_ID, out.meta),
  );
  log(`esc50: ${esc.clips.length} clips, ${esc.exclusions.length} excluded`);
  return {
    root,
    clips: esc.clips.length,
    excluded: esc.exclusions.length,
    byReason: countBy(esc.exclusions, (e) => e.reason),
    textOnly: esc.textOnly,
  };
}

/**
 * Curates a loaded corpus and writes each split's dirty, clean and leaks tables; returns the split summaries and
 * the ids of the clean clips.
 */
function writeSplits(
  loaded: LoadedCorpus,
  matcher: LeakMatcher,
  targets: ReadonlyMap<string, number>,
  out: RunOutputs,
  opts: Pick<RunCurationOptions, 'onProgress'> & { log: (line: string) => void },
): { splits: Record<string, SplitSummary>; keep: Set<string> } {
  const splits: Record<string, SplitSummary> = {};
  const keep = new Set<string>();
  for (const sc of curateCorpus(loaded, matcher, targets, opts.onProgress)) {
    const base = `${sc.corpus}.${sc.split}`;
    const splitMeta = { ...out.meta, 'zsaudit.corpus': sc.corpus, 'zsaudit.split': sc.split };
    for (const [variant, clips] of [
      ['dirty', sc.dirty],
      ['clean', sc.clean],
    ] as const) {
      out.write(
        `${base}.${variant}.arrow`,
        buildTable(curatedClipsFields, clipColumns(clips), CURATED_CLIPS_SCHEMA_ID, {
          ...splitMeta,
          'zsaudit.variant': variant,
        }),
      );
    }
    out.write(
      `${base}.leaks.arrow`,
      buildTable(leaksFields, leakColumns(sc.leaks), LEAKS_SCHEMA_ID, splitMeta),
    );
    const s = (splits[sc.split] = summarizeSplit(sc));
    sc.clean.forEach((c) => keep.add(c.clipId));
    opts.log(
      `${base}: ${s.clips.dirty} clips, ${s.clips.removed} leak (${s.texts.leaking} of ${s.texts.dirty} texts), ${s.clips.clean} clean`,
    );
  }
  return { splits, keep };
}

/**
 * Runs the curation stage: loads the label set and forms table, curates every corpus the config names, writes
 * the Arrow artifacts and `curation-summary.json` into `outDir`, and returns the summary.
 */
export function runCuration(rawConfig: CurationConfig, opts: RunCurationOptions): CurationSummary {
  const config = resolveCurationPaths(rawConfig, opts.baseDir ?? process.cwd());
  const log = opts.log ?? (() => undefined);
  const strictness = opts.strictness ?? config.strictness;
  const labelSet = loadLabelSet(config.labels);
  const forms = loadFormsTable(config.forms ?? BUNDLED_FORMS_FILE);
  const labelNames = labelSet.labels.map((l) => l.name);
  const matcher = buildLeakMatcher(labelNames, forms.table, { strictness, allowlist: config.allowlist });
  const targets = new Map(labelSet.labels.map((l) => [l.name, l.target]));
  if (matcher.generatedLabels.length) {
    log(
      `forms: ${matcher.generatedLabels.length} label(s) not in ${forms.file}, generated forms used: ${matcher.generatedLabels.join(', ')}`,
    );
  }
  const outDir = path.resolve(opts.outDir);
  fs.mkdirSync(outDir, { recursive: true });
  const out: RunOutputs = {
    meta: {
      'zsaudit.strictness': strictness,
      'zsaudit.labelSet': labelSet.name,
      'zsaudit.forms.version': forms.table.version,
      'zsaudit.forms.sha256': forms.sha256 ?? '',
    },
    names: [],
    write: (name, table) => {
      writeArrowFile(path.join(outDir, name), table);
      out.names.push(name);
    },
  };

  const esc50 = config.esc50 ? writeEsc50(config.esc50.root, labelSet, out, log) : null;

  const corpora: CurationSummary['corpora'] = {};
  const exportDir = opts.exportDir ?? (config.export ? path.join(outDir, 'export') : null);
  for (const input of config.corpora) {
    const loaded = loadCorpus(input);
    const { splits, keep } = writeSplits(loaded, matcher, targets, out, { onProgress: opts.onProgress, log });
    if (corpora[loaded.corpus])
      throw new Error(`corpus "${loaded.corpus}" is named twice in the config; give it one entry`);
    out.write(
      `${loaded.corpus}.excluded.arrow`,
      buildTable(excludedFields, exclusionColumns(loaded.exclusions), EXCLUDED_SCHEMA_ID, {
        ...out.meta,
        'zsaudit.corpus': loaded.corpus,
      }),
    );
    corpora[loaded.corpus] = {
      files: loaded.files,
      textOnly: loaded.textOnly,
      excluded: { total: loaded.exclusions.length, byReason: countBy(loaded.exclusions, (e) => e.reason) },
      splits,
    };
    if (exportDir) {
      const written = exportCleanCorpus(loaded, keep, path.join(exportDir, loaded.corpus));
      out.names.push(...written.map((f) => path.relative(outDir, f)));
    }
  }

  const summary: CurationSummary = {
    schema: 'zsaudit.curation.summary/1',
    strictness,
    labelSet: {
      name: labelSet.name,
      file: labelSet.file,
      sha256: sha256File(labelSet.file),
      labels: labelNames.length,
    },
    forms: {
      version: forms.table.version,
      file: forms.file,
      sha256: forms.sha256,
      generatedLabels: [...matcher.generatedLabels],
    },
    allowlist: config.allowlist,
    esc50,
    corpora,
    outputs: [...out.names, 'curation-summary.json'],
  };
  writeJsonAtomic(path.join(outDir, 'curation-summary.json'), summary);
  return summary;
}
