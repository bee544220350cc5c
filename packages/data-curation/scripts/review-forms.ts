/**
 * Reads a forms table against the real Clotho captions before it is taken: how many captions and clips each
 * strictness level flags, and for every form that is new against a base table (or every form of one level), the
 * distinct phrases it matches with counts and example captions, so a reviewer reads each false positive.
 *
 *   npx tsx packages/data-curation/scripts/review-forms.ts [--base old.yaml] [--level words] [--label name]
 *       [--forms table.yaml] [--clotho dir] [--examples n]
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { loadLabelSet } from '../src/labels';
import { compileLabel, loadFormsTable, STRICTNESS_LEVELS, type Strictness } from '../src/leak/forms';
import { buildLeakMatcher } from '../src/leak/matcher';
import { formUses, leakCountsByLevel, readClothoCaptions } from '../src/leak/review';

const { values: args } = parseArgs({
  options: {
    base: { type: 'string' },
    level: { type: 'string' },
    label: { type: 'string', multiple: true },
    forms: { type: 'string' },
    clotho: { type: 'string', default: path.resolve(__dirname, '../../../../shared/data/clotho') },
    examples: { type: 'string', default: '3' },
  },
});

const labels = loadLabelSet().labels.map((l) => l.name);
const { table, file } = loadFormsTable(args.forms);
const captions = readClothoCaptions(args.clotho!);
const matcher = buildLeakMatcher(labels, table, { strictness: 'words' });

console.log(
  `${file} (version ${table.version}) against ${captions.length} Clotho captions in ${args.clotho}`,
);
const counts = Object.entries(leakCountsByLevel(matcher, captions));
for (const [split, byLevel] of [
  ...counts.filter(([s]) => s !== 'all'),
  ...counts.filter(([s]) => s === 'all'),
])
  console.log(
    `  ${split.padEnd(12)} ${STRICTNESS_LEVELS.map((l) => `${l} ${byLevel[l].captions} captions / ${byLevel[l].clips} clips`).join(', ')}`,
  );

/** Every compiled form of a table as label, level and pattern, optionally of one level only. */
const formsOf = (t: typeof table, level?: string) =>
  labels
    .filter((l) => !args.label?.length || args.label.includes(l))
    .flatMap((l) => compileLabel(l, t.labels[l], 'words'))
    .filter((p) => !level || p.level === level)
    .map((p) => ({ label: p.label, level: p.level as Strictness, form: p.source }));

let review = formsOf(table, args.level);
if (args.base) {
  // A form is new when the base table lacks it at that level; the base's generated words (no `words` list) do not count.
  const base = loadFormsTable(args.base).table;
  const old = new Set(
    formsOf(base)
      .filter((f) => f.level !== 'words' || base.labels[f.label]?.words)
      .map((f) => `${f.label}\t${f.level}\t${f.form}`),
  );
  review = review.filter((f) => !old.has(`${f.label}\t${f.level}\t${f.form}`));
}
if (!args.base && !args.level && !args.label?.length) process.exit(0);

for (const use of formUses(matcher, captions, review, Number(args.examples))) {
  console.log(`\n${use.label} ${use.level} "${use.form}": ${use.captions} captions, ${use.added} added`);
  for (const m of use.matched) {
    console.log(`  ${m.text}: ${m.captions} (${m.added} added)`);
    for (const e of m.examples) console.log(`      | ${e}`);
  }
}
