export { analysisConfigSchema, type AnalysisConfig } from './config';
export {
  RUN_SCHEMA_ID,
  runDescriptorSchema,
  loadRun,
  writeRun,
  findRuns,
  type RunDescriptor,
  type LoadedRun,
} from './run';
export * from './tables';
export { runAnalysis, type AnalysisOptions, type AnalysisSummary } from './analyze';
export { scatterSvg, groupColour, type ScatterOptions } from './plots';
