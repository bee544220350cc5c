/**
 * Cross-check of the CSV loading against an independent reader: Python's csv module (Debian's /usr/bin/python3)
 * on the real Clotho v1 captions must give the same clips and captions as loadClotho.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sharedDataPath } from '../testing/shared-data';
import { loadClotho } from './clotho';

const PYTHON = '/usr/bin/python3';
const CLOTHO = sharedDataPath('clotho');
if (!fs.existsSync(PYTHON) && process.env.CI === 'true')
  throw new Error(`${PYTHON} missing: the reference check must run in CI`);
const describeIf = CLOTHO && fs.existsSync(PYTHON) ? describe : describe.skip;

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
  it('reads the same clips and captions', () => {
    const files = ['development', 'evaluation'].map((s) => path.join(CLOTHO!, `clotho_captions_${s}.csv`));
    const reference = JSON.parse(
      execFileSync(PYTHON, ['-c', SCRIPT, ...files], { maxBuffer: 64 << 20 }).toString(),
    ) as Record<string, string[]>;
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
