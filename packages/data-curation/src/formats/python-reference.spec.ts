/**
 * Cross-check of the CSV loading against an independent reader: Python's csv module (Debian's /usr/bin/python3)
 * on the real Clotho v1 captions must give the same clips and captions as loadClotho. Without ../shared/data the
 * check skips (an error under CI=true); without Python it skips, or fails under CI=true.
 */
import * as path from 'node:path';
import { itWithPython, runPythonJson, sharedDataPath } from '@zsaudit/testing';
import { loadClotho } from './clotho';

const CLOTHO = sharedDataPath('clotho');
const describeIf = CLOTHO ? describe : describe.skip;

const SCRIPT = `
import csv, json, sys
out = {}
for f in sys.argv[1:]:
    with open(f, newline='', encoding='utf-8-sig') as fh:
        for row in csv.DictReader(fh):
            out[row['file_name']] = [row['caption_%d' % k].strip() for k in range(1, 6)]
print(json.dumps(out))
`;

describeIf('Clotho loading against Python csv', () => {
  itWithPython(['csv', 'json'], 'reads the same clips and captions', () => {
    const files = ['development', 'evaluation'].map((s) => path.join(CLOTHO!, `clotho_captions_${s}.csv`));
    const reference = runPythonJson<Record<string, string[]>>(SCRIPT, files);
    const loaded = loadClotho(CLOTHO!);
    expect(loaded.clips.length).toBe(Object.keys(reference).length);
    expect(loaded.exclusions.filter((e) => e.reason !== 'empty-text')).toEqual([]);
    for (const clip of loaded.clips) {
      const ref = reference[clip.sourceId];
      expect(ref).toBeDefined();
      const refTexts = ref
        .map((text, k) => ({ field: `caption_${k + 1}`, text }))
        .filter((t) => t.text !== '');
      expect(clip.texts.map((t) => ({ field: t.field, text: t.text }))).toEqual(refTexts);
    }
  });
});
