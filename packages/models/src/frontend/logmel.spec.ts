import { expectArraysClose, expectClose, itWithNumpy, maxAbsDiff, runNumpy } from '@zsaudit/testing';
import { hzToMelSlaney, logMel, melFilterBank, melToHzSlaney, type LogMelOptions } from './logmel';

/**
 * Independent numpy version of the PANNs/torchlibrosa front end: np.pad reflect, periodic Hann from np.hanning,
 * np.fft.rfft power, librosa.filters.mel(htk=False, norm='slaney') re-implemented as in librosa (float32 weights),
 * 10·log10 with amin/ref. Outputs: [logmel (frames × mels), mel filter bank (mels × bins)].
 */
const NUMPY_LOGMEL = `
x = ins[0]
sr, n_fft, hop, n_mels = args["sr"], args["n_fft"], args["hop"], args["n_mels"]
fmin, fmax, amin, ref = args["fmin"], args["fmax"], 1e-10, 1.0

def hz_to_mel(f):
    f = np.asanyarray(f, dtype=np.float64)
    f_sp = 200.0 / 3
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0
    return np.where(f >= min_log_hz, min_log_mel + np.log(np.maximum(f, 1e-30) / min_log_hz) / logstep, f / f_sp)

def mel_to_hz(m):
    m = np.asanyarray(m, dtype=np.float64)
    f_sp = 200.0 / 3
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0
    return np.where(m >= min_log_mel, min_log_hz * np.exp(logstep * (m - min_log_mel)), f_sp * m)

n_bins = 1 + n_fft // 2
fftfreqs = np.linspace(0, float(sr) / 2, n_bins, endpoint=True)
mel_f = mel_to_hz(np.linspace(hz_to_mel(fmin), hz_to_mel(fmax), n_mels + 2))
fdiff = np.diff(mel_f)
ramps = np.subtract.outer(mel_f, fftfreqs)
weights = np.zeros((n_mels, n_bins), dtype=np.float32)
for i in range(n_mels):
    lower = -ramps[i] / fdiff[i]
    upper = ramps[i + 2] / fdiff[i + 1]
    weights[i] = np.maximum(0, np.minimum(lower, upper))
enorm = 2.0 / (mel_f[2 : n_mels + 2] - mel_f[:n_mels])
weights *= enorm[:, np.newaxis]

pad = n_fft // 2
xp = np.pad(x, (pad, pad), mode="reflect")
win = np.hanning(n_fft + 1)[:-1]          # periodic Hann
n_frames = 1 + (len(xp) - n_fft) // hop
idx = np.arange(n_fft)[None, :] + hop * np.arange(n_frames)[:, None]
spec = np.abs(np.fft.rfft(xp[idx] * win[None, :], axis=1)) ** 2
mel = spec @ weights.astype(np.float64).T
db = 10.0 * np.log10(np.maximum(amin, mel)) - 10.0 * np.log10(max(amin, ref))
outs = [db, weights]
`;

/** Deterministic pseudo-random signal (xorshift32), roughly uniform in [−0.5, 0.5). */
function noise(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out[i] = s / 4294967296 - 0.5;
  }
  return out;
}

function compareWithNumpy(label: string, x: Float32Array, o: LogMelOptions): void {
  const got = logMel(x, o);
  const { outs, shapes } = runNumpy(NUMPY_LOGMEL, [x], {
    sr: o.sampleRate,
    n_fft: o.nFft,
    hop: o.hop,
    n_mels: o.melBins,
    fmin: o.fMin,
    fmax: o.fMax,
  });
  const [ref, refFb] = outs;
  expect(shapes[0]).toEqual([got.frames, got.melBins]);
  const fb = melFilterBank(o.sampleRate, o.nFft, o.melBins, o.fMin, o.fMax);
  expect(shapes[1]).toEqual([o.melBins, o.nFft / 2 + 1]);
  const fbMax = refFb.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  console.log(
    `${label}: ${got.frames} frames; log-mel max abs err ${maxAbsDiff(got.data, ref).value.toExponential(2)}; ` +
      `filter bank max abs err ${maxAbsDiff(fb, refFb).value.toExponential(2)} (max weight ${fbMax.toExponential(2)})`,
  );
  // Relative to the value, or absolute below 1 dB: |Δ| ≤ 1e-4 · max(|ref|, 1).
  expectArraysClose(got.data, ref, { abs: 1e-4, rel: 1e-4 }, `${label} log-mel`);
  expectArraysClose(fb, refFb, { abs: 1e-5 * fbMax }, `${label} filter bank`);
}

const PANNS_32K: LogMelOptions = {
  sampleRate: 32000,
  nFft: 1024,
  hop: 320,
  melBins: 64,
  fMin: 50,
  fMax: 14000,
};
const SR_16K: LogMelOptions = { sampleRate: 16000, nFft: 512, hop: 160, melBins: 64, fMin: 50, fMax: 8000 };

describe('logMel against an independent numpy reference', () => {
  itWithNumpy('(a) 1 s of noise at 32 kHz, nFft 1024, hop 320, 64 mels, 50-14000 Hz', () => {
    compareWithNumpy('32k', noise(32000, 7), PANNS_32K);
  });
  itWithNumpy('(b) 16 kHz noise, nFft 512, hop 160, 64 mels, 50-8000 Hz', () => {
    compareWithNumpy('16k', noise(16000 + 77, 11), SR_16K);
  });
  itWithNumpy('(d) other FFT sizes: 2, 4, 8, 16 and 2048 (small-size FFT paths, other rates)', () => {
    for (const nFft of [2, 4, 8, 16]) {
      compareWithNumpy(`nFft ${nFft}`, noise(200, nFft), {
        sampleRate: 8000,
        nFft,
        hop: 3,
        melBins: 3,
        fMin: 0,
        fMax: 4000,
      });
    }
    compareWithNumpy('nFft 2048', noise(44100, 9), {
      sampleRate: 44100,
      nFft: 2048,
      hop: 512,
      melBins: 128,
      fMin: 0,
      fMax: 22050,
    });
  });
  itWithNumpy('(c) input shorter than the reflect pad (folded reflection, numpy semantics)', () => {
    compareWithNumpy('short', noise(300, 3), PANNS_32K);
  });
});

describe('logMel', () => {
  it('has 1 + floor(len / hop) frames', () => {
    expect(logMel(noise(32000, 1), PANNS_32K).frames).toBe(101);
    expect(logMel(noise(32319, 1), PANNS_32K).frames).toBe(101);
    expect(logMel(noise(32320, 1), PANNS_32K).frames).toBe(102);
    expect(logMel(noise(1, 1), PANNS_32K).frames).toBe(1);
  });

  it('puts a pure tone in the mel band that contains its frequency', () => {
    const o = PANNS_32K;
    const mMin = hzToMelSlaney(o.fMin);
    const mMax = hzToMelSlaney(o.fMax);
    const edge = (i: number) => melToHzSlaney(mMin + ((mMax - mMin) * i) / (o.melBins + 1));
    for (const hz of [440, 1000, 3000, 9000]) {
      const x = new Float32Array(32000);
      for (let i = 0; i < x.length; i++) x[i] = 0.5 * Math.sin((2 * Math.PI * hz * i) / o.sampleRate);
      const { data, frames, melBins } = logMel(x, o);
      const mean = new Float64Array(melBins);
      for (let f = 0; f < frames; f++)
        for (let m = 0; m < melBins; m++) mean[m] += data[f * melBins + m] / frames;
      let best = 0;
      for (let m = 1; m < melBins; m++) if (mean[m] > mean[best]) best = m;
      // band `best` spans edges best .. best+2 and peaks at edge best+1
      expect(edge(best)).toBeLessThan(hz);
      expect(edge(best + 2)).toBeGreaterThan(hz);
      expectClose(edge(best + 1), hz, { abs: (edge(best + 2) - edge(best)) / 2 }, `centre of band ${best}`);
    }
  });

  it('floors silence at 10*log10(amin) and honours ref and topDb', () => {
    const z = logMel(new Float32Array(1000), PANNS_32K);
    expect(Array.from(z.data).every((v) => v === -100)).toBe(true);
    const x = noise(4000, 5);
    const a = logMel(x, PANNS_32K);
    const b = logMel(x, { ...PANNS_32K, ref: 10 });
    // toBeCloseTo(…, 4) was |Δ| < 5e-5
    expectArraysClose(
      b.data,
      a.data.map((v) => v - 10),
      { abs: 5e-5 },
      'ref 10',
    );
    const c = logMel(x, { ...PANNS_32K, topDb: 20 });
    const max = Math.max(...Array.from(a.data));
    expectArraysClose(
      c.data,
      a.data.map((v) => Math.max(v, max - 20)),
      { abs: 5e-5 },
      'topDb 20',
    );
  });

  it('Slaney mel scale: linear below 1 kHz, log above, invertible', () => {
    expect(hzToMelSlaney(500)).toBeCloseTo(7.5, 12);
    expect(hzToMelSlaney(1000)).toBeCloseTo(15, 12);
    expect(hzToMelSlaney(6400)).toBeCloseTo(42, 12); // 27 log steps of 6.4^(1/27) above 1 kHz
    for (const hz of [0, 50, 999.9, 1000, 4000, 14000])
      expect(melToHzSlaney(hzToMelSlaney(hz))).toBeCloseTo(hz, 8);
  });

  it('rejects bad settings and empty input', () => {
    expect(() => logMel(noise(100, 1), { ...PANNS_32K, nFft: 1000 })).toThrow(/power of two/);
    expect(() => logMel(noise(100, 1), { ...PANNS_32K, hop: 0 })).toThrow(/hop/);
    expect(() => logMel(new Float32Array(0), PANNS_32K)).toThrow(/empty/);
    expect(() => melFilterBank(32000, 1024, 64, 500, 100)).toThrow(/fMin < fMax/);
  });
});
