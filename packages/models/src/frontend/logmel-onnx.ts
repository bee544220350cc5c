/**
 * The PANNs log-mel front end as an ONNX graph, so that onnxruntime runs it on all cores next to the backbone:
 * torchlibrosa computes its STFT the same way, as a 1-D convolution whose kernels are the windowed DFT basis.
 *
 *   waveform [batch, samples] → reflect-pad nFft/2 → Conv(kernels hann·cos, −hann·sin; stride hop)
 *   → square → mel projection (filter bank applied to re² and im² alike, which sums them to |X|²)
 *   → 10·log10(max(amin, ·)) − 10·log10(max(amin, ref)) [→ top-dB clamp] → logmel [batch, frames, melBins]
 *
 * Only the FFT bins that some mel band weights are kept (50–14000 Hz at 32 kHz drops 13% of them), and the
 * always-zero imaginary rows of the DC and Nyquist bins are left out. Float32 throughout, as torchlibrosa; the
 * float64 {@link logMel} is the reference it is tested against.
 */
import { attr, type OnnxGraph, type OnnxNode, type OnnxTensor } from '../onnx/proto';
import { melFilterBank, type LogMelOptions } from './logmel';

/** The graph's input and output names. */
export const LOGMEL_GRAPH_INPUT = 'waveform';
export const LOGMEL_GRAPH_OUTPUT = 'logmel';

/**
 * Builds the log-mel graph for clips of a fixed length.
 *
 * @param opts    front-end settings (as {@link logMel}); nFft a power of two
 * @param samples clip length in samples; must exceed nFft/2 (reflect padding needs it)
 * @returns the graph (input `waveform` [batch, samples], output `logmel` [batch, frames, melBins]) and the frame count
 */
export function buildLogMelGraph(opts: LogMelOptions, samples: number): { graph: OnnxGraph; frames: number } {
  const { nFft, hop, melBins } = opts;
  const pad = nFft / 2;
  if (!Number.isInteger(samples) || samples <= pad)
    throw new RangeError(`buildLogMelGraph: clips of ${samples} samples are too short to reflect-pad ${pad}`);
  if (!Number.isInteger(hop) || hop < 1)
    throw new RangeError(`buildLogMelGraph: hop must be a positive integer`);
  const amin = opts.amin ?? 1e-10;
  const ref = opts.ref ?? 1.0;
  const topDb = opts.topDb ?? null;
  const nBins = nFft / 2 + 1;
  const fb = melFilterBank(opts.sampleRate, nFft, melBins, opts.fMin, opts.fMax);

  // FFT bins some mel band uses.
  let lo = nBins;
  let hi = 0;
  for (let m = 0; m < melBins; m++)
    for (let k = 0; k < nBins; k++)
      if (fb[m * nBins + k] !== 0) {
        lo = Math.min(lo, k);
        hi = Math.max(hi, k + 1);
      }
  if (hi <= lo) throw new RangeError('buildLogMelGraph: the mel filter bank has no non-zero weight');
  const bins: { k: number; part: 're' | 'im' }[] = [];
  for (let k = lo; k < hi; k++) bins.push({ k, part: 're' });
  for (let k = lo; k < hi; k++) if (k !== 0 && k !== nFft / 2) bins.push({ k, part: 'im' });

  // DFT kernels in float64, rounded once: W[r, 0, n] = hann[n]·cos(2πkn/N) or −hann[n]·sin(2πkn/N).
  const kernels = new Float32Array(bins.length * nFft);
  bins.forEach(({ k, part }, r) => {
    for (let n = 0; n < nFft; n++) {
      const hann = 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / nFft);
      // (k·n) mod N keeps the angle small, so cos/sin stay exact for large k·n
      const angle = (2 * Math.PI * ((k * n) % nFft)) / nFft;
      kernels[r * nFft + n] = part === 're' ? hann * Math.cos(angle) : -hann * Math.sin(angle);
    }
  });
  // Mel weights over the kept rows [melBins, rows]: re² and im² of one bin get the same weight.
  const mel = new Float32Array(melBins * bins.length);
  for (let m = 0; m < melBins; m++)
    bins.forEach(({ k }, r) => (mel[m * bins.length + r] = fb[m * nBins + k]));

  const initializers: OnnxTensor[] = [
    { name: 'axes_1', dims: [1], data: new BigInt64Array([1n]) },
    { name: 'pads', dims: [6], data: new BigInt64Array([0n, 0n, BigInt(pad), 0n, 0n, BigInt(pad)]) },
    { name: 'dft', dims: [bins.length, 1, nFft], data: kernels },
    { name: 'mel', dims: [melBins, bins.length], data: mel },
    { name: 'amin', dims: [], data: new Float32Array([amin]) },
    { name: 'db_scale', dims: [], data: new Float32Array([10 / Math.LN10]) },
    { name: 'ref_db', dims: [], data: new Float32Array([10 * Math.log10(Math.max(amin, ref))]) },
  ];
  const nodes: OnnxNode[] = [
    { op: 'Unsqueeze', inputs: [LOGMEL_GRAPH_INPUT, 'axes_1'], outputs: ['x'] },
    { op: 'Pad', inputs: ['x', 'pads'], outputs: ['padded'], attrs: { mode: attr.string('reflect') } },
    {
      op: 'Conv',
      inputs: ['padded', 'dft'],
      outputs: ['spec'],
      attrs: { kernel_shape: attr.ints([nFft]), strides: attr.ints([hop]) },
    },
    { op: 'Mul', inputs: ['spec', 'spec'], outputs: ['spec2'] },
    { op: 'MatMul', inputs: ['mel', 'spec2'], outputs: ['melpow'] }, // [M, R] × [B, R, F] → [B, M, F]
    { op: 'Max', inputs: ['melpow', 'amin'], outputs: ['floored'] },
    { op: 'Log', inputs: ['floored'], outputs: ['ln'] },
    { op: 'Mul', inputs: ['ln', 'db_scale'], outputs: ['db'] },
    { op: 'Sub', inputs: ['db', 'ref_db'], outputs: ['db_ref'] },
  ];
  let last = 'db_ref';
  if (topDb !== null) {
    initializers.push({ name: 'top_db', dims: [], data: new Float32Array([topDb]) });
    nodes.push(
      {
        op: 'ReduceMax',
        inputs: [last],
        outputs: ['clip_max'],
        attrs: { axes: attr.ints([1, 2]), keepdims: attr.int(1) },
      },
      { op: 'Sub', inputs: ['clip_max', 'top_db'], outputs: ['floor_db'] },
      { op: 'Max', inputs: [last, 'floor_db'], outputs: ['clamped'] },
    );
    last = 'clamped';
  }
  nodes.push({
    op: 'Transpose',
    inputs: [last],
    outputs: [LOGMEL_GRAPH_OUTPUT],
    attrs: { perm: attr.ints([0, 2, 1]) },
  });
  const frames = 1 + Math.floor(samples / hop);
  return {
    graph: {
      name: 'panns_logmel',
      nodes,
      initializers,
      inputs: [{ name: LOGMEL_GRAPH_INPUT, elemType: 'FLOAT', shape: ['batch', samples] }],
      outputs: [{ name: LOGMEL_GRAPH_OUTPUT, elemType: 'FLOAT', shape: ['batch', frames, melBins] }],
    },
    frames,
  };
}
