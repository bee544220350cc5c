/**
 * @zsaudit/models: audio and text front ends, backbones as ONNX files run by onnxruntime-node, and the
 * unimodal embeddings x_a and x_t of the study, with the stage's own command line (src/command.ts).
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
export { readWav, readWavFile, writeWav16, WavError, type DecodedAudio } from './frontend/wav';
export { resample, resampledLength } from './frontend/resample';
export { fitLength, type FitMode } from './frontend/clip';
export {
  logMel,
  melFilterBank,
  hzToMelSlaney,
  melToHzSlaney,
  type LogMelOptions,
  type LogMel,
} from './frontend/logmel';
export {
  loadVocabTxt,
  writeVocabTxt,
  vocabFromTokens,
  convertBertTokenizerVocab,
  bundledBertVocab,
  type WordPieceVocab,
} from './text/vocab';
export {
  WordPieceTokenizer,
  basicTokenize,
  createBertBaseUncasedTokenizer,
  type EncodeOptions,
  type EncodedText,
  type EncodedBatch,
} from './text/wordpiece';
export { writeDefaultBackbones, EMBEDDED_DEFAULT_BACKBONES, type DefaultBackboneOptions } from './backbones';
export {
  EMBEDDINGS_SCHEMA_ID,
  embeddingFields,
  embeddingsTable,
  embeddingsSchema,
  writeEmbeddings,
  readEmbeddings,
  readEmbeddingsMetadata,
  EmbeddingFileWriter,
} from './embed/arrow';
export {
  AudioEmbedder,
  embedAudioFiles,
  streamAudioEmbeddings,
  type AudioEmbedderOptions,
  type FrontendMode,
} from './embed/audio';
export {
  CollectSink,
  type EmbedExclusion,
  type EmbedResult,
  type EmbedSink,
  type EmbedLoopOptions,
} from './embed/sink';
export { TextEmbedder, embedTexts, streamTextEmbeddings } from './embed/text';
export {
  EmbeddingSpool,
  embedIntoFile,
  embeddingSource,
  spoolIdentity,
  type EmbedFileResult,
} from './embed/spool';
export {
  audioKey,
  textKey,
  textItems,
  readTextLines,
  listWavItems,
  type EmbedItem,
  type AudioItem,
  type TextItem,
} from './embed/items';
export {
  readModelsOutputs,
  summaryFileName,
  MODELS_SUMMARY_FILE,
  MODELS_SUMMARY_SCHEMA,
  type ModelsOutputs,
  type ModelsOutput,
  type ModelsSummaryOutput,
  type SummaryExclusion,
} from './embed/summary';
export { EXCLUSIONS_KEY, readExclusions } from './embed/exclusions';
export { buildLogMelGraph, LOGMEL_GRAPH_INPUT, LOGMEL_GRAPH_OUTPUT } from './frontend/logmel-onnx';
export { modelsConfigSchema, resolveModelsPaths, type ModelsConfig } from './config';
export {
  runEmbedStage,
  promptRows,
  type EmbedStageOptions,
  type EmbedStageSummary,
  type EmbedStageResult,
} from './embed/stage';
export { parseShard, shardSlice, shardMetadata, mergeShards, mergeShardDir, type Shard } from './embed/shard';
export {
  embedCommand,
  backbonesCommand,
  embedAudioCommand,
  embedTextCommand,
  mergeCommand,
  modelsCommands,
  modelsFingerprint,
  loadModelsConfig,
} from './command';
