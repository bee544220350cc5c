/** Prompt ensembling: one class embedding from several prompt templates ("a sound of a {}", "{}", …). */
import { checkMatrix } from '../linalg/distances';

/**
 * Averages the embeddings of several prompt templates per class, as CLIP's prompt ensembling does: each prompt
 * embedding is L2-normalised, the normalised embeddings of a class are averaged, and the mean is L2-normalised
 * again. Normalising first keeps a template whose embeddings happen to be long from dominating the mean.
 * Float64 accumulation.
 *
 * @param text      (templates · classes) × dim, row-major, template-major: row t·C + c is template t for class c
 * @param dim       embedding width
 * @param classes   C, number of classes
 * @param templates T, number of templates per class
 * @returns C × dim, row-major, unit-norm rows
 * @throws RangeError when text does not hold T·C rows of dim, a row holds a NaN/infinity, a prompt embedding is
 *         all zeros (it has no direction to average), or a class's normalised prompts cancel to a zero mean
 */
export function averagePromptEmbeddings(
  text: Float32Array,
  dim: number,
  classes: number,
  templates: number,
): Float32Array {
  const fn = 'averagePromptEmbeddings';
  if (!Number.isInteger(classes) || classes < 1)
    throw new RangeError(`${fn}: classes must be ≥ 1, got ${classes}`);
  if (!Number.isInteger(templates) || templates < 1)
    throw new RangeError(`${fn}: templates must be ≥ 1, got ${templates}`);
  const rows = checkMatrix(text, dim, `${fn}: text`);
  if (rows !== classes * templates)
    throw new RangeError(
      `${fn}: text has ${rows} rows, expected templates × classes = ${templates} × ${classes}`,
    );
  const out = new Float32Array(classes * dim);
  const acc = new Float64Array(dim);
  for (let c = 0; c < classes; c++) {
    acc.fill(0);
    for (let t = 0; t < templates; t++) {
      const row = t * classes + c;
      const o = row * dim;
      let s = 0;
      for (let d = 0; d < dim; d++) s += text[o + d] * text[o + d];
      if (!(s > 0)) throw new RangeError(`${fn}: text row ${row} (template ${t}, class ${c}) is all zeros`);
      const inv = 1 / Math.sqrt(s);
      for (let d = 0; d < dim; d++) acc[d] += text[o + d] * inv;
    }
    // the 1/T of the mean cancels in the final normalisation
    let s = 0;
    for (let d = 0; d < dim; d++) s += acc[d] * acc[d];
    if (!(s > 0)) throw new RangeError(`${fn}: the prompts of class ${c} average to a zero vector`);
    const inv = 1 / Math.sqrt(s);
    for (let d = 0; d < dim; d++) out[c * dim + d] = acc[d] * inv;
  }
  return out;
}
