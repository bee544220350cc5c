import { loadLabelSet } from './packages/data-curation/src/labels';
import { loadFormsTable } from './packages/data-curation/src/leak/forms';
import { buildLeakMatcher } from './packages/data-curation/src/leak/matcher';
import { readCsvTable } from './packages/data-curation/src/formats/csv';
const m = buildLeakMatcher(loadLabelSet().labels.map((l) => l.name), loadFormsTable().table, { strictness: (process.argv[3] ?? 'inflections') as any });
const want = new RegExp(process.argv[2]);
let n = 0;
for (const f of ['development', 'evaluation']) {
  const t = readCsvTable(`/work/shared/data/clotho/clotho_captions_${f}.csv`, ['file_name']);
  for (const r of t.rows) for (let k = 1; k <= 5; k++) {
    const text = r.values[`caption_${k}`];
    for (const h of m.match(text)) if (want.test(`${h.label}:${h.matched.toLowerCase()}:${h.status}`) && n++ < 400) console.log(`${h.label}|${h.status}|${h.matched}| ${text.slice(Math.max(0, h.start - 40), h.end + 30)}`);
  }
}
