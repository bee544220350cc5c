// @zsaudit/analysis: every number the study argues from. Each metric is a plain function on row-major
// Float32Array matrices (n × dim); the stage (runAnalysis, `zsaudit analyze`) applies them to runs.
export * from './linalg';
export * from './silhouette';
export * from './tsne';
export * from './topology';
export * from './stats';
export * from './zeroshot';
export * from './stage';
// The seeded generators the metrics use, for callers that need the same streams (benchmarks, tests).
export { mulberry32, gaussian, sampleIndices } from './random';
