import * as path from 'node:path';
import { writeBackbone, type AudioManifest, type TextManifest } from './manifest';
import { buildBertGraph, type BertOptions } from './onnx/bert';
import { buildCnn14Graph } from './onnx/cnn14';
import { encodeOnnxModel } from './onnx/proto';
import { bundledBertVocab, writeVocabTxt } from './text/vocab';

/** Sizes of the random-init ("no pretraining") default backbones; the real ones plug in through manifests. */
export interface DefaultBackboneOptions {
  seed: number;
  /** CNN14 width (PANNs: 64; the embedded default: 4, about 0.3M parameters). */
  cnn14Width: number;
  /** Audio front end: PANNs runs at 32 kHz on 10 s clips; the embedded world is 16 kHz, 5 s. */
  sampleRate: number;
  clipSeconds: number;
  /** BERT layout (bert-base: 768 hidden, 12 layers, 12 heads, 3072 FFN). */
  bert: Omit<BertOptions, 'vocabSize' | 'seed'>;
  maxLength: number;
}

export const EMBEDDED_DEFAULT_BACKBONES: DefaultBackboneOptions = {
  seed: 1,
  cnn14Width: 4,
  sampleRate: 16000,
  clipSeconds: 5,
  bert: { hidden: 128, layers: 2, heads: 2, intermediate: 512, maxPositions: 128 },
  maxLength: 100,
};

/**
 * Writes the study's "no pretraining" backbones: a CNN14-layout audio network and a BERT-layout text encoder,
 * seeded random init, with manifests, and the bert-base-uncased vocabulary beside the text model. Returns the
 * manifest paths.
 */
export function writeDefaultBackbones(
  dir: string,
  o: DefaultBackboneOptions = EMBEDDED_DEFAULT_BACKBONES,
): { audio: string; text: string } {
  // PANNs' front end scaled to the sample rate: window and hop keep their durations (32 ms, 10 ms).
  const scale = o.sampleRate / 32000;
  const nFft = 2 ** Math.round(Math.log2(1024 * scale));
  const cnn = buildCnn14Graph({ width: o.cnn14Width, melBins: 64, seed: o.seed });
  const audio: AudioManifest = {
    modality: 'audio',
    onnx: `cnn14-w${o.cnn14Width}-random.onnx`,
    input: { name: 'logmel', kind: 'logmel' },
    output: { name: 'embedding', dim: cnn.embeddingDim },
    sampleRate: o.sampleRate,
    clipSeconds: o.clipSeconds,
    frontend: {
      nFft,
      hop: Math.round(320 * scale),
      melBins: 64,
      fMin: 50,
      fMax: Math.min(14000, o.sampleRate / 2),
    },
  };
  const vocab = bundledBertVocab();
  const bert = buildBertGraph({ ...o.bert, vocabSize: vocab.length, seed: o.seed + 1 });
  writeVocabTxt(vocab, path.join(dir, 'vocab.txt'));
  const text: TextManifest = {
    modality: 'text',
    onnx: `bert-h${o.bert.hidden}-l${o.bert.layers}-random.onnx`,
    vocab: 'vocab.txt',
    maxLength: o.maxLength,
    lowerCase: true,
    inputs: { inputIds: 'input_ids', attentionMask: 'attention_mask', tokenTypeIds: 'token_type_ids' },
    output: { name: 'last_hidden_state', pooling: 'cls', dim: o.bert.hidden },
  };
  return {
    audio: writeBackbone(
      dir,
      `cnn14-w${o.cnn14Width}-random`,
      encodeOnnxModel(cnn.graph, { metadata: { layout: 'cnn14', init: 'random', seed: String(o.seed) } }),
      audio,
    ),
    text: writeBackbone(
      dir,
      `bert-h${o.bert.hidden}-l${o.bert.layers}-random`,
      encodeOnnxModel(bert.graph, { metadata: { layout: 'bert', init: 'random', seed: String(o.seed + 1) } }),
      text,
    ),
  };
}
