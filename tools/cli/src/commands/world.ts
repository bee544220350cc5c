import * as path from 'node:path';
import type { Command } from 'commander';
import {
  estimateWorld,
  generateWorld,
  worldConfigSchema,
  worldProfile,
  type WorldConfig,
} from '@zsaudit/soundworld';
import { loadStudyConfig, parseFlags } from '../config';
import { createProgressReporter } from '../progress';

interface WorldOptions {
  config?: string;
  seed?: string;
  size?: string;
  sampleRate?: string;
  out: string;
  workers?: string;
  estimate?: boolean;
}

export function registerWorld(program: Command): void {
  program
    .command('world')
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
      const base: Partial<WorldConfig> = o.config ? loadStudyConfig(o.config).config.world : {};
      const config = parseFlags(worldConfigSchema, {
        ...base,
        ...(o.seed !== undefined ? { seed: Number(o.seed) } : {}),
        ...(o.size !== undefined ? { size: o.size } : {}),
        ...(o.sampleRate !== undefined ? { sampleRate: Number(o.sampleRate) } : {}),
      });
      if (o.estimate) {
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
        return;
      }
      const progress = createProgressReporter();
      const started = Date.now();
      const manifest = await generateWorld({
        seed: config.seed,
        profile: worldProfile(config),
        out: path.resolve(o.out),
        workers: o.workers !== undefined ? Number(o.workers) : undefined,
        onProgress: progress.update,
        log: (line) => console.error(line),
      });
      progress.stop();
      const bytes = Object.values(manifest.files).reduce((n, f) => n + f.bytes, 0);
      console.log(
        `world (seed ${manifest.seed}, ${manifest.profile.name}, ${manifest.profile.sampleRate} Hz) -> ${path.resolve(o.out)}: ` +
          `${Object.keys(manifest.files).length} files, ${(bytes / 2 ** 20).toFixed(1)} MiB, ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    });
}
