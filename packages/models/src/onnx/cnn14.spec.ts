import * as ort from 'onnxruntime-node';
import { expectArraysClose, testFloats } from '@zsaudit/testing';
import { buildCnn14Graph, cnn14Channels } from './cnn14';
import { encodeOnnxModel, type OnnxGraph } from './proto';

const floats = testFloats;

/** A plain NCHW tensor for the reference forward pass. */
interface T4 {
  c: number;
  h: number;
  w: number;
  data: Float64Array;
}

/**
 * An independent forward pass of the CNN14 layout in float64, written from the PANNs description (not from the
 * graph): reads the weights by name and applies the same layers one by one.
 */
function referenceCnn14(graph: OnnxGraph, logmel: Float32Array, frames: number, mels: number): Float64Array {
  const p = new Map(graph.initializers.map((t) => [t.name, t.data as Float32Array]));
  const get = (name: string) => p.get(name)!;
  const bn = (x: T4, prefix: string) => {
    const g = get(`${prefix}.weight`),
      b = get(`${prefix}.bias`),
      m = get(`${prefix}.running_mean`),
      v = get(`${prefix}.running_var`);
    const out = new Float64Array(x.data.length);
    for (let c = 0; c < x.c; c++)
      for (let i = 0; i < x.h * x.w; i++) {
        const k = c * x.h * x.w + i;
        out[k] = ((x.data[k] - m[c]) / Math.sqrt(v[c] + 1e-5)) * g[c] + b[c];
      }
    return { ...x, data: out };
  };
  // bn0 is per mel bin: apply it with mel as the channel.
  const input = new Float64Array(frames * mels);
  const g0 = get('bn0.weight'),
    b0 = get('bn0.bias'),
    m0 = get('bn0.running_mean'),
    v0 = get('bn0.running_var');
  for (let t = 0; t < frames; t++)
    for (let f = 0; f < mels; f++)
      input[t * mels + f] = ((logmel[t * mels + f] - m0[f]) / Math.sqrt(v0[f] + 1e-5)) * g0[f] + b0[f];
  let x: T4 = { c: 1, h: frames, w: mels, data: input };
  const conv = (x: T4, weight: Float32Array, out: number): T4 => {
    const y = new Float64Array(out * x.h * x.w);
    for (let o = 0; o < out; o++)
      for (let r = 0; r < x.h; r++)
        for (let q = 0; q < x.w; q++) {
          let acc = 0;
          for (let c = 0; c < x.c; c++)
            for (let i = 0; i < 3; i++)
              for (let j = 0; j < 3; j++) {
                const rr = r + i - 1,
                  qq = q + j - 1;
                if (rr < 0 || qq < 0 || rr >= x.h || qq >= x.w) continue;
                acc += x.data[c * x.h * x.w + rr * x.w + qq] * weight[((o * x.c + c) * 3 + i) * 3 + j];
              }
          y[o * x.h * x.w + r * x.w + q] = acc;
        }
    return { c: out, h: x.h, w: x.w, data: y };
  };
  const relu = (x: T4): T4 => ({ ...x, data: x.data.map((v) => Math.max(0, v)) });
  const pool = (x: T4, k: number): T4 => {
    const h = Math.floor(x.h / k),
      w = Math.floor(x.w / k);
    const y = new Float64Array(x.c * h * w);
    for (let c = 0; c < x.c; c++)
      for (let r = 0; r < h; r++)
        for (let q = 0; q < w; q++) {
          let s = 0;
          for (let i = 0; i < k; i++)
            for (let j = 0; j < k; j++) s += x.data[c * x.h * x.w + (r * k + i) * x.w + q * k + j];
          y[c * h * w + r * w + q] = s / (k * k);
        }
    return { c: x.c, h, w, data: y };
  };
  const chans = graph.initializers
    .filter((t) => /^conv_block\d+\.conv1\.weight$/.test(t.name))
    .map((t) => t.dims[0]);
  chans.forEach((out, b) => {
    x = relu(bn(conv(x, get(`conv_block${b + 1}.conv1.weight`), out), `conv_block${b + 1}.bn1`));
    x = relu(bn(conv(x, get(`conv_block${b + 1}.conv2.weight`), out), `conv_block${b + 1}.bn2`));
    x = pool(x, b === chans.length - 1 ? 1 : 2);
  });
  const pooled = new Float64Array(x.c);
  for (let c = 0; c < x.c; c++) {
    let max = -Infinity,
      sum = 0;
    for (let r = 0; r < x.h; r++) {
      let mean = 0;
      for (let q = 0; q < x.w; q++) mean += x.data[c * x.h * x.w + r * x.w + q];
      mean /= x.w;
      max = Math.max(max, mean);
      sum += mean;
    }
    pooled[c] = max + sum / x.h;
  }
  const w = get('fc1.weight'),
    bias = get('fc1.bias');
  const out = new Float64Array(x.c);
  for (let o = 0; o < x.c; o++) {
    let acc = bias[o];
    for (let c = 0; c < x.c; c++) acc += pooled[c] * w[o * x.c + c];
    out[o] = Math.max(0, acc);
  }
  return out;
}

describe('buildCnn14Graph', () => {
  it('runs in onnxruntime and equals an independent forward pass', async () => {
    // Five 2x2 poolings: the input needs at least 32 frames and 32 mel bins.
    const { graph, embeddingDim } = buildCnn14Graph({ width: 2, melBins: 32, seed: 1 });
    expect(embeddingDim).toBe(64);
    const session = await ort.InferenceSession.create(encodeOnnxModel(graph));
    const [frames, mels] = [70, 32];
    for (const seed of [1, 2]) {
      const logmel = floats(frames * mels, seed).map((v) => v * 20 - 40);
      const { embedding } = await session.run({
        logmel: new ort.Tensor('float32', logmel, [1, frames, mels]),
      });
      expect(embedding.dims).toEqual([1, 64]);
      const ref = referenceCnn14(graph, logmel, frames, mels);
      const got = embedding.data as Float32Array;
      const scale = Math.max(1e-6, ...Array.from(ref, Math.abs));
      expectArraysClose(got, ref, { abs: 1e-4 * scale }, `embedding (seed ${seed})`);
      expect(ref.some((v) => v > 0)).toBe(true);
    }
  });

  it('gives the same embeddings in a batch as one at a time', async () => {
    const { graph } = buildCnn14Graph({ width: 2, melBins: 32, seed: 3 });
    const session = await ort.InferenceSession.create(encodeOnnxModel(graph));
    const [frames, mels] = [64, 32];
    const a = floats(frames * mels, 7),
      b = floats(frames * mels, 8);
    const both = new Float32Array([...a, ...b]);
    const batch = (await session.run({ logmel: new ort.Tensor('float32', both, [2, frames, mels]) }))
      .embedding.data as Float32Array;
    const one = (await session.run({ logmel: new ort.Tensor('float32', b, [1, frames, mels]) })).embedding
      .data as Float32Array;
    expect(one.every(Number.isFinite)).toBe(true);
    expectArraysClose(batch.subarray(one.length), one, { abs: 5e-6 }, 'second clip of the batch');
  });

  it('has the layer shapes of PANNs CNN14: its parameter count, without the AudioSet classifier', () => {
    // Trainable parameters counted from the layer list (conv weights without bias, BN weight and bias per conv,
    // bn0 over the mel bins, fc1), independently of the builder.
    const count = (width: number, mels: number) => {
      let total = 2 * mels;
      let cin = 1;
      for (let b = 0; b < 6; b++) {
        const c = width * 2 ** b;
        total += cin * c * 9 + c * c * 9 + 2 * 2 * c;
        cin = c;
      }
      return total + cin * cin + cin;
    };
    // PANNs reports 80,753,615 parameters for CNN14 with its 2048 -> 527 AudioSet layer (1,079,823) included.
    expect(count(64, 64) + 2048 * 527 + 527).toBe(80753615);
    expect(cnn14Channels({ width: 64, melBins: 64, seed: 1 })).toEqual([64, 128, 256, 512, 1024, 2048]);
    // The builder has exactly those layers (checked at a width small enough to build in a test).
    const { parameters, embeddingDim } = buildCnn14Graph({ width: 8, melBins: 64, seed: 1 });
    expect(parameters).toBe(count(8, 64));
    expect(embeddingDim).toBe(256);
  });
});
