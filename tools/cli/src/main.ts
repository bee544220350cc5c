import { Command } from 'commander';
import { analysisCommands } from '@zsaudit/analysis';
import { z } from 'zod';
import { addCommands, parseFlags, runCli, DEFAULT_CONFIG_FILE } from '@zsaudit/core';
import { curationCommands } from '@zsaudit/data-curation';
import { modelsCommands } from '@zsaudit/models';
import { worldCommands } from '@zsaudit/soundworld';
import { fingerprintCommand } from './commands/fingerprint';
import { inspectCommand } from './commands/inspect';
import { loadStudyConfig } from './config';

/** Every flag of `config`, validated before the file is read. */
const configFlagsSchema = z.object({ config: z.string().min(1, 'expected a file name, got ""') }).strict();

/**
 * The `zsaudit` command line: each stage package's own commands (each also runs alone as `zsaudit-<stage>`),
 * composed here in study order, plus tools to look at artifacts and configs.
 */
export function buildProgram(): Command {
  const program = new Command('zsaudit')
    .description('Audit audio-text contrastive zero-shot learning for label leakage (arXiv 2408.13068).')
    .showHelpAfterError();
  addCommands(program, [
    ...worldCommands(),
    ...curationCommands(),
    ...modelsCommands(),
    ...analysisCommands(),
    inspectCommand(),
    fingerprintCommand(),
    new Command('config')
      .description('Validate the study config and print it with defaults applied')
      .option('-c, --config <file>', 'study config', DEFAULT_CONFIG_FILE)
      .action((options: Record<string, unknown>) => {
        const o = parseFlags(configFlagsSchema, options);
        console.log(JSON.stringify(loadStudyConfig(o.config).config, null, 2));
      }),
  ]);
  return program;
}

/** Runs the command line; errors are printed as one line (file and row included) and set a failing exit code. */
export function main(argv: string[] = process.argv): Promise<void> {
  return runCli(buildProgram(), argv);
}

if (require.main === module) void main();
