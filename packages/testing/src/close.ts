/**
 * Closeness checks for numbers and typed arrays, with messages that say where and by how much a value is off
 * (jest's toBeCloseTo takes decimal digits and names no index). Each throws; jest reports the message.
 */

export interface Tolerance {
  /** Largest allowed |actual − expected| (default 0). */
  abs?: number;
  /** Largest allowed |actual − expected| / |expected| (default 0). A value passes when either bound holds. */
  rel?: number;
}

function within(a: number, e: number, tol: Tolerance): boolean {
  if (Number.isNaN(a) || Number.isNaN(e)) return Number.isNaN(a) && Number.isNaN(e);
  if (a === e) return true;
  const d = Math.abs(a - e);
  return d <= (tol.abs ?? 0) || d <= (tol.rel ?? 0) * Math.abs(e);
}

const describeTol = (tol: Tolerance) =>
  [tol.abs !== undefined ? `abs ${tol.abs}` : '', tol.rel !== undefined ? `rel ${tol.rel}` : '']
    .filter(Boolean)
    .join(' or ');

/** Throws unless `actual` is within `tol` of `expected`. */
export function expectClose(actual: number, expected: number, tol: Tolerance, what = 'value'): void {
  if (!within(actual, expected, tol))
    throw new Error(
      `${what}: ${actual} is not within ${describeTol(tol)} of ${expected} (|Δ| = ${Math.abs(actual - expected)})`,
    );
}

/** Largest |a[i] − b[i]| and where it is. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): { value: number; index: number } {
  if (a.length !== b.length) throw new Error(`maxAbsDiff: lengths ${a.length} and ${b.length} differ`);
  let value = 0;
  let index = -1;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (d > value || Number.isNaN(d)) {
      value = d;
      index = i;
      if (Number.isNaN(d)) break;
    }
  }
  return { value, index };
}

/** ‖a − b‖ / ‖b‖ (Euclidean): the error measure for gradients and vectors, where element-wise relative error is meaningless near zero. */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`relativeError: lengths ${a.length} and ${b.length} differ`);
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return den === 0 ? Math.sqrt(num) : Math.sqrt(num / den);
}

/**
 * Throws unless every element of `actual` is within `tol` of `expected`; the message names the first element
 * off, its values and how many elements are off.
 */
export function expectArraysClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol: Tolerance,
  what = 'array',
): void {
  if (actual.length !== expected.length)
    throw new Error(`${what}: length ${actual.length}, expected ${expected.length}`);
  let first = -1;
  let off = 0;
  for (let i = 0; i < actual.length; i++) {
    if (!within(actual[i], expected[i], tol)) {
      if (first < 0) first = i;
      off++;
    }
  }
  if (first >= 0) {
    const worst = maxAbsDiff(actual, expected);
    throw new Error(
      `${what}: ${off} of ${actual.length} elements not within ${describeTol(tol)}; first at [${first}]: ` +
        `${actual[first]} vs ${expected[first]}; largest |Δ| ${worst.value} at [${worst.index}]`,
    );
  }
}
