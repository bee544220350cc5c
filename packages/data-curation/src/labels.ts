import * as fs from 'node:fs';
import * as path from 'node:path';
import { readUtf8Strict } from './formats/common';
import { readCsvTable } from './formats/csv';
import { PACKAGE_ROOT } from './leak/forms';
import { CurationInputError } from './types';

/** One class of a label set. */
export interface LabelEntry {
  /** The class name as the dataset writes it (`crying_baby`). */
  name: string;
  /** The class index (ESC-50's `target`), or the row order for a plain list. */
  target: number;
  /** The class's group (ESC-50's major categories), if the file gives one. */
  group: string | null;
}

export interface LabelSet {
  /** Name of the set, from the file name (`esc50`, `urbansound8k`). */
  name: string;
  file: string;
  labels: LabelEntry[];
}

/** The ESC-50 class list bundled with this package (a copy of ESC-50's classes with their targets and groups). */
export const BUNDLED_ESC50_LABELS = path.join(PACKAGE_ROOT, 'labels', 'esc50.csv');

/**
 * Reads a label set: a CSV with `target` + `category` columns (ESC-50's class list, or its `meta/esc50.csv`,
 * deduplicated), a CSV with a `label` (or `class`, `name`) column, or a plain text file with one label per line.
 */
export function loadLabelSet(file: string = BUNDLED_ESC50_LABELS): LabelSet {
  const abs = path.resolve(file);
  if (!fs.existsSync(abs)) throw new CurationInputError(abs, null, 'label set file not found');
  const name = path.basename(abs).replace(/\.(csv|txt)$/i, '');
  // Strict UTF-8, every line break (CR-only old Mac files too) made LF.
  const text = readUtf8Strict(abs);
  const firstLine = text.split('\n', 1)[0];
  const labels: LabelEntry[] = [];
  if (firstLine.includes(',')) {
    const header = firstLine.split(',').map((h) => h.trim());
    const nameCol = ['category', 'label', 'class', 'name'].find((c) => header.includes(c));
    if (!nameCol)
      throw new CurationInputError(abs, 1, 'label CSV needs a "category", "label", "class" or "name" column');
    const table = readCsvTable(abs, [nameCol]);
    if (table.exclusions.length) {
      const e = table.exclusions[0];
      throw new CurationInputError(abs, e.row, `malformed label row: ${e.message}`);
    }
    const seen = new Map<string, number>();
    for (const row of table.rows) {
      const label = row.values[nameCol].trim();
      if (!label) throw new CurationInputError(abs, row.line, 'empty label');
      const target = header.includes('target') ? Number(row.values.target) : seen.size;
      if (!Number.isInteger(target) || target < 0) {
        throw new CurationInputError(
          abs,
          row.line,
          `target "${row.values.target}" is not a non-negative integer`,
        );
      }
      const prev = seen.get(label);
      if (prev !== undefined) {
        if (prev !== target)
          throw new CurationInputError(abs, row.line, `label "${label}" has targets ${prev} and ${target}`);
        continue;
      }
      seen.set(label, target);
      labels.push({ name: label, target, group: row.values.group ?? null });
    }
  } else {
    text.split('\n').forEach((line) => {
      const label = line.trim();
      if (label && !label.startsWith('#')) labels.push({ name: label, target: labels.length, group: null });
    });
  }
  if (labels.length === 0) throw new CurationInputError(abs, null, 'label set is empty');
  labels.sort((a, b) => a.target - b.target);
  return { name, file: abs, labels };
}
