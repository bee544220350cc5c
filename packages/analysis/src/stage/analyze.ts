import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildTable, ESC50_SCHEMA_ID, readArrowFile, writeArrowFile } from '@zsaudit/data-curation';
import { readEmbeddings } from '@zsaudit/models';
import type { Field } from 'apache-arrow';
import { closeDistanceWorker } from '../linalg';
import { sampleIndices } from '../random';
import { silhouetteSamples, silhouetteScoreSampled } from '../silhouette';
import { bootstrapCorrelation, pearson, spearman } from '../stats';
import { linearCka, nngs, rsa, RSA_MAX_ITEMS } from '../topology';
import { trustworthiness, tsne } from '../tsne';
import { averagePromptEmbeddings, zeroShotEvaluate } from '../zeroshot';
import type { AnalysisConfig } from './config';
import { scatterSvg } from './plots';
import { findRuns, loadRun, type LoadedRun } from './run';
import {
  CLASSES_SCHEMA_ID,
  classesFields,
  CONFUSION_SCHEMA_ID,
  confusionFields,
  CORRELATIONS_SCHEMA_ID,
  correlationsFields,
  METRICS_SCHEMA_ID,
  metricsFields,
  RUNS_SCHEMA_ID,
  runsFields,
  SILHOUETTES_SCHEMA_ID,
  silhouettesFields,
  TSNE_SCHEMA_ID,
  tsneFields,
} from './tables';

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

export interface AnalysisSummary {
  schema: 'zsaudit.analysis.summary/1';
  entries: { id: string; kind: 'run' | 'backbone'; rows: number; metrics: number }[];
  /** ESC-50 clips without an embedding in an entry (the models stage lists why in its summary). */
  missingClips: { id: string; clips: string[] }[];
  /** Metrics an entry could not have, and why (a table absent, too few points, …). */
  notComputed: { id: string; metric: string; reason: string }[];
  correlations: { x: string; y: string; yTransform: string; n: number; pearsonR: number; pearsonP: number }[];
  correlationsSkipped: { x: string; y: string; reason: string }[];
  outputs: string[];
}

/** A matrix of embeddings with its ids: rows × dim, row-major. */
interface Space {
  ids: string[];
  x: Float32Array;
  dim: number;
}

interface Esc50Clip {
  target: number;
  fold: number;
  label: string;
}

/** Rows of `s` reordered to `ids`; every id must be there (the two spaces of a pairing hold the same items). */
function alignTo(s: Space, ids: readonly string[], what: string): Space {
  const row = new Map(s.ids.map((id, i) => [id, i]));
  const x = new Float32Array(ids.length * s.dim);
  ids.forEach((id, i) => {
    const r = row.get(id);
    if (r === undefined)
      throw new Error(`${what}: no row for id "${id}" (the two spaces must hold the same ids)`);
    x.set(s.x.subarray(r * s.dim, (r + 1) * s.dim), i * s.dim);
  });
  if (s.ids.length !== ids.length) {
    const wanted = new Set(ids);
    const extra = s.ids.find((id) => !wanted.has(id));
    throw new Error(`${what}: id "${extra}" has no counterpart in the other space`);
  }
  return { ids: [...ids], x, dim: s.dim };
}

const readSpace = (file: string): Space => {
  const e = readEmbeddings(file);
  return { ids: e.ids, x: e.vectors, dim: e.dim };
};

function takeRows(s: Space, rows: ArrayLike<number>): Space {
  const x = new Float32Array(rows.length * s.dim);
  const ids: string[] = [];
  for (let i = 0; i < rows.length; i++) {
    x.set(s.x.subarray(rows[i] * s.dim, (rows[i] + 1) * s.dim), i * s.dim);
    ids.push(s.ids[rows[i]]);
  }
  return { ids, x, dim: s.dim };
}

/** File-name-safe form of a run id. */
const slug = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_');

/**
 * The analysis stage: for every entry (each run folder, and each audio backbone's x_a on its own), zero-shot
 * accuracy, silhouettes, t-SNE maps and topological similarity; then correlations across runs. Writes the tables
 * of ./tables.ts, SVG pictures of the t-SNE maps and correlations, and analysis-summary.json.
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
  const baseDir = opts.baseDir ?? process.cwd();
  const escFile = path.join(path.resolve(opts.curationDir), 'esc50.arrow');
  const esc = new Map<string, Esc50Clip>();
  const labels: string[] = [];
  for (const row of readArrowFile(escFile, ESC50_SCHEMA_ID)) {
    esc.set(row!.clip_id, { target: row!.target, fold: row!.fold, label: row!.category });
    labels[row!.target] = row!.category;
  }
  const classOf = new Map(labels.map((l, t) => [l, t]));

  const entries: {
    id: string;
    kind: 'run' | 'backbone';
    run?: LoadedRun;
    xa: string;
    audio: string;
    text?: string;
  }[] = [];
  if (opts.modelsDir) {
    const root = path.join(path.resolve(opts.modelsDir), 'embeddings');
    for (const name of fs.existsSync(root) ? fs.readdirSync(root).sort() : []) {
      const xa = path.join(root, name, 'x_a.esc50.arrow');
      if (fs.existsSync(xa)) entries.push({ id: `backbone:${name}`, kind: 'backbone', xa, audio: name });
    }
  }
  const runDirs = opts.runDirs ?? findRuns(path.resolve(baseDir, config.runs));
  for (const dir of runDirs) {
    const run = loadRun(path.resolve(dir));
    if (!run.files.x_a)
      throw new Error(
        `${path.join(dir, 'run.json')}: the run has no x_a table (${run.descriptor.embeddings.x_a})`,
      );
    entries.push({
      id: run.descriptor.id,
      kind: 'run',
      run,
      xa: run.files.x_a,
      audio: run.descriptor.backbones.audio,
      text: run.descriptor.backbones.text,
    });
  }
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.id)) throw new Error(`two runs have the id "${e.id}"`);
    seen.add(e.id);
  }

  const summary: AnalysisSummary = {
    schema: 'zsaudit.analysis.summary/1',
    entries: [],
    missingClips: [],
    notComputed: [],
    correlations: [],
    correlationsSkipped: [],
    outputs: [],
  };
  const metrics: { run_id: string; metric: string; value: number }[] = [];
  const classes: Record<string, unknown>[] = [];
  const confusion: Record<string, unknown>[] = [];
  const silhouettes: Record<string, unknown>[] = [];
  const tsneRows: Record<string, unknown>[] = [];
  const plotsDir = path.join(outDir, 'plots');
  fs.mkdirSync(plotsDir, { recursive: true });
  const steps = entries.length;
  let step = 0;

  for (const entry of entries) {
    opts.onProgress?.({ task: `analyse ${entry.id}`, done: step, total: steps });
    const id = entry.id;
    const before = metrics.length;
    const put = (metric: string, value: number) => metrics.push({ run_id: id, metric, value });
    const skip = (metric: string, reason: string) => summary.notComputed.push({ id, metric, reason });

    // x_a of the test clips, in esc50.arrow's terms.
    const xaRaw = readSpace(entry.xa);
    for (const clip of xaRaw.ids)
      if (!esc.has(clip)) throw new Error(`${entry.xa}: id "${clip}" is not an ESC-50 clip of ${escFile}`);
    const present = new Set(xaRaw.ids);
    const missing = [...esc.keys()].filter((c) => !present.has(c));
    if (missing.length) summary.missingClips.push({ id, clips: missing });
    const xa = xaRaw;
    const targets = Int32Array.from(xa.ids, (c) => esc.get(c)!.target);
    const folds = Int32Array.from(xa.ids, (c) => esc.get(c)!.fold);
    put('n.test', xa.ids.length);

    const spaces: Record<string, Space> = { x_a: xa };
    if (entry.run?.files.E_a)
      spaces.E_a = alignTo(readSpace(entry.run.files.E_a), xa.ids, entry.run.files.E_a);
    else if (entry.kind === 'run')
      skip('E_a', `no ${entry.run!.descriptor.embeddings.E_a} in the run folder`);

    for (const [space, s] of Object.entries(spaces)) {
      for (const metric of config.silhouette.metrics) {
        const name = `silhouette.${space}.${metric}`;
        if (config.silhouette.sampleSize !== null && config.silhouette.sampleSize < s.ids.length) {
          const est = silhouetteScoreSampled(s.x, s.dim, targets, {
            metric,
            sampleSize: config.silhouette.sampleSize,
            seed: 0,
          });
          put(name, est.score);
          put(`${name}.stderr`, est.standardError);
          continue;
        }
        const values = silhouetteSamples(s.x, s.dim, targets, { metric });
        let sum = 0;
        values.forEach((v, i) => {
          sum += v;
          silhouettes.push({ run_id: id, space, metric, id: s.ids[i], target: targets[i], value: v });
        });
        put(name, sum / values.length);
      }
      if (config.tsne.spaces.includes(space as 'x_a' | 'E_a')) {
        if (s.ids.length <= 3 * config.tsne.perplexity) {
          skip(`tsne.${space}`, `${s.ids.length} points is too few for perplexity ${config.tsne.perplexity}`);
        } else {
          const y = tsne(s.x, s.dim, {
            perplexity: config.tsne.perplexity,
            seed: config.tsne.seed,
            iterations: config.tsne.iterations,
          });
          for (let i = 0; i < s.ids.length; i++)
            tsneRows.push({
              run_id: id,
              space,
              id: s.ids[i],
              target: targets[i],
              x: y[2 * i],
              y: y[2 * i + 1],
            });
          if (10 < s.ids.length / 2)
            put(`tsne.trustworthiness.${space}`, trustworthiness(s.x, s.dim, y, 2, 10));
          const file = path.join(plotsDir, `tsne.${slug(id)}.${space}.svg`);
          writeText(
            file,
            scatterSvg({
              title: `t-SNE of ${space}: ${id}`,
              x: Array.from({ length: s.ids.length }, (_, i) => y[2 * i]),
              y: Array.from({ length: s.ids.length }, (_, i) => y[2 * i + 1]),
              groups: Array.from(targets),
              groupNames: labels,
              axes: false,
            }),
          );
          summary.outputs.push(path.relative(outDir, file));
        }
      }
    }

    // x_a ↔ E_a over the test clips.
    if (spaces.E_a) pairMetrics(put, skip, 'x_a~E_a', xa, spaces.E_a, config.topology.kAudio, config);

    // Prompts: class-level text embeddings, zero-shot accuracy, E_a ↔ E_t at class level.
    const prompts = (file: string | undefined) => {
      if (!file) return null;
      const s = readSpace(file);
      const byKey = new Map<string, number>();
      const templates = new Set<number>();
      s.ids.forEach((pid, r) => {
        const m = /^prompt:(\d+):(.+)$/.exec(pid);
        if (!m) throw new Error(`${file}: id "${pid}" is not a prompt id (prompt:<template>:<label>)`);
        if (!classOf.has(m[2]))
          throw new Error(`${file}: prompt "${pid}" names a label that is not an ESC-50 class`);
        templates.add(Number(m[1]));
        byKey.set(`${m[1]}:${m[2]}`, r);
      });
      const t = [...templates].sort((a, b) => a - b);
      // Template-major rows over every class: row k·C + c.
      const C = labels.length;
      const x = new Float32Array(t.length * C * s.dim);
      t.forEach((k, ki) =>
        labels.forEach((label, c) => {
          const r = byKey.get(`${k}:${label}`);
          if (r === undefined) throw new Error(`${file}: no prompt for class "${label}" with template ${k}`);
          x.set(s.x.subarray(r * s.dim, (r + 1) * s.dim), (ki * C + c) * s.dim);
        }),
      );
      return { x, dim: s.dim, templates: t.length };
    };
    if (entry.run) {
      const C = labels.length;
      const promptSpaces = {
        x_t: prompts(entry.run.files.x_t_prompts),
        E_t: prompts(entry.run.files.E_t_prompts),
      };
      for (const [space, p] of Object.entries(promptSpaces)) {
        if (!p) {
          skip(`prompts.${space}`, `no ${space} prompt table in the run folder`);
          continue;
        }
        if (p.templates < 2) {
          skip(
            `silhouette.${space}.prompts`,
            'one prompt template: a class needs at least two text embeddings',
          );
          continue;
        }
        const promptLabels = Int32Array.from({ length: p.templates * C }, (_, r) => r % C);
        for (const metric of config.silhouette.metrics) {
          const v = silhouetteSamples(p.x, p.dim, promptLabels, { metric });
          put(`silhouette.${space}.prompts.${metric}`, v.reduce((a, b) => a + b, 0) / v.length);
        }
      }
      const et = promptSpaces.E_t;
      if (et && spaces.E_a) {
        if (et.dim !== spaces.E_a.dim)
          throw new Error(`${entry.run.dir}: E_a is ${spaces.E_a.dim}-d but E_t is ${et.dim}-d`);
        const text = averagePromptEmbeddings(et.x, et.dim, C, et.templates);
        const topK = config.zeroShot.topK.filter((k) => k <= C);
        const z = zeroShotEvaluate(spaces.E_a.x, text, et.dim, targets, { folds, topK });
        topK.forEach((k) => put(`zeroshot.top${k}`, z.accuracy[k]));
        for (const f of z.perFold) for (const k of topK) put(`zeroshot.top${k}.fold${f.fold}`, f.accuracy[k]);
        const count = new Int32Array(C);
        for (const t of targets) count[t]++;
        labels.forEach((label, c) =>
          classes.push({ run_id: id, target: c, label, n: count[c], top1: z.perClass[c] }),
        );
        for (let t = 0; t < C; t++)
          for (let p = 0; p < C; p++)
            if (z.confusion[t * C + p])
              confusion.push({
                run_id: id,
                true_target: t,
                predicted_target: p,
                count: z.confusion[t * C + p],
              });
        // Class level: each class's centroid of E_a against its prompt's E_t (classes with clips only).
        const centroids = new Float32Array(C * et.dim);
        for (let i = 0; i < targets.length; i++)
          for (let d = 0; d < et.dim; d++)
            centroids[targets[i] * et.dim + d] += spaces.E_a.x[i * et.dim + d] / count[targets[i]];
        const withClips = labels.map((_, c) => c).filter((c) => count[c] > 0);
        pairMetrics(
          put,
          skip,
          'E_a~E_t',
          takeRows({ ids: labels, x: centroids, dim: et.dim }, withClips),
          takeRows({ ids: labels, x: text, dim: et.dim }, withClips),
          config.topology.kClass,
          config,
        );
      } else skip('zeroshot', 'needs E_a and E_t prompt tables');

      // x_t ↔ E_t over the training captions (a seeded sample when there are many).
      if (entry.run.files.x_t_captions && entry.run.files.E_t_captions) {
        const xt = readSpace(entry.run.files.x_t_captions);
        const Et = alignTo(readSpace(entry.run.files.E_t_captions), xt.ids, entry.run.files.E_t_captions);
        const n = xt.ids.length;
        const m = Math.min(n, config.topology.maxCaptions);
        const rows =
          m < n ? sampleIndices(n, m, config.tsne.seed) : Int32Array.from({ length: n }, (_, i) => i);
        put('n.captions', n);
        if (m < n) put('n.captions.sampled', m);
        pairMetrics(
          put,
          skip,
          'x_t~E_t',
          takeRows(xt, rows),
          takeRows(Et, rows),
          config.topology.kText,
          config,
        );
      } else skip('x_t~E_t', 'needs x_t and E_t caption tables');
    }

    summary.entries.push({ id, kind: entry.kind, rows: xa.ids.length, metrics: metrics.length - before });
    log(`${id}: ${metrics.length - before} metrics over ${xa.ids.length} test clips`);
    step++;
  }
  opts.onProgress?.({ task: 'analyse', done: steps, total: steps });

  // Correlations across runs.
  const byRun = new Map<string, Map<string, number>>();
  for (const m of metrics) {
    if (!byRun.has(m.run_id)) byRun.set(m.run_id, new Map());
    byRun.get(m.run_id)!.set(m.metric, m.value);
  }
  const correlations: Record<string, unknown>[] = [];
  for (const pair of config.correlations.pairs) {
    const runs: string[] = [];
    const xs: number[] = [];
    const ys: number[] = [];
    for (const [run, values] of byRun) {
      const x = values.get(pair.x);
      let y = values.get(pair.y);
      if (x === undefined || y === undefined) continue;
      if (pair.yTransform === 'log') y = y > 0 ? Math.log(y) : NaN;
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      runs.push(run);
      xs.push(x);
      ys.push(y);
    }
    if (xs.length < 3) {
      summary.correlationsSkipped.push({
        x: pair.x,
        y: pair.y,
        reason: `${xs.length} run(s) have both metrics; a correlation needs at least 3`,
      });
      continue;
    }
    let pr: { r: number; p: number };
    let sr: { r: number; p: number };
    try {
      pr = pearson(xs, ys);
      sr = spearman(xs, ys);
    } catch (err) {
      summary.correlationsSkipped.push({ x: pair.x, y: pair.y, reason: (err as Error).message });
      continue;
    }
    const ci = bootstrapCorrelation(xs, ys, {
      method: 'pearson',
      resamples: config.correlations.bootstrap,
      seed: config.correlations.seed,
    });
    correlations.push({
      x: pair.x,
      y: pair.y,
      y_transform: pair.yTransform,
      n: xs.length,
      pearson_r: pr.r,
      pearson_p: pr.p,
      spearman_r: sr.r,
      spearman_p: sr.p,
      ci_low: ci.low,
      ci_high: ci.high,
      confidence: 0.95,
      runs: runs.join(','),
    });
    summary.correlations.push({
      x: pair.x,
      y: pair.y,
      yTransform: pair.yTransform,
      n: xs.length,
      pearsonR: pr.r,
      pearsonP: pr.p,
    });
    const yName = pair.yTransform === 'log' ? `log ${pair.y}` : pair.y;
    const file = path.join(plotsDir, `correlation.${slug(pair.x)}__${slug(yName)}.svg`);
    writeText(
      file,
      scatterSvg({
        title: `${pair.x} vs ${yName}: Pearson r = ${pr.r.toFixed(3)} (p = ${pr.p.toPrecision(2)}), n = ${xs.length}`,
        x: xs,
        y: ys,
        xLabel: pair.x,
        yLabel: yName,
        pointLabels: runs,
        axes: true,
        fitLine: true,
      }),
    );
    summary.outputs.push(path.relative(outDir, file));
  }

  const write = (name: string, fields: Field[], rows: Record<string, unknown>[], schemaId: string) => {
    const columns: Record<string, unknown[]> = {};
    for (const f of fields) columns[f.name] = rows.map((r) => r[f.name] ?? null);
    const file = path.join(outDir, name);
    writeArrowFile(file, buildTable(fields, columns, schemaId));
    summary.outputs.push(name);
  };
  write(
    'runs.arrow',
    runsFields,
    entries.map((e) => ({
      run_id: e.id,
      kind: e.kind,
      audio_backbone: e.audio,
      text_backbone: e.text ?? null,
      conditions: JSON.stringify(e.run?.descriptor.conditions ?? {}),
      dir: e.run?.dir ?? path.dirname(e.xa),
    })),
    RUNS_SCHEMA_ID,
  );
  write('metrics.arrow', metricsFields, metrics, METRICS_SCHEMA_ID);
  write('classes.arrow', classesFields, classes, CLASSES_SCHEMA_ID);
  write('confusion.arrow', confusionFields, confusion, CONFUSION_SCHEMA_ID);
  write('silhouettes.arrow', silhouettesFields, silhouettes, SILHOUETTES_SCHEMA_ID);
  write('tsne.arrow', tsneFields, tsneRows, TSNE_SCHEMA_ID);
  write('correlations.arrow', correlationsFields, correlations, CORRELATIONS_SCHEMA_ID);
  writeText(path.join(outDir, 'analysis-summary.json'), JSON.stringify(summary, null, 2) + '\n');
  return summary;
}

/** NNGS, RSA (Spearman), linear CKA and trustworthiness of one pairing; too few points is recorded, not thrown. */
function pairMetrics(
  put: (metric: string, value: number) => void,
  skip: (metric: string, reason: string) => void,
  pair: string,
  a: Space,
  b: Space,
  k: number,
  config: AnalysisConfig,
): void {
  const n = a.ids.length;
  const metric = config.topology.metric;
  if (k >= n) skip(`nngs.${pair}`, `k = ${k} needs more than ${k} items, there are ${n}`);
  else put(`nngs.${pair}`, nngs(a.x, a.dim, b.x, b.dim, { k, metric }));
  if (n < 3) skip(`rsa.${pair}`, `${n} items; RSA needs 3`);
  else if (n > RSA_MAX_ITEMS) skip(`rsa.${pair}`, `${n} items is more than RSA's ${RSA_MAX_ITEMS}`);
  else put(`rsa.${pair}`, rsa(a.x, a.dim, b.x, b.dim, { metric, method: 'spearman' }).r);
  put(`cka.${pair}`, linearCka(a.x, a.dim, b.x, b.dim));
  if (k >= n / 2) skip(`trustworthiness.${pair}`, `k = ${k} must be below n / 2 = ${n / 2}`);
  else put(`trustworthiness.${pair}`, trustworthiness(a.x, a.dim, b.x, b.dim, k));
}

function writeText(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}
