import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The real path of `p` as far as it exists: symlinks of its existing part resolved, the missing rest appended.
 * Containment checks compare real paths, so a symlink inside a root that points out of it is seen as outside.
 */
export function realPathOf(p: string): string {
  const abs = path.resolve(p);
  const missing: string[] = [];
  let existing = abs;
  for (;;) {
    try {
      return path.join(fs.realpathSync(existing), ...missing.reverse());
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return abs;
      missing.push(path.basename(existing));
      existing = parent;
    }
  }
}

/** Whether a relative path leaves its base (`..` as a whole segment, or another root); `..x.wav` does not. */
function climbsOut(rel: string): boolean {
  return rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel);
}

/** Whether `child` is `parent` or lies under it, both resolved to real paths. */
export function isInside(child: string, parent: string): boolean {
  return !climbsOut(path.relative(realPathOf(parent), realPathOf(child)));
}

/**
 * `relative` resolved against `root`, or null when the result escapes the root: an absolute path elsewhere or `..`
 * segments climbing out. Paths that come from data (a caption file's `file_name`, a manifest's `name`) go through
 * this before anything is read or written there. The check is on the path as written, not through symlinks: a
 * dataset whose files are links into a store (git-annex, DVC) is the owner's layout, not an escape.
 */
export function resolveInside(root: string, relative: string): string | null {
  if (relative.includes('\0')) return null;
  const resolved = path.resolve(root, relative);
  const lexical = path.relative(path.resolve(root), resolved);
  if (lexical === '' || climbsOut(lexical)) return null;
  return resolved;
}

/** The names a backbone, run or output may have: they become file names, so no separators, no leading dot. */
export const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Throws unless `name` matches {@link SAFE_NAME}; `what` names where it came from (a manifest file and key). */
export function checkSafeName(name: string, what: string): void {
  if (typeof name !== 'string' || !SAFE_NAME.test(name) || name.includes('..')) {
    throw new Error(
      `${what}: ${JSON.stringify(name)} is not a safe name (1-128 letters, digits, ".", "_" or "-", ` +
        `starting with a letter or digit, no "..")`,
    );
  }
}

/**
 * Refuses an output that would overwrite or land inside one of the inputs (a WAV, a caption file, a dataset
 * folder): `what` names the flag or key of the output. Call it before anything is written.
 */
export function assertOutputNotInput(output: string, inputs: readonly string[], what = '--out'): void {
  for (const input of inputs) {
    if (isInside(output, input)) {
      const same = realPathOf(output) === realPathOf(input);
      throw new Error(
        `${what} ${output} ${same ? 'is' : 'is inside'} the input ${input}: write it elsewhere`,
      );
    }
  }
}

/** `file` as a POSIX path relative to the folder `base`: what artifacts record, so they resolve in any clone. */
export function portablePath(base: string, file: string): string {
  return path.relative(path.resolve(base), path.resolve(file)).split(path.sep).join('/') || '.';
}

/** The absolute path of a {@link portablePath} recorded relative to `base`. */
export function resolvePortable(base: string, relative: string): string {
  return path.resolve(base, relative.split('/').join(path.sep));
}
