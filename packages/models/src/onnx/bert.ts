import { mulberry32 } from '@zsaudit/core';
import { attr, type OnnxGraph, type OnnxNode, type OnnxTensor } from './proto';

/** Options of a BERT-layout text encoder (Devlin et al. 2019; bert-base: 12 layers, hidden 768, 12 heads, FFN 3072). */
export interface BertOptions {
  vocabSize: number;
  hidden: number;
  layers: number;
  heads: number;
  /** Feed-forward width (bert-base: 4 × hidden). */
  intermediate: number;
  /** Longest sequence the position table covers (bert-base: 512). */
  maxPositions: number;
  seed: number;
}

/** Normal(0, σ) weights by Box-Muller (BERT initializes with σ = 0.02). */
function normal(n: number, sigma: number, rand: () => number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const u = Math.max(rand(), 1e-12);
    const r = Math.sqrt(-2 * Math.log(u)) * sigma;
    const t = 2 * Math.PI * rand();
    out[i] = r * Math.cos(t);
    if (i + 1 < n) out[i + 1] = r * Math.sin(t);
  }
  return out;
}

/**
 * The BERT encoder layout as an ONNX graph, randomly initialized ("no pretraining"), with the inputs of a standard
 * BERT export: `input_ids`, `attention_mask`, `token_type_ids` (int64, [batch, tokens]), and the output
 * `last_hidden_state` [batch, tokens, hidden]; the [CLS] embedding is its first token. Post-LayerNorm layers,
 * exact (erf) GELU, attention mask added as (1 − mask) · −10000 as in the reference implementation.
 */
export function buildBertGraph(opts: BertOptions): { graph: OnnxGraph; parameters: number } {
  const { hidden: h, heads, intermediate } = opts;
  if (h % heads !== 0) throw new Error(`hidden ${h} is not a multiple of heads ${heads}`);
  const dh = h / heads;
  const rand = mulberry32(opts.seed);
  const nodes: OnnxNode[] = [];
  const initializers: OnnxTensor[] = [];
  let parameters = 0;
  const param = (name: string, dims: number[], data: Float32Array) => {
    initializers.push({ name, dims, data });
    parameters += data.length;
    return name;
  };
  const constant = (name: string, data: BigInt64Array | Float32Array, dims: number[]) => {
    initializers.push({ name, dims, data });
    return name;
  };
  const node = (op: string, inputs: string[], output: string, attrs?: OnnxNode['attrs']) => {
    nodes.push({ op, inputs, outputs: [output], attrs });
    return output;
  };
  const layerNorm = (prefix: string, input: string) =>
    node(
      'LayerNormalization',
      [
        input,
        param(`${prefix}.weight`, [h], new Float32Array(h).fill(1)),
        param(`${prefix}.bias`, [h], new Float32Array(h)),
      ],
      `${prefix}.out`,
      {
        axis: attr.int(-1),
        epsilon: attr.float(1e-12),
      },
    );
  const linear = (prefix: string, input: string, inDim: number, outDim: number) => {
    const mm = node(
      'MatMul',
      [input, param(`${prefix}.weight`, [inDim, outDim], normal(inDim * outDim, 0.02, rand))],
      `${prefix}.mm`,
    );
    return node('Add', [mm, param(`${prefix}.bias`, [outDim], new Float32Array(outDim))], `${prefix}.out`);
  };

  constant('zero_1d', new BigInt64Array([0n]), [1]);
  constant('axis0', new BigInt64Array([0n]), [1]);
  constant('axes_12', new BigInt64Array([1n, 2n]), [2]);
  constant('one_i64', new BigInt64Array([1n]), []);
  constant('one_f', new Float32Array([1]), []);
  constant('neg_big', new Float32Array([-10000]), []);
  constant('split_heads', new BigInt64Array([0n, 0n, BigInt(heads), BigInt(dh)]), [4]);
  constant('merge_heads', new BigInt64Array([0n, 0n, BigInt(h)]), [3]);
  constant('inv_sqrt_dh', new Float32Array([1 / Math.sqrt(dh)]), []);
  constant('inv_sqrt2', new Float32Array([Math.SQRT1_2]), []);
  constant('half', new Float32Array([0.5]), []);

  // Embeddings: word + position (the first `tokens` rows of the table) + token type, then LayerNorm.
  const words = node(
    'Gather',
    [
      param('embeddings.word_embeddings.weight', [opts.vocabSize, h], normal(opts.vocabSize * h, 0.02, rand)),
      'input_ids',
    ],
    'emb.words',
  );
  const shape = node('Shape', ['input_ids'], 'ids.shape');
  const tokens = node('Gather', [shape, 'one_i64'], 'ids.tokens', { axis: attr.int(0) });
  const tokens1 = node('Unsqueeze', [tokens, 'axis0'], 'ids.tokens1');
  const positions = node(
    'Slice',
    [
      param(
        'embeddings.position_embeddings.weight',
        [opts.maxPositions, h],
        normal(opts.maxPositions * h, 0.02, rand),
      ),
      'zero_1d',
      tokens1,
      'axis0',
    ],
    'emb.positions',
  );
  const types = node(
    'Gather',
    [param('embeddings.token_type_embeddings.weight', [2, h], normal(2 * h, 0.02, rand)), 'token_type_ids'],
    'emb.types',
  );
  const sum = node('Add', [node('Add', [words, positions], 'emb.wp'), types], 'emb.sum');
  let x = layerNorm('embeddings.LayerNorm', sum);

  // Attention bias [batch, 1, 1, tokens]: 0 where the mask is 1, −10000 where it is 0.
  const maskF = node('Cast', ['attention_mask'], 'mask.f', { to: attr.int(1) });
  const bias = node('Mul', [node('Sub', ['one_f', maskF], 'mask.inv'), 'neg_big'], 'mask.bias0');
  const maskBias = node('Unsqueeze', [bias, 'axes_12'], 'mask.bias');

  for (let l = 0; l < opts.layers; l++) {
    const p = `encoder.layer.${l}`;
    const heads4 = (name: string, input: string, perm: number[]) =>
      node('Transpose', [node('Reshape', [input, 'split_heads'], `${name}.split`)], `${name}.t`, {
        perm: attr.ints(perm),
      });
    const q = heads4(`${p}.q`, linear(`${p}.attention.self.query`, x, h, h), [0, 2, 1, 3]);
    const k = heads4(`${p}.k`, linear(`${p}.attention.self.key`, x, h, h), [0, 2, 3, 1]);
    const v = heads4(`${p}.v`, linear(`${p}.attention.self.value`, x, h, h), [0, 2, 1, 3]);
    const scores = node(
      'Add',
      [node('Mul', [node('MatMul', [q, k], `${p}.qk`), 'inv_sqrt_dh'], `${p}.scaled`), maskBias],
      `${p}.scores`,
    );
    const probs = node('Softmax', [scores], `${p}.probs`, { axis: attr.int(-1) });
    const context = node(
      'Reshape',
      [
        node('Transpose', [node('MatMul', [probs, v], `${p}.ctx4`)], `${p}.ctx.t`, {
          perm: attr.ints([0, 2, 1, 3]),
        }),
        'merge_heads',
      ],
      `${p}.ctx`,
    );
    const attnOut = linear(`${p}.attention.output.dense`, context, h, h);
    x = layerNorm(`${p}.attention.output.LayerNorm`, node('Add', [attnOut, x], `${p}.attn.res`));
    const inter = linear(`${p}.intermediate.dense`, x, h, intermediate);
    // Exact GELU: 0.5 · x · (1 + erf(x / √2)).
    const erf = node('Erf', [node('Mul', [inter, 'inv_sqrt2'], `${p}.gelu.scaled`)], `${p}.gelu.erf`);
    const gelu = node(
      'Mul',
      [node('Mul', [inter, 'half'], `${p}.gelu.half`), node('Add', [erf, 'one_f'], `${p}.gelu.1p`)],
      `${p}.gelu`,
    );
    const ffnOut = linear(`${p}.output.dense`, gelu, intermediate, h);
    x = layerNorm(`${p}.output.LayerNorm`, node('Add', [ffnOut, x], `${p}.ffn.res`));
  }
  nodes.push({ op: 'Identity', inputs: [x], outputs: ['last_hidden_state'] });

  const ids = (name: string) => ({ name, elemType: 'INT64' as const, shape: ['batch', 'tokens'] });
  return {
    graph: {
      name: 'bert',
      nodes,
      initializers,
      inputs: [ids('input_ids'), ids('attention_mask'), ids('token_type_ids')],
      outputs: [{ name: 'last_hidden_state', elemType: 'FLOAT', shape: ['batch', 'tokens', h] }],
    },
    parameters,
  };
}
