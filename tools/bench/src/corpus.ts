import * as fs from 'node:fs';
import * as path from 'node:path';
import { mulberry32 } from '@zsaudit/core';

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF, optional BOM) into rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      field = '';
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const csvField = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export const CLOTHO_FILES = ['clotho_captions_development.csv', 'clotho_captions_evaluation.csv'] as const;

/** Every caption (caption_1 .. caption_5) of the Clotho caption files in `dir`, in file order. */
export function readClothoCaptions(dir: string): string[] {
  const missing = CLOTHO_FILES.map((f) => path.join(dir, f)).filter((f) => !fs.existsSync(f));
  if (missing.length > 0) {
    throw new Error(
      `the curation benchmark samples real Clotho captions, but ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing; ` +
        `put clotho_captions_{development,evaluation}.csv in ${dir} or set ZSAUDIT_BENCH_CLOTHO_DIR to their folder`,
    );
  }
  const captions: string[] = [];
  for (const f of CLOTHO_FILES) {
    const file = path.join(dir, f);
    const [header, ...rows] = parseCsv(fs.readFileSync(file, 'utf8'));
    const cols = header
      .map((h, i) => [h.trim(), i] as const)
      .filter(([h]) => /^caption_\d+$/.test(h))
      .map(([, i]) => i);
    if (cols.length === 0) throw new Error(`${file}: no caption_N columns in header ${header.join(',')}`);
    for (const r of rows) for (const c of cols) if (r[c]?.trim()) captions.push(r[c]);
  }
  if (captions.length === 0) throw new Error(`no captions in the Clotho files in ${dir}`);
  return captions;
}

const YT_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Writes an AudioCaps-format `train.csv` (audiocap_id, youtube_id, start_time, caption) of `size` captions sampled
 * with replacement from `captions` by mulberry32(`seed`). Deterministic: same inputs, same bytes; a smaller size's
 * file is the first rows of a larger one's. Written in blocks of rows, so a large file is never one string.
 */
export function writeAudioCapsTrain(
  file: string,
  captions: readonly string[],
  size: number,
  seed: number,
): void {
  const rand = mulberry32(seed);
  const fd = fs.openSync(file, 'w');
  try {
    let lines = ['audiocap_id,youtube_id,start_time,caption'];
    for (let i = 0; i < size; i++) {
      const caption = captions[Math.floor(rand() * captions.length)];
      let yt = '';
      for (let k = 0; k < 11; k++) yt += YT_ALPHABET[Math.floor(rand() * YT_ALPHABET.length)];
      const start = Math.floor(rand() * 30) * 10;
      lines.push([String(100000 + i), yt, String(start), csvField(caption)].join(','));
      if (lines.length === 10_000) {
        fs.writeSync(fd, lines.join('\n') + '\n');
        lines = [];
      }
    }
    if (lines.length > 0) fs.writeSync(fd, lines.join('\n') + '\n');
  } finally {
    fs.closeSync(fd);
  }
}
