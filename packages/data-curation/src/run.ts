/**
 * The curation stage as one run: every corpus of the config and the ESC-50 test set, written as one all-or-nothing
 * output set (core `StagedOutput`), so an interrupted run never leaves a folder that mixes two runs.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Field, Table } from 'apache-arrow';
import {
  ArrowFileWriter,
  assertOutputNotInput,
  type ColumnValues,
  buildTable,
  isInside,
  portablePath,
  sha256File,
  StagedOutput,
  writeArrowFile,
  writeJsonAtomic,
  yieldToSignals,
} from '@zsaudit/core';
import { ClipBatchBuilder, LeakBatchBuilder } from './arrow/batches';
import { esc50Columns, exclusionColumns } from './arrow/columns';
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
import {
  curationInputPaths,
  resolveCurationPaths,
  strictnessLevels,
  type CorpusInput,
  type CurationConfig,
} from './config';
import {
  exportCleanCorpus,
  loadCorpus,
  SplitCurator,
  type CurationProgress,
  type ClipSink,
  type SplitSinks,
  type SplitSummary,
} from './curate';
import { assertNotSource } from './formats/common';
import { loadEsc50 } from './formats/esc50';
import { BUNDLED_ESC50_LABELS, loadLabelSet, type LabelSet } from './labels';
import { BUNDLED_FORMS_FILE, loadFormsTable, STRICTNESS_LEVELS, type Strictness } from './leak/forms';
import { MatchPool, type TextHits } from './leak/match-pool';
import { buildLeakMatcher, type LeakMatcher } from './leak/matcher';
import { CURATION_STAGE } from './manifests';
import type { CaptionClip, CorpusName, LoadedCorpus, LoadedEsc50 } from './types';

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
  schema: 'zsaudit.curation.summary/3';
  /** The base folder (the config's folder; `--corpus` mode: the working directory), relative to the output folder. */
  pathsBase: string;
  /** The run's strictness: the first level listed (`<corpus>.<split>.clean.arrow`, the dirty tables' leaked labels). */
  strictness: Strictness;
  /**
   * The levels with clean tables of their own (`<corpus>.<split>.clean.<level>.arrow`) when the config lists
   * several, in the order listed; empty for a single level. Every split's `levels` counts all levels regardless.
   */
  levels: Strictness[];
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
  /**
   * Match on a worker thread while this one reads and writes (default: where the machine has a second core). The
   * tables are the same either way.
   */
  matchWorker?: boolean;
  /** Clips of a corpus matched on this thread before the worker starts (default 65,536; lower in tests). */
  matchWorkerAfterClips?: number;
  /** Overrides the config's strictness (the CLI's --strictness): one level, or a list for per-level clean tables. */
  strictness?: Strictness | Strictness[];
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
  /** Opens a table of the staged set to be written batch by batch; records its name. */
  open: (name: string, fields: Field[], schemaId: string, meta: Record<string, string>) => ArrowFileWriter;
  /** Copies a written table of the set to another name; records it. */
  copy: (from: string, to: string) => void;
}

/** Clips per batch of texts matched together (on a worker thread when there is a match pool). */
const MATCH_BATCH_CLIPS = 2048;
/** Batches waiting for their hits at most, before the stage waits for the oldest. */
const MAX_WAITING_BATCHES = 6;
/**
 * Clips of a corpus matched on this thread before a worker starts: starting one (and its matcher) costs more
 * than it saves below about this size (measured on 50,000 and 500,000 captions, tools/bench).
 */
const MATCH_WORKER_AFTER_CLIPS = 65_536;

/** Rows per record batch of the streamed tables: memory stays at a batch per open table. */
const BATCH_ROWS = 8192;

/** A sink writing record batches of `BATCH_ROWS` rows: rows go into `builder`, each full batch to the file. */
function batchedSink<A extends unknown[]>(
  writer: ArrowFileWriter,
  builder: { append(...row: A): void; flush(): ColumnValues; readonly length: number },
): { add(...row: A): void; close(): void; abort(): void } {
  return {
    abort: () => writer.abort(),
    add: (...row) => {
      builder.append(...row);
      if (builder.length >= BATCH_ROWS) writer.writeColumns(builder.flush());
    },
    close: () => {
      if (builder.length > 0) writer.writeColumns(builder.flush());
      writer.close();
    },
  };
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

/** What a run curates with: the matcher (at the strictest level), the label targets, and the levels asked for. */
interface CurationSetup {
  matcher: LeakMatcher;
  targets: ReadonlyMap<string, number>;
  /** The run's strictness, then the other listed levels. */
  levels: Strictness[];
  /** Whether every listed level gets its own clean tables. */
  perLevel: boolean;
  /**
   * The match pool (another core matches while this thread reads and writes), started by `pool(true)` where
   * workers are allowed; null: match here.
   */
  pool: (start: boolean) => MatchPool | null;
  /** Clips of a corpus matched here before `pool(true)` is asked for. */
  workerAfterClips: number;
}

/**
 * Opens a split's tables in the staged set: dirty, clean (the run's strictness) and, with several levels, one
 * clean table per other listed level (the first level's own name is a copy of the clean table, made at the end),
 * and leaks. Every table's metadata says its corpus, split, variant and level.
 */
function openSplit(
  corpus: CorpusName,
  split: string,
  setup: CurationSetup,
  out: RunOutputs,
  keepCleanIds: boolean,
): { curator: SplitCurator; done: () => SplitSummary } {
  const name = `${corpus}.${split}`;
  const [primary, ...others] = setup.levels;
  const meta = (variant: string, level: Strictness) => ({
    ...out.meta,
    'zsaudit.strictness': level,
    'zsaudit.corpus': corpus,
    'zsaudit.split': split,
    ...(variant ? { 'zsaudit.variant': variant } : {}),
  });
  const clipSink = (file: string, variant: string, level: Strictness): ClipSink =>
    batchedSink(
      out.open(file, curatedClipsFields, CURATED_CLIPS_SCHEMA_ID, meta(variant, level)),
      new ClipBatchBuilder(out.base),
    );
  const dirty = clipSink(`${name}.dirty.arrow`, 'dirty', primary);
  const clean = new Map<Strictness, ClipSink>([[primary, clipSink(`${name}.clean.arrow`, 'clean', primary)]]);
  if (setup.perLevel) {
    for (const level of others) clean.set(level, clipSink(`${name}.clean.${level}.arrow`, 'clean', level));
  }
  const leaks = batchedSink(
    out.open(`${name}.leaks.arrow`, leaksFields, LEAKS_SCHEMA_ID, meta('', primary)),
    new LeakBatchBuilder(),
  );
  const sinks: SplitSinks = { dirty, clean, leaks };
  const curator = new SplitCurator(corpus, split, setup.matcher, setup.targets, primary, sinks, {
    keepCleanIds,
  });
  return {
    curator,
    done: () => {
      const summary = curator.finish();
      if (setup.perLevel) out.copy(`${name}.clean.arrow`, `${name}.clean.${primary}.arrow`);
      return summary;
    },
  };
}

/** Lines of a text file (LF, CRLF or lone CR), counted in chunks: the total of a streamed file's progress. */
function countLines(file: string): number {
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.allocUnsafe(1 << 20);
  let lines = 1;
  let lastCr = false;
  try {
    for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0;) {
      for (let i = 0; i < n; i++) {
        const b = buf[i];
        if (b === 0x0a) {
          if (!lastCr) lines++;
          lastCr = false;
        } else if (b === 0x0d) {
          lines++;
          lastCr = true;
        } else lastCr = false;
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return lines;
}

/**
 * Curates a corpus as its loader streams it: each kept clip goes through its split's curator into the split's
 * tables, so memory holds a batch per table and the counts, not the corpus. Progress counts the source lines read
 * (a clip's row) against the file's line count. Returns the loaded corpus (exclusions, and the rows the export
 * needs when it is on), the split summaries (splits in sorted order) and the clean ids for the export.
 */
function curateCorpusStreaming(
  input: CorpusInput,
  setup: CurationSetup,
  out: RunOutputs,
  opts: { onProgress?: (p: CurationProgress) => void; log: (line: string) => void; keepRaw: boolean },
): { loaded: LoadedCorpus; splits: Record<string, SplitSummary>; keep: Set<string> } {
  const open = new Map<string, ReturnType<typeof openSplit>>();
  const lineTotals = new Map<string, number>();
  let progressFile = '';
  let progressTotal = 0;
  let lastRow = 0;
  /** Curates one clip in its split's tables, its texts' hits given when a batch was matched elsewhere. */
  const route = (clip: CaptionClip, matched?: { batch: TextHits; first: number }) => {
    let split = open.get(clip.split);
    if (!split) {
      split = openSplit(clip.corpus, clip.split, setup, out, opts.keepRaw);
      open.set(clip.split, split);
    }
    split.curator.add(clip, matched);
    if (!opts.onProgress) return;
    const { file, row } = clip.source;
    if (file !== progressFile) {
      if (progressFile)
        opts.onProgress({ task: progressTask(progressFile), done: progressTotal, total: progressTotal });
      progressFile = file;
      let total = lineTotals.get(file);
      if (total === undefined) lineTotals.set(file, (total = countLines(file)));
      progressTotal = total;
      lastRow = 0;
    }
    if (row - lastRow >= 2000) {
      lastRow = row;
      opts.onProgress({ task: progressTask(file), done: Math.min(row, progressTotal), total: progressTotal });
    }
  };
  // With a match pool, clips wait in batches while their texts are matched on another core, and are curated in
  // order as their batch comes back; memory holds a few batches.
  const batches: CaptionClip[][] = [];
  let batch: CaptionClip[] = [];
  const curateBatch = (pool: MatchPool) => {
    const clips = batches.shift()!;
    const batch = pool.take();
    let first = 0;
    for (const clip of clips) {
      route(clip, { batch, first });
      first += clip.texts.length;
    }
  };
  const submitBatch = (full: boolean) => {
    const pool = setup.pool(full);
    if (!pool) {
      batch.forEach((clip) => route(clip));
    } else if (batch.length > 0) {
      pool.submit(batch.flatMap((c) => c.texts.map((t) => t.text)));
      batches.push(batch);
      // Curate what has come back; keep at most a few batches waiting.
      while (batches.length > 0 && (pool.oldestReady || batches.length > MAX_WAITING_BATCHES))
        curateBatch(pool);
    }
    batch = [];
  };
  let clips = 0;
  let loaded: LoadedCorpus;
  try {
    loaded = loadCorpus(input, {
      keepRaw: opts.keepRaw,
      onClip: (clip) => {
        clips++;
        batch.push(clip);
        if (batch.length >= MATCH_BATCH_CLIPS) submitBatch(clips > setup.workerAfterClips);
      },
    });
    submitBatch(false);
    const pool = setup.pool(false);
    while (batches.length > 0) curateBatch(pool!);
  } catch (err) {
    // A bad file part-way (broken quoting) or a failed worker: no table of this corpus stays open.
    for (const split of open.values()) split.curator.abort();
    throw err;
  }
  if (progressFile && opts.onProgress)
    opts.onProgress({ task: progressTask(progressFile), done: progressTotal, total: progressTotal });
  const splits: Record<string, SplitSummary> = {};
  const keep = new Set<string>();
  for (const split of [...open.keys()].sort()) {
    const entry = open.get(split)!;
    const s = (splits[split] = entry.done());
    entry.curator.cleanIds?.forEach((id) => keep.add(id));
    const levels = STRICTNESS_LEVELS.map((l) => `${l} ${s.levels[l].clips.removed}`).join(', ');
    opts.log(
      `${loaded.corpus}.${split}: ${s.clips.dirty} clips, ${s.clips.removed} leak (${s.texts.leaking} of ${s.texts.dirty} texts), ${s.clips.clean} clean; clips removed per level: ${levels}`,
    );
  }
  return { loaded, splits, keep };
}

/** The progress task of a streamed file: its corpus folder and name. */
const progressTask = (file: string) =>
  `curating ${path.basename(path.dirname(file))}/${path.basename(file)} (lines)`;

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
  const { levels, perLevel } = strictnessLevels(opts.strictness ?? config.strictness);
  const strictness = levels[0];
  const labelSet = loadLabelSet(config.labels);
  const forms = loadFormsTable(config.forms ?? BUNDLED_FORMS_FILE);
  const labelNames = labelSet.labels.map((l) => l.name);
  // One pass at the strictest level answers every level (a hit leaks at L when its level is at most L), so the
  // summary shows what each level would remove, and listed levels cost no extra pass.
  const matcher = buildLeakMatcher(labelNames, forms.table, {
    strictness: STRICTNESS_LEVELS[STRICTNESS_LEVELS.length - 1],
    allowlist: config.allowlist,
  });
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
    open: (name, fields, schemaId, meta) => {
      out.names.push(name);
      return new ArrowFileWriter(staged.path(name), fields, schemaId, meta);
    },
    copy: (from, to) => {
      fs.copyFileSync(staged.path(from), staged.path(to));
      out.names.push(to);
    },
  };
  // A match pool once a corpus fills a batch, where there is a second core: never for a small corpus, whose
  // matching is done before a worker would have started.
  let pool: MatchPool | null = null;
  const useWorker = opts.matchWorker ?? os.availableParallelism() > 1;
  const setup: CurationSetup = {
    matcher,
    targets,
    levels,
    perLevel,
    workerAfterClips: opts.matchWorkerAfterClips ?? MATCH_WORKER_AFTER_CLIPS,
    pool: (start) => {
      if (!pool && start && useWorker) {
        pool = new MatchPool(matcher, {
          labels: labelNames,
          table: forms.table,
          strictness: matcher.strictness,
          allowlist: config.allowlist,
        });
      }
      return pool;
    },
  };
  try {
    const esc50 = config.esc50 ? writeEsc50(config.esc50.root, labelSet, out, log) : null;

    const corpora: CurationSummary['corpora'] = {};
    for (const input of config.corpora) {
      await yieldToSignals();
      const { loaded, splits, keep } = curateCorpusStreaming(input, setup, out, {
        onProgress: opts.onProgress,
        log,
        keepRaw: exportTo !== null,
      });
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
      if (exportTo)
        out.names.push(...exportCorpus(loaded, keep, exportTo).map((f) => portablePath(outDir, f)));
    }

    return {
      schema: 'zsaudit.curation.summary/3',
      pathsBase: portablePath(outDir, base),
      strictness,
      levels: perLevel ? levels : [],
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
  } finally {
    const used = pool as MatchPool | null;
    if (used) {
      log(`matching: ${used.counts.worker} batches on a worker thread, ${used.counts.caller} on this one`);
      await used.close();
    }
  }
}
