import * as path from 'node:path';
import type { Command } from 'commander';
import {
  BUNDLED_ESC50_LABELS,
  BUNDLED_FORMS_FILE,
  CORPORA,
  curationConfigSchema,
  runCuration,
  STRICTNESS_LEVELS,
  type CurationConfig,
  type Strictness,
} from '@zsaudit/data-curation';
import { loadStudyConfig, parseFlags, DEFAULT_CONFIG_FILE } from '../config';
import { createProgressReporter } from '../progress';

interface CurateOptions {
  config?: string;
  corpus?: string;
  input?: string;
  audio?: string;
  audioFileName?: string;
  esc50?: string;
  strictness?: string;
  labels?: string;
  forms?: string;
  allow: string[];
  out: string;
  export?: string | boolean;
}

/** Builds a one-corpus config from the command line (`--corpus … --input …`), for auditing a file without a config. */
function configFromFlags(o: CurateOptions): CurationConfig {
  const raw: Record<string, unknown> = {
    labels: o.labels,
    forms: o.forms,
    strictness: o.strictness,
    allowlist: parseAllow(o.allow),
  };
  if (o.corpus === 'esc50') raw.esc50 = { root: o.input };
  else
    raw.corpora = [
      { corpus: o.corpus, input: o.input, audio: o.audio ?? null, audioFileName: o.audioFileName },
    ];
  if (o.esc50) raw.esc50 = { root: o.esc50 };
  return parseFlags(curationConfigSchema, JSON.parse(JSON.stringify(raw)));
}

/** `--allow dog="hot dog"` -> { dog: ["hot dog"] }. */
function parseAllow(items: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new Error(`--allow expects label=phrase, got "${item}"`);
    (out[item.slice(0, eq)] ??= []).push(item.slice(eq + 1));
  }
  return out;
}

export function registerCurate(program: Command): void {
  program
    .command('curate')
    .description(
      'Curate caption corpora into dirty and clean Arrow manifests with a leak report, and write the ESC-50 test set. ' +
        'Without --corpus, curates everything the config names.',
    )
    .option('-c, --config <file>', `study config (used when --corpus is not given)`, DEFAULT_CONFIG_FILE)
    .option('--corpus <name>', `one corpus to curate: ${[...CORPORA, 'esc50'].join('|')}`)
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
      `leak strictness: ${STRICTNESS_LEVELS.join('|')} (default: the config's, else inflections)`,
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
    .action((o: CurateOptions) => {
      if (o.strictness && !STRICTNESS_LEVELS.includes(o.strictness as Strictness)) {
        throw new Error(`--strictness must be one of ${STRICTNESS_LEVELS.join(', ')}, got "${o.strictness}"`);
      }
      let config: CurationConfig;
      let baseDir = process.cwd();
      if (o.corpus) {
        if (![...CORPORA, 'esc50'].includes(o.corpus))
          throw new Error(`--corpus must be one of ${[...CORPORA, 'esc50'].join(', ')}`);
        if (!o.input) throw new Error('--corpus needs --input <caption file or dataset root>');
        config = configFromFlags(o);
      } else {
        const loaded = loadStudyConfig(o.config);
        config = loaded.config.curation;
        baseDir = loaded.dir;
        const allow = parseAllow(o.allow);
        for (const [label, phrases] of Object.entries(allow))
          config.allowlist[label] = [...(config.allowlist[label] ?? []), ...phrases];
      }
      const outDir = path.resolve(o.out);
      const exportDir =
        o.export === true
          ? path.join(outDir, 'export')
          : typeof o.export === 'string'
            ? path.resolve(o.export)
            : undefined;
      const progress = createProgressReporter();
      const summary = runCuration(config, {
        outDir,
        baseDir,
        strictness: o.strictness as Strictness | undefined,
        exportDir,
        onProgress: progress.update,
        log: (line) => console.error(line),
      });
      progress.stop();
      console.log(`curation (${summary.strictness}) -> ${outDir}: ${summary.outputs.length} files`);
    });
}
