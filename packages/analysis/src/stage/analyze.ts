/**
 * The analysis stage: reads the entries (runs and backbones), applies each metric family to them in a fixed order
 * (silhouettes and t-SNE per audio space, topology of x_a~E_a, then for runs prompt silhouettes, zero-shot with
 * E_a~E_t, and x_t~E_t), correlates across runs, and writes the output folder.
 */
import * as path from 'node:path';
import { closeDistanceWorker } from '../linalg';
import type { AnalysisConfig } from './config';
import { correlateRuns } from './correlation-metrics';
import { alignTo, collectEntries, readEsc50, readSpace, type Entry, type Esc50, type Space } from './inputs';
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
  /** The curation stage's folder: esc50.arrow gives each test clip's class and fold. */
  curationDir: string;
  /** The models stage's folder: every audio backbone's x_a.esc50.arrow is analysed on its own (kind "backbone"). */
  modelsDir?: string;
  /** Run folders (run.json + embeddings); default: every run under the config's `runs` folder. */
  runDirs?: string[];
  outDir: string;
  baseDir?: string;
  onProgress?: (p: { task: string; done: number; total: number }) => void;
  log?: (line: string) => void;
}

/** What every entry's analysis shares: the config, the ESC-50 classes, and where results go. */
interface StageContext {
  config: AnalysisConfig;
  esc: Esc50;
  rows: AnalysisRows;
  summary: AnalysisSummary;
  plots: PlotWriter;
}

/** The test clips of an entry's x_a in esc50.arrow's terms: class and fold per row. */
interface TestClips {
  targets: Int32Array;
  folds: Int32Array;
}

/**
 * The analysis stage: for every entry (each run folder, and each audio backbone's x_a on its own), zero-shot
 * accuracy, silhouettes, t-SNE maps and topological similarity; then correlations across runs. Writes the tables
 * of ./tables.ts, SVG pictures of the t-SNE maps and correlations, and analysis-summary.json. The distance worker
 * the metrics start (a thread with onnxruntime sessions) is disposed of before it returns or throws.
 */
export async function runAnalysis(config: AnalysisConfig, opts: AnalysisOptions): Promise<AnalysisSummary> {
  try {
    return analyze(config, opts);
  } finally {
    await closeDistanceWorker();
  }
}

function analyze(config: AnalysisConfig, opts: AnalysisOptions): AnalysisSummary {
  const log = opts.log ?? (() => undefined);
  const outDir = path.resolve(opts.outDir);
  const esc = readEsc50(opts.curationDir);
  const entries = collectEntries(config, opts.modelsDir, opts.runDirs, opts.baseDir ?? process.cwd());
  const summary = emptySummary();
  const ctx: StageContext = {
    config,
    esc,
    rows: emptyRows(),
    summary,
    plots: new PlotWriter(outDir, summary.outputs),
  };
  const steps = entries.length;
  entries.forEach((entry, step) => {
    opts.onProgress?.({ task: `analyse ${entry.id}`, done: step, total: steps });
    const before = ctx.rows.metrics.length;
    const rows = analyzeEntry(ctx, entry);
    const metrics = ctx.rows.metrics.length - before;
    summary.entries.push({ id: entry.id, kind: entry.kind, rows, metrics });
    log(`${entry.id}: ${metrics} metrics over ${rows} test clips`);
  });
  opts.onProgress?.({ task: 'analyse', done: steps, total: steps });
  ctx.rows.correlations = correlateRuns(ctx.rows.metrics, config.correlations, summary, ctx.plots);
  writeOutputs(outDir, entries, ctx.rows, summary);
  return summary;
}

/** Every metric of one entry, in the stage's order; returns the number of test clips analysed. */
function analyzeEntry(ctx: StageContext, entry: Entry): number {
  const { config, rows, summary } = ctx;
  const rec = entryRecorder(entry.id, rows, summary);
  const { xa, clips } = readTestClips(ctx, entry);
  rec.put('n.test', xa.ids.length);

  const spaces: { x_a: Space; E_a?: Space } = { x_a: xa };
  if (entry.run?.files.E_a) spaces.E_a = alignTo(readSpace(entry.run.files.E_a), xa.ids, entry.run.files.E_a);
  else if (entry.kind === 'run')
    rec.skip('E_a', `no ${entry.run!.descriptor.embeddings.E_a} in the run folder`);

  for (const [space, s] of Object.entries(spaces) as ['x_a' | 'E_a', Space][]) {
    spaceSilhouettes(rec, rows.silhouettes, space, s, clips.targets, config.silhouette);
    tsneMap(rec, rows.tsne, ctx.plots, space, s, clips.targets, ctx.esc.labels, config.tsne);
  }
  // x_a ↔ E_a over the test clips.
  if (spaces.E_a) pairMetrics(rec, 'x_a~E_a', xa, spaces.E_a, config.topology.kAudio, config.topology.metric);
  if (entry.run) runTextMetrics(ctx, rec, entry, spaces.E_a, clips);
  return xa.ids.length;
}

/** An entry's x_a, every id an ESC-50 clip; clips without a row are listed in the summary's `missingClips`. */
function readTestClips(ctx: StageContext, entry: Entry): { xa: Space; clips: TestClips } {
  const { clips: esc, file } = ctx.esc;
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
  ea: Space | undefined,
  clips: TestClips,
): void {
  const { config, esc } = ctx;
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
