/**
 * The world's own command line (`zsaudit-world`, composed into `zsaudit`): `world` generates the procedural sound
 * world, `world-baseline` scores a simple baseline on its ESC-50-like set.
 */
import * as path from 'node:path';
import { Command } from 'commander';
import { z } from 'zod';
import {
  assertOutputNotInput,
  createProgressReporter,
  flags,
  fingerprintCommand,
  loadConfigSection,
  parseFlags,
  runCli,
  stableJson,
  stageProgram,
  writeFileAtomic,
  DEFAULT_CONFIG_FILE,
} from '@zsaudit/core';
import { worldConfigSchema, worldProfile, type WorldConfig } from './config';
import { confusionSvg, esc50Baseline } from './esc50-baseline';
import { generateWorld } from './generate';
import { estimateWorld } from './plan';
import { PROFILES, type WorldProfile } from './profiles';
import { readWorldManifest, verifyWorldFiles } from './world-files';

/** The `world` section of a study config file, defaults applied. */
export function loadWorldConfig(file: string): WorldConfig {
  return loadConfigSection(file, 'world', worldConfigSchema).config;
}

const MAX_SEED = 2 ** 31 - 1;
const atMost = (max: number) => (n: number) => n <= max;

/**
 * Every flag of `world`, validated before anything is read or written. Flags override the config's `world`
 * section; with `--estimate` nothing is generated, so `--workers` and `--out` are errors there, not ignored.
 */
export const worldFlagsSchema = z
  .object({
    config: z.string().min(1).optional(),
    seed: flags.int(0).refine(atMost(MAX_SEED), `expected an integer <= ${MAX_SEED}`).optional(),
    size: flags.oneOf(Object.keys(PROFILES) as [WorldProfile['name'], ...WorldProfile['name'][]]).optional(),
    sampleRate: flags.int(8000).refine(atMost(96000), 'expected an integer <= 96000').optional(),
    workers: flags.int(0).refine(atMost(256), 'expected an integer <= 256').optional(),
    out: z.string().min(1).optional(),
    estimate: z.boolean().optional(),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (!o.estimate) return;
    for (const key of ['workers', 'out'] as const) {
      if (o[key] !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'not used with --estimate (it writes nothing)',
        });
    }
  });

export const DEFAULT_WORLD_OUT = 'out/world';

export function worldCommand(): Command {
  return new Command('world')
    .description(
      'Generate the procedural sound world (ESC-50-like test set, Clotho/AudioCaps/FSD50K/MACS-like corpora, ' +
        "AudioSet-like pretraining labels, a text corpus) in the real datasets' formats",
    )
    .option('-c, --config <file>', "take seed, size and sample rate from the config's `world` section")
    .option('--seed <n>', 'seed (default 1)')
    .option('--size <profile>', 'tiny | small | full (default small)')
    .option('--sample-rate <hz>', 'sample rate of every WAV (default 16000)')
    .option('--workers <n>', "worker threads for audio (default: the machine's cores)")
    .option('-o, --out <dir>', `output folder (default ${DEFAULT_WORLD_OUT})`)
    .option(
      '--estimate',
      'print the audio files, hours and disk size per dataset without generating anything',
    )
    .action(async (options: Record<string, unknown>) => {
      const o = parseFlags(worldFlagsSchema, options);
      const base: Partial<WorldConfig> = o.config ? loadWorldConfig(o.config) : {};
      const config = parseFlags(worldConfigSchema, {
        ...base,
        ...(o.seed !== undefined ? { seed: o.seed } : {}),
        ...(o.size !== undefined ? { size: o.size } : {}),
        ...(o.sampleRate !== undefined ? { sampleRate: o.sampleRate } : {}),
      });
      if (o.estimate) {
        printEstimate(config);
        return;
      }
      const out = path.resolve(o.out ?? DEFAULT_WORLD_OUT);
      const progress = createProgressReporter();
      const started = Date.now();
      const manifest = await generateWorld({
        seed: config.seed,
        profile: worldProfile(config),
        out,
        workers: o.workers,
        onProgress: progress.update,
        log: (line) => console.error(line),
      }).finally(() => progress.stop());
      const bytes = Object.values(manifest.files).reduce((n, f) => n + f.bytes, 0);
      console.log(
        `world (seed ${manifest.seed}, ${manifest.profile.name}, ${manifest.profile.sampleRate} Hz) -> ${out}: ` +
          `${Object.keys(manifest.files).length} files, ${(bytes / 2 ** 20).toFixed(1)} MiB, ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    });
}

function printEstimate(config: WorldConfig): void {
  const est = estimateWorld(config.seed, worldProfile(config));
  let bytes = 0;
  for (const [dataset, e] of Object.entries(est)) {
    bytes += e.bytes;
    console.log(
      `${dataset.padEnd(10)} ${String(e.files).padStart(7)} files ${(e.seconds / 3600).toFixed(2).padStart(8)} h ${(e.bytes / 2 ** 30).toFixed(2).padStart(7)} GiB`,
    );
  }
  console.log(
    `${'total'.padEnd(10)} ${(bytes / 2 ** 30).toFixed(2).padStart(41)} GiB (${config.size}, ${worldProfile(config).sampleRate} Hz)`,
  );
}

const worldBaselineFlagsSchema = z.object({ svg: z.string().min(1).optional() }).strict();

export function worldBaselineCommand(): Command {
  return new Command('world-baseline')
    .argument('[world]', 'the world folder', DEFAULT_WORLD_OUT)
    .description(
      "Score a simple baseline (log-mel statistics + nearest centroid, 5-fold CV) on a world's ESC-50-like set; " +
        'with --svg also draw its confusion matrix by acoustic family',
    )
    .option('--svg <file>', 'write the confusion matrix as an SVG picture')
    .action((world: string, options: Record<string, unknown>) => {
      const o = parseFlags(worldBaselineFlagsSchema, options);
      const root = path.resolve(world);
      const esc50 = path.join(root, 'esc50');
      if (o.svg) assertOutputNotInput(path.resolve(o.svg), [esc50], '--svg');
      // Only a complete world, and only the ESC-50 files it generated: not a half-written or hand-edited one.
      const manifest = readWorldManifest(root);
      verifyWorldFiles(
        root,
        manifest,
        Object.keys(manifest.files).filter((f) => f.startsWith('esc50/')),
      );
      const r = esc50Baseline(esc50);
      console.log(
        `${r.clips} clips: accuracy ${r.accuracy.toFixed(3)} (folds ${r.perFold.map((f) => f.toFixed(3)).join(', ')}; chance 0.020), ` +
          `within-family share of ${r.errors} errors ${r.withinFamilyShare.toFixed(3)}`,
      );
      if (o.svg) {
        writeFileAtomic(o.svg, confusionSvg(r, `ESC-50-like set of ${root}: baseline confusions`));
        console.log(`wrote ${o.svg}`);
      }
    });
}

/**
 * What the world depends on outside the workspace: its config section alone. It reads no external file, so the
 * fingerprint holds no path and is the same in every clone location.
 */
export function worldFingerprint(configFile: string = DEFAULT_CONFIG_FILE): string {
  return ['stage world', `config ${stableJson(loadWorldConfig(configFile))}`].join('\n');
}
/** The world's commands, for `zsaudit` to compose. */
export function worldCommands(): Command[] {
  return [worldCommand(), worldBaselineCommand()];
}

/** `zsaudit-world`: the world's commands on their own, and `fingerprint` (the Nx runtime input of world:train). */
export function main(argv: string[] = process.argv): Promise<void> {
  return runCli(
    stageProgram('zsaudit-world', 'The procedural sound world: the embedded default data of zsaudit.', [
      ...worldCommands(),
      fingerprintCommand('world', worldFingerprint),
    ]),
    argv,
  );
}
