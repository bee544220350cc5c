/**
 * @zsaudit/models: audio and text front ends, backbones as ONNX files run by onnxruntime-node, and (next) the
 * unimodal embeddings x_a and x_t of the study.
 */
export {
  encodeOnnxModel,
  attr,
  DataType,
  type OnnxGraph,
  type OnnxNode,
  type OnnxTensor,
  type OnnxAttribute,
  type OnnxValueInfo,
  type OnnxModelOptions,
  type ElemType,
} from './onnx/proto';
export { buildCnn14Graph, cnn14Channels, type Cnn14Options } from './onnx/cnn14';
export { buildBertGraph, type BertOptions } from './onnx/bert';
export {
  audioManifestSchema,
  textManifestSchema,
  backboneManifestSchema,
  frontendSchema,
  loadBackboneManifest,
  writeBackbone,
  type AudioManifest,
  type TextManifest,
  type BackboneManifest,
  type LoadedBackbone,
} from './manifest';
