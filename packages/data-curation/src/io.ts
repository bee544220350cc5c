import * as fs from 'node:fs';
import * as path from 'node:path';

/** Writes a file atomically: a temp file in the same folder, then rename, so readers never see half a file. */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.zsaudit-tmp-${process.pid}-${path.basename(file)}`);
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/** Reads a text file as strict UTF-8 (BOM removed). Returns the text and, when the bytes are not valid UTF-8, the 1-based lines that hold invalid bytes. */
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

/** Expands an audio folder template (`{split}`) for one split. */
export function audioDirFor(template: string, split: string): string {
  return path.resolve(template.replace(/\{split\}/g, split));
}
