/**
 * @zsaudit/soundworld: a deterministic procedural sound world written in the real datasets' formats (ESC-50,
 * Clotho, AudioCaps, FSD50K, MACS, AudioSet, a text corpus), the embedded default of zsaudit.
 */
export * from './ontology';
export { createRng, hashString, type Rng } from './rng';
export { PROFILES, profile, MICRO_WORLD, type WorldProfile } from './profiles';
export { worldConfigSchema, worldProfile, type WorldConfig } from './config';
export {
  planWorld,
  estimateWorld,
  drawEvents,
  sceneFor,
  inCleanAudioSet,
  TAU_SCENES,
  ESC50_EVENT_WEIGHT,
  type WorldPlan,
  type AudioJob,
} from './plan';
export { worldTextFiles, displayName, mid, type TextFile } from './formats';
export { generateWorld, GENERATOR_VERSION, type GenerateOptions } from './generate';
export {
  MANIFEST_FILE,
  PARTIAL_FILE,
  readWorldManifest,
  verifyWorldFiles,
  type WorldManifest,
  type WorldProgress,
  type FileEntry,
} from './world-files';
export { renderScene, type SceneSpec, type SceneEvent } from './audio/scene';
export { synthesizeEvent } from './audio/recipes';
export { encodeWav, decodeWav } from './audio/wav';
export { logMelStats, fitCentroids, predictCentroid } from './audio/features';
export { LEXICON, lexiconOf, type Lexicon } from './text/lexicon';
export {
  clothoCaptions,
  audioCapsCaption,
  fsd50kTexts,
  macsAnnotations,
  mentionEvent,
  type EventMention,
  type NamingMode,
} from './text/captions';
export { textCorpus } from './text/textcorpus';
export { esc50Baseline, confusionSvg, type Esc50BaselineResult } from './esc50-baseline';
export {
  worldCommand,
  worldBaselineCommand,
  worldCommands,
  worldFingerprint,
  worldFlagsSchema,
  loadWorldConfig,
} from './command';
