/**
 * out[oo + j] = a[ao …] · B[(bStart + j) …] (each `dim` long) for the `rows` consecutive rows of row-major B from
 * row bStart: the matrix–vector kernel of the JS Gram tiles, the PCA projection and the zero-shot similarities.
 * Four rows per sweep, so each value of a loaded serves four products. The order of the sums (d ascending, one
 * accumulator per row) fixes the results' bits; keep it.
 */
export function dotRows(
  a: Float64Array,
  ao: number,
  B: Float64Array,
  bStart: number,
  rows: number,
  dim: number,
  out: Float64Array,
  oo: number,
): void {
  let j = 0;
  for (; j + 4 <= rows; j += 4) {
    const b0 = (bStart + j) * dim;
    const b1 = b0 + dim;
    const b2 = b1 + dim;
    const b3 = b2 + dim;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let d = 0; d < dim; d++) {
      const v = a[ao + d];
      s0 += v * B[b0 + d];
      s1 += v * B[b1 + d];
      s2 += v * B[b2 + d];
      s3 += v * B[b3 + d];
    }
    out[oo + j] = s0;
    out[oo + j + 1] = s1;
    out[oo + j + 2] = s2;
    out[oo + j + 3] = s3;
  }
  for (; j < rows; j++) {
    const bo = (bStart + j) * dim;
    let s = 0;
    for (let d = 0; d < dim; d++) s += a[ao + d] * B[bo + d];
    out[oo + j] = s;
  }
}
