import * as path from 'node:path';
import type { Command } from 'commander';
import { runAnalysis } from '@zsaudit/analysis';
import { DEFAULT_CONFIG_FILE, loadStudyConfig } from '../config';
import { createProgressReporter } from '../progress';

export function registerAnalyze(program: Command): void {
  program
    .command('analyze [runs...]')
    .description(
      'The analysis stage: zero-shot accuracy, silhouettes, t-SNE, topological similarity of each run folder ' +
        "(default: every run under the config's analysis.runs) and of each backbone's x_a, then correlations across runs",
    )
    .option('-c, --config <file>', 'study config', DEFAULT_CONFIG_FILE)
    .option('--curation <dir>', "the curation stage's output folder (esc50.arrow)", 'out/curation')
    .option(
      '--models <dir>',
      "the models stage's output folder (x_a of each backbone); 'none' to skip",
      'out/models',
    )
    .option('-o, --out <dir>', 'output folder', 'out/analysis')
    .action(async (runs: string[], o: { config: string; curation: string; models: string; out: string }) => {
      const { config, dir } = loadStudyConfig(o.config);
      const progress = createProgressReporter();
      const summary = await runAnalysis(config.analysis, {
        curationDir: path.resolve(o.curation),
        modelsDir: o.models === 'none' ? undefined : path.resolve(o.models),
        runDirs: runs.length ? runs.map((r) => path.resolve(r)) : undefined,
        outDir: path.resolve(o.out),
        baseDir: dir,
        onProgress: progress.update,
        log: (line) => console.error(line),
      }).finally(() => progress.stop());
      for (const m of summary.missingClips)
        console.error(
          `${m.id}: ${m.clips.length} ESC-50 clip(s) have no embedding (see models-summary.json)`,
        );
      for (const s of summary.notComputed) console.error(`${s.id}: ${s.metric} not computed: ${s.reason}`);
      for (const s of summary.correlationsSkipped)
        console.error(`correlation ${s.x} ~ ${s.y} skipped: ${s.reason}`);
      for (const c of summary.correlations)
        console.log(
          `${c.x} ~ ${c.yTransform === 'log' ? `log ${c.y}` : c.y}: r = ${c.pearsonR.toFixed(3)}, p = ${c.pearsonP.toPrecision(3)}, n = ${c.n}`,
        );
      console.log(
        `analysis: ${summary.entries.length} entries, ${summary.correlations.length} correlations -> ${path.resolve(o.out)}`,
      );
    });
}
