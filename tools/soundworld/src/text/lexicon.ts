/**
 * The words of the sound world: for every class of the ontology, how people name it (label forms, synonyms),
 * what it is a kind of (hypernym), what it does (sound verbs) and how it is described without being named.
 * Captions, Freesound-style tags and the text-pretraining corpus are all built from these words, so whether a
 * text names an ESC-50 class is decided here, once.
 *
 * Rules the entries keep (checked by lexicon.spec.ts, and against the curation stage's reviewed forms table
 * packages/data-curation/forms/esc50.forms.yaml, read there as plain text):
 *  - `forms`, `plural` and `subject + verb` of an ESC-50 class name it by its label (the table's `forms` level);
 *  - `synonyms` name it only by another word (the table's `synonyms` level, or a spelling variant);
 *  - `hypernym`, its predicates and every `descriptions` phrase name no ESC-50 class, with no word of any
 *    ESC-50 class's forms or synonyms except the generic words in GENERIC_FORM_WORDS;
 *  - the words of a class that is not in ESC-50 (and not a synonym's class, SYNONYM_OF) name no ESC-50 class.
 *
 * The words themselves are data, in data/lexicon.json (read and validated once, at import): `genericFormWords`
 * (GENERIC_FORM_WORDS), `hypernymPredicates` (HYPERNYM_PREDICATES), `esc50` (the 50 ESC-50 classes) and `other`
 * (the classes that are not in ESC-50; those of the synonyms' classes, SYNONYM_OF, name their ESC-50 class at
 * the synonyms level by design). Key order is iteration order, so it is part of the world.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { ONTOLOGY, soundClass } from '../ontology';
import { DATA_DIR } from '../package-root';

export interface Lexicon {
  /** The label named plainly, as noun phrases; the first is the canonical form ("a dog", "a toilet flushing"). */
  forms: string[];
  /** Plural (or plural-like) of the canonical form ("dogs"). */
  plural: string;
  /** Other words that name the class or its sound ("a puppy", "a hound", "barking"). */
  synonyms: string[];
  /** What the source is a kind of ("an animal", "a vehicle"); never names an ESC-50 class. */
  hypernym: string;
  /**
   * The noun phrase that takes `verbs` ("a dog" barks, "a toilet" flushes, "someone" sneezes, "birds" chirp):
   * for an ESC-50 class `subject + ' ' + verb` names the class by its label.
   */
  subject: string;
  /** Sound verbs agreeing with `subject` (third person: "barks"; plural subject: "chirp"); may carry a complement. */
  verbs: string[];
  /** -ing forms of the sound ("barking"). */
  gerunds: string[];
  /** 3-6 phrases describing the sound without naming the class, its synonyms or any ESC-50 class. */
  descriptions: string[];
}

/** Non-empty phrases: the captioners draw one of each list. */
const phrases = z.array(z.string().min(1)).min(1);
const lexiconSchema = z
  .object({
    forms: phrases,
    plural: z.string().min(1),
    synonyms: phrases,
    hypernym: z.string().min(1),
    subject: z.string().min(1),
    verbs: phrases,
    gerunds: phrases,
    descriptions: phrases,
  })
  .strict() satisfies z.ZodType<Lexicon>;
const lexiconFileSchema = z
  .object({
    genericFormWords: z.array(z.string().min(1)),
    hypernymPredicates: z.record(z.string(), phrases),
    esc50: z.record(z.string(), lexiconSchema),
    other: z.record(z.string(), lexiconSchema),
  })
  .strict();

/** The lexicon's data file. */
export const LEXICON_FILE = path.join(DATA_DIR, 'lexicon.json');

/** Reads and validates the lexicon's data file; errors name the file and the offending key. */
export function loadLexiconFile(file: string): z.infer<typeof lexiconFileSchema> {
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: cannot read lexicon: ${(err as Error).message}`);
  }
  const parsed = lexiconFileSchema.safeParse(doc);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('\n');
    throw new Error(`${file}: invalid lexicon:\n${issues}`);
  }
  for (const name of Object.keys(parsed.data.other))
    if (Object.prototype.hasOwnProperty.call(parsed.data.esc50, name))
      throw new Error(`${file}: invalid lexicon:\n  other.${name}: class is also under esc50`);
  return parsed.data;
}

const DATA = loadLexiconFile(LEXICON_FILE);

/**
 * Words of the ESC-50 forms table that appear there only inside multi-word patterns ("water" in "water drops",
 * "door" in "knocking on a door") and name no class by themselves, as the table's policy says; a description
 * may use them. Every other word of the table (and its inflections) is banned from descriptions and hypernyms.
 */
export const GENERIC_FORM_WORDS: readonly string[] = DATA.genericFormWords;

/** Predicates of each hypernym, agreeing with it, that name no class ("an animal" calls out). */
export const HYPERNYM_PREDICATES: Record<string, string[]> = DATA.hypernymPredicates;

/** The lexicon of every class of the ontology, keyed by class name: the ESC-50 classes, then the others. */
export const LEXICON: Record<string, Lexicon> = { ...DATA.esc50, ...DATA.other };

/** The lexicon of a class; throws for a name that is not a class of the ontology. */
export function lexiconOf(name: string): Lexicon {
  const lex = Object.prototype.hasOwnProperty.call(LEXICON, name) ? LEXICON[name] : undefined;
  if (!lex) throw new Error(`no lexicon for unknown sound class "${name}"`);
  return lex;
}

/** Strips a leading article or "someone" from a phrase: "a crying baby" -> "crying baby" (for tags and the corpus). */
export function bare(phrase: string): string {
  return phrase.replace(/^(a|an|the|someone|some)\s+/i, '');
}

/** True when a phrase is a noun phrase headed by an article ("a puppy", "the surf"), so it can take a verb. */
export function hasArticle(phrase: string): boolean {
  return /^(a|an|the)\s/i.test(phrase);
}

// Fail fast at import if the lexicon and the ontology drift apart.
for (const c of ONTOLOGY) if (!LEXICON[c.name]) throw new Error(`lexicon: class "${c.name}" has no entry`);
for (const name of Object.keys(LEXICON)) soundClass(name);
