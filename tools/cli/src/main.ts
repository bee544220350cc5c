import { Command } from 'commander';
import { registerAnalyze } from './commands/analyze';
import { registerCurate } from './commands/curate';
import { registerEmbed } from './commands/embed';
import { registerEmbedStage } from './commands/embed-stage';
import { registerFingerprint } from './commands/fingerprint';
import { registerFormsReview } from './commands/forms-review';
import { registerInspect } from './commands/inspect';
import { registerWorld } from './commands/world';
import { registerWorldBaseline } from './commands/world-baseline';
import { DEFAULT_CONFIG_FILE, loadStudyConfig } from './config';

/** The `zsaudit` command line: one subcommand per stage, plus tools to look at artifacts and configs. */
export function buildProgram(): Command {
  const program = new Command('zsaudit')
    .description('Audit audio-text contrastive zero-shot learning for label leakage (arXiv 2408.13068).')
    .showHelpAfterError();
  registerWorld(program);
  registerWorldBaseline(program);
  registerCurate(program);
  registerEmbedStage(program);
  registerEmbed(program);
  registerAnalyze(program);
  registerInspect(program);
  registerFingerprint(program);
  registerFormsReview(program);
  program
    .command('config')
    .description('Validate the study config and print it with defaults applied')
    .option('-c, --config <file>', 'study config', DEFAULT_CONFIG_FILE)
    .action((o: { config: string }) =>
      console.log(JSON.stringify(loadStudyConfig(o.config).config, null, 2)),
    );
  return program;
}

/** Runs the command line; errors are printed as one line (file and row included) and set a failing exit code. */
export async function main(argv: string[] = process.argv): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    console.error(`zsaudit: ${(err as Error).message}`);
    process.exitCode = 1;
  }
}

if (require.main === module) void main();
