import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  buildTable,
  curatedClipsFields,
  CURATED_CLIPS_SCHEMA_ID,
  esc50Fields,
  ESC50_SCHEMA_ID,
  excludedFields,
  EXCLUDED_SCHEMA_ID,
  leaksFields,
  LEAKS_SCHEMA_ID,
  writeArrowFile,
} from './arrow/tables';
import { resolveCurationPaths, type CorpusInput, type CurationConfig } from './config';
import { exportCleanAudioCaps, loadAudioCaps } from './formats/audiocaps';
import { exportCleanClotho, loadClotho } from './formats/clotho';
import { loadEsc50 } from './formats/esc50';
import { exportCleanFsd50k, loadFsd50k } from './formats/fsd50k';
import { exportCleanMacs, loadMacs } from './formats/macs';
import { writeFileAtomic } from './io';
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

function clipColumns(clips: (CaptionClip & { leakedLabels?: string[] })[]): Record<string, unknown[]> {
  return {
    clip_id: clips.map((c) => c.clipId),
    corpus: clips.map((c) => c.corpus),
    split: clips.map((c) => c.split),
    source_id: clips.map((c) => c.sourceId),
    audio_path: clips.map((c) => c.audioPath),
    texts: clips.map((c) => c.texts.map((t) => ({ field: t.field, text_id: t.id, text: t.text }))),
    leaked_labels: clips.map((c) => c.leakedLabels ?? []),
    source_file: clips.map((c) => c.source.file),
    source_row: clips.map((c) => c.source.row),
  };
}

function exclusionColumns(exclusions: readonly Exclusion[]): Record<string, unknown[]> {
  return {
    file: exclusions.map((e) => e.file),
    row: exclusions.map((e) => e.row),
    clip_id: exclusions.map((e) => e.clipId),
    text_id: exclusions.map((e) => e.textId),
    reason: exclusions.map((e) => e.reason),
    message: exclusions.map((e) => e.message),
  };
}

function leakColumns(leaks: readonly LeakRow[]): Record<string, unknown[]> {
  return {
    clip_id: leaks.map((l) => l.clipId),
    text_id: leaks.map((l) => l.textId),
    field: leaks.map((l) => l.field),
    label: leaks.map((l) => l.label),
    target: leaks.map((l) => l.target),
    matched: leaks.map((l) => l.matched),
    form: leaks.map((l) => l.form),
    level: leaks.map((l) => l.level),
    status: leaks.map((l) => l.status),
    span_start: leaks.map((l) => l.spanStart),
    span_end: leaks.map((l) => l.spanEnd),
  };
}

function esc50Columns(clips: readonly Esc50Clip[]): Record<string, unknown[]> {
  return {
    clip_id: clips.map((c) => c.clipId),
    filename: clips.map((c) => c.filename),
    path: clips.map((c) => c.audioPath),
    fold: clips.map((c) => c.fold),
    target: clips.map((c) => c.target),
    category: clips.map((c) => c.category),
    esc10: clips.map((c) => c.esc10),
    src_file: clips.map((c) => c.srcFile),
    take: clips.map((c) => c.take),
  };
}

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

const sha256File = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

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
  const meta = {
    'zsaudit.strictness': strictness,
    'zsaudit.labelSet': labelSet.name,
    'zsaudit.forms.version': forms.table.version,
    'zsaudit.forms.sha256': forms.sha256 ?? '',
  };
  const outputs: string[] = [];
  const write = (name: string, table: ReturnType<typeof buildTable>) => {
    writeArrowFile(path.join(outDir, name), table);
    outputs.push(name);
  };

  let esc50Summary: CurationSummary['esc50'] = null;
  if (config.esc50) {
    const esc = checkEsc50Labels(loadEsc50(config.esc50.root), labelSet);
    write('esc50.arrow', buildTable(esc50Fields, esc50Columns(esc.clips), ESC50_SCHEMA_ID, meta));
    write(
      'esc50.excluded.arrow',
      buildTable(excludedFields, exclusionColumns(esc.exclusions), EXCLUDED_SCHEMA_ID, meta),
    );
    esc50Summary = {
      root: config.esc50.root,
      clips: esc.clips.length,
      excluded: esc.exclusions.length,
      byReason: countBy(esc.exclusions, (e) => e.reason),
      textOnly: esc.textOnly,
    };
    log(`esc50: ${esc.clips.length} clips, ${esc.exclusions.length} excluded`);
  }

  const corpora: CurationSummary['corpora'] = {};
  const exportDir = opts.exportDir ?? (config.export ? path.join(outDir, 'export') : null);
  for (const input of config.corpora) {
    const loaded = loadCorpus(input);
    const splits = curateCorpus(loaded, matcher, targets, opts.onProgress);
    const splitSummaries: Record<string, SplitSummary> = {};
    const keep = new Set<string>();
    for (const sc of splits) {
      const base = `${sc.corpus}.${sc.split}`;
      const splitMeta = { ...meta, 'zsaudit.corpus': sc.corpus, 'zsaudit.split': sc.split };
      write(
        `${base}.dirty.arrow`,
        buildTable(curatedClipsFields, clipColumns(sc.dirty), CURATED_CLIPS_SCHEMA_ID, {
          ...splitMeta,
          'zsaudit.variant': 'dirty',
        }),
      );
      write(
        `${base}.clean.arrow`,
        buildTable(curatedClipsFields, clipColumns(sc.clean), CURATED_CLIPS_SCHEMA_ID, {
          ...splitMeta,
          'zsaudit.variant': 'clean',
        }),
      );
      write(
        `${base}.leaks.arrow`,
        buildTable(leaksFields, leakColumns(sc.leaks), LEAKS_SCHEMA_ID, splitMeta),
      );
      splitSummaries[sc.split] = summarizeSplit(sc);
      sc.clean.forEach((c) => keep.add(c.clipId));
      const s = splitSummaries[sc.split];
      log(
        `${base}: ${s.clips.dirty} clips, ${s.clips.removed} leak (${s.texts.leaking} of ${s.texts.dirty} texts), ${s.clips.clean} clean`,
      );
    }
    const existing = corpora[loaded.corpus];
    if (existing)
      throw new Error(`corpus "${loaded.corpus}" is named twice in the config; give it one entry`);
    write(
      `${loaded.corpus}.excluded.arrow`,
      buildTable(excludedFields, exclusionColumns(loaded.exclusions), EXCLUDED_SCHEMA_ID, {
        ...meta,
        'zsaudit.corpus': loaded.corpus,
      }),
    );
    corpora[loaded.corpus] = {
      files: loaded.files,
      textOnly: loaded.textOnly,
      excluded: { total: loaded.exclusions.length, byReason: countBy(loaded.exclusions, (e) => e.reason) },
      splits: splitSummaries,
    };
    if (exportDir) {
      const written = exportCleanCorpus(loaded, keep, path.join(exportDir, loaded.corpus));
      outputs.push(...written.map((f) => path.relative(outDir, f)));
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
    esc50: esc50Summary,
    corpora,
    outputs: [...outputs, 'curation-summary.json'],
  };
  writeFileAtomic(path.join(outDir, 'curation-summary.json'), JSON.stringify(summary, null, 2) + '\n');
  return summary;
}
