import { fitLength } from './clip';

const arr = (...v: number[]) => Float32Array.from(v);
const list = (x: Float32Array) => Array.from(x);

describe('fitLength', () => {
  it('centre-crops long clips (floor of the surplus on the left)', () => {
    expect(list(fitLength(arr(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), 4, 'center'))).toEqual([3, 4, 5, 6]);
    expect(list(fitLength(arr(0, 1, 2, 3, 4, 5, 6, 7, 8), 4, 'center'))).toEqual([2, 3, 4, 5]);
    expect(list(fitLength(arr(0, 1, 2), 1, 'center'))).toEqual([1]);
  });

  it('start-crops long clips', () => {
    expect(list(fitLength(arr(0, 1, 2, 3, 4, 5), 4, 'start'))).toEqual([0, 1, 2, 3]);
  });

  it('repeat-pads short clips by tiling from the first sample (both modes)', () => {
    expect(list(fitLength(arr(1, 2, 3), 7, 'center'))).toEqual([1, 2, 3, 1, 2, 3, 1]);
    expect(list(fitLength(arr(1, 2, 3), 7, 'start'))).toEqual([1, 2, 3, 1, 2, 3, 1]);
    expect(list(fitLength(arr(1, 2, 3), 6, 'start'))).toEqual([1, 2, 3, 1, 2, 3]);
    expect(list(fitLength(arr(5), 3, 'center'))).toEqual([5, 5, 5]);
  });

  it('returns a copy at equal length, and an empty clip for length 0', () => {
    const x = arr(1, 2, 3);
    const y = fitLength(x, 3, 'center');
    expect(y).not.toBe(x);
    expect(list(y)).toEqual([1, 2, 3]);
    y[0] = 9;
    expect(x[0]).toBe(1);
    expect(fitLength(x, 0, 'start').length).toBe(0);
  });

  it('rejects empty input and bad lengths', () => {
    expect(() => fitLength(new Float32Array(0), 4, 'center')).toThrow(/empty input/);
    expect(() => fitLength(arr(1), -1, 'center')).toThrow(/non-negative integer/);
    expect(() => fitLength(arr(1), 1.5, 'start')).toThrow(/non-negative integer/);
  });
});
