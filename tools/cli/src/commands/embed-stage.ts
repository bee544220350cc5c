import * as path from 'node:path';
import type { Command } from 'commander';
import { parseShard, runEmbedStage } from '@zsaudit/models';
import { DEFAULT_CONFIG_FILE, loadStudyConfig } from '../config';
import { createProgressReporter } from '../progress';

export function registerEmbedStage(program: Command): void {
  program
    .command('embed')
    .description(
      'The models stage: x_a for the ESC-50 test clips and every curated clip, x_t for every caption and zero-shot ' +
        'prompt, for every backbone the config names, under <out>/embeddings/<backbone>/',
    )
    .option('-c, --config <file>', 'study config', DEFAULT_CONFIG_FILE)
    .option('--curation <dir>', "the curation stage's output folder", 'out/curation')
    .option('-o, --out <dir>', 'output folder', 'out/models')
    .option(
      '--shard <i/n>',
      'embed only the i-th of n slices of every file (join them with zsaudit merge --dir)',
    )
    .action(async (o: { config: string; curation: string; out: string; shard?: string }) => {
      const { config, dir } = loadStudyConfig(o.config);
      const progress = createProgressReporter();
      const summary = await runEmbedStage(config.models, {
        curationDir: path.resolve(o.curation),
        outDir: path.resolve(o.out),
        baseDir: dir,
        shard: o.shard ? parseShard(o.shard) : undefined,
        onProgress: progress.update,
        log: (line) => console.error(line),
      });
      progress.stop();
      for (const e of summary.exclusions) console.error(`excluded ${e.id}: ${e.reason}: ${e.message}`);
      const rows = summary.outputs.reduce((n, x) => n + x.rows, 0);
      console.log(
        `models: ${summary.backbones.length} backbones, ${summary.outputs.length} embedding files, ${rows} rows, ${summary.exclusions.length} excluded -> ${path.resolve(o.out)}`,
      );
    });
}
