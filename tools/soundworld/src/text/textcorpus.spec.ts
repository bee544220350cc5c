import { ONTOLOGY } from '../ontology';
import { createRng } from '../rng';
import { LEXICON, bare } from './lexicon';
import { pastTense, textCorpus } from './textcorpus';

const STOP = new Set([
  'a',
  'an',
  'the',
  'of',
  'and',
  'in',
  'on',
  'at',
  'by',
  'to',
  'is',
  'was',
  'were',
  'for',
  'from',
  'all',
  'their',
  'its',
]);

/** Bag of words around each word (same sentence), without stopwords: the distributional signal a text model learns. */
function contexts(corpus: string[]): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const s of corpus) {
    const toks = s
      .replace(/\.$/, '')
      .split(/[^a-z0-9'-]+/)
      .filter(Boolean);
    for (const w of toks) {
      let ctx = out.get(w);
      if (!ctx) out.set(w, (ctx = new Map()));
      for (const o of toks) if (o !== w && !STOP.has(o)) ctx.set(o, (ctx.get(o) ?? 0) + 1);
    }
  }
  return out;
}

function cosine(a: Map<string, number> | undefined, b: Map<string, number> | undefined): number {
  if (!a || !b) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [k, v] of a) {
    na += v * v;
    dot += v * (b.get(k) ?? 0);
  }
  for (const v of b.values()) nb += v * v;
  return dot / Math.sqrt(na * nb);
}

describe('textCorpus', () => {
  const corpus = textCorpus(createRng(2408, 'textcorpus'), 30000);
  const ctx = contexts(corpus);

  it('is deterministic and prefix-stable', () => {
    expect(textCorpus(createRng(2408, 'textcorpus'), 500)).toEqual(corpus.slice(0, 500));
    expect(textCorpus(createRng(2408, 'other'), 50)).not.toEqual(corpus.slice(0, 50));
    const used = createRng(2408, 'textcorpus');
    used.next();
    expect(textCorpus(used, 20)).toEqual(corpus.slice(0, 20));
    expect(textCorpus(createRng(1), 0)).toEqual([]);
    expect(() => textCorpus(createRng(1), -1)).toThrow();
  });

  it('writes plain lower-case sentences, about 60% of them about sounds', () => {
    expect(corpus).toHaveLength(30000);
    for (const s of corpus.slice(0, 3000)) {
      expect(s).toBe(s.toLowerCase());
      expect(s).toMatch(/^[a-z].*\.$/);
      expect(s).not.toMatch(/\s{2}/);
    }
    const soundWords = new Set(Object.values(LEXICON).flatMap((l) => [bare(l.subject), ...l.gerunds]));
    const aboutSounds =
      corpus.filter((s) => [...soundWords].some((w) => s.includes(w))).length / corpus.length;
    expect(aboutSounds).toBeGreaterThan(0.45);
    expect(aboutSounds).toBeLessThan(0.8);
  });

  it('uses the words of every class', () => {
    const text = ` ${corpus.join(' ')} `;
    for (const c of ONTOLOGY) {
      const lex = LEXICON[c.name];
      const used = [
        ...lex.forms,
        ...lex.synonyms,
        lex.subject,
        ...lex.gerunds,
        ...lex.verbs.map(pastTense),
      ].some((p) => text.includes(` ${bare(p)}`));
      expect([c.name, used]).toEqual([c.name, true]);
    }
  });

  it('puts a label, its synonyms and its hypernym in shared contexts ("dog" near "canine", not "piano")', () => {
    const pairs: [string, string, string][] = [
      ['dog', 'canine', 'piano'],
      ['dog', 'hound', 'violin'],
      ['dog', 'puppy', 'drill'],
      ['cat', 'kitten', 'truck'],
      ['helicopter', 'chopper', 'hen'],
      ['siren', 'klaxon', 'frog'],
    ];
    const report = pairs.map(([w, syn, other]) => {
      const near = cosine(ctx.get(w), ctx.get(syn));
      const far = cosine(ctx.get(w), ctx.get(other));
      return { w, syn, other, near: +near.toFixed(3), far: +far.toFixed(3) };
    });
    console.log(
      `context cosine (label~synonym vs label~unrelated): ${report.map((r) => `${r.w}~${r.syn} ${r.near} vs ${r.w}~${r.other} ${r.far}`).join('; ')}`,
    );
    for (const r of report) expect([r.w, r.syn, r.near > r.far + 0.1]).toEqual([r.w, r.syn, true]);
    // The hypernym shares the class's contexts too: "an animal barked in the yard".
    expect(corpus.some((s) => /\b(an|the) animal barked\b/.test(s))).toBe(true);
  });

  it('conjugates sound verbs in the past tense', () => {
    expect(pastTense('barks')).toBe('barked');
    expect(pastTense('barks loudly')).toBe('barked loudly');
    expect(pastTense('cries')).toBe('cried');
    expect(pastTense('is crying')).toBe('was crying');
    expect(pastTense('flies overhead')).toBe('flew overhead');
    expect(pastTense('claps')).toBe('clapped');
    expect(pastTense('chirp')).toBe('chirped');
    expect(pastTense('crackles and pops')).toBe('crackled and popped');
    expect(pastTense('drinks')).toBe('drank');
    expect(pastTense('passes by')).toBe('passed by');
  });
});
