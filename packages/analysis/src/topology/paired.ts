/** Input checks shared by the metrics that compare two embedding spaces of the same items. */
import { checkMatrix } from '../linalg/distances';

/**
 * Checks two row-major matrices that describe the same n items in the same order (row i of `a` and row i of `b` are
 * one item): whole rows, finite values, equal row counts. Returns n.
 */
export function checkPairedSpaces(
  a: Float32Array,
  dimA: number,
  b: Float32Array,
  dimB: number,
  fn: string,
): number {
  const n = checkMatrix(a, dimA, `${fn}: a`);
  const nb = checkMatrix(b, dimB, `${fn}: b`);
  if (n !== nb)
    throw new RangeError(
      `${fn}: mismatched rows between the two spaces (a has ${n}, b has ${nb}); ` +
        'row i of each must be the same item',
    );
  return n;
}
