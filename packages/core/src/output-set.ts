import * as fs from 'node:fs';
import * as path from 'node:path';
import { contentHash } from './content';
import { writeJsonAtomic } from './files';
import { acquireLock, type OutputLock } from './lock';
import { resolveInside } from './paths';
import { processAlive } from './process-info';
import { onInterrupt } from './signals';

/**
 * All-or-nothing output folders. A stage writes its whole output set into a hidden staging folder inside the
 * output folder, then {@link StagedOutput.commit} moves the files into place and writes the completeness marker
 * last. Readers check the marker ({@link readOutputSet}, {@link verifyOutputFile}): while a run is committing, or
 * after one died mid-way, there is no marker and a reader refuses instead of mixing files of two runs.
 */
export const OUTPUT_SET_MARKER = '.zsaudit-set.json';

const STAGING_PREFIX = '.zsaudit-staging-';
const TEMP_FILE = /^\.zsaudit-tmp-(\d+)-/;

/** The marker: which stage wrote the set and the sha256 of each of its files (POSIX names relative to the folder). */
export interface OutputSetMarker {
  schema: 'zsaudit.output-set/1';
  stage: string;
  files: Record<string, string>;
}

/** Files under `dir` (recursively), as POSIX paths relative to it; hidden staging folders and lock files skipped. */
function listFiles(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const name = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(dir, name));
    else if (entry.isFile()) out.push(name);
  }
  return out.sort();
}

/**
 * Deletes the `.zsaudit-tmp-<pid>-*` files (half-written atomic writes) under `dir` whose writer is no longer
 * running; returns how many. Resumable partial state (an embedding spool) is not a temp file and stays.
 */
export function removeStaleTemps(dir: string): number {
  let removed = 0;
  const walk = (d: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const m = TEMP_FILE.exec(e.name);
        if (m && !processAlive(Number(m[1]))) {
          fs.rmSync(p, { force: true });
          removed++;
        }
      }
    }
  };
  walk(dir);
  return removed;
}

function readMarker(dir: string): OutputSetMarker | null {
  try {
    const m = JSON.parse(fs.readFileSync(path.join(dir, OUTPUT_SET_MARKER), 'utf8')) as OutputSetMarker;
    return m.schema === 'zsaudit.output-set/1' && typeof m.files === 'object' ? m : null;
  } catch {
    return null;
  }
}

/**
 * Removes the folders that deleting `names` (files of an earlier set) left empty, from the deepest up, never `dir`
 * itself: other empty folders under an output folder are not the stage's to remove.
 */
function pruneEmptiedFolders(dir: string, names: readonly string[]): void {
  const folders = new Set<string>();
  for (const name of names) {
    for (let d = path.posix.dirname(name); d !== '.'; d = path.posix.dirname(d)) folders.add(d);
  }
  for (const folder of [...folders].sort((a, b) => b.split('/').length - a.split('/').length)) {
    const abs = path.join(dir, folder);
    try {
      if (fs.readdirSync(abs).length === 0) fs.rmdirSync(abs);
    } catch {
      // Already gone, or not a folder: nothing to prune.
    }
  }
}

/** A stage's output set being written: see the module comment. */
export class StagedOutput {
  private done = false;

  private constructor(
    readonly dir: string,
    readonly stage: string,
    readonly staging: string,
    private readonly lock: OutputLock,
    private readonly unregister: () => void,
  ) {}

  /**
   * Locks `dir` (a second writer of the same folder refuses, naming the holder), removes what interrupted runs left
   * (staging folders, temp files) and opens a fresh staging folder.
   */
  static begin(dir: string, stage: string, options: { command?: string } = {}): StagedOutput {
    const abs = path.resolve(dir);
    fs.mkdirSync(abs, { recursive: true });
    const lock = acquireLock(abs, options);
    try {
      // Holding the lock, every staging folder here belongs to a run that is over.
      for (const name of fs.readdirSync(abs))
        if (name.startsWith(STAGING_PREFIX))
          fs.rmSync(path.join(abs, name), { recursive: true, force: true });
      removeStaleTemps(abs);
      const staging = path.join(abs, `${STAGING_PREFIX}${process.pid}`);
      fs.mkdirSync(staging);
      const unregister = onInterrupt(() => fs.rmSync(staging, { recursive: true, force: true }));
      return new StagedOutput(abs, stage, staging, lock, unregister);
    } catch (err) {
      lock.release();
      throw err;
    }
  }

  /** Where the output `name` (a POSIX path relative to the folder) is written until the commit. */
  path(name: string): string {
    if (this.done)
      throw new Error(`${this.dir}: the ${this.stage} output set is already committed or aborted`);
    const p = resolveInside(this.staging, name);
    if (!p || name.split('/').some((s) => s.startsWith(STAGING_PREFIX) || s === OUTPUT_SET_MARKER))
      throw new Error(`${this.dir}: "${name}" is not a valid output name`);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    return p;
  }

  /**
   * Moves the staged files into place, deletes the files of the previous set that this one no longer has, writes
   * the marker last and releases the lock. Returns the names of the set.
   */
  commit(): string[] {
    if (this.done)
      throw new Error(`${this.dir}: the ${this.stage} output set is already committed or aborted`);
    const names = listFiles(this.staging);
    const previous = readMarker(this.dir);
    // From here until the marker is written the folder is marked incomplete: readers refuse it.
    fs.rmSync(path.join(this.dir, OUTPUT_SET_MARKER), { force: true });
    for (const name of names) {
      const target = path.join(this.dir, name);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.renameSync(path.join(this.staging, name), target);
    }
    const kept = new Set(names);
    const dropped = Object.keys(previous?.files ?? {}).filter((name) => !kept.has(name));
    for (const name of dropped) fs.rmSync(path.join(this.dir, name), { force: true });
    fs.rmSync(this.staging, { recursive: true, force: true });
    pruneEmptiedFolders(this.dir, dropped);
    const files = Object.fromEntries(names.map((n) => [n, contentHash(path.join(this.dir, n))]));
    writeJsonAtomic(path.join(this.dir, OUTPUT_SET_MARKER), {
      schema: 'zsaudit.output-set/1',
      stage: this.stage,
      files,
    } satisfies OutputSetMarker);
    this.finish();
    return names;
  }

  /** Drops the staged files; the previous set, if any, stays as it was. */
  abort(): void {
    if (this.done) return;
    fs.rmSync(this.staging, { recursive: true, force: true });
    this.finish();
  }

  private finish(): void {
    this.done = true;
    this.unregister();
    this.lock.release();
  }
}

/**
 * The completeness marker of a stage's output folder; throws when it is missing (the stage never finished, or is
 * committing now) or was written by another stage.
 */
export function readOutputSet(dir: string, stage: string): OutputSetMarker {
  const abs = path.resolve(dir);
  const marker = readMarker(abs);
  if (!marker || marker.stage !== stage) {
    throw new Error(
      `${abs}: no complete ${stage} output (${OUTPUT_SET_MARKER} ${marker ? `is from the ${marker.stage} stage` : 'missing'}): ` +
        `rerun the ${stage} stage (or wait for the run writing it to finish)`,
    );
  }
  return marker;
}

/**
 * Checks that `name` belongs to the complete output set of `dir` and still has the content the stage wrote;
 * returns its absolute path. A file edited or replaced after the run is an error naming it.
 */
export function verifyOutputFile(dir: string, name: string, stage: string): string {
  const marker = readOutputSet(dir, stage);
  const file = path.join(path.resolve(dir), name);
  const expected = marker.files[name];
  if (expected === undefined)
    throw new Error(`${file}: not part of the ${stage} output set in ${path.resolve(dir)}`);
  let actual: string;
  try {
    actual = contentHash(file);
  } catch (err) {
    throw new Error(`${file}: part of the ${stage} output set but unreadable (${(err as Error).message})`);
  }
  if (actual !== expected)
    throw new Error(`${file}: changed after the ${stage} run that wrote it; rerun the ${stage} stage`);
  return file;
}
