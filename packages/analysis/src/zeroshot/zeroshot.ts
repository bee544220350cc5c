/**
 * Zero-shot classification accuracy: each audio embedding is assigned the class whose prompt (text) embedding is
 * most cosine-similar, as in CLAP-style audio-text zero-shot evaluation.
 *
 * Determinism: classes are ranked by similarity, equal similarities by the lower class index. A true class counts as
 * a top-k hit when fewer than k classes rank ahead of it, so a tie never depends on a sort's stability.
 *
 * Zero vectors: a zero audio or class row has cosine similarity 0 with everything (as sklearn's cosine_similarity
 * treats it), rather than NaN; a zero audio row therefore ties every class and is assigned class 0.
 */
import { checkMatrix } from '../linalg/distances';
import { dotRows } from '../linalg/dot';

/** Unit-norm float64 copy of the rows of an n × dim matrix (zero rows stay zero). */
function normalizedRows(x: Float32Array, dim: number, n: number): Float64Array {
  const out = new Float64Array(n * dim);
  for (let i = 0; i < n; i++) {
    const o = i * dim;
    let s = 0;
    for (let d = 0; d < dim; d++) s += x[o + d] * x[o + d];
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let d = 0; d < dim; d++) out[o + d] = x[o + d] * inv;
  }
  return out;
}

/**
 * Validates the inputs, then visits the similarities of each audio row to every class: `row` holds a · t̂_c for the
 * unit-norm class rows t̂_c (float64, length C, reused between calls). That is the cosine times ‖a‖, a positive
 * factor common to the row, so the order and ties within a row are those of the cosines; leaving it out saves a
 * division per entry and memory (no n × C matrix, no normalised copy of the audio).
 */
function forEachSimilarityRow(
  audio: Float32Array,
  text: Float32Array,
  dim: number,
  labels: ArrayLike<number>,
  fn: string,
): { n: number; classes: number; visit: (f: (i: number, row: Float64Array) => void) => void } {
  const n = checkMatrix(audio, dim, `${fn}: audio`);
  const classes = checkMatrix(text, dim, `${fn}: text`);
  if (n === 0) throw new RangeError(`${fn}: no audio rows`);
  if (classes === 0) throw new RangeError(`${fn}: no class rows in text`);
  if (labels.length !== n) throw new RangeError(`${fn}: ${labels.length} labels for ${n} audio rows`);
  for (let i = 0; i < n; i++) {
    const y = labels[i];
    if (!Number.isInteger(y) || y < 0 || y >= classes)
      throw new RangeError(`${fn}: labels[${i}] = ${y} is not a class index in [0, ${classes})`);
  }
  const t = normalizedRows(text, dim, classes);
  const visit = (f: (i: number, row: Float64Array) => void): void => {
    const row = new Float64Array(classes);
    // the audio row widened to float64 (exactly), so one kernel serves every caller
    const a = new Float64Array(dim);
    for (let i = 0; i < n; i++) {
      for (let d = 0; d < dim; d++) a[d] = audio[i * dim + d];
      dotRows(a, 0, t, 0, classes, dim, row, 0);
      f(i, row);
    }
  };
  return { n, classes, visit };
}

/** Number of classes ranked strictly ahead of class y in a row of similarities (ties: lower index first). */
function rankOf(row: Float64Array, y: number): number {
  const sy = row[y];
  let ahead = 0;
  for (let c = 0; c < row.length; c++) {
    const s = row[c];
    if (s > sy || (s === sy && c < y)) ahead++;
  }
  return ahead;
}

/** Index of the largest similarity in a row, the lowest index among equals. */
function argmax(row: Float64Array): number {
  let best = 0;
  for (let c = 1; c < row.length; c++) if (row[c] > row[best]) best = c;
  return best;
}

function checkK(k: number, classes: number, fn: string): void {
  if (!Number.isInteger(k) || k < 1 || k > classes)
    throw new RangeError(
      `${fn}: topK must be an integer in [1, ${classes}] (the number of classes), got ${k}`,
    );
}

/**
 * Top-k zero-shot accuracy.
 *
 * @param audio  n × dim, row-major: one embedding per audio clip
 * @param text   C × dim, row-major: row c is class c's prompt embedding (see {@link averagePromptEmbeddings})
 * @param dim    embedding width shared by both spaces
 * @param labels length n, true class index of each clip in [0, C)
 * @param opts   topK: k (default 1), 1 ≤ k ≤ C
 * @returns the fraction of clips whose true class is among the k most similar classes
 * @throws RangeError on a shape mismatch with dim, a label outside [0, C), a NaN/infinite row, or k outside [1, C]
 */
export function zeroShotAccuracy(
  audio: Float32Array,
  text: Float32Array,
  dim: number,
  labels: ArrayLike<number>,
  opts: { topK?: number } = {},
): number {
  const { n, classes, visit } = forEachSimilarityRow(audio, text, dim, labels, 'zeroShotAccuracy');
  const k = opts.topK ?? 1;
  checkK(k, classes, 'zeroShotAccuracy');
  let hits = 0;
  visit((i, row) => {
    if (rankOf(row, labels[i]) < k) hits++;
  });
  return hits / n;
}

/**
 * Top-k accuracies for each requested k, twice: keyed `top${k}` (`{ top1: 0.8, top5: 0.97 }`) and by k in
 * `accuracy` (`accuracy[5] === top5`), whichever reads better where it is used.
 */
export type TopKAccuracies = { [key: `top${number}`]: number } & {
  /** Accuracy by k, for each requested k. */
  accuracy: Record<number, number>;
};

/** Accuracies over the rows of one fold. */
export type FoldAccuracy = TopKAccuracies & {
  /** The fold id, as given in `folds`. */
  fold: number;
  /** Number of rows in the fold. */
  n: number;
};

export type ZeroShotEvaluation = TopKAccuracies & {
  /** The k values evaluated, ascending, without duplicates. */
  ks: number[];
  /** Per fold id (ascending), when `folds` was given; otherwise empty. */
  perFold: FoldAccuracy[];
  /** Top-1 accuracy (recall) of each class, length C; NaN for a class with no rows. */
  perClass: Float64Array;
  /** C × C counts, row-major: row = true class, column = top-1 predicted class. */
  confusion: Int32Array;
  /** Top-1 predicted class of each row, length n. */
  predictions: Int32Array;
};

/**
 * Full zero-shot evaluation: top-k accuracies, per-fold accuracies, per-class recall, the confusion matrix and the
 * predictions. Same similarity, tie rule and errors as {@link zeroShotAccuracy}.
 *
 * @param opts.folds length n, a fold id per row (e.g. ESC-50's folds 1–5); any finite numbers
 * @param opts.topK  the k values to report, each ≤ C (default [1, 5], without 5 when there are fewer than 5 classes)
 */
export function zeroShotEvaluate(
  audio: Float32Array,
  text: Float32Array,
  dim: number,
  labels: ArrayLike<number>,
  opts: { folds?: ArrayLike<number>; topK?: number[] } = {},
): ZeroShotEvaluation {
  const fn = 'zeroShotEvaluate';
  const { n, classes, visit } = forEachSimilarityRow(audio, text, dim, labels, fn);
  // the default asks for nothing impossible: top-5 is left out below 5 classes; an explicit k > C is an error
  const requested = opts.topK ?? [1, 5].filter((k) => k <= classes);
  const ks = [...new Set(requested)].sort((x, y) => x - y);
  if (ks.length === 0) throw new RangeError(`${fn}: topK must list at least one k`);
  for (const k of ks) checkK(k, classes, fn);
  const folds = opts.folds;
  if (folds !== undefined) {
    if (folds.length !== n) throw new RangeError(`${fn}: ${folds.length} fold ids for ${n} audio rows`);
    for (let i = 0; i < n; i++)
      if (!Number.isFinite(folds[i]))
        throw new RangeError(`${fn}: folds[${i}] is not a finite number (${folds[i]})`);
  }

  const predictions = new Int32Array(n);
  const confusion = new Int32Array(classes * classes);
  const rank = new Int32Array(n);
  visit((i, row) => {
    predictions[i] = argmax(row);
    confusion[labels[i] * classes + predictions[i]]++;
    rank[i] = rankOf(row, labels[i]);
  });

  const accuracies = (rows: ArrayLike<number> | null, count: number): TopKAccuracies => {
    const accuracy: Record<number, number> = {};
    const out: TopKAccuracies = { accuracy };
    for (const k of ks) {
      let hits = 0;
      if (rows === null) for (let i = 0; i < n; i++) hits += rank[i] < k ? 1 : 0;
      else for (let q = 0; q < count; q++) hits += rank[rows[q]] < k ? 1 : 0;
      accuracy[k] = hits / count;
      out[`top${k}`] = accuracy[k];
    }
    return out;
  };

  const perFold: FoldAccuracy[] = [];
  if (folds !== undefined) {
    const members = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const f = folds[i];
      const list = members.get(f);
      if (list) list.push(i);
      else members.set(f, [i]);
    }
    for (const f of [...members.keys()].sort((x, y) => x - y)) {
      const rows = members.get(f) as number[];
      perFold.push({ fold: f, n: rows.length, ...accuracies(rows, rows.length) });
    }
  }

  const perClass = new Float64Array(classes);
  for (let c = 0; c < classes; c++) {
    let total = 0;
    for (let p = 0; p < classes; p++) total += confusion[c * classes + p];
    perClass[c] = total > 0 ? confusion[c * classes + c] / total : NaN;
  }

  return { ...accuracies(null, n), ks, perFold, perClass, confusion, predictions };
}
