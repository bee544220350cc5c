import { expectArraysClose, expectClose, itWithNumpy, maxAbsDiff, runNumpy } from '@zsaudit/testing';
import { resample, resampledLength } from './resample';

function sine(hz: number, rate: number, seconds: number, amp = 1): Float32Array {
  const x = new Float32Array(Math.round(rate * seconds));
  for (let i = 0; i < x.length; i++) x[i] = amp * Math.sin((2 * Math.PI * hz * i) / rate);
  return x;
}

/** Frequency from rising zero crossings (linearly interpolated) and amplitude from RMS over [from, to). */
function analyse(y: Float32Array, rate: number, from: number, to: number): { hz: number; amp: number } {
  const crossings: number[] = [];
  let ss = 0;
  for (let i = from; i < to; i++) {
    ss += y[i] * y[i];
    if (y[i - 1] < 0 && y[i] >= 0) crossings.push(i - 1 + y[i - 1] / (y[i - 1] - y[i]));
  }
  const hz = ((crossings.length - 1) * rate) / (crossings[crossings.length - 1] - crossings[0]);
  return { hz, amp: Math.sqrt((2 * ss) / (to - from)) };
}

describe('resample', () => {
  it.each([
    [44100, 32000],
    [16000, 32000],
    [48000, 32000],
    [22050, 32000],
  ])('a 1 kHz sine at %i Hz stays a 1 kHz sine at %i Hz (amplitude within 1%%)', (from, to) => {
    const y = resample(sine(1000, from, 1, 0.8), from, to);
    // away from the edges (the filter reaches ~90 input samples), over a whole number of 1 ms periods
    const { hz, amp } = analyse(y, to, 1600, 1600 + 28 * (to / 1000));
    expectClose(hz, 1000, { abs: 0.1 }, 'frequency');
    expectClose(amp / 0.8, 1, { abs: 0.01 }, 'amplitude ratio');
  });

  it('attenuates a 15 kHz tone by more than 40 dB going 48 kHz -> 16 kHz (anti-aliasing)', () => {
    const y = resample(sine(15000, 48000, 1), 48000, 16000);
    let ss = 0;
    for (let i = 1000; i < 15000; i++) ss += y[i] * y[i];
    const db = 20 * Math.log10(Math.sqrt((2 * ss) / 14000));
    console.log(`15 kHz tone after 48k -> 16k: ${db.toFixed(1)} dB`);
    expect(db).toBeLessThan(-40);
  });

  it("stride 'exact' drops the resampy stride quirk: the 15 kHz tone goes below -120 dB", () => {
    const y = resample(sine(15000, 48000, 1), 48000, 16000, { stride: 'exact' });
    let ss = 0;
    for (let i = 1000; i < 15000; i++) ss += y[i] * y[i];
    const db = 20 * Math.log10(Math.sqrt((2 * ss) / 14000));
    console.log(`15 kHz tone after 48k -> 16k, stride 'exact': ${db.toFixed(1)} dB`);
    expect(db).toBeLessThan(-120);
    const x = sine(1000, 44100, 0.2, 0.8);
    const { amp } = analyse(resample(x, 44100, 32000, { stride: 'exact' }), 32000, 1600, 1600 + 28 * 32);
    expectClose(amp / 0.8, 1, { abs: 0.01 }, 'amplitude ratio');
  });

  it('returns ceil(n * to / from) samples', () => {
    expect(resample(new Float32Array(441), 44100, 32000).length).toBe(320);
    expect(resample(new Float32Array(1001), 44100, 32000).length).toBe(727); // 726.35 -> 727
    expect(resample(new Float32Array(441000), 44100, 32000).length).toBe(320000);
    expect(resample(new Float32Array(5), 16000, 32000).length).toBe(10);
    expect(resample(new Float32Array(7), 48000, 16000).length).toBe(3); // 2.33 -> 3
    expect(resample(new Float32Array(0), 48000, 16000).length).toBe(0);
    expect(resampledLength(1, 44100, 32000)).toBe(1);
  });

  it('is the identity (a copy) when the rates are equal', () => {
    const x = sine(440, 32000, 0.01);
    const y = resample(x, 32000, 32000);
    expect(y).not.toBe(x);
    expect(Array.from(y)).toEqual(Array.from(x));
  });

  it('gives the same result from the polyphase table and the per-sample path, and is deterministic', () => {
    const x = sine(3000, 44100, 0.05);
    for (let i = 0; i < x.length; i++) x[i] += ((i * 7919) % 101) / 500 - 0.1;
    const a = resample(x, 44100, 32000);
    const b = resample(x, 44100, 32000, { maxTableSize: 0 });
    const c = resample(x, 44100, 32000);
    expect(Array.from(c)).toEqual(Array.from(a));
    expectArraysClose(b, a, { abs: 1e-6 }, 'per-sample path');
  });

  it('rejects non-integer or non-positive rates', () => {
    expect(() => resample(new Float32Array(4), 44100.5, 32000)).toThrow(/positive integer/);
    expect(() => resample(new Float32Array(4), 44100, 0)).toThrow(/positive integer/);
  });
});

/**
 * A direct numpy transliteration of resampy's `_resample_f` with the `kaiser_best` filter (np.kaiser, np.sinc),
 * computing all ceil(n · ratio) outputs (librosa's length). Independent of the polyphase bookkeeping in resample.ts.
 */
const NUMPY_RESAMPY = `
x = ins[0]
sr_orig, sr_new = args["from"], args["to"]
num_zeros, precision, beta, rolloff = 64, 9, 14.769656459379492, 0.9475937167399596
num_table = 2 ** precision
n = num_table * num_zeros
interp_win = rolloff * np.sinc(rolloff * np.linspace(0, num_zeros, num=n + 1, endpoint=True)) * np.kaiser(2 * n + 1, beta)[n:]
ratio = float(sr_new) / sr_orig
if ratio < 1:
    interp_win = interp_win * ratio
interp_delta = np.zeros_like(interp_win)
interp_delta[:-1] = np.diff(interp_win)
scale = min(1.0, ratio)
index_step = int(scale * num_table)
nwin = len(interp_win)
n_orig = len(x)
n_out = int(np.ceil(n_orig * ratio))
y = np.zeros(n_out)
for t in range(n_out):
    time_register = t / ratio
    nn = int(time_register)
    frac = scale * (time_register - nn)
    index_frac = frac * num_table
    offset = int(index_frac)
    eta = index_frac - offset
    i_max = min(nn + 1, (nwin - offset) // index_step)
    j = offset + np.arange(i_max) * index_step
    y[t] += np.sum((interp_win[j] + eta * interp_delta[j]) * x[nn - np.arange(i_max)])
    frac = scale - frac
    index_frac = frac * num_table
    offset = int(index_frac)
    eta = index_frac - offset
    k_max = min(n_orig - nn - 1, (nwin - offset) // index_step)
    j = offset + np.arange(k_max) * index_step
    y[t] += np.sum((interp_win[j] + eta * interp_delta[j]) * x[nn + 1 + np.arange(k_max)])
outs = [y]
`;

describe('resample against a numpy transliteration of resampy kaiser_best', () => {
  const x = new Float32Array(1500);
  let s = 12345;
  for (let i = 0; i < x.length; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    x[i] = s / 2147483648 - 0.5;
  }
  for (const [from, to, maxTableSize] of [
    [44100, 32000, undefined],
    [44100, 32000, 0],
    [16000, 32000, undefined],
    [48000, 16000, undefined],
    [8000, 11025, undefined],
    [44101, 32000, undefined], // 32000 phases: per-sample path by default
  ] as [number, number, number | undefined][]) {
    itWithNumpy(`${from} -> ${to}${maxTableSize === 0 ? ' (per-sample path)' : ''}`, () => {
      const got = resample(x, from, to, { maxTableSize });
      const ref = runNumpy(NUMPY_RESAMPY, [x], { from, to }).outs[0];
      expect(got.length).toBe(ref.length);
      console.log(
        `resampy port ${from} -> ${to}: ${ref.length} samples, max abs err ${maxAbsDiff(got, ref).value.toExponential(2)}`,
      );
      expectArraysClose(got, ref, { abs: 1e-6 }, `resample ${from} -> ${to}`);
    });
  }
});
