// @zsaudit/analysis: every number the study argues from. Each metric is a plain function on row-major
// Float32Array matrices (n × dim); the stage (runAnalysis, `zsaudit analyze`) applies them to runs.
export * from './linalg';
export * from './silhouette';
export * from './tsne';
export * from './topology';
export * from './stats';
export * from './zeroshot';
export * from './stage';
// The stage's commands (bin/zsaudit-analysis.js), for a CLI that composes the stages.
export { analyzeCommand, analysisCommands, analysisFingerprint } from './command';
