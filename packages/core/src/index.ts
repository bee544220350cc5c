/**
 * @zsaudit/core: the plumbing every zsaudit stage shares (atomic writes, seeded random streams, worker launch,
 * Arrow building and reading with schema ids, content fingerprints, config loading, progress, label phrases). It
 * knows no stage: stages depend on it, never the other way round.
 */
export { tempPathFor, writeFileAtomic, writeJsonAtomic, readUtf8 } from './files';
export { mulberry32, mulberry32Uint32, sampleIndices, gaussian } from './random';
export { startWorker } from './worker';
export { labelPhrase } from './labels';
export {
  sha256,
  sha256File,
  stableJson,
  fingerprintPaths,
  sourceFingerprint,
  CORE_CODE_DIR,
  type SourceFingerprintOptions,
} from './fingerprint';
export {
  SCHEMA_ID_KEY,
  dataFromValues,
  buildTable,
  writeArrowFile,
  readArrowFile,
  schemaIdOf,
  checkSchemaId,
  utf8Data,
} from './arrow';
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
