import * as path from 'node:path';
import type { Command } from 'commander';
import { generateWorld, worldConfigSchema, worldProfile, type WorldConfig } from '@zsaudit/soundworld';
import { loadStudyConfig } from '../config';
import { createProgressReporter } from '../progress';

interface WorldOptions {
  config?: string;
  seed?: string;
  size?: string;
  sampleRate?: string;
  out: string;
  workers?: string;
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
    .action(async (o: WorldOptions) => {
      const base: Partial<WorldConfig> = o.config ? loadStudyConfig(o.config).config.world : {};
      const config = worldConfigSchema.parse({
        ...base,
        ...(o.seed !== undefined ? { seed: Number(o.seed) } : {}),
        ...(o.size !== undefined ? { size: o.size } : {}),
        ...(o.sampleRate !== undefined ? { sampleRate: Number(o.sampleRate) } : {}),
      });
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
