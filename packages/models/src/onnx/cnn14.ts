import { mulberry32 } from '@zsaudit/core';
import { attr, type OnnxGraph, type OnnxNode, type OnnxTensor } from './proto';

/** Options of a CNN14-layout audio backbone (PANNs, Kong et al. 2020). */
export interface Cnn14Options {
  /** Channels of the first block; PANNs' CNN14 uses 64 (blocks: 64, 128, 256, 512, 1024, 2048). */
  width: number;
  /** Mel bins of the log-mel input (PANNs: 64). */
  melBins: number;
  /** Seed of the random initialization. */
  seed: number;
  /** Conv blocks (PANNs: 6); each doubles the channels. */
  blocks?: number;
}

/** Xavier-uniform weights (PANNs' init_layer): U(-a, a), a = sqrt(6 / (fanIn + fanOut)). */
function xavier(n: number, fanIn: number, fanOut: number, rand: () => number): Float32Array {
  const a = Math.sqrt(6 / (fanIn + fanOut));
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (rand() * 2 - 1) * a;
  return out;
}

/** Channels of each block: width · 2^i. */
export function cnn14Channels(opts: Cnn14Options): number[] {
  return Array.from({ length: opts.blocks ?? 6 }, (_, i) => opts.width * 2 ** i);
}

/**
 * The CNN14 layout as an ONNX graph, randomly initialized ("no pretraining"): input `logmel` [batch, frames,
 * melBins] → BatchNorm over mel bins (bn0) → 6 blocks of 2×(3×3 conv, BN, ReLU) + 2×2 average pooling (the last
 * block pools 1×1) → mean over mel → max + mean over time → FC + ReLU → output `embedding` [batch, channels of
 * the last block] (2048 for width 64). BatchNorm runs in inference mode (mean 0, variance 1, γ 1, β 0 at init).
 */
export function buildCnn14Graph(opts: Cnn14Options): {
  graph: OnnxGraph;
  /** Trainable parameters, counted as PyTorch does (BatchNorm running statistics excluded). */
  parameters: number;
  embeddingDim: number;
} {
  const rand = mulberry32(opts.seed);
  const channels = cnn14Channels(opts);
  const nodes: OnnxNode[] = [];
  const initializers: OnnxTensor[] = [];
  let parameters = 0;
  /** Adds an initializer; `trainable` false for BatchNorm running statistics, which PyTorch counts as buffers. */
  const param = (name: string, dims: number[], data: Float32Array, trainable = true) => {
    initializers.push({ name, dims, data });
    if (trainable) parameters += data.length;
    return name;
  };
  const bn = (prefix: string, c: number, input: string, output: string) => {
    nodes.push({
      op: 'BatchNormalization',
      inputs: [
        input,
        param(`${prefix}.weight`, [c], new Float32Array(c).fill(1)),
        param(`${prefix}.bias`, [c], new Float32Array(c)),
        param(`${prefix}.running_mean`, [c], new Float32Array(c), false),
        param(`${prefix}.running_var`, [c], new Float32Array(c).fill(1), false),
      ],
      outputs: [output],
      attrs: { epsilon: attr.float(1e-5) },
    });
  };
  initializers.push({ name: 'axes_1', dims: [1], data: new BigInt64Array([1n]) });

  // [B, T, M] -> [B, 1, T, M]; bn0 normalizes each mel bin: move mel to the channel axis and back.
  nodes.push({ op: 'Unsqueeze', inputs: ['logmel', 'axes_1'], outputs: ['x0'] });
  nodes.push({ op: 'Transpose', inputs: ['x0'], outputs: ['x0t'], attrs: { perm: attr.ints([0, 3, 2, 1]) } });
  bn('bn0', opts.melBins, 'x0t', 'x0n');
  nodes.push({ op: 'Transpose', inputs: ['x0n'], outputs: ['x'], attrs: { perm: attr.ints([0, 3, 2, 1]) } });

  let input = 'x';
  let inChannels = 1;
  channels.forEach((out, b) => {
    for (const k of [1, 2]) {
      const name = `conv_block${b + 1}.conv${k}`;
      const cin = k === 1 ? inChannels : out;
      const w = param(`${name}.weight`, [out, cin, 3, 3], xavier(out * cin * 9, cin * 9, out * 9, rand));
      nodes.push({
        op: 'Conv',
        inputs: [input, w],
        outputs: [`${name}.out`],
        attrs: { kernel_shape: attr.ints([3, 3]), pads: attr.ints([1, 1, 1, 1]) },
      });
      bn(`conv_block${b + 1}.bn${k}`, out, `${name}.out`, `${name}.bn`);
      nodes.push({ op: 'Relu', inputs: [`${name}.bn`], outputs: [`${name}.relu`] });
      input = `${name}.relu`;
    }
    const pool = b === channels.length - 1 ? 1 : 2;
    nodes.push({
      op: 'AveragePool',
      inputs: [input],
      outputs: [`block${b + 1}.pool`],
      attrs: { kernel_shape: attr.ints([pool, pool]), strides: attr.ints([pool, pool]) },
    });
    input = `block${b + 1}.pool`;
    inChannels = out;
  });

  const d = channels[channels.length - 1];
  nodes.push({
    op: 'ReduceMean',
    inputs: [input],
    outputs: ['freq_mean'],
    attrs: { axes: attr.ints([3]), keepdims: attr.int(0) },
  });
  nodes.push({
    op: 'ReduceMax',
    inputs: ['freq_mean'],
    outputs: ['time_max'],
    attrs: { axes: attr.ints([2]), keepdims: attr.int(0) },
  });
  nodes.push({
    op: 'ReduceMean',
    inputs: ['freq_mean'],
    outputs: ['time_mean'],
    attrs: { axes: attr.ints([2]), keepdims: attr.int(0) },
  });
  nodes.push({ op: 'Add', inputs: ['time_max', 'time_mean'], outputs: ['pooled'] });
  nodes.push({
    op: 'Gemm',
    inputs: [
      'pooled',
      param('fc1.weight', [d, d], xavier(d * d, d, d, rand)),
      param('fc1.bias', [d], new Float32Array(d)),
    ],
    outputs: ['fc1'],
    attrs: { transB: attr.int(1) },
  });
  nodes.push({ op: 'Relu', inputs: ['fc1'], outputs: ['embedding'] });

  return {
    graph: {
      name: 'cnn14',
      nodes,
      initializers,
      inputs: [{ name: 'logmel', elemType: 'FLOAT', shape: ['batch', 'frames', opts.melBins] }],
      outputs: [{ name: 'embedding', elemType: 'FLOAT', shape: ['batch', d] }],
    },
    parameters,
    embeddingDim: d,
  };
}
