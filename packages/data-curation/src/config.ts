import * as path from 'node:path';
import { z } from 'zod';
import { STRICTNESS_LEVELS, type Strictness } from './leak/forms';
import { CORPORA } from './types';

/** One caption corpus to curate. Paths are relative to the config file. */
export const corpusInputSchema = z
  .object({
    /** clotho | audiocaps | fsd50k | macs */
    corpus: z.enum(CORPORA),
    /** A caption file (Clotho CSV, AudioCaps CSV, MACS.yaml) or the dataset root (FSD50K: the root holding ground_truth/ and metadata/). */
    input: z.string().min(1),
    /** Audio folder, `{split}` expands per split. Absent or null: a text-only audit that keeps every row. */
    audio: z.string().min(1).nullable().default(null),
    /** AudioCaps only: audio file name template with {audiocap_id} {youtube_id} {start_time}. Default `{audiocap_id}.wav`. */
    audioFileName: z.string().min(1).optional(),
  })
  .strict();
export type CorpusInput = z.infer<typeof corpusInputSchema>;

/**
 * The `curation` section of the study config, with its defaults:
 * - `labels`: label set file (default: ESC-50's 50 classes, bundled);
 * - `forms`: reviewed forms table (default: the bundled ESC-50 table);
 * - `strictness`: exact | inflections | synonyms | words (default inflections), or a list of them: every listed
 *   level then gets its own clean tables (`<corpus>.<split>.clean.<level>.arrow`) from one pass, the first also as
 *   `<corpus>.<split>.clean.arrow`, so the later stages can carry the level as a condition;
 * - `allowlist`: per label, phrases reviewed as false positives;
 * - `esc50`: the ESC-50 root (meta/esc50.csv + audio/), the zero-shot test set;
 * - `corpora`: the caption corpora to curate;
 * - `export`: also write each clean corpus back in its own format (default false).
 */
export const curationConfigSchema = z
  .object({
    labels: z.string().min(1).optional(),
    forms: z.string().min(1).optional(),
    strictness: z
      .union(
        [
          z.enum(STRICTNESS_LEVELS),
          z
            .array(z.enum(STRICTNESS_LEVELS))
            .min(1, 'list at least one level')
            .refine((l) => new Set(l).size === l.length, 'a level is listed twice'),
        ],
        {
          error: (issue) =>
            issue.code === 'invalid_union'
              ? `expected one of ${STRICTNESS_LEVELS.join(', ')}, or a list of them`
              : undefined,
        },
      )
      .default('inflections'),
    allowlist: z.record(z.string(), z.array(z.string().min(1))).default({}),
    esc50: z
      .object({ root: z.string().min(1) })
      .strict()
      .optional(),
    corpora: z.array(corpusInputSchema).default([]),
    export: z.boolean().default(false),
  })
  .strict();
export type CurationConfig = z.infer<typeof curationConfigSchema>;
export type CurationConfigInput = z.input<typeof curationConfigSchema>;

/** Resolves every path of a curation config against the folder of the config file. */
export function resolveCurationPaths(config: CurationConfig, baseDir: string): CurationConfig {
  const r = (p: string) => path.resolve(baseDir, p);
  return {
    ...config,
    labels: config.labels ? r(config.labels) : undefined,
    forms: config.forms ? r(config.forms) : undefined,
    esc50: config.esc50 ? { root: r(config.esc50.root) } : undefined,
    corpora: config.corpora.map((c) => ({ ...c, input: r(c.input), audio: c.audio ? r(c.audio) : null })),
  };
}

/**
 * The external files and folders a curation run reads (resolved config), for fingerprinting: the label set, the
 * forms table, each corpus input and audio folder, the ESC-50 root. Bundled defaults are included, so an edit to
 * the bundled table reruns the stage too.
 */
export function curationInputPaths(
  config: CurationConfig,
  bundled: { labels: string; forms: string },
): string[] {
  const paths = [config.labels ?? bundled.labels, config.forms ?? bundled.forms];
  if (config.esc50) paths.push(config.esc50.root);
  for (const c of config.corpora) {
    paths.push(c.input);
    if (c.audio) paths.push(c.audio.includes('{split}') ? path.dirname(c.audio) : c.audio);
  }
  return paths;
}

/**
 * The levels a `strictness` value asks for: the first is the run's strictness (the dirty table's leaked labels,
 * `<corpus>.<split>.clean.arrow`); `perLevel` is true when it was a list, and then every listed level gets its own
 * clean tables.
 */
export function strictnessLevels(strictness: Strictness | readonly Strictness[]): {
  levels: Strictness[];
  perLevel: boolean;
} {
  return typeof strictness === 'string'
    ? { levels: [strictness], perLevel: false }
    : { levels: [...strictness], perLevel: true };
}
