import type { Command } from 'commander';
import {
  buildLeakMatcher,
  labelPhrase,
  loadFormsTable,
  loadLabelSet,
  nounForms,
} from '@zsaudit/data-curation';
import { WordNet, type WordNetPos } from '../wordnet';

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
    const phrase = labelPhrase(label);
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

export function registerFormsReview(program: Command): void {
  program
    .command('forms-review')
    .description(
      "List WordNet synonyms of each label and whether the forms table covers them (a reviewer's aid)",
    )
    .option('--label <name...>', 'only these labels')
    .option('--labels <file>', 'label set (default ESC-50)')
    .option('--forms <file>', 'forms table (default the bundled ESC-50 table)')
    .option('--senses <n>', 'senses per lemma and part of speech', '3')
    .option('--missing', 'show only synsets with words the table does not cover')
    .action((o: { label?: string[]; labels?: string; forms?: string; senses: string; missing?: boolean }) => {
      const lines = formsReview({
        labels: o.labels,
        forms: o.forms,
        only: o.label,
        senses: Number(o.senses),
      });
      for (const l of lines) {
        if (o.missing && l.words.every((w) => w.covered)) continue;
        const words = l.words.map((w) => `${w.covered ? '+' : '-'}${w.word}`).join(', ');
        console.log(`${l.label}\t${l.lemma}/${l.pos}\t${words}\t(${l.gloss.slice(0, 80)})`);
      }
    });
}
