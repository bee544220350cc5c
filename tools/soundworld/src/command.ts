/**
 * The world's own command line (`zsaudit-world`, composed into `zsaudit`): `world` generates the procedural sound
 * world, `world-baseline` scores a simple baseline on its ESC-50-like set.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command } from 'commander';
import { z } from 'zod';
import {
  createProgressReporter,
  fingerprintCommand,
  loadConfigSection,
  parseFlags,
  runCli,
  stableJson,
  stageProgram,
  DEFAULT_CONFIG_FILE,
} from '@zsaudit/core';
import { worldConfigSchema, worldProfile, type WorldConfig } from './config';
import { confusionSvg, esc50Baseline } from './esc50-baseline';
import { generateWorld } from './generate';
import { estimateWorld } from './plan';

/** The `world` section of a study config file, defaults applied. */
export function loadWorldConfig(file: string): WorldConfig {
  return loadConfigSection(file, 'world', worldConfigSchema).config;
}

interface WorldOptions {
  config?: string;
  seed?: string;
  size?: string;
  sampleRate?: string;
  out: string;
  workers?: string;
  estimate?: boolean;
}

const workersFlag = z.object({ workers: z.coerce.number().int().min(0).max(256).optional() });

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
    .option('-o, --out <dir>', 'output folder', 'out/world')
    .option(
      '--estimate',
      'print the audio files, hours and disk size per dataset without generating anything',
    )
    .action(async (o: WorldOptions) => {
      const base: Partial<WorldConfig> = o.config ? loadWorldConfig(o.config) : {};
      const config = parseFlags(worldConfigSchema, {
        ...base,
        ...(o.seed !== undefined ? { seed: Number(o.seed) } : {}),
        ...(o.size !== undefined ? { size: o.size } : {}),
        ...(o.sampleRate !== undefined ? { sampleRate: Number(o.sampleRate) } : {}),
      });
      const { workers } = parseFlags(workersFlag, { workers: o.workers });
      if (o.estimate) {
        printEstimate(config);
        return;
      }
      const progress = createProgressReporter();
      const started = Date.now();
      const manifest = await generateWorld({
        seed: config.seed,
        profile: worldProfile(config),
        out: path.resolve(o.out),
        workers,
        onProgress: progress.update,
        log: (line) => console.error(line),
      }).finally(() => progress.stop());
      const bytes = Object.values(manifest.files).reduce((n, f) => n + f.bytes, 0);
      console.log(
        `world (seed ${manifest.seed}, ${manifest.profile.name}, ${manifest.profile.sampleRate} Hz) -> ${path.resolve(o.out)}: ` +
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

export function worldBaselineCommand(): Command {
  return new Command('world-baseline')
    .argument('[world]', 'the world folder', 'out/world')
    .description(
      "Score a simple baseline (log-mel statistics + nearest centroid, 5-fold CV) on a world's ESC-50-like set; " +
        'with --svg also draw its confusion matrix by acoustic family',
    )
    .option('--svg <file>', 'write the confusion matrix as an SVG picture')
    .action((world: string, o: { svg?: string }) => {
      const root = path.resolve(world);
      const esc50 = path.join(root, 'esc50');
      if (!fs.existsSync(path.join(esc50, 'meta/esc50.csv')))
        throw new Error(`${esc50}/meta/esc50.csv not found: generate the world first (zsaudit world)`);
      const r = esc50Baseline(esc50);
      console.log(
        `${r.clips} clips: accuracy ${r.accuracy.toFixed(3)} (folds ${r.perFold.map((f) => f.toFixed(3)).join(', ')}; chance 0.020), ` +
          `within-family share of ${r.errors} errors ${r.withinFamilyShare.toFixed(3)}`,
      );
      if (o.svg) {
        fs.mkdirSync(path.dirname(path.resolve(o.svg)), { recursive: true });
        fs.writeFileSync(o.svg, confusionSvg(r, `ESC-50-like set of ${root}: baseline confusions`));
        console.log(`wrote ${o.svg}`);
      }
    });
}

/** What the world depends on outside the workspace: its config section alone (it reads no external file). */
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
