import * as ort from 'onnxruntime-node';
import { expectArraysClose } from '@zsaudit/testing';
import { encodeOnnxModel } from '../onnx/proto';
import { logMel, type LogMelOptions } from './logmel';
import { buildLogMelGraph, LOGMEL_GRAPH_INPUT, LOGMEL_GRAPH_OUTPUT } from './logmel-onnx';

/** A deterministic test signal: a chirp-like tone plus noise, with a near-silent stretch (floor and low bins). */
function signal(n: number, seed: number): Float32Array {
  const x = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    x[i] = 0.3 * Math.sin(0.002 * i + 1e-6 * i * i) + 0.05 * (s / 2 ** 31 - 1);
  }
  x.fill(0, Math.floor(n / 3), Math.floor(n / 3) + 2000);
  return x;
}

async function runGraph(opts: LogMelOptions, clips: Float32Array[]): Promise<Float32Array> {
  const samples = clips[0].length;
  const { graph } = buildLogMelGraph(opts, samples);
  const session = await ort.InferenceSession.create(encodeOnnxModel(graph));
  const input = new Float32Array(clips.length * samples);
  clips.forEach((c, i) => input.set(c, i * samples));
  const out = await session.run({
    [LOGMEL_GRAPH_INPUT]: new ort.Tensor('float32', input, [clips.length, samples]),
  });
  return out[LOGMEL_GRAPH_OUTPUT].data as Float32Array;
}

describe('buildLogMelGraph (log-mel in onnxruntime)', () => {
  // logMel (float64 FFT) is itself checked against numpy in logmel.spec.ts; the graph is float32 like torchlibrosa.
  it('matches the float64 front end at PANNs 32 kHz settings, per clip in a batch', async () => {
    const opts = { sampleRate: 32000, nFft: 1024, hop: 320, melBins: 64, fMin: 50, fMax: 14000 };
    const clips = [signal(32000, 1), signal(32000, 2), signal(32000, 3)];
    const out = await runGraph(opts, clips);
    const frames = 1 + Math.floor(32000 / 320);
    clips.forEach((c, b) => {
      const ref = logMel(c, opts).data;
      expectArraysClose(
        out.subarray(b * frames * 64, (b + 1) * frames * 64),
        ref,
        { abs: 2e-3 },
        `clip ${b} (dB)`,
      );
    });
  });

  it('matches at the embedded backbone settings and with a top-dB clamp and a reference power', async () => {
    const opts = {
      sampleRate: 16000,
      nFft: 512,
      hop: 160,
      melBins: 64,
      fMin: 50,
      fMax: 8000,
      topDb: 60,
      ref: 0.5,
    };
    const clip = signal(16000, 7);
    const out = await runGraph(opts, [clip]);
    const ref = logMel(clip, opts).data;
    expectArraysClose(out, ref, { abs: 2e-3 }, 'log-mel (dB)');
    // the clamp is active: the silent stretch sits exactly topDb below the clip's maximum
    const max = ref.reduce((a, b) => Math.max(a, b), -Infinity);
    expect(Math.min(...out)).toBeCloseTo(max - 60, 2);
  });

  it('splits the DFT into two rounds and computes only the bins the mel bank uses', () => {
    const { graph, frames } = buildLogMelGraph(
      { sampleRate: 32000, nFft: 1024, hop: 320, melBins: 64, fMin: 50, fMax: 14000 },
      320000,
    );
    expect(frames).toBe(1001);
    const dims = (name: string) => graph.initializers.find((t) => t.name === name)!.dims;
    // 1024 = 32 × 32; the highest bin with mel weight is 447 (14 kHz / 31.25 Hz = 448 is the last edge), so
    // k2 = floor(k / 32) ≤ 13: 14 of 32 columns, re and im
    expect(dims('dft1')).toEqual([64, 32]);
    expect(dims('dft2')).toEqual([2, 32, 32, 28]);
    // hop 320 is a multiple of 32: frames are gathered as 32-sample blocks
    expect(dims('frame_offsets')).toEqual([32, 1]);
  });

  it('matches with a hop that is not a multiple of the block size (sample-wise framing)', async () => {
    const opts = { sampleRate: 22050, nFft: 256, hop: 100, melBins: 40, fMin: 0, fMax: 11025 };
    const clip = signal(5000, 11);
    const out = await runGraph(opts, [clip]);
    expectArraysClose(out, logMel(clip, opts).data, { abs: 2e-3 }, 'log-mel (dB)');
  });

  it('refuses clips too short to reflect-pad', () => {
    expect(() =>
      buildLogMelGraph({ sampleRate: 32000, nFft: 1024, hop: 320, melBins: 64, fMin: 50, fMax: 14000 }, 400),
    ).toThrow(/too short/);
  });
});
