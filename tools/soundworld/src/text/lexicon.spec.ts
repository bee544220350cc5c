import * as fs from 'node:fs';
import * as path from 'node:path';
import { ONTOLOGY, soundClass } from '../ontology';
import * as os from 'node:os';
import {
  GENERIC_FORM_WORDS,
  HYPERNYM_PREDICATES,
  LEXICON,
  LEXICON_FILE,
  bare,
  lexiconOf,
  loadLexiconFile,
} from './lexicon';

/**
 * The words of the curation stage's reviewed forms table, read as plain text (the sound world imports nothing
 * from the stage packages): every word of a single-word pattern ("dog/n", "bark/v", "typing") and every word of
 * a multi-word pattern ("water ~2 drop/nv"), each with the inflections its tag allows.
 */
const FORMS_FILE = path.resolve(__dirname, '../../../../packages/data-curation/forms/esc50.forms.yaml');

// Its own inflection rules, not data-curation's: the world must not depend on the stages it feeds.
const IRREGULAR_VERBS: Record<string, string[]> = {
  break: ['breaks', 'broke', 'broken', 'breaking'],
  drink: ['drinks', 'drank', 'drunk', 'drinking'],
  ring: ['rings', 'rang', 'rung', 'ringing'],
  sing: ['sings', 'sang', 'sung', 'singing'],
  blow: ['blows', 'blew', 'blown', 'blowing'],
  fly: ['flies', 'flew', 'flown', 'flying'],
  shake: ['shakes', 'shook', 'shaken', 'shaking'],
  cut: ['cuts', 'cut', 'cutting'],
  run: ['runs', 'ran', 'running'],
  saw: ['saws', 'sawed', 'sawn', 'sawing'],
  go: ['goes', 'went', 'gone', 'going'],
};
const IRREGULAR_NOUNS: Record<string, string> = {
  tooth: 'teeth',
  mouse: 'mice',
  ox: 'oxen',
  foot: 'feet',
  child: 'children',
};

function verbForms(w: string): string[] {
  if (IRREGULAR_VERBS[w]) return [w, ...IRREGULAR_VERBS[w]];
  const cons = (c: string) => /[a-z]/.test(c) && !/[aeiou]/.test(c);
  const n = w.length;
  const third = /(s|x|z|ch|sh)$/.test(w) ? `${w}es` : /[^aeiou]y$/.test(w) ? `${w.slice(0, -1)}ies` : `${w}s`;
  const out = [w, third];
  if (w.endsWith('e')) out.push(`${w}d`, /(ee|oe|ye)$/.test(w) ? `${w}ing` : `${w.slice(0, -1)}ing`);
  else if (/[^aeiou]y$/.test(w)) out.push(`${w.slice(0, -1)}ied`, `${w}ing`);
  else {
    const oneSyllable = (w.match(/[aeiouy]+/g) ?? []).length === 1;
    const stem =
      n >= 3 &&
      oneSyllable &&
      cons(w[n - 3]) &&
      /[aeiou]/.test(w[n - 2]) &&
      cons(w[n - 1]) &&
      !/[wxy]/.test(w[n - 1])
        ? w + w[n - 1]
        : w;
    out.push(`${stem}ed`, `${stem}ing`, `${w}ed`, `${w}ing`);
  }
  return out;
}
function nounForms(w: string): string[] {
  const out = [w, `${w}s`];
  if (/(s|x|z|ch|sh)$/.test(w)) out.push(`${w}es`);
  if (/[^aeiou]y$/.test(w)) out.push(`${w.slice(0, -1)}ies`);
  if (w.endsWith('ies')) out.push(`${w.slice(0, -3)}y`);
  if (w.endsWith('s')) out.push(w.slice(0, -1));
  if (IRREGULAR_NOUNS[w]) out.push(IRREGULAR_NOUNS[w]);
  return out;
}

/** Splits a YAML flow list's inside at top-level commas. */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '[' || ch === '{') depth++;
    if (ch === ']' || ch === '}') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur);
  return out.map((x) => x.trim()).filter(Boolean);
}

function readFormsTable(): { single: Set<string>; multi: Set<string>; labels: Set<string> } {
  const patterns: string[] = [];
  const labels = new Set<string>();
  let inLabels = false;
  let key: string | null = null;
  const add = (item: string) => {
    const m = /^\{\s*pattern:\s*("?)(.*?)\1\s*[,}]/.exec(item);
    patterns.push((m ? m[2] : item).replace(/^"|"$/g, '').trim());
  };
  const collect = (value: string) => {
    if (key === 'lookalikes' || !value) return;
    if (value.startsWith('[')) splitTop(value.slice(1, value.lastIndexOf(']'))).forEach(add);
    else add(value);
  };
  for (const raw of fs.readFileSync(FORMS_FILE, 'utf8').split(/\r?\n/)) {
    const line = raw.replace(/\s+#.*$/, '');
    if (/^labels:/.test(line)) {
      inLabels = true;
      continue;
    }
    if (!inLabels || !line.trim()) continue;
    const label = /^ {2}([a-z_]+):\s*$/.exec(line);
    if (label) {
      labels.add(label[1]);
      key = null;
      continue;
    }
    const field = /^ {4}(exact|forms|synonyms|lookalikes):\s*(.*)$/.exec(line);
    if (field) {
      key = field[1];
      collect(field[2].trim());
      continue;
    }
    const item = /^ {6}- (.*)$/.exec(line);
    if (item && key) collect(item[1].trim());
  }
  const single = new Set<string>();
  const multi = new Set<string>();
  for (const p of patterns) {
    const slots = p.split(/\s+/).filter((part) => !/^~\d+$/.test(part));
    for (const slot of slots) {
      const m = /^\(?([a-z0-9'|]+)\)?(?:\/(n|v|nv))?$/.exec(slot);
      if (!m) throw new Error(`cannot read slot "${slot}" of pattern "${p}"`);
      for (const w of m[1].split('|').filter(Boolean)) {
        const forms = [
          w,
          ...(m[2]?.includes('n') ? nounForms(w) : []),
          ...(m[2]?.includes('v') ? verbForms(w) : []),
        ];
        for (const f of forms) (slots.length === 1 ? single : multi).add(f);
      }
    }
  }
  return { single, multi, labels };
}

const TABLE = readFormsTable();
const GENERIC = new Set(GENERIC_FORM_WORDS);
/** Words a description or hypernym may not use: every word of the table but the generic ones. */
const BANNED = new Set([...TABLE.single, ...[...TABLE.multi].filter((w) => !GENERIC.has(w))]);
const words = (phrase: string) =>
  phrase
    .toLowerCase()
    .replace(/'s\b/g, '')
    .split(/[^a-z0-9']+/)
    .filter(Boolean);

describe('the forms table, read as plain text', () => {
  it('has the 50 ESC-50 labels and the words the lexicon relies on', () => {
    expect(TABLE.labels.size).toBe(50);
    for (const w of ['dog', 'dogs', 'barking', 'yelp', 'typing', 'drank', 'clapping', 'sawing', 'chirps'])
      expect(TABLE.single.has(w)).toBe(true);
    expect(BANNED.has('crowd')).toBe(false); // inflection, not stemming: "crowd" is not a form of "crow"
  });

  it('lists every GENERIC_FORM_WORDS entry only inside multi-word patterns', () => {
    const inSingle = GENERIC_FORM_WORDS.filter((w) => TABLE.single.has(w));
    expect(inSingle).toEqual([]);
  });
});

describe('LEXICON', () => {
  it('has a complete entry for every class of the ontology and nothing else', () => {
    expect(Object.keys(LEXICON).sort()).toEqual(ONTOLOGY.map((c) => c.name).sort());
    expect(Object.keys(LEXICON)).toHaveLength(136);
    for (const [name, lex] of Object.entries(LEXICON)) {
      const where = `${name}`;
      expect([where, lex.forms.length >= 2]).toEqual([where, true]);
      expect([where, lex.synonyms.length >= 1]).toEqual([where, true]);
      expect([where, lex.verbs.length >= 1 && lex.gerunds.length >= 1]).toEqual([where, true]);
      expect([where, lex.descriptions.length >= 3 && lex.descriptions.length <= 6]).toEqual([where, true]);
      for (const s of [
        ...lex.forms,
        lex.plural,
        ...lex.synonyms,
        lex.hypernym,
        lex.subject,
        ...lex.verbs,
        ...lex.gerunds,
        ...lex.descriptions,
      ]) {
        expect([where, s, s.trim() === s && s.length > 0 && s === s.toLowerCase()]).toEqual([where, s, true]);
      }
      // Short enough to fit a Clotho caption (8-20 words) with "can be heard" and a connective.
      for (const d of lex.descriptions) expect([where, d, words(d).length <= 12]).toEqual([where, d, true]);
      expect([where, lex.hypernym, HYPERNYM_PREDICATES[lex.hypernym] !== undefined]).toEqual([
        where,
        lex.hypernym,
        true,
      ]);
    }
  });

  it('lexiconOf returns entries and throws for unknown names', () => {
    expect(lexiconOf('dog').forms[0]).toBe('a dog');
    expect(lexiconOf('crying_baby').forms[0]).toBe('a crying baby');
    expect(() => lexiconOf('unicorn')).toThrow(/unknown sound class "unicorn"/);
    expect(() => lexiconOf('toString')).toThrow();
  });

  it('names each ESC-50 class in its label forms by a word of that class in the table', () => {
    for (const c of ONTOLOGY.filter((x) => x.esc50Target !== null)) {
      const lex = LEXICON[c.name];
      for (const phrase of [...lex.forms, lex.plural, ...lex.verbs.map((v) => `${lex.subject} ${v}`)]) {
        const hit = words(phrase).some((w) => TABLE.single.has(w) || TABLE.multi.has(w));
        expect([c.name, phrase, hit]).toEqual([c.name, phrase, true]);
      }
    }
  });

  it('describes every class (and names hypernyms) without any word of any ESC-50 class in the forms table', () => {
    const offending: string[] = [];
    for (const [name, lex] of Object.entries(LEXICON)) {
      const phrases = [
        ...lex.descriptions,
        lex.hypernym,
        ...HYPERNYM_PREDICATES[lex.hypernym].map((p) => `${lex.hypernym} ${p}`),
      ];
      for (const phrase of phrases) {
        const bad = words(phrase).filter((w) => BANNED.has(w));
        if (bad.length) offending.push(`${name}: "${phrase}" uses ${bad.join(', ')}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it('keeps the words of classes outside ESC-50 free of ESC-50 names (synonyms classes aside)', () => {
    const offending: string[] = [];
    for (const c of ONTOLOGY.filter((x) => x.esc50Target === null && x.synonymOf === null)) {
      const lex = LEXICON[c.name];
      for (const phrase of [
        ...lex.forms,
        lex.plural,
        ...lex.synonyms,
        lex.subject,
        ...lex.verbs,
        ...lex.gerunds,
      ]) {
        const bad = words(phrase).filter((w) => TABLE.single.has(w));
        if (bad.length) offending.push(`${c.name}: "${phrase}" uses ${bad.join(', ')}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it('keeps a synonym different from the label forms', () => {
    for (const [name, lex] of Object.entries(LEXICON)) {
      const forms = new Set([...lex.forms, lex.plural].map(bare));
      for (const s of lex.synonyms) expect([name, s, forms.has(bare(s))]).toEqual([name, s, false]);
    }
    expect(soundClass('thunder').synonymOf).toBe('thunderstorm');
  });
});

describe('the lexicon data file', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zsaudit-lexicon-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const broken = (name: string, edit: (doc: Record<string, Record<string, unknown>>) => void) => {
    const doc = JSON.parse(fs.readFileSync(LEXICON_FILE, 'utf8'));
    edit(doc);
    const file = path.join(tmp, name);
    fs.writeFileSync(file, JSON.stringify(doc));
    return file;
  };

  it('loads as the lexicon, in its key order', () => {
    const data = loadLexiconFile(LEXICON_FILE);
    expect(Object.keys({ ...data.esc50, ...data.other })).toEqual(Object.keys(LEXICON));
    expect(data.genericFormWords).toEqual(GENERIC_FORM_WORDS);
  });

  it('rejects a malformed entry with the file and the offending key', () => {
    const missing = broken('missing.json', (d) => delete (d.esc50.dog as Record<string, unknown>).verbs);
    expect(() => loadLexiconFile(missing)).toThrow(missing);
    expect(() => loadLexiconFile(missing)).toThrow(/esc50\.dog\.verbs/);
    const extra = broken('extra.json', (d) => ((d.other.goat as Record<string, unknown>).colour = 'grey'));
    expect(() => loadLexiconFile(extra)).toThrow(/other\.goat/);
    const twice = broken('twice.json', (d) => (d.other.dog = d.esc50.dog));
    expect(() => loadLexiconFile(twice)).toThrow(/other\.dog: class is also under esc50/);
    const file = path.join(tmp, 'bad.json');
    fs.writeFileSync(file, '{');
    expect(() => loadLexiconFile(file)).toThrow(`${file}: cannot read lexicon`);
  });
});
