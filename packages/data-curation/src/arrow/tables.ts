/**
 * The curation stage's Arrow contracts: schema ids and field lists of the files it writes. Building, writing and
 * reading tables is generic and lives in @zsaudit/core (`buildTable`, `writeArrowFile`, `readArrowFile`).
 */
import { Bool, Field, Int32, List, Struct, Utf8 } from 'apache-arrow';

const utf8 = (name: string, nullable = false) => new Field(name, new Utf8(), nullable);
const int32 = (name: string, nullable = false) => new Field(name, new Int32(), nullable);

/**
 * Schema metadata key of every curation table: the base folder its relative paths (`audio_path`, `source_file`,
 * `path`, `file`) are relative to (the study config's folder; in `--corpus` mode the working directory), written as
 * a POSIX path relative to the table's own folder (e.g. `../..` for out/curation under the config's folder), so the
 * tables resolve wherever the study folder is copied with them.
 */
export const PATHS_BASE_KEY = 'zsaudit.paths.base';

/** Schema metadata key of `esc50.arrow`: the label set's names by target, as JSON (a class may have no clips). */
export const LABELS_KEY = 'zsaudit.labels';

/** The struct of one text in a curated clip row. */
export const TEXT_STRUCT = new Struct([utf8('field'), utf8('text_id'), utf8('text')]);

/**
 * `<corpus>.<split>.dirty.arrow` and `<corpus>.<split>.clean.arrow`: one row per clip.
 * `audio_path` and `source_file` are relative to the base folder ({@link PATHS_BASE_KEY}); `audio_sha256` is the
 * sha256 of the audio's bytes when the clip was curated (null, like `audio_path`, in a text-only audit).
 * `texts` holds every non-empty text of the clip with its field name and text id `<clip id>#<field>`;
 * `leaked_labels` the labels its texts name (always empty in the clean set).
 */
export const CURATED_CLIPS_SCHEMA_ID = 'zsaudit.curation.clips/2';
export const curatedClipsFields = [
  utf8('clip_id'),
  utf8('corpus'),
  utf8('split'),
  utf8('source_id'),
  utf8('audio_path', true),
  utf8('audio_sha256', true),
  new Field('texts', new List(new Field('item', TEXT_STRUCT, false)), false),
  new Field('leaked_labels', new List(new Field('item', new Utf8(), false)), false),
  utf8('source_file'),
  int32('source_row'),
];

/**
 * `<corpus>.<split>.leaks.arrow`: one row per place a text names a label. `status` is `leak` (the clip is not in
 * the clean set), `lookalike` (a reviewed look-alike phrase of the forms table) or `allowlisted` (a phrase the
 * config allowlists); only `leak` rows remove clips. `level` is the lowest strictness that finds the form.
 */
export const LEAKS_SCHEMA_ID = 'zsaudit.curation.leaks/1';
export const leaksFields = [
  utf8('clip_id'),
  utf8('text_id'),
  utf8('field'),
  utf8('label'),
  int32('target'),
  utf8('matched'),
  utf8('form'),
  utf8('level'),
  utf8('status'),
  int32('span_start'),
  int32('span_end'),
];

/**
 * `<corpus>.excluded.arrow` and `esc50.excluded.arrow`: rows, clips and texts left out of every set, with the
 * reason; `file` is relative to the base folder ({@link PATHS_BASE_KEY}).
 */
export const EXCLUDED_SCHEMA_ID = 'zsaudit.curation.excluded/2';
export const excludedFields = [
  utf8('file'),
  int32('row', true),
  utf8('clip_id', true),
  utf8('text_id', true),
  utf8('reason'),
  utf8('message'),
];

/**
 * `esc50.arrow`: the zero-shot test set, one row per clip. `path` is relative to the base folder
 * ({@link PATHS_BASE_KEY}), `audio_sha256` the sha256 of its bytes; both null when the root has no audio folder.
 */
export const ESC50_SCHEMA_ID = 'zsaudit.curation.esc50/2';
export const esc50Fields = [
  utf8('clip_id'),
  utf8('filename'),
  utf8('path', true),
  utf8('audio_sha256', true),
  int32('fold'),
  int32('target'),
  utf8('category'),
  new Field('esc10', new Bool(), false),
  utf8('src_file'),
  utf8('take'),
];
