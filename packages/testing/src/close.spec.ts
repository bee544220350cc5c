import { expectArraysClose, expectClose, maxAbsDiff, relativeError } from './close';

describe('expectClose', () => {
  it('passes within either bound and fails outside both, saying by how much', () => {
    expect(() => expectClose(1.00001, 1, { abs: 1e-4 })).not.toThrow();
    expect(() => expectClose(100.01, 100, { rel: 1e-3 })).not.toThrow();
    expect(() => expectClose(1.1, 1, { abs: 1e-3, rel: 1e-3 }, 'loss')).toThrow(
      /^loss: 1.1 is not within abs 0.001 or rel 0.001 of 1 \(\|Δ\| = 0.100000/,
    );
    expect(() => expectClose(NaN, 1, { abs: 1 })).toThrow();
    expect(() => expectClose(NaN, NaN, { abs: 0 })).not.toThrow();
    expect(() => expectClose(Infinity, Infinity, {})).not.toThrow();
  });
});

describe('expectArraysClose', () => {
  it('names the first element off, how many are off and the largest difference', () => {
    const ref = new Float64Array([0, 1, 2, 3]);
    expect(() => expectArraysClose(new Float32Array([0, 1, 2, 3.00001]), ref, { abs: 1e-4 })).not.toThrow();
    expect(() => expectArraysClose([0, 1.5, 2, 3.2], ref, { abs: 0.1 }, 'grad')).toThrow(
      'grad: 2 of 4 elements not within abs 0.1; first at [1]: 1.5 vs 1; largest |Δ| 0.5 at [1]',
    );
    expect(() => expectArraysClose([0, 1], ref, { abs: 1 })).toThrow('length 2, expected 4');
  });
});

describe('maxAbsDiff / relativeError', () => {
  it('computes the largest element difference and the norm-relative error', () => {
    expect(maxAbsDiff([1, 2, 3], [1, 2.5, 2])).toEqual({ value: 1, index: 2 });
    expect(relativeError([3, 4], [3, 4])).toBe(0);
    expect(relativeError([0, 0], [3, 4])).toBe(1);
    expect(relativeError([3.3, 4.4], [3, 4])).toBeCloseTo(0.1, 12);
  });
});
