import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { loadLabelSet } from '../labels';
import { nounForms } from '../text/inflect';
import { WordNet, type WordNetPos } from '../text/wordnet';
import {
  compileLabel,
  loadFormsTable,
  normalizedLabelPhrase,
  STRICTNESS_LEVELS,
  strictnessRank,
  type LabelForms,
  type Strictness,
} from './forms';
import { buildLeakMatcher, type LeakHit, type LeakMatcher } from './matcher';

export interface ReviewLine {
  label: string;
  lemma: string;
  pos: WordNetPos;
  gloss: string;
  /**
   * Each word of the synset, whether the forms table already finds it at the synonyms level, and the lowest level
   * that finds it (null: none, not even `words`).
   */
  words: { word: string; covered: boolean; level: Strictness | null }[];
  /** The label's content words, as the `words` level matches them (the table's `words` list, or generated ones). */
  contentWords: string[];
}

/** The patterns of a label's `words` level: its table entry's `words` list, or the words generated for it. */
export function contentWordsOf(label: string, entry: LabelForms | undefined): string[] {
  return compileLabel(label, entry, 'words')
    .filter((p) => p.level === 'words')
    .map((p) => p.source);
}

/** The lowest level of a leak hit of `label`, or null. */
function leakLevel(hits: LeakHit[], label: string): Strictness | null {
  let best: Strictness | null = null;
  for (const h of hits)
    if (h.label === label && h.status === 'leak' && (!best || strictnessRank(h.level) < strictnessRank(best)))
      best = h.level;
  return best;
}

/**
 * A review sheet for the forms table: for each label, the WordNet synsets of its phrase (or, for a phrase WordNet
 * lacks, of each of its words) with every synonym marked covered or not by the table at the synonyms level (and
 * the lowest level that finds it, `words` included), and the label's content words. WordNet over-expands (a synset can hold unrelated senses), so this only proposes: a person decides, and the
 * table records the decision.
 */
export function formsReview(
  opts: { labels?: string; forms?: string; only?: string[]; senses?: number } = {},
): ReviewLine[] {
  const labelSet = loadLabelSet(opts.labels);
  const { table } = loadFormsTable(opts.forms);
  const names = labelSet.labels.map((l) => l.name).filter((l) => !opts.only?.length || opts.only.includes(l));
  const wordnet = new WordNet();
  const out: ReviewLine[] = [];
  for (const label of names) {
    const matcher = buildLeakMatcher([label], table, { strictness: 'words' });
    const contentWords = contentWordsOf(label, table.labels[label]);
    const phrase = normalizedLabelPhrase(label);
    const words = phrase.split(' ');
    const lemmas = [phrase, ...(words.length > 1 ? words : [])].flatMap((w) => [...new Set(nounForms(w))]);
    for (const lemma of [...new Set(lemmas)]) {
      for (const pos of ['noun', 'verb'] as const) {
        for (const synset of wordnet.lookup(lemma, pos).slice(0, opts.senses ?? 3)) {
          out.push({
            label,
            lemma,
            pos,
            gloss: synset.gloss,
            words: synset.words.map((word) => {
              const level = leakLevel(matcher.match(word), label);
              return {
                word,
                covered: level !== null && strictnessRank(level) <= strictnessRank('synonyms'),
                level,
              };
            }),
            contentWords,
          });
        }
      }
    }
  }
  return out;
}

/** One caption of a corpus, for checking the forms table against real text. */
export interface ReviewCaption {
  split: string;
  clip: string;
  text: string;
}

/** The captions of Clotho's caption files in `dir` (clotho_captions_<split>.csv), in file order; empty ones skipped. */
export function readClothoCaptions(dir: string): ReviewCaption[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => /^clotho_captions_.+\.csv$/.test(f))
    .sort();
  if (files.length === 0) throw new Error(`${dir}: no clotho_captions_*.csv file`);
  const out: ReviewCaption[] = [];
  for (const file of files) {
    const split = /^clotho_captions_(.+)\.csv$/.exec(file)![1];
    const rows: Record<string, string>[] = parseCsv(fs.readFileSync(path.join(dir, file)), {
      columns: true,
      bom: true,
    });
    for (const row of rows)
      for (let k = 1; k <= 5; k++) {
        const text = row[`caption_${k}`] ?? '';
        if (text.trim()) out.push({ split, clip: row.file_name, text });
      }
  }
  return out;
}

/** Captions and clips that leak at least one label, per split (and "all"), at each level. */
export type LevelCounts = Record<string, Record<Strictness, { captions: number; clips: number }>>;

/**
 * How many captions (and clips, a clip leaking when any of its captions does) each level flags, from one pass of
 * `matcher` (built at `words`), using the contract that a leak hit counts at its own level and every stricter one.
 */
export function leakCountsByLevel(matcher: LeakMatcher, captions: readonly ReviewCaption[]): LevelCounts {
  const captionCounts = new Map<string, number[]>();
  const clipRank = new Map<string, { split: string; rank: number }>();
  for (const c of captions) {
    let rank = Infinity;
    for (const h of matcher.match(c.text))
      if (h.status === 'leak') rank = Math.min(rank, strictnessRank(h.level));
    for (const split of [c.split, 'all']) {
      let counts = captionCounts.get(split);
      if (!counts) captionCounts.set(split, (counts = STRICTNESS_LEVELS.map(() => 0)));
      for (let r = rank; r < STRICTNESS_LEVELS.length; r++) counts[r]++;
    }
    const key = `${c.split}\u0000${c.clip}`;
    clipRank.set(key, { split: c.split, rank: Math.min(rank, clipRank.get(key)?.rank ?? Infinity) });
  }
  const out: LevelCounts = {};
  for (const [split, counts] of captionCounts) {
    out[split] = {} as LevelCounts[string];
    STRICTNESS_LEVELS.forEach((level, r) => (out[split][level] = { captions: counts[r], clips: 0 }));
  }
  for (const { split, rank } of clipRank.values())
    for (const s of [split, 'all'])
      for (let r = rank; r < STRICTNESS_LEVELS.length; r++) out[s][STRICTNESS_LEVELS[r]].clips++;
  return out;
}

/** What one form of the table matches in real captions, for reading it before the table takes it. */
export interface FormUse {
  label: string;
  level: Strictness;
  form: string;
  /** Captions with a leak hit of this form. */
  captions: number;
  /** Of those, captions in which no other form flags the label at this level or below: what the form adds. */
  added: number;
  /** Per matched text (lower case): captions, added captions and a few example captions (added ones first). */
  matched: { text: string; captions: number; added: number; examples: string[] }[];
}

/**
 * For each of `forms` (label, level, pattern as written in the table), the distinct phrases it matches in the
 * captions, with counts and examples, from one pass of `matcher` (built at `words`). A form shadowed by a
 * lower-level hit on the same span adds nothing there and is not counted.
 */
export function formUses(
  matcher: LeakMatcher,
  captions: readonly ReviewCaption[],
  forms: readonly { label: string; level: Strictness; form: string }[],
  examples = 3,
): FormUse[] {
  type Matched = { text: string; captions: number; added: number; addedExamples: string[]; others: string[] };
  const keyOf = (label: string, level: Strictness, form: string) => `${label}\u0000${level}\u0000${form}`;
  const uses = new Map<string, FormUse & { byText: Map<string, Matched> }>();
  for (const f of forms)
    uses.set(keyOf(f.label, f.level, f.form), {
      ...f,
      captions: 0,
      added: 0,
      matched: [],
      byText: new Map(),
    });
  for (const c of captions) {
    const hits = matcher.match(c.text).filter((h) => h.status === 'leak');
    // Each caption counts once per form and once per matched text of it.
    const counted = new Set<string>();
    for (const h of hits) {
      const key = keyOf(h.label, h.level, h.form);
      const use = uses.get(key);
      if (!use) continue;
      const added = !hits.some(
        (o) => o.label === h.label && o.form !== h.form && strictnessRank(o.level) <= strictnessRank(h.level),
      );
      if (!counted.has(key)) {
        counted.add(key);
        use.captions++;
        if (added) use.added++;
      }
      const text = h.matched.toLowerCase();
      if (counted.has(`${key}\u0000${text}`)) continue;
      counted.add(`${key}\u0000${text}`);
      let m = use.byText.get(text);
      if (!m) use.byText.set(text, (m = { text, captions: 0, added: 0, addedExamples: [], others: [] }));
      m.captions++;
      if (added) m.added++;
      const list = added ? m.addedExamples : m.others;
      if (list.length < examples) list.push(c.text);
    }
  }
  return [...uses.values()].map(({ byText, ...use }) => ({
    ...use,
    // Added examples first: they show what the form changes.
    matched: [...byText.values()]
      .map(({ addedExamples, others, ...m }) => ({
        ...m,
        examples: [...addedExamples, ...others].slice(0, examples),
      }))
      .sort((a, b) => b.captions - a.captions || a.text.localeCompare(b.text)),
  }));
}
