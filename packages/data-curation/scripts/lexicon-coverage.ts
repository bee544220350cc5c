/**
 * Which names the embedded sound world gives an ESC-50 class does the forms table miss? For each class of the
 * world's lexicon that is an ESC-50 class (or names one at the synonyms level, e.g. thunder), every phrase the
 * world uses to name it (forms, plural, subject + verb, synonyms) is matched at `synonyms`; the misses print.
 *
 *   npx tsx packages/data-curation/scripts/lexicon-coverage.ts [--forms table.yaml]
 */
import { parseArgs } from 'node:util';
import { LEXICON, ONTOLOGY } from '@zsaudit/soundworld';
import { loadLabelSet } from '../src/labels';
import { loadFormsTable } from '../src/leak/forms';
import { buildLeakMatcher } from '../src/leak/matcher';

const { values: args } = parseArgs({ options: { forms: { type: 'string' } } });
const labels = loadLabelSet().labels.map((l) => l.name);
const matcher = buildLeakMatcher(labels, loadFormsTable(args.forms).table, { strictness: 'synonyms' });

let checked = 0;
const misses: string[] = [];
for (const c of ONTOLOGY) {
  const target = c.esc50Target !== null ? c.name : c.synonymOf;
  if (!target) continue;
  const lex = LEXICON[c.name];
  const phrases = [...lex.forms, lex.plural, ...lex.verbs.map((v) => `${lex.subject} ${v}`), ...lex.synonyms];
  for (const phrase of phrases) {
    checked++;
    if (!matcher.match(phrase).some((h) => h.label === target && h.status === 'leak'))
      misses.push(`${c.name} -> ${target}: "${phrase}"`);
  }
}
console.log(
  `${checked} phrases the world uses to name an ESC-50 class; ${misses.length} not found at synonyms:`,
);
for (const m of misses) console.log(`  ${m}`);
