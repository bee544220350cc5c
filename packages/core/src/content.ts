import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sha256File } from './hash';
import { writeFileAtomic } from './files';

/**
 * Content identity of input files (audio above all) for every reuse decision: the sha256 of the bytes, computed
 * once per file version and cached on disk. The cache key is the file's stat identity (device, inode, size, mtime
 * and ctime in nanoseconds): an edit changes the ctime even when the mtime is put back, so a changed file is always
 * hashed again, while an unchanged AudioSet-size corpus is hashed once, not on every run.
 */
export const CONTENT_CACHE_FILE = 'content-hashes.v1.jsonl';

/** Where the content-hash cache lives: `$ZSAUDIT_CACHE_DIR`, else `$XDG_CACHE_HOME/zsaudit`, else `~/.cache/zsaudit`. */
export function contentHashCacheDir(): string {
  if (process.env.ZSAUDIT_CACHE_DIR) return path.resolve(process.env.ZSAUDIT_CACHE_DIR);
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'zsaudit');
}

interface CacheEntry {
  /** Absolute path. */
  p: string;
  /** dev:ino:size:mtimeNs:ctimeNs. */
  k: string;
  /** sha256, hex. */
  h: string;
}

class ContentHashCache {
  private entries = new Map<string, CacheEntry>();
  private lines = 0;
  private writable = true;

  constructor(readonly file: string) {
    let text = '';
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return;
    }
    for (const line of text.split('\n')) {
      if (!line) continue;
      this.lines++;
      try {
        const e = JSON.parse(line) as CacheEntry;
        if (typeof e.p === 'string' && typeof e.k === 'string' && /^[0-9a-f]{64}$/.test(e.h))
          this.entries.set(e.p, e);
      } catch {
        // A line cut short by a crash or a concurrent writer: that file is hashed again.
      }
    }
    // Append-only grows with rewrites and deleted files: compact once it is mostly superseded lines.
    if (this.lines > 10000 && this.lines > 2 * this.entries.size) this.compact();
  }

  get(file: string, key: string): string | undefined {
    const e = this.entries.get(file);
    return e && e.k === key ? e.h : undefined;
  }

  set(file: string, key: string, hash: string): void {
    const entry = { p: file, k: key, h: hash };
    this.entries.set(file, entry);
    if (!this.writable) return;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      // One short line per append (O_APPEND): concurrent processes interleave whole lines.
      fs.appendFileSync(this.file, JSON.stringify(entry) + '\n');
      this.lines++;
    } catch {
      // A read-only home: hashes are still right, only not remembered across runs.
      this.writable = false;
    }
  }

  private compact(): void {
    for (const [p] of this.entries) if (!fs.existsSync(p)) this.entries.delete(p);
    try {
      writeFileAtomic(this.file, [...this.entries.values()].map((e) => JSON.stringify(e) + '\n').join(''));
      this.lines = this.entries.size;
    } catch {
      this.writable = false;
    }
  }
}

let cache: ContentHashCache | null = null;

function activeCache(): ContentHashCache {
  const file = path.join(contentHashCacheDir(), CONTENT_CACHE_FILE);
  if (!cache || cache.file !== file) cache = new ContentHashCache(file);
  return cache;
}

/** The stat identity of a file that keys the cache; throws (ENOENT, EISDIR-like, ELOOP) as `statSync` does. */
function statKey(file: string): string {
  const st = fs.statSync(file, { bigint: true });
  if (!st.isFile()) throw Object.assign(new Error(`${file}: not a regular file`), { code: 'EISDIR' });
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
}

/**
 * sha256 (hex) of a file's bytes, from the cache when the file's stat identity is unchanged. Errors (a missing file,
 * a folder, a symlink loop) are thrown with the file named.
 */
export function contentHash(file: string): string {
  const abs = path.resolve(file);
  let key: string;
  try {
    key = statKey(abs);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw Object.assign(new Error(e.message.includes(abs) ? e.message : `${abs}: ${e.message}`), {
      code: e.code,
    });
  }
  const c = activeCache();
  const cached = c.get(abs, key);
  if (cached) return cached;
  const hash = sha256File(abs);
  // The file may have changed while it was read: remember the hash only if its identity still holds.
  if (statKey(abs) === key) c.set(abs, key, hash);
  return hash;
}
