import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { contentHash } from './content';
import { sha256File } from './hash';

export { sha256, sha256File } from './hash';

/** JSON with sorted keys, so the same settings always hash the same. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Audio files: identified by their content hash through the cache (contentHash), not read whole on every Nx hash. */
const AUDIO_EXT = /\.(wav|flac|mp3|ogg|opus|m4a|aac|aiff?)$/i;

export interface FingerprintPathsOptions {
  /**
   * Folder the printed paths are relative to (POSIX separators), normally the study config's folder, so the
   * fingerprint, and the Nx hash made of it, is the same in any clone location. Default: absolute paths.
   */
  base?: string;
}

/**
 * A stable fingerprint of files and folders outside the workspace (Nx can only hash files inside it): content
 * hashes of every file (audio through the content-hash cache, so an unchanged corpus costs a stat per file), and
 * "missing" for paths that do not exist. A file that cannot be read is listed with the reason, not skipped.
 */
export function fingerprintPaths(paths: readonly string[], options: FingerprintPathsOptions = {}): string[] {
  const lines: string[] = [];
  const shown = (p: string) =>
    options.base === undefined
      ? p
      : path.relative(path.resolve(options.base), p).split(path.sep).join('/') || '.';
  const visit = (p: string) => {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      lines.push(code === 'ENOENT' ? `missing ${shown(p)}` : `unreadable ${shown(p)} ${code}`);
      return;
    }
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) visit(path.join(p, name));
    } else if (AUDIO_EXT.test(p)) {
      lines.push(`audio ${shown(p)} ${contentHash(p)}`);
    } else {
      lines.push(`file ${shown(p)} ${sha256File(p)}`);
    }
  };
  for (const p of [...new Set(paths.map((p) => path.resolve(p)))].sort()) visit(p);
  return lines;
}

export interface SourceFingerprintOptions {
  /** Which files count, by path relative to the root (default: .ts and .js sources; specs, declarations and testing/ excluded). */
  include?: (relativePath: string) => boolean;
}

const isSource = (rel: string) => /\.(ts|js)$/.test(rel) && !/\.spec\.|\.d\.ts$|(^|\/)testing\//.test(rel);

/**
 * One hash of the files under each root (relative path + content, walked in sorted order), for a "code changed,
 * regenerate" decision: the same files give the same hash in any clone location.
 */
export function sourceFingerprint(roots: readonly string[], options: SourceFingerprintOptions = {}): string {
  const include = options.include ?? isSource;
  const h = createHash('sha256');
  for (const root of roots) {
    const walk = (dir: string, rel: string) => {
      for (const name of fs.readdirSync(dir).sort()) {
        const p = path.join(dir, name);
        const r = rel ? `${rel}/${name}` : name;
        if (fs.statSync(p).isDirectory()) walk(p, r);
        else if (include(r)) h.update(r).update('\0').update(fs.readFileSync(p));
      }
    };
    h.update(`root ${path.basename(root)}\0`);
    walk(root, '');
  }
  return h.digest('hex');
}

/** The folder that holds this package's code (src/ under tsx or ts-jest, dist/ once built), for code fingerprints. */
export const CORE_CODE_DIR = __dirname;
