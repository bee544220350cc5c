import * as ort from 'onnxruntime-node';
import { expectArraysClose } from '@zsaudit/testing';
import { buildBertGraph, type BertOptions } from './bert';
import { encodeOnnxModel, type OnnxGraph } from './proto';

/**
 * An independent forward pass of the BERT encoder in float64, written from the reference implementation
 * (HuggingFace BertModel): reads the weights by name.
 */
function referenceBert(
  graph: OnnxGraph,
  o: BertOptions,
  ids: number[],
  mask: number[],
  types: number[],
): Float64Array {
  const p = new Map(graph.initializers.map((t) => [t.name, t.data as Float32Array]));
  const W = (n: string) => p.get(n)!;
  const h = o.hidden,
    T = ids.length,
    dh = h / o.heads;
  const layerNorm = (x: Float64Array, prefix: string) => {
    const g = W(`${prefix}.weight`),
      b = W(`${prefix}.bias`),
      out = new Float64Array(x.length);
    for (let t = 0; t < T; t++) {
      let mean = 0,
        v = 0;
      for (let i = 0; i < h; i++) mean += x[t * h + i] / h;
      for (let i = 0; i < h; i++) v += (x[t * h + i] - mean) ** 2 / h;
      for (let i = 0; i < h; i++)
        out[t * h + i] = ((x[t * h + i] - mean) / Math.sqrt(v + 1e-12)) * g[i] + b[i];
    }
    return out;
  };
  const linear = (x: Float64Array, prefix: string, inDim: number, outDim: number) => {
    const w = W(`${prefix}.weight`),
      b = W(`${prefix}.bias`),
      out = new Float64Array(T * outDim);
    for (let t = 0; t < T; t++)
      for (let j = 0; j < outDim; j++) {
        let acc = b[j];
        for (let i = 0; i < inDim; i++) acc += x[t * inDim + i] * w[i * outDim + j];
        out[t * outDim + j] = acc;
      }
    return out;
  };
  let x = new Float64Array(T * h);
  const we = W('embeddings.word_embeddings.weight'),
    pe = W('embeddings.position_embeddings.weight'),
    te = W('embeddings.token_type_embeddings.weight');
  for (let t = 0; t < T; t++)
    for (let i = 0; i < h; i++) x[t * h + i] = we[ids[t] * h + i] + pe[t * h + i] + te[types[t] * h + i];
  x = layerNorm(x, 'embeddings.LayerNorm');
  const erf = (z: number) => {
    // Abramowitz–Stegun 7.1.26 is too coarse for 1e-4; integrate the series instead (|z| is small here).
    let sum = 0,
      term = z,
      n = 0;
    while (Math.abs(term) > 1e-17 && n < 200) {
      sum += term / (2 * n + 1);
      n++;
      term *= (-z * z) / n;
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  };
  for (let l = 0; l < o.layers; l++) {
    const pre = `encoder.layer.${l}`;
    const q = linear(x, `${pre}.attention.self.query`, h, h),
      k = linear(x, `${pre}.attention.self.key`, h, h),
      v = linear(x, `${pre}.attention.self.value`, h, h);
    const ctx = new Float64Array(T * h);
    for (let hd = 0; hd < o.heads; hd++)
      for (let i = 0; i < T; i++) {
        const s = new Float64Array(T);
        for (let j = 0; j < T; j++) {
          let acc = 0;
          for (let d = 0; d < dh; d++) acc += q[i * h + hd * dh + d] * k[j * h + hd * dh + d];
          s[j] = acc / Math.sqrt(dh) + (1 - mask[j]) * -10000;
        }
        const max = Math.max(...s);
        let z = 0;
        for (let j = 0; j < T; j++) z += s[j] = Math.exp(s[j] - max);
        for (let d = 0; d < dh; d++) {
          let acc = 0;
          for (let j = 0; j < T; j++) acc += (s[j] / z) * v[j * h + hd * dh + d];
          ctx[i * h + hd * dh + d] = acc;
        }
      }
    const a = linear(ctx, `${pre}.attention.output.dense`, h, h);
    x = layerNorm(
      a.map((val, i) => val + x[i]),
      `${pre}.attention.output.LayerNorm`,
    );
    const inter = linear(x, `${pre}.intermediate.dense`, h, o.intermediate).map(
      (u) => 0.5 * u * (1 + erf(u / Math.SQRT2)),
    );
    const f = linear(inter, `${pre}.output.dense`, o.intermediate, h);
    x = layerNorm(
      f.map((val, i) => val + x[i]),
      `${pre}.output.LayerNorm`,
    );
  }
  return x;
}

const small: BertOptions = {
  vocabSize: 50,
  hidden: 16,
  layers: 2,
  heads: 4,
  intermediate: 32,
  maxPositions: 20,
  seed: 1,
};
const i64 = (v: number[]) => new BigInt64Array(v.map(BigInt));

describe('buildBertGraph', () => {
  it('runs in onnxruntime and equals an independent forward pass, padding masked', async () => {
    const { graph } = buildBertGraph(small);
    const session = await ort.InferenceSession.create(encodeOnnxModel(graph));
    const ids = [1, 7, 23, 4, 2, 0, 0];
    const mask = [1, 1, 1, 1, 1, 0, 0];
    const types = [0, 0, 0, 0, 0, 0, 0];
    const T = ids.length;
    const out = await session.run({
      input_ids: new ort.Tensor('int64', i64(ids), [1, T]),
      attention_mask: new ort.Tensor('int64', i64(mask), [1, T]),
      token_type_ids: new ort.Tensor('int64', i64(types), [1, T]),
    });
    const got = out.last_hidden_state.data as Float32Array;
    expect(out.last_hidden_state.dims).toEqual([1, T, small.hidden]);
    const ref = referenceBert(graph, small, ids, mask, types);
    expectArraysClose(got, ref, { abs: 1e-4 }, 'last_hidden_state');
    // Padding does not change the unpadded tokens' states.
    const short = await session.run({
      input_ids: new ort.Tensor('int64', i64(ids.slice(0, 5)), [1, 5]),
      attention_mask: new ort.Tensor('int64', i64(mask.slice(0, 5)), [1, 5]),
      token_type_ids: new ort.Tensor('int64', i64(types.slice(0, 5)), [1, 5]),
    });
    const s = short.last_hidden_state.data as Float32Array;
    expectArraysClose(s, got.subarray(0, 5 * small.hidden), { abs: 5e-5 }, 'unpadded tokens');
  });

  it('has the layer shapes of bert-base: its parameter count without the pooler', () => {
    const count = (o: BertOptions) => {
      const h = o.hidden;
      const embeddings = (o.vocabSize + o.maxPositions + 2) * h + 2 * h;
      const layer =
        4 * (h * h + h) + 2 * h + (h * o.intermediate + o.intermediate) + (o.intermediate * h + h) + 2 * h;
      return embeddings + o.layers * layer;
    };
    // HuggingFace reports 109,482,240 parameters for bert-base-uncased, with the 768 x 768 pooler (590,592).
    const base = {
      vocabSize: 30522,
      hidden: 768,
      layers: 12,
      heads: 12,
      intermediate: 3072,
      maxPositions: 512,
      seed: 1,
    };
    expect(count(base) + 768 * 768 + 768).toBe(109482240);
    expect(buildBertGraph(small).parameters).toBe(count(small));
  });
});
