import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A fresh temp folder for one test; remove it with `fs.rmSync(dir, { recursive: true, force: true })`. */
export function tempDir(prefix = 'zsaudit-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Writes fixture files under `root` (paths relative to it, folders created), returning each file's absolute path. */
export function writeFixtureFiles(
  root: string,
  files: Record<string, string | Uint8Array>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    out[rel] = file;
  }
  return out;
}

/** Deterministic pseudo-random floats in [-1, 1) (an LCG): reproducible test inputs without a dependency. */
export function testFloats(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/** `../shared/data` beside the workspace: the real Clotho captions and the ESC-50 class list (tests only). */
export const SHARED_DATA = path.resolve(__dirname, '../../../../shared/data');

/**
 * Path of a file under ../shared/data, or null when it is absent (the test then skips with a message). Under
 * CI=true an absent file is an error: CI always has shared/ beside the clone, so a skip there would hide a failure.
 */
export function sharedDataPath(relative: string): string | null {
  const p = path.join(SHARED_DATA, relative);
  if (fs.existsSync(p)) return p;
  if (process.env.CI === 'true')
    throw new Error(`${p} is missing; CI must have ../shared/data beside the clone`);
  console.warn(`skipping: ${p} not found`);
  return null;
}
