/**
 * The analysis stage: reads the entries (runs and backbones), applies each metric family to them in a fixed order
 * (silhouettes and t-SNE per audio space, topology of x_a~E_a, then for runs prompt silhouettes, zero-shot with
 * E_a~E_t, and x_t~E_t), correlates across runs, and writes the output folder.
 */
import * as path from 'node:path';
import { assertOutputNotInput, isInside, StagedOutput, yieldToSignals } from '@zsaudit/core';
import { closeDistanceWorker } from '../linalg';
import type { AnalysisConfig } from './config';
import { correlateRuns } from './correlation-metrics';
import {
  alignTo,
  checkEntryTables,
  collectEntries,
  readEsc50,
  readSpace,
  type Entry,
  type Esc50,
  type Space,
} from './inputs';
import {
  emptyRows,
  emptySummary,
  entryRecorder,
  PlotWriter,
  writeOutputs,
  type AnalysisRows,
  type AnalysisSummary,
  type EntryRecorder,
} from './results';
import { promptSilhouettes, spaceSilhouettes } from './silhouette-metrics';
import { captionPairMetrics, classPairMetrics, pairMetrics } from './topology-metrics';
import { tsneMap } from './tsne-metrics';
import { readPrompts, zeroShotMetrics } from './zeroshot-metrics';

export type { AnalysisSummary } from './results';

export interface AnalysisOptions {
  /** The curation stage's folder: its esc50.arrow gives each test clip's class and fold (runs may name another). */
  curationDir: string;
  /** The models stage's folder: every audio backbone's x_a.esc50.arrow is analysed on its own (kind "backbone"). */
  modelsDir?: string;
  /** Run folders (run.json + embeddings); default: every run under the config's `runs` folder. */
  runDirs?: string[];
  /** The output folder: written as one output set (all or nothing), locked while the stage runs. */
  outDir: string;
  baseDir?: string;
  /** The command line, recorded in the output folder's lock (who holds it). */
  command?: string;
  onProgress?: (p: { task: string; done: number; total: number }) => void;
  log?: (line: string) => void;
}

/** What every entry's analysis shares: the config, where results go, and the ESC-50 tables read so far. */
interface StageContext {
  config: AnalysisConfig;
  rows: AnalysisRows;
  summary: AnalysisSummary;
  plots: PlotWriter;
  esc50: Map<string, Esc50>;
}

/** The test clips of an entry's x_a in esc50.arrow's terms: class and fold per row. */
interface TestClips {
  targets: Int32Array;
  folds: Int32Array;
}

/**
 * The analysis stage: for every entry (each run folder, and each audio backbone's x_a on its own), zero-shot
 * accuracy, silhouettes, t-SNE maps and topological similarity; then correlations across runs. Writes the tables
 * of ./tables.ts, SVG pictures of the t-SNE maps and correlations, and analysis-summary.json as one output set of
 * `outDir` (a failed or interrupted run leaves the previous set as it was). The distance worker the metrics start
 * (a thread with onnxruntime sessions) is disposed of before it returns or throws.
 */
export async function runAnalysis(config: AnalysisConfig, opts: AnalysisOptions): Promise<AnalysisSummary> {
  try {
    return await analyze(config, opts);
  } finally {
    await closeDistanceWorker();
  }
}

async function analyze(config: AnalysisConfig, opts: AnalysisOptions): Promise<AnalysisSummary> {
  const log = opts.log ?? (() => undefined);
  const outDir = path.resolve(opts.outDir);
  const entries = collectEntries(config, {
    modelsDir: opts.modelsDir,
    runDirs: opts.runDirs,
    baseDir: opts.baseDir ?? process.cwd(),
    esc50: path.join(path.resolve(opts.curationDir), 'esc50.arrow'),
  });
  const inputs = [opts.curationDir, ...(opts.modelsDir ? [opts.modelsDir] : [])];
  for (const e of entries) inputs.push(e.run?.dir ?? e.xa, e.esc50);
  assertOutputNotInput(outDir, inputs, '--out');
  // Nor may it hold one: committing a set prunes empty folders under it and replaces the files of the last set.
  const held = inputs.find((input) => isInside(input, outDir));
  if (held) throw new Error(`--out ${outDir} holds the input ${path.resolve(held)}: write it elsewhere`);
  // Every input is checked before the first metric (and before anything is written): a bad table fails the stage
  // at once, naming the file.
  const esc50 = new Map<string, Esc50>();
  for (const e of entries) if (!esc50.has(e.esc50)) esc50.set(e.esc50, readEsc50(e.esc50));
  checkEntryTables(entries);
  const staged = StagedOutput.begin(outDir, 'analysis', { command: opts.command });
  try {
    const summary = emptySummary();
    const ctx: StageContext = {
      config,
      rows: emptyRows(),
      summary,
      plots: new PlotWriter((name) => staged.path(name), summary.outputs),
      esc50,
    };
    const steps = entries.length;
    for (const [step, entry] of entries.entries()) {
      opts.onProgress?.({ task: `analyse ${entry.id}`, done: step, total: steps });
      const before = ctx.rows.metrics.length;
      const rows = await analyzeEntry(ctx, entry);
      const metrics = ctx.rows.metrics.length - before;
      summary.entries.push({ id: entry.id, kind: entry.kind, rows, metrics });
      log(`${entry.id}: ${metrics} metrics over ${rows} test clips`);
    }
    opts.onProgress?.({ task: 'analyse', done: steps, total: steps });
    await yieldToSignals();
    ctx.rows.correlations = correlateRuns(ctx.rows.metrics, config.correlations, summary, ctx.plots);
    writeOutputs((name) => staged.path(name), outDir, entries, ctx.rows, summary);
    staged.commit();
    return summary;
  } catch (err) {
    staged.abort();
    throw err;
  }
}

/** Every metric of one entry, in the stage's order; returns the number of test clips analysed. */
async function analyzeEntry(ctx: StageContext, entry: Entry): Promise<number> {
  const { config, rows, summary } = ctx;
  const rec = entryRecorder(entry, rows, summary);
  const esc = ctx.esc50.get(entry.esc50)!;
  const { xa, clips } = readTestClips(ctx, entry, esc);
  rec.put('n.test', xa.ids.length);

  const spaces: { x_a: Space; E_a?: Space } = { x_a: xa };
  if (entry.run?.files.E_a) spaces.E_a = alignTo(readSpace(entry.run.files.E_a), xa.ids, entry.run.files.E_a);
  else if (entry.kind === 'run')
    rec.skip('E_a', `no ${entry.run!.descriptor.embeddings.E_a} in the run folder`);

  for (const [space, s] of Object.entries(spaces) as ['x_a' | 'E_a', Space][]) {
    await yieldToSignals();
    spaceSilhouettes(rec, rows.silhouettes, space, s, clips.targets, config.silhouette);
    await yieldToSignals();
    tsneMap(rec, rows.tsne, ctx.plots, space, s, clips.targets, esc.labels, config.tsne);
  }
  await yieldToSignals();
  // x_a ↔ E_a over the test clips.
  if (spaces.E_a) pairMetrics(rec, 'x_a~E_a', xa, spaces.E_a, config.topology.kAudio, config.topology.metric);
  await yieldToSignals();
  if (entry.run) runTextMetrics(ctx, rec, entry, esc, spaces.E_a, clips);
  await yieldToSignals();
  return xa.ids.length;
}

/** An entry's x_a, every id an ESC-50 clip; clips without a row are listed in the summary's `missingClips`. */
function readTestClips(ctx: StageContext, entry: Entry, table: Esc50): { xa: Space; clips: TestClips } {
  const { clips: esc, file } = table;
  const xa = readSpace(entry.xa);
  for (const clip of xa.ids)
    if (!esc.has(clip)) throw new Error(`${entry.xa}: id "${clip}" is not an ESC-50 clip of ${file}`);
  const present = new Set(xa.ids);
  const missing = [...esc.keys()].filter((c) => !present.has(c));
  if (missing.length) ctx.summary.missingClips.push({ id: entry.id, clips: missing });
  return {
    xa,
    clips: {
      targets: Int32Array.from(xa.ids, (c) => esc.get(c)!.target),
      folds: Int32Array.from(xa.ids, (c) => esc.get(c)!.fold),
    },
  };
}

/**
 * A run's text side: silhouettes of the prompt spaces, zero-shot accuracy with E_a ↔ E_t at class level, and
 * x_t ↔ E_t over the training captions; what a missing table prevents is recorded as not computed.
 */
function runTextMetrics(
  ctx: StageContext,
  rec: EntryRecorder,
  entry: Entry,
  esc: Esc50,
  ea: Space | undefined,
  clips: TestClips,
): void {
  const { config } = ctx;
  const run = entry.run!;
  const C = esc.labels.length;
  const promptSpaces = {
    x_t: readPrompts(run.files.x_t_prompts, esc),
    E_t: readPrompts(run.files.E_t_prompts, esc),
  };
  for (const [space, p] of Object.entries(promptSpaces)) {
    if (!p) rec.skip(`prompts.${space}`, `no ${space} prompt table in the run folder`);
    else if (p.templates < 2)
      rec.skip(
        `silhouette.${space}.prompts`,
        'one prompt template: a class needs at least two text embeddings',
      );
    else promptSilhouettes(rec, space, p, C, config.silhouette.metrics);
  }
  const et = promptSpaces.E_t;
  if (et && ea) {
    if (et.dim !== ea.dim) throw new Error(`${run.dir}: E_a is ${ea.dim}-d but E_t is ${et.dim}-d`);
    const { text, count } = zeroShotMetrics(rec, ctx.rows, ea, et, clips, esc.labels, config.zeroShot.topK);
    classPairMetrics(rec, ea, text, clips.targets, count, esc.labels, config.topology);
  } else rec.skip('zeroshot', 'needs E_a and E_t prompt tables');

  // x_t ↔ E_t over the training captions (sampled with the t-SNE seed when there are many).
  if (run.files.x_t_captions && run.files.E_t_captions)
    captionPairMetrics(
      rec,
      run.files.x_t_captions,
      run.files.E_t_captions,
      config.topology,
      config.tsne.seed,
    );
  else rec.skip('x_t~E_t', 'needs x_t and E_t caption tables');
}
