/**
 * @zsaudit/core: the plumbing every zsaudit stage shares (atomic writes, seeded random streams, worker launch,
 * Arrow building and reading with schema ids, content fingerprints, config loading, progress, label phrases). It
 * knows no stage: stages depend on it, never the other way round.
 */
export { tempPathFor, writeFileAtomic, writeJsonAtomic, readUtf8 } from './files';
export { mulberry32, mulberry32Uint32, sampleIndices, gaussian } from './random';
export { startWorker } from './worker';
export { SyncWorker, serveSyncWorker } from './sync-worker';
export { StringSet } from './string-set';
export { labelPhrase } from './labels';
export {
  sha256,
  sha256File,
  stableJson,
  fingerprintPaths,
  sourceFingerprint,
  CORE_CODE_DIR,
  type SourceFingerprintOptions,
  type FingerprintPathsOptions,
} from './fingerprint';
export {
  SCHEMA_ID_KEY,
  dataFromValues,
  buildTable,
  ArrowFileWriter,
  type ColumnValues,
  writeArrowFile,
  readArrowFile,
  checkArrowFraming,
  arrowFramingProblem,
  schemaIdOf,
  checkSchemaId,
  utf8Data,
} from './arrow';
export { Utf8ColumnBuilder, Int32ColumnBuilder, ListOffsetsBuilder } from './arrow-builders';
export { createProgressReporter, type ProgressEvent, type ProgressReporter } from './progress';
export {
  DEFAULT_CONFIG_FILE,
  ConfigError,
  loadConfigFile,
  loadConfigSection,
  parseFlags,
  type LoadedConfig,
} from './config';
export { runCli, fingerprintCommand, stageProgram, addCommands } from './cli';
export { contentHash, contentHashCacheDir, CONTENT_CACHE_FILE } from './content';
export {
  acquireLock,
  withLock,
  lockFileOf,
  LockHeldError,
  type LockHolder,
  type OutputLock,
  type AcquireLockOptions,
} from './lock';
export {
  isInside,
  realPathOf,
  resolveInside,
  SAFE_NAME,
  checkSafeName,
  assertOutputNotInput,
  portablePath,
  resolvePortable,
} from './paths';
export {
  OUTPUT_SET_MARKER,
  StagedOutput,
  readOutputSet,
  verifyOutputFile,
  removeStaleTemps,
  type OutputSetMarker,
} from './output-set';
export { onInterrupt, yieldToSignals } from './signals';
export { processAlive, processStartTicks } from './process-info';
export { flags } from './flags';
