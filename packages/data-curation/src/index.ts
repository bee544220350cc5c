/**
 * @zsaudit/data-curation: dirty and clean caption manifests for Clotho, AudioCaps, FSD50K and MACS, audited for
 * names of ESC-50 (or any) classes, and the ESC-50 test set, as Arrow IPC files. Arrow building and reading is
 * @zsaudit/core's; this package owns the curation contracts (schema ids and field lists).
 */
export * from './types';
export { tokenize, type Token } from './text/tokenize';
export { nounForms, verbForms } from './text/inflect';
export { STOP_WORDS, isStopWord } from './text/stopwords';
export { formsReview, contentWordsOf, type ReviewLine } from './leak/review';
export {
  STRICTNESS_LEVELS,
  strictnessRank,
  labelContentWords,
  labelWordsProblems,
  formsTableProblems,
  BUNDLED_FORMS_FILE,
  formsTableSchema,
  loadFormsTable,
  parsePattern,
  normalizedLabelPhrase,
  compileLabel,
  type Strictness,
  type FormsTable,
  type FormEntry,
  type LabelForms,
  type LoadedFormsTable,
  type CompiledPattern,
} from './leak/forms';
export {
  buildLeakMatcher,
  type LeakMatcher,
  type LeakHit,
  type LeakMatcherOptions,
  type HitStatus,
} from './leak/matcher';
export { loadLabelSet, BUNDLED_ESC50_LABELS, type LabelSet, type LabelEntry } from './labels';
export {
  curationConfigSchema,
  corpusInputSchema,
  resolveCurationPaths,
  curationInputPaths,
  strictnessLevels,
  type CurationConfig,
  type CurationConfigInput,
  type CorpusInput,
} from './config';
export {
  CURATED_CLIPS_SCHEMA_ID,
  curatedClipsFields,
  LEAKS_SCHEMA_ID,
  leaksFields,
  EXCLUDED_SCHEMA_ID,
  excludedFields,
  ESC50_SCHEMA_ID,
  esc50Fields,
  TEXT_STRUCT,
  PATHS_BASE_KEY,
  LABELS_KEY,
} from './arrow/tables';
export { loadEsc50 } from './formats/esc50';
export { loadClotho, exportCleanClotho } from './formats/clotho';
export { loadAudioCaps, exportCleanAudioCaps } from './formats/audiocaps';
export { loadFsd50k, exportCleanFsd50k } from './formats/fsd50k';
export { loadMacs, exportCleanMacs } from './formats/macs';
export {
  auditClip,
  leakedLabelsAt,
  SplitCurator,
  loadCorpus,
  exportCleanCorpus,
  type ClipAudit,
  type LeakRow,
  type LevelSummary,
  type RowSink,
  type SplitSinks,
  type SplitSummary,
  type CurationProgress,
} from './curate';
export {
  runCuration,
  CURATION_EXPORT_STAGE,
  type CorpusSummary,
  type CurationSummary,
  type RunCurationOptions,
} from './run';
export {
  readCuratedClips,
  readEsc50Manifest,
  CURATION_STAGE,
  type CuratedClips,
  type CuratedClipRecord,
  type Esc50Manifest,
  type Esc50ManifestClip,
} from './manifests';
export { curateCommand, formsReviewCommand, curationCommands, curationFingerprint } from './command';
