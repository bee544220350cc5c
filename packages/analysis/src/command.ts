/**
 * The analysis stage's own command line (`zsaudit-analysis`, bin/zsaudit-analysis.js): `analyze` and
 * `fingerprint`. The workspace CLI (`zsaudit`) composes the same commands through {@link analysisCommands}.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command } from 'commander';
import {
  createProgressReporter,
  DEFAULT_CONFIG_FILE,
  fingerprintCommand,
  fingerprintPaths,
  loadConfigSection,
  runCli,
  stableJson,
  stageProgram,
} from '@zsaudit/core';
import { analysisConfigSchema, runAnalysis } from './stage';

/** Reads the study config's `analysis` section; errors name the file, line and key. */
function loadAnalysisConfig(configFile: string) {
  const { config, dir } = loadConfigSection(configFile, 'analysis', analysisConfigSchema);
  return { analysis: config, dir };
}

/** `analyze [runs...]`: the analysis stage over run folders and the models stage's backbones. */
export function analyzeCommand(): Command {
  return new Command('analyze')
    .argument('[runs...]')
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
      const { analysis, dir } = loadAnalysisConfig(o.config);
      const progress = createProgressReporter();
      const summary = await runAnalysis(analysis, {
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

/** The analysis stage's commands, for a CLI that composes the stages. */
export function analysisCommands(): Command[] {
  return [analyzeCommand()];
}

/** Every file under `root` (recursively, sorted); none when it does not exist. */
function filesUnder(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, encoding: 'utf8' })
    .sort()
    .map((f) => path.join(root, f))
    .filter((f) => fs.statSync(f).isFile());
}

/**
 * What the analysis result depends on outside the workspace: the `analysis` section (defaults applied) and the
 * files under its `runs` folder. Nx hashes it as the `train` target's runtime input.
 */
export function analysisFingerprint(configFile: string): string {
  const { analysis, dir } = loadAnalysisConfig(configFile);
  const files = fingerprintPaths(filesUnder(path.resolve(dir, analysis.runs)));
  return ['stage analysis', `config ${stableJson(analysis)}`, ...files].join('\n');
}

/** `zsaudit-analysis`: the stage's commands plus `fingerprint`. */
export function main(argv: string[] = process.argv): Promise<void> {
  return runCli(
    stageProgram(
      'zsaudit-analysis',
      'The zsaudit analysis stage: zero-shot accuracy, silhouettes, t-SNE, topology and correlations over runs.',
      [...analysisCommands(), fingerprintCommand('analysis', analysisFingerprint)],
    ),
    argv,
  );
}
