export { buildProgram, main } from './main';
export { loadStudyConfig, studyConfigSchema, ConfigError, type StudyConfig, type StageName } from './config';
export { fingerprintPaths, stableJson } from './fingerprint';
