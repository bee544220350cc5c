/**
 * The curation stage as one run: every corpus of the config and the ESC-50 test set, written as one all-or-nothing
 * output set (core `StagedOutput`), so an interrupted run never leaves a folder that mixes two runs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Table } from 'apache-arrow';
import {
  assertOutputNotInput,
  buildTable,
  isInside,
  portablePath,
  sha256File,
  StagedOutput,
  writeArrowFile,
  writeJsonAtomic,
  yieldToSignals,
} from '@zsaudit/core';
import { clipColumns, esc50Columns, exclusionColumns, leakColumns } from './arrow/columns';
import {
  curatedClipsFields,
  CURATED_CLIPS_SCHEMA_ID,
  esc50Fields,
  ESC50_SCHEMA_ID,
  excludedFields,
  EXCLUDED_SCHEMA_ID,
  LABELS_KEY,
  leaksFields,
  LEAKS_SCHEMA_ID,
  PATHS_BASE_KEY,
} from './arrow/tables';
import { curationInputPaths, resolveCurationPaths, type CurationConfig } from './config';
import {
  curateCorpus,
  exportCleanCorpus,
  loadCorpus,
  summarizeSplit,
  type CurationProgress,
  type SplitSummary,
} from './curate';
import { assertNotSource } from './formats/common';
import { loadEsc50 } from './formats/esc50';
import { BUNDLED_ESC50_LABELS, loadLabelSet, type LabelSet } from './labels';
import { BUNDLED_FORMS_FILE, loadFormsTable, type Strictness } from './leak/forms';
import { buildLeakMatcher, type LeakMatcher } from './leak/matcher';
import { CURATION_STAGE } from './manifests';
import type { CorpusName, LoadedCorpus, LoadedEsc50 } from './types';

/** The stage name of an export folder outside the output folder, a set of its own. */
export const CURATION_EXPORT_STAGE = 'curation-export';

export interface CorpusSummary {
  /** Files read, relative to the base folder. */
  files: string[];
  textOnly: boolean;
  excluded: { total: number; byReason: Record<string, number> };
  splits: Record<string, SplitSummary>;
}

/** `curation-summary.json`. Paths are relative to the base folder, itself given relative to the summary's folder. */
export interface CurationSummary {
  schema: 'zsaudit.curation.summary/2';
  /** The base folder (the config's folder; `--corpus` mode: the working directory), relative to the output folder. */
  pathsBase: string;
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
  /** The files of the set, relative to the output folder. */
  outputs: string[];
}

export interface RunCurationOptions {
  /** Folder the artifacts are written to: an all-or-nothing output set, locked while the run writes it. */
  outDir: string;
  /** Folder relative paths in the config are resolved against (the config file's folder), and the tables' paths are relative to. */
  baseDir?: string;
  /** Overrides the config's strictness (the CLI's --strictness). */
  strictness?: Strictness;
  /** Folder for the clean corpora in their own formats; default `<outDir>/export` when the config asks for export. */
  exportDir?: string | null;
  onProgress?: (p: CurationProgress) => void;
  log?: (line: string) => void;
}

/** The output set of a run: the schema metadata every table carries, the names written, and where. */
interface RunOutputs {
  /** The base folder, absolute. */
  base: string;
  meta: Record<string, string>;
  names: string[];
  /** Writes a table into the staged set and records its name. */
  write: (name: string, table: Table) => void;
}

const countBy = <T>(items: readonly T[], key: (t: T) => string) =>
  items.reduce<Record<string, number>>((acc, t) => ((acc[key(t)] = (acc[key(t)] ?? 0) + 1), acc), {});

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

/** Writes `esc50.arrow` and `esc50.excluded.arrow` from the ESC-50 root; returns the summary's `esc50` entry. */
function writeEsc50(
  root: string,
  labelSet: LabelSet,
  out: RunOutputs,
  log: (line: string) => void,
): NonNullable<CurationSummary['esc50']> {
  const esc = checkEsc50Labels(loadEsc50(root), labelSet);
  const labels = JSON.stringify(labelSet.labels.map((l) => l.name));
  out.write(
    'esc50.arrow',
    buildTable(esc50Fields, esc50Columns(esc.clips, out.base), ESC50_SCHEMA_ID, {
      ...out.meta,
      [LABELS_KEY]: labels,
    }),
  );
  out.write(
    'esc50.excluded.arrow',
    buildTable(excludedFields, exclusionColumns(esc.exclusions, out.base), EXCLUDED_SCHEMA_ID, out.meta),
  );
  log(`esc50: ${esc.clips.length} clips, ${esc.exclusions.length} excluded`);
  return {
    root: portablePath(out.base, root),
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
    const name = `${sc.corpus}.${sc.split}`;
    const splitMeta = { ...out.meta, 'zsaudit.corpus': sc.corpus, 'zsaudit.split': sc.split };
    for (const [variant, clips] of [
      ['dirty', sc.dirty],
      ['clean', sc.clean],
    ] as const) {
      out.write(
        `${name}.${variant}.arrow`,
        buildTable(curatedClipsFields, clipColumns(clips, out.base), CURATED_CLIPS_SCHEMA_ID, {
          ...splitMeta,
          'zsaudit.variant': variant,
        }),
      );
    }
    out.write(
      `${name}.leaks.arrow`,
      buildTable(leaksFields, leakColumns(sc.leaks), LEAKS_SCHEMA_ID, splitMeta),
    );
    const s = (splits[sc.split] = summarizeSplit(sc));
    sc.clean.forEach((c) => keep.add(c.clipId));
    opts.log(
      `${name}: ${s.clips.dirty} clips, ${s.clips.removed} leak (${s.texts.leaking} of ${s.texts.dirty} texts), ${s.clips.clean} clean`,
    );
  }
  return { splits, keep };
}

/**
 * Where the clean corpora in their own formats go: inside the output set (the default `<out>/export`), or a set of
 * their own in another folder. `staged(corpus)` is where a corpus is written until the commit, `final(corpus)`
 * where it will be.
 */
interface ExportTarget {
  staged: (corpus: string) => string;
  final: (corpus: string) => string;
  set: StagedOutput | null;
}

function exportTarget(exportDir: string, outDir: string, staged: StagedOutput): ExportTarget {
  const final = (corpus: string) => path.join(exportDir, corpus);
  if (isInside(exportDir, outDir)) {
    const rel = portablePath(outDir, exportDir);
    return { staged: (c) => staged.path(rel === '.' ? c : `${rel}/${c}`), final, set: null };
  }
  if (isInside(outDir, exportDir))
    throw new Error(`the export folder ${exportDir} holds the output folder ${outDir}: export elsewhere`);
  const set = StagedOutput.begin(exportDir, CURATION_EXPORT_STAGE);
  return { staged: (c) => set.path(c), final, set };
}

/**
 * Writes a corpus's clean clips back in its own format into the staged export, refusing (before anything is in
 * place) any file whose final place is one of the files it was read from; returns the final paths.
 */
function exportCorpus(loaded: LoadedCorpus, keep: ReadonlySet<string>, target: ExportTarget): string[] {
  const stagedDir = target.staged(loaded.corpus);
  const finalDir = target.final(loaded.corpus);
  return exportCleanCorpus(loaded, keep, stagedDir).map((f) => {
    const final = path.join(finalDir, path.relative(stagedDir, f));
    assertNotSource(final, loaded.files);
    return final;
  });
}

/**
 * Runs the curation stage: loads the label set and forms table, curates every corpus the config names, writes
 * the Arrow artifacts and `curation-summary.json` into `outDir` as one output set, and returns the summary.
 * The output folder may not be or lie inside any input; a second run on the same folder refuses while this one
 * holds it; an interrupted run leaves the previous set as it was (its leftovers are removed by the next run).
 */
export async function runCuration(
  rawConfig: CurationConfig,
  opts: RunCurationOptions,
): Promise<CurationSummary> {
  const base = path.resolve(opts.baseDir ?? process.cwd());
  const config = resolveCurationPaths(rawConfig, base);
  const log = opts.log ?? (() => undefined);
  const outDir = path.resolve(opts.outDir);
  const exportDir = opts.exportDir
    ? path.resolve(opts.exportDir)
    : config.export
      ? path.join(outDir, 'export')
      : null;
  const inputs = curationInputPaths(config, { labels: BUNDLED_ESC50_LABELS, forms: BUNDLED_FORMS_FILE });
  assertOutputNotInput(outDir, inputs, 'the output folder (--out)');
  if (exportDir) assertOutputNotInput(exportDir, inputs, 'the export folder (--export)');
  const named = config.corpora.map((c) => c.corpus);
  const twice = named.find((c, i) => named.indexOf(c) !== i);
  if (twice) throw new Error(`corpus "${twice}" is named twice in the config; give it one entry`);

  // A failed first run leaves no empty folder behind: nothing written means nothing there.
  const created = [outDir, exportDir]
    .flatMap((d) => (d === null ? [] : missingFolders(d)))
    .sort((a, b) => b.length - a.length);
  const staged = StagedOutput.begin(outDir, CURATION_STAGE);
  let exportSet: StagedOutput | null = null;
  try {
    const target = exportDir ? exportTarget(exportDir, outDir, staged) : null;
    exportSet = target?.set ?? null;
    const summary = await curateInto(config, { ...opts, log }, base, outDir, staged, target);
    writeJsonAtomic(staged.path('curation-summary.json'), summary);
    exportSet?.commit();
    staged.commit();
    return summary;
  } catch (err) {
    exportSet?.abort();
    staged.abort();
    for (const d of created) if (fs.existsSync(d) && fs.readdirSync(d).length === 0) fs.rmdirSync(d);
    throw err;
  }
}

/** `dir` and those of its parents that do not exist yet. */
function missingFolders(dir: string): string[] {
  const missing: string[] = [];
  for (let d = dir; !fs.existsSync(d) && path.dirname(d) !== d; d = path.dirname(d)) missing.push(d);
  return missing;
}

/**
 * The run itself, writing into the staged set(s); returns the summary. The work is synchronous; between corpora it
 * lets the event loop turn so that Ctrl-C stops the run there (removing the staged files) instead of at the end.
 */
async function curateInto(
  config: CurationConfig,
  opts: RunCurationOptions & { log: (line: string) => void },
  base: string,
  outDir: string,
  staged: StagedOutput,
  exportTo: ExportTarget | null,
): Promise<CurationSummary> {
  const { log } = opts;
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
  const out: RunOutputs = {
    base,
    meta: {
      'zsaudit.strictness': strictness,
      'zsaudit.labelSet': labelSet.name,
      'zsaudit.forms.version': forms.table.version,
      'zsaudit.forms.sha256': forms.sha256 ?? '',
      [PATHS_BASE_KEY]: portablePath(outDir, base),
    },
    names: [],
    write: (name, table) => {
      writeArrowFile(staged.path(name), table);
      out.names.push(name);
    },
  };

  const esc50 = config.esc50 ? writeEsc50(config.esc50.root, labelSet, out, log) : null;

  const corpora: CurationSummary['corpora'] = {};
  for (const input of config.corpora) {
    await yieldToSignals();
    const loaded = loadCorpus(input);
    await yieldToSignals();
    const { splits, keep } = writeSplits(loaded, matcher, targets, out, { onProgress: opts.onProgress, log });
    out.write(
      `${loaded.corpus}.excluded.arrow`,
      buildTable(excludedFields, exclusionColumns(loaded.exclusions, base), EXCLUDED_SCHEMA_ID, {
        ...out.meta,
        'zsaudit.corpus': loaded.corpus,
      }),
    );
    corpora[loaded.corpus] = {
      files: loaded.files.map((f) => portablePath(base, f)),
      textOnly: loaded.textOnly,
      excluded: { total: loaded.exclusions.length, byReason: countBy(loaded.exclusions, (e) => e.reason) },
      splits,
    };
    if (exportTo) out.names.push(...exportCorpus(loaded, keep, exportTo).map((f) => portablePath(outDir, f)));
  }

  return {
    schema: 'zsaudit.curation.summary/2',
    pathsBase: portablePath(outDir, base),
    strictness,
    labelSet: {
      name: labelSet.name,
      file: portablePath(base, labelSet.file),
      sha256: sha256File(labelSet.file),
      labels: labelNames.length,
    },
    forms: {
      version: forms.table.version,
      file: forms.file === null ? null : portablePath(base, forms.file),
      sha256: forms.sha256,
      generatedLabels: [...matcher.generatedLabels],
    },
    allowlist: config.allowlist,
    esc50,
    corpora,
    outputs: [...out.names, 'curation-summary.json'],
  };
}
