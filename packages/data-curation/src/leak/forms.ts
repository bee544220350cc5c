import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { contentHashCacheDir, sha256, writeFileAtomic } from '@zsaudit/core';
import { nounForms, verbForms } from '../text/inflect';
import { isStopWord } from '../text/stopwords';
import { tokenize } from '../text/tokenize';
import { readUtf8Strict } from '../formats/common';
import { CurationInputError } from '../types';

/**
 * How strictly a text is checked, each level including the ones before it:
 * - `exact`: the label's own phrase as written ("crying baby", "dog");
 * - `inflections` (default): the phrases that name the class in its own words, inflected and reordered
 *   ("dogs", "a baby cries", "babies crying", "sneezes", "laughter");
 * - `synonyms`: also other words that name the class or its sound ("cockerel", "honking", "typing", "thunder");
 * - `words`: also any content word of the label or of its synonyms on its own, inflected ("knocking", "door",
 *   "wood", "water", "birds", "keyboard"), so no label word stays in a clean set; the table's look-alike phrases
 *   do not suppress these hits (a "hot dog" still says "dog"), context rules for true homographs still apply.
 * The order is the order of strictness: a text that leaks at one level leaks at every level after it.
 */
export const STRICTNESS_LEVELS = ['exact', 'inflections', 'synonyms', 'words'] as const;
export type Strictness = (typeof STRICTNESS_LEVELS)[number];

/** Position of a level in STRICTNESS_LEVELS: a hit found at level `h` counts at every level `l` with rank(h) <= rank(l). */
export function strictnessRank(level: Strictness): number {
  const rank = STRICTNESS_LEVELS.indexOf(level);
  if (rank < 0)
    throw new Error(`unknown strictness "${String(level)}"; expected one of ${STRICTNESS_LEVELS.join(', ')}`);
  return rank;
}

const contextList = z.array(z.string().min(1)).optional();

/**
 * One form of a label: a pattern, optionally with the words that must or must not stand right before or after it
 * (for words with another common sense: "saw" the verb, "can" the modal, "train" the verb).
 */
const formEntrySchema = z.union([
  z.string().min(1),
  z
    .object({
      pattern: z.string().min(1),
      after: contextList,
      notAfter: contextList,
      before: contextList,
      notBefore: contextList,
      note: z.string().optional(),
    })
    .strict(),
]);
export type FormEntry = z.infer<typeof formEntrySchema>;

const labelFormsSchema = z
  .object({
    /** Replaces the label's own phrase at the exact level, e.g. to add context rules to it. */
    exact: z.array(formEntrySchema).optional(),
    forms: z.array(formEntrySchema).optional(),
    synonyms: z.array(formEntrySchema).optional(),
    /**
     * The label's content words (level `words`): each one word, or alternatives of one word, with its inflection
     * tag and, for a true homograph only, context rules ("saw" but not "I saw"). Never a stop-word.
     */
    words: z.array(formEntrySchema).optional(),
    /** Phrases that contain a form but do not name the class ("hot dog", "wind chimes"); a hit inside one is a look-alike. */
    lookalikes: z.array(z.string().min(1)).optional(),
    note: z.string().optional(),
  })
  .strict();
export type LabelForms = z.infer<typeof labelFormsSchema>;

export const formsTableSchema = z
  .object({
    version: z.string().min(1),
    labelSet: z.string().min(1),
    description: z.string().optional(),
    /** Shared word lists referenced with YAML anchors (`&subjects` ... `*subjects`). */
    definitions: z.record(z.string(), z.unknown()).optional(),
    labels: z.record(z.string(), labelFormsSchema),
  })
  .strict();
export type FormsTable = z.infer<typeof formsTableSchema>;

/** A reviewed forms table with where it came from, for the outputs' provenance. */
export interface LoadedFormsTable {
  table: FormsTable;
  file: string | null;
  sha256: string | null;
}

/** The folder of files bundled with this package (label sets, forms tables); the same from src/ and dist/. */
export const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');
export const BUNDLED_FORMS_FILE = path.join(PACKAGE_ROOT, 'forms', 'esc50.forms.yaml');

/** Reads and validates a forms table (YAML or JSON); errors name the file and the offending entry. */
export function loadFormsTable(file: string = BUNDLED_FORMS_FILE): LoadedFormsTable {
  if (!fs.existsSync(file)) throw new CurationInputError(file, null, 'forms table not found');
  const text = readUtf8Strict(file);
  const hash = sha256(text);
  const doc = parseFormsYaml(text, hash, file);
  const parsed = formsTableSchema.safeParse(doc);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('\n');
    throw new Error(`${file}: invalid forms table:\n${issues}`);
  }
  const problems = formsTableProblems(parsed.data);
  if (problems.length)
    throw new Error(`${file}: invalid forms table:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  return { table: parsed.data, file, sha256: hash };
}

/**
 * The YAML of a forms table parsed, through a cache of parsed tables by content (sha256 of the text) in the zsaudit
 * cache folder: the yaml parser's first call in a process took 110-190 ms, a third of curating 50,000 captions
 * (tools/bench), where JSON.parse takes 1 ms. The result is validated like a fresh parse; an unreadable cache
 * entry is parsed again, and an unwritable cache folder only costs the time.
 */
function parseFormsYaml(text: string, hash: string, file: string): unknown {
  const cached = path.join(contentHashCacheDir(), `forms-${hash}.json`);
  try {
    return JSON.parse(fs.readFileSync(cached, 'utf8'));
  } catch {
    // Not cached yet (or cut short): parse the YAML.
  }
  let doc: unknown;
  try {
    doc = YAML.parse(text, { prettyErrors: true });
  } catch (err) {
    throw new Error(`${file}: cannot parse forms table: ${(err as Error).message}`);
  }
  try {
    writeFileAtomic(cached, JSON.stringify(doc));
  } catch {
    // A read-only cache folder: the next run parses again.
  }
  return doc;
}

/** The non-stop-words of a label's phrase, which its `words` list must contain: door_wood_knock -> door, wood, knock. */
export function labelContentWords(label: string): string[] {
  return normalizedLabelPhrase(label)
    .split(' ')
    .filter((w) => w && !isStopWord(w));
}

/**
 * What is wrong with one label's `words` list, as messages naming the label and the word: an entry that is not
 * one word, an entry that is a stop-word, a content word of the label phrase the list lacks.
 */
export function labelWordsProblems(label: string, entry: LabelForms | undefined): string[] {
  if (!entry?.words) return [];
  const where = `labels.${label}.words`;
  const problems: string[] = [];
  const covered = new Set<string>();
  for (const form of entry.words) {
    const source = typeof form === 'string' ? form : form.pattern;
    let slots: Set<string>[];
    try {
      slots = parsePattern(source, true).slots;
    } catch (err) {
      problems.push(`${where}: ${(err as Error).message}`);
      continue;
    }
    if (slots.length !== 1) {
      problems.push(
        `${where}: "${source}" is not one word (a content word is one word, or (a|b) alternatives)`,
      );
      continue;
    }
    const written = parsePattern(source, false).slots[0];
    for (const w of written)
      if (isStopWord(w)) problems.push(`${where}: "${w}" is a stop-word, never a content word of ${label}`);
    slots[0].forEach((w) => covered.add(w));
  }
  for (const w of labelContentWords(label))
    if (!covered.has(w)) problems.push(`${where}: lacks "${w}", a content word of the label ${label}`);
  return problems;
}

/** Every problem of a parsed table that its schema cannot express (see labelWordsProblems). */
export function formsTableProblems(table: FormsTable): string[] {
  return Object.entries(table.labels).flatMap(([label, entry]) => labelWordsProblems(label, entry));
}

/** One position of a pattern: the set of word forms that may stand there. */
export type Slot = ReadonlySet<string>;

export interface CompiledPattern {
  label: string;
  level: Strictness;
  /** The pattern as written in the table, e.g. "(knock|rap)/v ~3 door/n". */
  source: string;
  slots: Slot[];
  /** gaps[i]: how many other words may stand between slot i and slot i+1. */
  gaps: number[];
  after?: string[][];
  notAfter?: string[][];
  before?: string[][];
  notBefore?: string[][];
}

/** Expands one slot word by its tag: /n noun forms, /v verb forms, /nv both, none: as written. */
function expandWord(word: string, tag: string | undefined, inflect: boolean): string[] {
  if (!inflect || !tag) return [word];
  const out: string[] = [];
  if (tag.includes('n')) out.push(...nounForms(word));
  if (tag.includes('v')) out.push(...verbForms(word));
  return out;
}

const SLOT_RE = /^(?:\(([a-z0-9'|]+)\)|([a-z0-9']+))(?:\/(n|v|nv))?$/;

/**
 * Parses the pattern language of the forms table:
 *   `word`            the word as written;            `word/n` `word/v` `word/nv`  with its noun/verb inflections;
 *   `(a|b|c)/v`       any of several words;           `~N`  up to N other words in between (same sentence).
 * Adjacent slots have no gap. With `inflect` false (the `exact` level) tags are ignored.
 */
export function parsePattern(source: string, inflect: boolean): { slots: Set<string>[]; gaps: number[] } {
  const parts = source.trim().toLowerCase().split(/\s+/);
  const slots: Set<string>[] = [];
  const gaps: number[] = [];
  let pendingGap = 0;
  for (const part of parts) {
    const gap = /^~(\d+)$/.exec(part);
    if (gap) {
      if (slots.length === 0) throw new Error(`pattern "${source}": a gap cannot start a pattern`);
      pendingGap = Number(gap[1]);
      continue;
    }
    const m = SLOT_RE.exec(part);
    if (!m)
      throw new Error(
        `pattern "${source}": cannot read "${part}" (expected word, (a|b), optional /n /v /nv, or ~N)`,
      );
    const words = (m[1] ?? m[2]).split('|').filter(Boolean);
    const slot = new Set<string>();
    for (const w of words) for (const f of expandWord(w, m[3], inflect)) slot.add(f);
    if (slots.length > 0) gaps.push(pendingGap);
    pendingGap = 0;
    slots.push(slot);
  }
  if (slots.length === 0) throw new Error(`pattern "${source}" is empty`);
  if (pendingGap) throw new Error(`pattern "${source}": a gap cannot end a pattern`);
  return { slots, gaps };
}

/**
 * The label's own phrase as the matcher compares it, and as the `exact` level matches it: underscores are spaces,
 * then the words normalised like text tokens (lower case, accents folded): "Crying_Baby" -> "crying baby". Core's
 * `labelPhrase` only swaps underscores, for prompts and reports.
 */
export function normalizedLabelPhrase(label: string): string {
  return tokenize(label.replace(/_/g, ' '))
    .map((t) => t.norm)
    .join(' ');
}

const toContext = (list: string[] | undefined) =>
  list?.map((phrase) => tokenize(phrase).map((t) => t.norm)).filter((words) => words.length > 0);

/**
 * Compiles the patterns of one label up to a strictness level. A label missing from the table gets generated
 * forms: its phrase (exact), the phrase with every word in singular and plural (inflections) and each
 * non-stop-word of the phrase as a noun or verb (words); the caller records that its forms were generated, not
 * reviewed.
 */
export function compileLabel(
  label: string,
  entry: LabelForms | undefined,
  strictness: Strictness,
): CompiledPattern[] {
  const maxLevel = strictnessRank(strictness);
  const out: CompiledPattern[] = [];
  const add = (level: Strictness, form: FormEntry) => {
    if (strictnessRank(level) > maxLevel) return;
    const spec = typeof form === 'string' ? { pattern: form } : form;
    const { slots, gaps } = parsePattern(spec.pattern, level !== 'exact');
    out.push({
      label,
      level,
      source: spec.pattern,
      slots,
      gaps,
      after: 'after' in spec ? toContext(spec.after) : undefined,
      notAfter: 'notAfter' in spec ? toContext(spec.notAfter) : undefined,
      before: 'before' in spec ? toContext(spec.before) : undefined,
      notBefore: 'notBefore' in spec ? toContext(spec.notBefore) : undefined,
    });
  };
  const phrase = normalizedLabelPhrase(label);
  // A table entry may restate the exact phrase with context rules ("train" but not "to train"); it then replaces the default.
  if (entry?.exact?.length) entry.exact.forEach((f) => add('exact', f));
  else add('exact', phrase);
  if (entry) {
    entry.forms?.forEach((f) => add('inflections', f));
    entry.synonyms?.forEach((f) => add('synonyms', f));
  } else {
    add(
      'inflections',
      phrase
        .split(' ')
        .map((w) => `${w}/n`)
        .join(' '),
    );
  }
  // An entry without a `words` list (a table from before the level) gets the same generated words as a missing label.
  if (entry?.words) entry.words.forEach((f) => add('words', f));
  else labelContentWords(label).forEach((w) => add('words', `${w}/nv`));
  return out;
}
