export { buildProgram, main } from './main';
export { loadStudyConfig, studyConfigSchema, STAGES, type StudyConfig, type StageName } from './config';
export { stageFingerprint } from './commands/fingerprint';
export { inspectCommand, describeArrow } from './commands/inspect';
