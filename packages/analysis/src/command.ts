/**
 * The analysis stage's own command line (`zsaudit-analysis`, bin/zsaudit-analysis.js): `analyze` and
 * `fingerprint`. The workspace CLI (`zsaudit`) composes the same commands through {@link analysisCommands}.
 */
import * as path from 'node:path';
import { Command } from 'commander';
import {
  createProgressReporter,
  DEFAULT_CONFIG_FILE,
  fingerprintCommand,
  fingerprintPaths,
  loadConfigSection,
  parseFlags,
  runCli,
  stableJson,
  stageProgram,
} from '@zsaudit/core';
import { z } from 'zod';
import { analysisConfigSchema, findRuns, loadRun, runAnalysis } from './stage';

/** Reads the study config's `analysis` section; errors name the file, line and key. */
function loadAnalysisConfig(configFile: string) {
  const { config, dir } = loadConfigSection(configFile, 'analysis', analysisConfigSchema);
  return { analysis: config, dir };
}

/** A folder or file flag: a non-empty path (an empty one would silently mean the working directory). */
const pathFlag = z.string().trim().min(1, 'expected a path, got ""');

/**
 * The flags of `analyze`, checked before anything is read or written. Every flag is used in every invocation
 * (the stage has no mode that ignores one), so the schema is the whole check.
 */
const analyzeFlags = z.object({
  config: pathFlag,
  curation: pathFlag,
  /** The models folder, or 'none' to analyse the runs only. */
  models: pathFlag,
  out: pathFlag,
  runs: z.array(pathFlag),
});

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
    .option('-o, --out <dir>', 'output folder (written all or nothing; not inside an input)', 'out/analysis')
    .action(async (runs: string[], options: Record<string, unknown>) => {
      const o = parseFlags(analyzeFlags, { ...options, runs });
      const { analysis, dir } = loadAnalysisConfig(o.config);
      const progress = createProgressReporter();
      const out = path.resolve(o.out);
      const summary = await runAnalysis(analysis, {
        curationDir: path.resolve(o.curation),
        modelsDir: o.models === 'none' ? undefined : path.resolve(o.models),
        runDirs: o.runs.length ? o.runs.map((r) => path.resolve(r)) : undefined,
        outDir: out,
        baseDir: dir,
        command: process.argv.slice(2).join(' '),
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
        `analysis: ${summary.entries.length} entries, ${summary.correlations.length} correlations -> ${out}`,
      );
    });
}

/** The analysis stage's commands, for a CLI that composes the stages. */
export function analysisCommands(): Command[] {
  return [analyzeCommand()];
}

/**
 * What the analysis result depends on outside the workspace: the `analysis` section (defaults applied), the files
 * under its `runs` folder, and the ESC-50 table a run names outside its folder (run.json's `esc50`). Paths are
 * printed relative to the config's folder, so the hash is the same in every clone. Nx hashes it as the `train`
 * target's runtime input.
 */
export function analysisFingerprint(configFile: string): string {
  const { analysis, dir } = loadAnalysisConfig(configFile);
  const runsDir = path.resolve(dir, analysis.runs);
  const external: string[] = [];
  for (const run of findRuns(runsDir)) {
    try {
      const esc50 = loadRun(run).esc50;
      if (esc50 && !esc50.inRunFolder) external.push(esc50.file);
    } catch {
      // An invalid run.json fails the stage itself; its bytes are fingerprinted with the runs folder.
    }
  }
  const files = fingerprintPaths([runsDir, ...external], { base: dir });
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
