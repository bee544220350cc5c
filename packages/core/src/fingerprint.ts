import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** sha256 of a string or bytes, as hex. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** sha256 of a file's content, as hex, streamed in blocks so a large file is never held whole. */
export function sha256File(file: string): string {
  const h = createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    let n: number;
    while ((n = fs.readSync(fd, buf, 0, buf.length, null)) > 0) h.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return h.digest('hex');
}

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

/** Audio is fingerprinted by name, size and modification time: hashing 100 GB of WAVs on every Nx hash is not an option. */
const AUDIO_EXT = /\.(wav|flac|mp3|ogg|opus|m4a|aac|aiff?)$/i;

/**
 * A stable fingerprint of files and folders outside the workspace (Nx can only hash files inside it): content
 * hashes of text files, name + size + mtime of audio files, "missing" for paths that do not exist.
 */
export function fingerprintPaths(paths: readonly string[]): string[] {
  const lines: string[] = [];
  const visit = (p: string) => {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      lines.push(`missing ${p}`);
      return;
    }
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) visit(path.join(p, name));
    } else if (AUDIO_EXT.test(p)) {
      lines.push(`audio ${p} ${st.size} ${Math.floor(st.mtimeMs)}`);
    } else {
      lines.push(`file ${p} ${sha256File(p)}`);
    }
  };
  for (const p of [...new Set(paths)].sort()) visit(p);
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
