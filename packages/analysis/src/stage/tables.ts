import { Field, Float32, Float64, Int32, Utf8 } from 'apache-arrow';

/**
 * The analysis stage's output tables (Arrow IPC files), each tagged with its schema id in the `zsaudit.schema`
 * metadata. They are the input contract of the report stage.
 */
const utf8 = (name: string) => new Field(name, new Utf8(), false);
const f64 = (name: string) => new Field(name, new Float64(), false);
const f32 = (name: string) => new Field(name, new Float32(), false);
const i32 = (name: string) => new Field(name, new Int32(), false);

/** runs.arrow: one row per analysed entry (a run, or a backbone's unimodal embeddings alone). */
export const RUNS_SCHEMA_ID = 'zsaudit.analysis.runs/2';
export const runsFields = [
  utf8('run_id'),
  /** "run" (a trained model: run.json) or "backbone" (x_a of a models-stage audio backbone, before any training). */
  utf8('kind'),
  utf8('audio_backbone'),
  new Field('text_backbone', new Utf8(), true),
  /** The run's conditions as JSON. */
  utf8('conditions'),
  /** The run folder (a backbone: its embeddings folder), relative to the analysis output folder. */
  utf8('dir'),
  /** The ESC-50 table the entry was analysed against, relative to the analysis output folder. */
  utf8('esc50'),
];
export interface RunRow {
  run_id: string;
  kind: 'run' | 'backbone';
  audio_backbone: string;
  text_backbone: string | null;
  conditions: string;
  dir: string;
  esc50: string;
}

/** metrics.arrow: long format, one row per run and metric (names in the package README). */
export const METRICS_SCHEMA_ID = 'zsaudit.analysis.metrics/1';
export const metricsFields = [utf8('run_id'), utf8('metric'), f64('value')];
export interface MetricRow {
  run_id: string;
  metric: string;
  value: number;
}

/** classes.arrow: zero-shot accuracy per ESC-50 class and run. */
export const CLASSES_SCHEMA_ID = 'zsaudit.analysis.classes/1';
export const classesFields = [utf8('run_id'), i32('target'), utf8('label'), i32('n'), f64('top1')];
export interface ClassRow {
  run_id: string;
  target: number;
  label: string;
  n: number;
  top1: number;
}

/** confusion.arrow: the zero-shot confusion matrix, non-zero cells only (true class × predicted class). */
export const CONFUSION_SCHEMA_ID = 'zsaudit.analysis.confusion/1';
export const confusionFields = [utf8('run_id'), i32('true_target'), i32('predicted_target'), i32('count')];
export interface ConfusionRow {
  run_id: string;
  true_target: number;
  predicted_target: number;
  count: number;
}

/** silhouettes.arrow: per-sample silhouette values (for the plots), per run, space and distance. */
export const SILHOUETTES_SCHEMA_ID = 'zsaudit.analysis.silhouettes/1';
export const silhouettesFields = [
  utf8('run_id'),
  utf8('space'),
  utf8('metric'),
  utf8('id'),
  i32('target'),
  f64('value'),
];
export interface SilhouetteRow {
  run_id: string;
  space: string;
  metric: string;
  id: string;
  target: number;
  value: number;
}

/** tsne.arrow: 2-D t-SNE coordinates per run and space. */
export const TSNE_SCHEMA_ID = 'zsaudit.analysis.tsne/1';
export const tsneFields = [utf8('run_id'), utf8('space'), utf8('id'), i32('target'), f32('x'), f32('y')];
export interface TsneRow {
  run_id: string;
  space: string;
  id: string;
  target: number;
  x: number;
  y: number;
}

/** correlations.arrow: correlations across runs of metric x with (a transform of) metric y. */
export const CORRELATIONS_SCHEMA_ID = 'zsaudit.analysis.correlations/1';
export const correlationsFields = [
  utf8('x'),
  utf8('y'),
  utf8('y_transform'),
  i32('n'),
  f64('pearson_r'),
  f64('pearson_p'),
  f64('spearman_r'),
  f64('spearman_p'),
  /** Bootstrap percentile interval of Pearson r. */
  f64('ci_low'),
  f64('ci_high'),
  f64('confidence'),
  /** The runs correlated, comma-separated. */
  utf8('runs'),
];
export interface CorrelationRow {
  x: string;
  y: string;
  y_transform: string;
  n: number;
  pearson_r: number;
  pearson_p: number;
  spearman_r: number;
  spearman_p: number;
  ci_low: number;
  ci_high: number;
  confidence: number;
  runs: string;
}
