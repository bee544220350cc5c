import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The temp file that becomes `file` on rename: in the same folder (a rename across file systems is not atomic),
 * hidden, and named after the writing process so two writers never share one.
 */
export function tempPathFor(file: string): string {
  return path.join(path.dirname(file), `.zsaudit-tmp-${process.pid}-${path.basename(file)}`);
}

/** Writes a file atomically: a temp file in the same folder, then rename, so readers never see half a file. */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = tempPathFor(file);
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/** Writes `value` as indented JSON with a final newline, atomically. */
export function writeJsonAtomic(file: string, value: unknown): void {
  writeFileAtomic(file, JSON.stringify(value, null, 2) + '\n');
}

/**
 * Reads a text file as strict UTF-8 (BOM removed). Returns the text and, when the bytes are not valid UTF-8, the
 * 1-based lines that hold invalid bytes, so a loader can exclude those rows by number instead of guessing.
 */
export function readUtf8(file: string): { text: string; invalidLines: Set<number> } {
  const buf = fs.readFileSync(file);
  let text: string;
  const invalidLines = new Set<number>();
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    text = new TextDecoder('utf-8', { fatal: false }).decode(buf);
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (line.includes('\uFFFD')) invalidLines.add(i + 1);
    });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text, invalidLines };
}
