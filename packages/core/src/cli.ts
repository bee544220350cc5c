import { createHash } from 'node:crypto';
import { Command } from 'commander';
import { DEFAULT_CONFIG_FILE } from './config';

/**
 * Runs a command line: errors print as one line (`<name>: <message>`, file and row included by the thrower) and set
 * a failing exit code instead of a stack trace.
 */
export async function runCli(program: Command, argv: string[] = process.argv): Promise<void> {
  try {
    await program.parseAsync(argv);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    console.error(`${program.name()}: ${message}`);
    process.exitCode = 1;
  }
}

/**
 * `fingerprint`: prints what a stage's result depends on outside the workspace (its config section with defaults,
 * the external files it reads), or with `--hash` its sha256: the Nx runtime input of the stage's `train` target.
 */
export function fingerprintCommand(stage: string, compute: (configFile: string) => string): Command {
  return new Command('fingerprint')
    .description(
      `Print what the ${stage} stage depends on outside the workspace (config section, external files)`,
    )
    .option('-c, --config <file>', 'study config', DEFAULT_CONFIG_FILE)
    .option('--hash', 'print only a sha256 of the fingerprint')
    .action((o: { config: string; hash?: boolean }) => {
      const fp = compute(o.config);
      console.log(o.hash ? createHash('sha256').update(fp).digest('hex') : fp);
    });
}

/** A stage's own command line (`zsaudit-<stage>`): its commands plus `fingerprint`. */
export function stageProgram(name: string, description: string, commands: readonly Command[]): Command {
  const program = new Command(name).description(description).showHelpAfterError();
  addCommands(program, commands);
  return program;
}

/** Adds commands built on their own (`new Command(...)`) to a program, with the settings a subcommand would inherit. */
export function addCommands(program: Command, commands: readonly Command[]): void {
  for (const c of commands) program.addCommand(c.showHelpAfterError());
}
