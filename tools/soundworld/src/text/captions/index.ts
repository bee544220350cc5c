/**
 * Template captioners in the styles of the caption corpora the study audits: Clotho (five annotators per clip),
 * AudioCaps (one short sentence), FSD50K (Freesound title, description and tags) and MACS (TAU scenes, several
 * annotators with sentences and closed-vocabulary tags). Every event mention is named in one of four modes
 * (label, synonym, hypernym, description), drawn from weights calibrated so that the share of texts naming an
 * ESC-50 class is of the order measured on the real corpora (Clotho v1: 38% of captions and 62% of clips name
 * an ESC-50 class by a label form; 50% / 72% counting synonyms), while the clean remainder still often describes
 * ESC-50 sounds by hypernyms and descriptions - which is what makes the leak hard to curate away.
 *
 * The `...Traced` functions return, with each text, the modes used and the ESC-50 classes the text names, so tests
 * and audits can compare a matcher's findings with the ground truth; the plain functions return only the texts,
 * from the same random draws.
 */
export {
  type NamingMode,
  NAMING_MODES,
  type EventMention,
  type CaptionStyle,
  DEFAULT_NAMING_WEIGHTS,
  STYLE_NAMING_WEIGHTS,
  type MentionTrace,
  type NamedClass,
  type TracedText,
  type CaptionOptions,
  mentionEvent,
} from './mentions';
export { clothoCaptionsTraced, clothoCaptions } from './clotho';
export { audioCapsCaptionTraced, audioCapsCaption } from './audiocaps';
export { fsd50kTextsTraced, fsd50kTexts } from './fsd50k';
export {
  MACS_SCENES,
  type MacsScene,
  MACS_TAG_VOCABULARY,
  macsTagOf,
  type TracedMacsAnnotation,
  macsAnnotationsTraced,
  macsAnnotations,
} from './macs';
