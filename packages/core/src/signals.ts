/**
 * Cleanups that must run when the process is interrupted (SIGINT, SIGTERM) or exits: temp files removed, locks
 * released. Node's default for those signals is to die at once, skipping `finally` blocks, so a run stopped with
 * Ctrl-C would leave half-written files behind.
 */
const cleanups = new Set<() => void>();
let installed = false;

const EXIT_CODES: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

function runCleanups(): void {
  // Last registered first: a staging folder is removed before the lock that guards it is released.
  for (const cleanup of [...cleanups].reverse()) {
    cleanups.delete(cleanup);
    try {
      cleanup();
    } catch {
      // A cleanup that fails must not keep the others from running.
    }
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  for (const signal of Object.keys(EXIT_CODES) as NodeJS.Signals[]) {
    process.on(signal, () => {
      runCleanups();
      process.exit(EXIT_CODES[signal]);
    });
  }
  process.on('exit', runCleanups);
}

/**
 * Registers `cleanup` to run once if the process is interrupted or exits before it is unregistered; returns the
 * function that unregisters it (call it when the work finished normally and did its own cleanup).
 */
export function onInterrupt(cleanup: () => void): () => void {
  install();
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
  };
}

/**
 * Lets pending signal handlers run. A signal's JS handler only runs when the event loop turns, so a long stretch of
 * synchronous work (curating a corpus, computing a metric) calls this between steps to let Ctrl-C stop it there.
 */
export function yieldToSignals(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
