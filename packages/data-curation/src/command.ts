/**
 * The curation stage's own command line (`zsaudit-curation`, also composed into `zsaudit`): `curate`,
 * `forms-review` and `fingerprint`.
 */
import * as path from 'node:path';
import { Command } from 'commander';
import { z } from 'zod';
import {
  createProgressReporter,
  DEFAULT_CONFIG_FILE,
  fingerprintCommand,
  flags,
  fingerprintPaths,
  loadConfigSection,
  parseFlags,
  runCli,
  stableJson,
  stageProgram,
} from '@zsaudit/core';
import {
  curationConfigSchema,
  curationInputPaths,
  resolveCurationPaths,
  type CurationConfig,
} from './config';
import { runCuration, type CurationSummary } from './run';
import { BUNDLED_ESC50_LABELS } from './labels';
import { BUNDLED_FORMS_FILE, STRICTNESS_LEVELS, type Strictness } from './leak/forms';
import { formsReview } from './leak/review';
import { CORPORA } from './types';

/** The `curation` section of a study config file (defaults applied) and the folder its paths are relative to. */
function loadCurationSection(file: string): { config: CurationConfig; dir: string } {
  return loadConfigSection(file, 'curation', curationConfigSchema);
}

/** What `--corpus` may name: a caption corpus, or the ESC-50 test set alone. */
const CURATE_CORPORA = [...CORPORA, 'esc50'] as const;

/** The flags that describe the inputs of a one-corpus run (`--corpus`); with the config, its section does. */
const CORPUS_MODE_FLAGS = ['input', 'audio', 'audioFileName', 'esc50', 'labels', 'forms'] as const;

const pathFlag = z.string().min(1, 'expected a path').optional();

/**
 * `curate`'s flags, all checked before anything is read or written: names from their lists, `--allow` as
 * label=phrase, and the two modes kept apart (a flag the chosen mode would ignore is an error, so it is never
 * dropped silently).
 */
const curateFlagsSchema = z
  .object({
    /** No commander default: whether --config was given decides the mode's checks; the default file is applied later. */
    config: pathFlag,
    corpus: flags.oneOf(CURATE_CORPORA).optional(),
    input: pathFlag,
    audio: pathFlag,
    audioFileName: z.string().min(1, 'expected a file name template').optional(),
    esc50: pathFlag,
    strictness: z
      .string()
      .transform((v, ctx) => {
        const levels = v.split(',').map((l) => l.trim());
        const bad = levels.filter((l) => !(STRICTNESS_LEVELS as readonly string[]).includes(l));
        const twice = levels.find((l, i) => levels.indexOf(l) !== i);
        if (bad.length > 0 || twice !== undefined) {
          ctx.addIssue({
            code: 'custom',
            message: `expected one of ${STRICTNESS_LEVELS.join(', ')} or a comma-separated list of them, got "${v}"${twice ? ` (${twice} twice)` : ''}`,
          });
          return z.NEVER;
        }
        return levels.length === 1 ? (levels[0] as Strictness) : (levels as Strictness[]);
      })
      .optional(),
    labels: pathFlag,
    forms: pathFlag,
    allow: z.array(z.string()).transform((items, ctx) => {
      const out: Record<string, string[]> = {};
      for (const item of items) {
        const eq = item.indexOf('=');
        if (eq <= 0) {
          ctx.addIssue({ code: 'custom', message: `expected label=phrase, got "${item}"` });
          return z.NEVER;
        }
        (out[item.slice(0, eq)] ??= []).push(item.slice(eq + 1));
      }
      return out;
    }),
    out: z.string().min(1, 'expected a folder'),
    export: z.union([z.boolean(), z.string().min(1, 'expected a folder')]).optional(),
  })
  .strict()
  .superRefine((o, ctx) => {
    const issue = (key: string, message: string) => ctx.addIssue({ code: 'custom', path: [key], message });
    if (o.corpus !== undefined) {
      if (o.input === undefined)
        issue('input', `--corpus ${o.corpus} needs --input <caption file or dataset root>`);
      if (o.config !== undefined) issue('config', 'not used with --corpus: give one or the other');
      return;
    }
    for (const key of CORPUS_MODE_FLAGS) {
      if (o[key] !== undefined)
        issue(
          key,
          `only used with --corpus; without it the config's curation section names the inputs (${o.config ?? DEFAULT_CONFIG_FILE})`,
        );
    }
  });
type CurateFlags = z.output<typeof curateFlagsSchema>;

/** Builds a one-corpus config from the command line (`--corpus … --input …`), for auditing a file without a config. */
function configFromFlags(o: CurateFlags): CurationConfig {
  const raw: Record<string, unknown> = {
    labels: o.labels,
    forms: o.forms,
    strictness: o.strictness,
    allowlist: o.allow,
  };
  if (o.corpus === 'esc50') raw.esc50 = { root: o.input };
  else
    raw.corpora = [
      { corpus: o.corpus, input: o.input, audio: o.audio ?? null, audioFileName: o.audioFileName },
    ];
  if (o.esc50) raw.esc50 = { root: o.esc50 };
  return parseFlags(curationConfigSchema, JSON.parse(JSON.stringify(raw)));
}

/**
 * The config to run and the folder its paths are relative to: from the flags with `--corpus` (relative to the
 * working directory), else the config's `curation` section plus any `--allow`.
 */
function curateConfig(o: CurateFlags): { config: CurationConfig; baseDir: string } {
  if (o.corpus) return { config: configFromFlags(o), baseDir: process.cwd() };
  const loaded = loadCurationSection(o.config ?? DEFAULT_CONFIG_FILE);
  const config = loaded.config;
  for (const [label, phrases] of Object.entries(o.allow))
    config.allowlist[label] = [...(config.allowlist[label] ?? []), ...phrases];
  return { config, baseDir: loaded.dir };
}

/** `forms-review`'s flags. */
const formsReviewFlagsSchema = z
  .object({
    label: z.array(z.string().min(1)).optional(),
    labels: pathFlag,
    forms: pathFlag,
    senses: flags.int(1),
    missing: z.boolean().optional(),
  })
  .strict();

/** `curate`: the stage itself, every corpus of the config (the Nx train target) or one corpus from flags. */
export function curateCommand(): Command {
  return new Command('curate')
    .description(
      'Curate caption corpora into dirty and clean Arrow manifests with a leak report, and write the ESC-50 test set. ' +
        'Without --corpus, curates everything the config names.',
    )
    .option(
      '-c, --config <file>',
      `study config, used when --corpus is not given (default: ${DEFAULT_CONFIG_FILE})`,
    )
    .option('--corpus <name>', `one corpus to curate: ${CURATE_CORPORA.join('|')}`)
    .option('--input <path>', 'caption file or dataset root of --corpus')
    .option(
      '--audio <dir>',
      'audio folder ({split} expands per split); without it: text-only audit, every row kept',
    )
    .option(
      '--audio-file-name <template>',
      'AudioCaps: audio file name template ({audiocap_id}, {youtube_id}, {start_time})',
    )
    .option('--esc50 <root>', 'also write the ESC-50 test set from this root (meta/esc50.csv + audio/)')
    .option(
      '--strictness <level>',
      `leak strictness: ${STRICTNESS_LEVELS.join('|')}, or a comma-separated list for clean tables per level, ` +
        "the first also as <corpus>.<split>.clean.arrow (default: the config's, else inflections)",
    )
    .option(
      '--labels <file>',
      `label set (default: ESC-50's 50 classes, ${path.basename(BUNDLED_ESC50_LABELS)})`,
    )
    .option('--forms <file>', `reviewed forms table (default: ${path.basename(BUNDLED_FORMS_FILE)})`)
    .option(
      '--allow <label=phrase>',
      'allowlist a reviewed false positive (repeatable)',
      (v: string, acc: string[]) => [...acc, v],
      [],
    )
    .option('-o, --out <dir>', 'output folder', 'out/curation')
    .option('--export [dir]', 'also write each clean corpus in its own format (default <out>/export)')
    .action(async (options: unknown) => {
      const o = parseFlags(curateFlagsSchema, options);
      const { config, baseDir } = curateConfig(o);
      const outDir = path.resolve(o.out);
      const exportDir =
        o.export === true
          ? path.join(outDir, 'export')
          : typeof o.export === 'string'
            ? path.resolve(o.export)
            : undefined;
      const progress = createProgressReporter();
      try {
        const summary = await runCuration(config, {
          outDir,
          baseDir,
          strictness: o.strictness,
          exportDir,
          onProgress: progress.update,
          log: (line) => console.error(line),
        });
        console.log(`curation (${summary.strictness}) -> ${outDir}: ${summary.outputs.length} files`);
        console.log(levelCostTable(summary));
      } finally {
        progress.stop();
      }
    });
}

/**
 * What each strictness level removes, per corpus and split: clips removed / of all, and texts removed, as a
 * plain-text table (the run's strictness marked with *, levels with clean tables of their own with +).
 */
export function levelCostTable(summary: CurationSummary): string {
  const mark = (level: Strictness) =>
    `${level}${level === summary.strictness ? '*' : summary.levels.includes(level) ? '+' : ''}`;
  const header = ['removed: clips (texts)', ...STRICTNESS_LEVELS.map(mark)];
  const rows: string[][] = [];
  for (const [corpus, c] of Object.entries(summary.corpora)) {
    for (const [split, s] of Object.entries(c!.splits)) {
      rows.push([
        `${corpus}.${split} (${s.clips.dirty} clips, ${s.texts.dirty} texts)`,
        ...STRICTNESS_LEVELS.map((l) => `${s.levels[l].clips.removed} (${s.levels[l].texts.removed})`),
      ]);
    }
  }
  if (rows.length === 0) return 'no caption corpora curated';
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const legend = `* the run's strictness${summary.levels.length ? '; + clean tables of their own' : ''}`;
  return [line(header), ...rows.map(line), legend].join('\n');
}

/** `forms-review`: WordNet synonyms of each label against the forms table, a reviewer's aid. */
export function formsReviewCommand(): Command {
  return new Command('forms-review')
    .description(
      "List each label's content words (the `words` level) and its WordNet synonyms, + when the forms table finds " +
        "one at synonyms, ~ only at words, - not at all (a reviewer's aid)",
    )
    .option('--label <name...>', 'only these labels')
    .option('--labels <file>', 'label set (default ESC-50)')
    .option('--forms <file>', 'forms table (default the bundled ESC-50 table)')
    .option('--senses <n>', 'senses per lemma and part of speech', '3')
    .option('--missing', 'show only synsets with words the table does not cover')
    .action((options: unknown) => {
      const o = parseFlags(formsReviewFlagsSchema, options);
      const lines = formsReview({
        labels: o.labels,
        forms: o.forms,
        only: o.label,
        senses: o.senses,
      });
      let label = '';
      for (const l of lines) {
        // Each label's content words once, before its synsets: what the `words` level matches on its own.
        if (l.label !== label) {
          label = l.label;
          console.log(`${l.label}\twords: ${l.contentWords.join(', ')}`);
        }
        if (o.missing && l.words.every((w) => w.covered)) continue;
        const words = l.words
          .map((w) => `${w.covered ? '+' : w.level === 'words' ? '~' : '-'}${w.word}`)
          .join(', ');
        console.log(`${l.label}\t${l.lemma}/${l.pos}\t${words}\t(${l.gloss.slice(0, 80)})`);
      }
    });
}

/** The stage's commands, for `zsaudit-curation` and `zsaudit`. */
export function curationCommands(): Command[] {
  return [curateCommand(), formsReviewCommand()];
}

/**
 * What the curation result depends on outside its code: the `curation` section (defaults applied) and the files it
 * names (label set, forms table, corpus inputs and audio folders, the ESC-50 root; the bundled defaults included).
 * Nx hashes this as the train target's runtime input.
 */
export function curationFingerprint(configFile: string): string {
  const { config, dir } = loadCurationSection(configFile);
  // Paths relative to the config's folder, audio by content: the same hash in any clone location.
  const files = fingerprintPaths(
    curationInputPaths(resolveCurationPaths(config, dir), {
      labels: BUNDLED_ESC50_LABELS,
      forms: BUNDLED_FORMS_FILE,
    }),
    { base: dir },
  );
  return ['stage curation', `config ${stableJson(config)}`, ...files].join('\n');
}

/** `zsaudit-curation`: the stage on its own. */
export function main(argv: string[] = process.argv): Promise<void> {
  return runCli(
    stageProgram(
      'zsaudit-curation',
      "Curate caption corpora into dirty and clean Arrow manifests, audited for names of the test set's labels.",
      [...curationCommands(), fingerprintCommand('curation', curationFingerprint)],
    ),
    argv,
  );
}
