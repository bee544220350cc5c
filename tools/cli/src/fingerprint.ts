import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

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
      lines.push(`file ${p} ${createHash('sha256').update(fs.readFileSync(p)).digest('hex')}`);
    }
  };
  for (const p of [...new Set(paths)].sort()) visit(p);
  return lines;
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
