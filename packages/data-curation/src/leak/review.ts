import { loadLabelSet } from '../labels';
import { nounForms } from '../text/inflect';
import { WordNet, type WordNetPos } from '../text/wordnet';
import { loadFormsTable, normalizedLabelPhrase } from './forms';
import { buildLeakMatcher } from './matcher';

export interface ReviewLine {
  label: string;
  lemma: string;
  pos: WordNetPos;
  gloss: string;
  /** Each word of the synset, and whether the forms table already finds it at the synonyms level. */
  words: { word: string; covered: boolean }[];
}

/**
 * A review sheet for the forms table: for each label, the WordNet synsets of its phrase (or, for a phrase WordNet
 * lacks, of each of its words) with every synonym marked covered or not by the table at the synonyms level.
 * WordNet over-expands (a synset can hold unrelated senses), so this only proposes: a person decides, and the
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
    const matcher = buildLeakMatcher([label], table, { strictness: 'synonyms' });
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
            words: synset.words.map((word) => ({
              word,
              covered: matcher.match(word).some((h) => h.status === 'leak'),
            })),
          });
        }
      }
    }
  }
  return out;
}
