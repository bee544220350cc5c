/**
 * Where the metric families of the analysis stage put what they compute: the rows of each output table, the
 * summary (with the metrics not computed and why), and the SVG pictures; and the writer of the output folder.
 */
import * as path from 'node:path';
import { buildTable, portablePath, writeArrowFile, writeFileAtomic, writeJsonAtomic } from '@zsaudit/core';
import type { Field, Table } from 'apache-arrow';
import type { Entry } from './inputs';
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
  type ClassRow,
  type ConfusionRow,
  type CorrelationRow,
  type MetricRow,
  type RunRow,
  type SilhouetteRow,
  type TsneRow,
} from './tables';

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

/** The rows of the output tables, in the order computed. */
export interface AnalysisRows {
  metrics: MetricRow[];
  classes: ClassRow[];
  confusion: ConfusionRow[];
  silhouettes: SilhouetteRow[];
  tsne: TsneRow[];
  correlations: CorrelationRow[];
}

export function emptySummary(): AnalysisSummary {
  return {
    schema: 'zsaudit.analysis.summary/1',
    entries: [],
    missingClips: [],
    notComputed: [],
    correlations: [],
    correlationsSkipped: [],
    outputs: [],
  };
}

export function emptyRows(): AnalysisRows {
  return { metrics: [], classes: [], confusion: [], silhouettes: [], tsne: [], correlations: [] };
}

/** One entry's metrics: `put` a value, or `skip` a metric with the reason it cannot be computed. */
export interface EntryRecorder {
  readonly id: string;
  /** The id as it appears in output file names (a safe file name). */
  readonly fileKey: string;
  put(metric: string, value: number): void;
  skip(metric: string, reason: string): void;
}

/** A recorder that appends to metrics.arrow's rows and the summary's `notComputed`. */
export function entryRecorder(
  entry: Pick<Entry, 'id' | 'fileKey'>,
  rows: AnalysisRows,
  summary: AnalysisSummary,
): EntryRecorder {
  const { id, fileKey } = entry;
  return {
    id,
    fileKey,
    put: (metric, value) => rows.metrics.push({ run_id: id, metric, value }),
    skip: (metric, reason) => summary.notComputed.push({ id, metric, reason }),
  };
}

/** File-name-safe form of a metric name (correlation plots). */
export const slug = (s: string): string => s.replace(/[^A-Za-z0-9._-]+/g, '_');

/** Where the output `name` (relative to the output folder, `/`-separated) is written: the staged output set. */
export type OutputPath = (name: string) => string;

/** Writes SVG pictures as `plots/<name>` of the output set and lists each in the summary's outputs. */
export class PlotWriter {
  constructor(
    private readonly pathOf: OutputPath,
    private readonly outputs: string[],
  ) {}

  write(name: string, svg: string): void {
    if (name.includes('/') || name.includes('\\') || name.startsWith('.'))
      throw new Error(`plot name ${JSON.stringify(name)} is not a plain file name`);
    writeFileAtomic(this.pathOf(`plots/${name}`), svg);
    this.outputs.push(`plots/${name}`);
  }
}

/** The row of runs.arrow for an entry; paths relative to the output folder, so the set resolves in any clone. */
function runRow(outDir: string, e: Entry): RunRow {
  return {
    run_id: e.id,
    kind: e.kind,
    audio_backbone: e.audio,
    text_backbone: e.text ?? null,
    conditions: JSON.stringify(e.run?.descriptor.conditions ?? {}),
    dir: portablePath(outDir, e.run?.dir ?? path.dirname(e.xa)),
    esc50: portablePath(outDir, e.esc50),
  };
}

/** A table of `rows` (objects keyed by field name; a missing value is null) with exactly `fields`. */
function tableFromRows(fields: Field[], rows: readonly object[], schemaId: string): Table {
  const columns: Record<string, unknown[]> = {};
  for (const f of fields) columns[f.name] = rows.map((r) => (r as Record<string, unknown>)[f.name] ?? null);
  return buildTable(fields, columns, schemaId);
}

/**
 * Writes the tables of ./tables.ts and analysis-summary.json through `pathOf` (the staged output set of `outDir`),
 * listing each table in the summary.
 */
export function writeOutputs(
  pathOf: OutputPath,
  outDir: string,
  entries: readonly Entry[],
  rows: AnalysisRows,
  summary: AnalysisSummary,
): void {
  const write = (name: string, fields: Field[], r: object[], id: string) => {
    writeArrowFile(pathOf(name), tableFromRows(fields, r, id));
    summary.outputs.push(name);
  };
  write(
    'runs.arrow',
    runsFields,
    entries.map((e) => runRow(outDir, e)),
    RUNS_SCHEMA_ID,
  );
  write('metrics.arrow', metricsFields, rows.metrics, METRICS_SCHEMA_ID);
  write('classes.arrow', classesFields, rows.classes, CLASSES_SCHEMA_ID);
  write('confusion.arrow', confusionFields, rows.confusion, CONFUSION_SCHEMA_ID);
  write('silhouettes.arrow', silhouettesFields, rows.silhouettes, SILHOUETTES_SCHEMA_ID);
  write('tsne.arrow', tsneFields, rows.tsne, TSNE_SCHEMA_ID);
  write('correlations.arrow', correlationsFields, rows.correlations, CORRELATIONS_SCHEMA_ID);
  writeJsonAtomic(pathOf('analysis-summary.json'), summary);
}
