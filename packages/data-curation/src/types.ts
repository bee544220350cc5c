/** The caption corpora this stage curates. ESC-50 is the test set and is loaded separately. */
export const CORPORA = ['clotho', 'audiocaps', 'fsd50k', 'macs'] as const;
export type CorpusName = (typeof CORPORA)[number];

/** One text of a clip: a caption, a title, a description, a tag list or an annotator's sentence. */
export interface ClipText {
  /** Field name in the source format: caption_1..caption_5, caption, title, description, tags, sentence_<annotator>, tags_<annotator>. */
  field: string;
  /** Stable text id `<clip id>#<field>`. */
  id: string;
  text: string;
}

/** Where a row came from, so every error and exclusion can name it. `row` is the 1-based line (CSV) or item index (JSON/YAML). */
export interface SourceRef {
  file: string;
  row: number;
}

/** One clip of a caption corpus with all its texts. */
export interface CaptionClip {
  /** `<corpus>:<split>:<source id>`. */
  clipId: string;
  corpus: CorpusName;
  split: string;
  /** The file name, or AudioCaps' audiocap_id. */
  sourceId: string;
  /** Absolute audio path, or null for a text-only audit. */
  audioPath: string | null;
  /** sha256 of the audio file's bytes when the clip was checked (core `contentHash`), or null for a text-only audit. */
  audioSha256: string | null;
  texts: ClipText[];
  source: SourceRef;
}

export const EXCLUSION_REASONS = [
  'malformed-row',
  'invalid-encoding',
  'invalid-value',
  'empty-text',
  'no-text',
  'missing-audio',
  'unreadable-audio',
  'path-outside-root',
  'duplicate-id',
] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

/**
 * A row, clip or text that was not taken into the curated sets, and why. Nothing is dropped without one.
 * `textId` is set when only one text of a clip was left out (the clip itself stays).
 */
export interface Exclusion {
  file: string;
  row: number | null;
  clipId: string | null;
  textId: string | null;
  reason: ExclusionReason;
  message: string;
}

/** What a corpus loader returns: typed clips plus the exclusions met on the way. */
export interface LoadedCorpus<Raw = unknown> {
  corpus: CorpusName;
  /** Files that were read (caption files and metadata), absolute. */
  files: string[];
  clips: CaptionClip[];
  exclusions: Exclusion[];
  /** True when no audio root was given: every row is kept and audited, audio paths are null. */
  textOnly: boolean;
  /** Format-specific data kept so that the clean set can be written back in the corpus's own format (empty with `keepRaw: false`). */
  raw: Raw;
}

/** Options every corpus loader accepts. */
export interface LoadOptions {
  /**
   * Audio folder, or a template with `{split}` (e.g. `data/clotho/audio/{split}`). Null or absent: text-only audit.
   */
  audio?: string | null;
  /**
   * Streaming: each kept clip goes to `onClip` in source order instead of into `clips` (which stays empty), so
   * memory does not grow with the corpus. Exclusions are still collected (they are few).
   */
  onClip?: (clip: CaptionClip) => void;
  /** Keep the kept rows as read (`raw`), for writing the clean set back in the corpus's format. Default: unless streaming. */
  keepRaw?: boolean;
}

/** One clip of the ESC-50 test set, as in `meta/esc50.csv`. */
export interface Esc50Clip {
  /** `esc50:test:<filename>`. */
  clipId: string;
  filename: string;
  /** Absolute audio path under `<root>/audio`, or null when the root has no audio folder. */
  audioPath: string | null;
  /** sha256 of the audio file's bytes (core `contentHash`), or null without audio. */
  audioSha256: string | null;
  fold: number;
  target: number;
  category: string;
  esc10: boolean;
  srcFile: string;
  take: string;
  source: SourceRef;
}

export interface LoadedEsc50 {
  files: string[];
  clips: Esc50Clip[];
  exclusions: Exclusion[];
  textOnly: boolean;
}

/** Thrown for input that cannot be read at all (missing file or column, unparsable document). Names the file and row. */
export class CurationInputError extends Error {
  constructor(
    readonly file: string,
    readonly row: number | null,
    message: string,
  ) {
    super(`${file}${row != null ? `:${row}` : ''}: ${message}`);
    this.name = 'CurationInputError';
  }
}
