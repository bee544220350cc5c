import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { processAlive, processStartTicks } from './process-info';
import { onInterrupt } from './signals';

/** Who holds a lock: written into the lock file when it is taken. */
export interface LockHolder {
  pid: number;
  host: string;
  /** ISO time the lock was taken. */
  started: string;
  /** The holder's process start time (Linux clock ticks), so a reused pid is not mistaken for the holder. */
  processStart: string | null;
  command: string;
}

/** The second writer of an output: the message names the output, the holder and the lock file. */
export class LockHeldError extends Error {
  constructor(
    readonly target: string,
    readonly lockFile: string,
    readonly holder: LockHolder | null,
  ) {
    super(
      holder
        ? `${target} is being written by pid ${holder.pid} on ${holder.host} since ${holder.started} ` +
            `(${holder.command}); wait for it to finish, or if that process is gone, delete ${lockFile}`
        : `${target} is locked by ${lockFile}, which cannot be read; if no run is writing it, delete the lock file`,
    );
    this.name = 'LockHeldError';
  }
}

export interface OutputLock {
  readonly target: string;
  readonly file: string;
  /** Removes the lock file (idempotent). Also done when the process exits or is interrupted. */
  release(): void;
}

export interface AcquireLockOptions {
  /** What the holder is doing, shown to a second writer (default: this process's command line). */
  command?: string;
}

/** The lock file of an output file or folder: `<target>.lock`, next to it. */
export function lockFileOf(target: string): string {
  return `${path.resolve(target).replace(/[\\/]+$/, '')}.lock`;
}

function readHolder(file: string): LockHolder | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LockHolder;
  } catch {
    return null;
  }
}

/**
 * A lock left by a process that is gone: on this host, its pid no longer runs or now belongs to a process that
 * started at another time. A lock of another host is never taken as stale: its process cannot be seen from here.
 */
function isStale(holder: LockHolder): boolean {
  if (holder.host !== os.hostname()) return false;
  if (!processAlive(holder.pid)) return true;
  const start = processStartTicks(holder.pid);
  return holder.processStart !== null && start !== null && start !== holder.processStart;
}

/** Sleeps the thread briefly (the lock protocol is synchronous so that a lock can be taken outside async code). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Removes a stale lock file. Two processes may find the same stale lock at once; each must not remove the fresh
 * lock the other has just written, so the removal happens under a short-lived `<lock>.takeover` file, after
 * checking that the lock still holds the stale holder that was read.
 */
function takeOverStale(file: string, stale: LockHolder): void {
  const takeover = `${file}.takeover`;
  try {
    fs.writeFileSync(takeover, String(process.pid), { flag: 'wx' });
  } catch {
    // Someone else is taking it over; a takeover file older than a few seconds was left by a crash.
    const st = fs.statSync(takeover, { throwIfNoEntry: false });
    if (st && Date.now() - st.mtimeMs > 5000) fs.rmSync(takeover, { force: true });
    pause(10);
    return;
  }
  try {
    const current = readHolder(file);
    if (current && current.pid === stale.pid && current.started === stale.started)
      fs.rmSync(file, { force: true });
  } finally {
    fs.rmSync(takeover, { force: true });
  }
}

/**
 * Takes the exclusive lock of an output (a file or a run folder): `<target>.lock` is created with O_EXCL, holding
 * the pid, host, start time and command. A stale lock (see {@link isStale}) is taken over; a live one throws
 * {@link LockHeldError}. Lock the output itself, not a whole stage folder, so independent outputs (shards, runs)
 * can be written in parallel.
 */
export function acquireLock(target: string, options: AcquireLockOptions = {}): OutputLock {
  const abs = path.resolve(target);
  const file = lockFileOf(abs);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const holder: LockHolder = {
    pid: process.pid,
    host: os.hostname(),
    started: new Date().toISOString(),
    processStart: processStartTicks(process.pid),
    command: options.command ?? process.argv.slice(1).join(' '),
  };
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(holder) + '\n', { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const current = readHolder(file);
      // A lock file being written this instant reads empty: look again before calling it unreadable.
      if (current === null && attempt < 3) {
        pause(20);
        continue;
      }
      if (current === null || !isStale(current) || attempt >= 20) throw new LockHeldError(abs, file, current);
      takeOverStale(file, current);
    }
  }
  let released = false;
  const unregister = onInterrupt(() => release());
  function release(): void {
    if (released) return;
    released = true;
    unregister();
    // Remove the file only while it is still ours.
    const current = readHolder(file);
    if (current && current.pid === holder.pid && current.started === holder.started)
      fs.rmSync(file, { force: true });
  }
  return { target: abs, file, release };
}

/** Runs `fn` holding the lock of `target`; the lock is released however `fn` ends. */
export async function withLock<T>(
  target: string,
  fn: () => Promise<T> | T,
  options: AcquireLockOptions = {},
): Promise<T> {
  const lock = acquireLock(target, options);
  try {
    return await fn();
  } finally {
    lock.release();
  }
}
