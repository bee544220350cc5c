/** Test helper (not part of the build): runs the `zsaudit` command line in this process and captures its errors. */
import { main } from '../main';

/** What one `zsaudit …` printed on stdout and stderr (console) and the exit code it set. */
export async function runZsaudit(
  args: string[],
): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = jest
    .spyOn(console, 'error')
    .mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  try {
    await main(['node', 'zsaudit', ...args]);
    return { stdout: out.join('\n'), stderr: err.join('\n'), exitCode: Number(process.exitCode ?? 0) };
  } finally {
    log.mockRestore();
    error.mockRestore();
    process.exitCode = 0;
  }
}
