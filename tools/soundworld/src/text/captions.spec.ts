import { ONTOLOGY, soundClass } from '../ontology';
import { createRng } from '../rng';
import {
  DEFAULT_NAMING_WEIGHTS,
  MACS_SCENES,
  MACS_TAG_VOCABULARY,
  NAMING_MODES,
  STYLE_NAMING_WEIGHTS,
  audioCapsCaption,
  audioCapsCaptionTraced,
  clothoCaptions,
  clothoCaptionsTraced,
  fsd50kTexts,
  fsd50kTextsTraced,
  macsAnnotations,
  macsAnnotationsTraced,
  macsTagOf,
  mentionEvent,
  type EventMention,
  type NamedClass,
  type TracedText,
} from './captions';
import { LEXICON, bare } from './lexicon';

const ESC = ONTOLOGY.filter((c) => c.esc50Target !== null);
const OTHER = ONTOLOGY.filter((c) => c.esc50Target === null);
const isEsc = (cls: string) => soundClass(cls).esc50Target !== null;
const words = (s: string) => s.split(/\s+/).filter(Boolean).length;

/** Clips as the planner draws them: 1-3 distinct events (40/40/20%), about 45% ESC-50, the first in the foreground. */
function randomClip(seed: number, i: number): EventMention[] {
  const r = createRng(seed, `clip-${i}`);
  const n = r.weighted([1, 2, 3], [0.4, 0.4, 0.2]);
  const out: EventMention[] = [];
  while (out.length < n) {
    const cls = (r.chance(0.45) ? r.pick(ESC) : r.pick(OTHER)).name;
    if (!out.some((e) => e.cls === cls))
      out.push({ cls, prominence: out.length === 0 ? 'foreground' : 'background' });
  }
  return out;
}

const namesLabel = (named: NamedClass[]) => named.some((n) => n.level === 'label');
const namesAny = (named: NamedClass[]) => named.length > 0;

/**
 * A simple independent checker: a text names an ESC-50 class by label when it contains, as whole words, one of
 * the class's label phrases from the lexicon (a form or plural without its article, or subject + verb).
 */
const LABEL_PHRASES: [string, RegExp][] = ESC.map((c) => {
  const lex = LEXICON[c.name];
  const phrases = [...lex.forms, lex.plural].map(bare).concat(lex.verbs.map((v) => `${lex.subject} ${v}`));
  const alternatives = [...new Set(phrases)].map((p) =>
    p
      .toLowerCase()
      .replace(/[^a-z0-9' ]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );
  return [c.name, new RegExp(`\\b(${alternatives.map((a) => a.replace(/ /g, '\\s+')).join('|')})\\b`)];
});
function checkerNamesLabel(text: string): boolean {
  const t = text.toLowerCase().replace(/[-_]/g, ' ');
  return LABEL_PHRASES.some(([, re]) => re.test(t));
}

describe('mentionEvent', () => {
  it('names a class in each mode, deterministically', () => {
    for (const mode of NAMING_MODES) {
      const a = mentionEvent('dog', mode, createRng(1, `m/${mode}`));
      const b = mentionEvent('dog', mode, createRng(1, `m/${mode}`));
      expect(a).toBe(b);
      expect(a.length).toBeGreaterThan(0);
    }
    const label = Array.from({ length: 30 }, (_, i) => mentionEvent('dog', 'label', createRng(2, `l${i}`)));
    expect(label.every((t) => /\bdogs?\b/.test(t))).toBe(true);
    const hyper = Array.from({ length: 30 }, (_, i) =>
      mentionEvent('dog', 'hypernym', createRng(2, `h${i}`)),
    );
    expect(hyper.every((t) => t.startsWith('an animal'))).toBe(true);
    const desc = Array.from({ length: 30 }, (_, i) =>
      mentionEvent('dog', 'description', createRng(2, `d${i}`)),
    );
    expect(desc.some((t) => /\bdog|bark|puppy|hound/.test(t))).toBe(false);
    expect(() => mentionEvent('unicorn', 'label', createRng(1))).toThrow(/unknown sound class/);
  });
});

describe('naming weights', () => {
  it('has a default and a complete override per style', () => {
    for (const w of [DEFAULT_NAMING_WEIGHTS, ...Object.values(STYLE_NAMING_WEIGHTS)]) {
      expect(Object.keys(w).sort()).toEqual([...NAMING_MODES].sort());
      expect(Object.values(w).every((x) => x >= 0)).toBe(true);
    }
    expect(Object.keys(STYLE_NAMING_WEIGHTS).sort()).toEqual(['audiocaps', 'clotho', 'fsd50k', 'macs']);
  });

  it('follows caller weights: no label or synonym mode means no ESC-50 class is named', () => {
    const weights = { label: 0, synonym: 0 };
    for (let i = 0; i < 200; i++) {
      const ev = randomClip(3, i).filter((e) => soundClass(e.cls).synonymOf === null);
      if (ev.length === 0) continue;
      const caps = clothoCaptionsTraced(ev, createRng(3, `w${i}`), { weights });
      expect(caps.every((c) => c.named.length === 0 && !checkerNamesLabel(c.text))).toBe(true);
    }
  });
});

describe('caption shapes', () => {
  const clips = Array.from({ length: 400 }, (_, i) => randomClip(11, i));

  it("Clotho: five different captions of 8-20 words per clip, in annotators' varied styles", () => {
    let lower = 0;
    let period = 0;
    for (const [i, ev] of clips.entries()) {
      const caps = clothoCaptions(ev, createRng(11, `clotho/${i}`));
      expect(caps).toHaveLength(5);
      expect(new Set(caps.map((c) => c.toLowerCase().replace(/\.$/, ''))).size).toBe(5);
      for (const c of caps) {
        expect([c, words(c) >= 8 && words(c) <= 20]).toEqual([c, true]);
        if (c === c.toLowerCase()) lower++;
        if (c.endsWith('.')) period++;
      }
    }
    const n = clips.length * 5;
    expect(lower / n).toBeGreaterThan(0.1);
    expect(lower / n).toBeLessThan(0.5);
    expect(period / n).toBeGreaterThan(0.3);
    expect(period / n).toBeLessThan(0.8);
  });

  it("AudioCaps: one capitalized sentence, shorter than Clotho's", () => {
    const lengths = clips.map((ev, i) => {
      const c = audioCapsCaption(ev, createRng(11, `ac/${i}`));
      expect(c.charAt(0)).toBe(c.charAt(0).toUpperCase());
      expect(c).not.toMatch(/\n/);
      return words(c);
    });
    const mean = lengths.reduce((a, b) => a + b, 0) / lengths.length;
    expect(Math.min(...lengths)).toBeGreaterThanOrEqual(2);
    expect(mean).toBeLessThan(14);
  });

  it('FSD50K: a title, a description, 3-8 lower-case (hyphenated) tags', () => {
    let hyphenated = 0;
    for (const [i, ev] of clips.entries()) {
      const t = fsd50kTexts(ev, createRng(11, `fsd/${i}`));
      expect(t.title.length).toBeGreaterThan(0);
      expect(t.description.length).toBeGreaterThan(0);
      expect(t.tags.length).toBeGreaterThanOrEqual(3);
      expect(t.tags.length).toBeLessThanOrEqual(8);
      expect(new Set(t.tags).size).toBe(t.tags.length);
      for (const tag of t.tags) expect(tag).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      if (t.tags.some((tag) => tag.includes('-'))) hyphenated++;
    }
    expect(hyphenated).toBeGreaterThan(clips.length / 4);
  });

  it('MACS: integer annotator ids, sentences, tags from the closed vocabulary', () => {
    const vocab = new Set(Object.keys(MACS_TAG_VOCABULARY));
    for (const c of ONTOLOGY) expect([c.name, vocab.has(macsTagOf(c.name))]).toEqual([c.name, true]);
    for (const [i, ev] of clips.entries()) {
      const scene = MACS_SCENES[i % MACS_SCENES.length];
      const anns = macsAnnotations(scene, ev, createRng(11, `macs/${i}`), 3);
      expect(anns).toHaveLength(3);
      expect(new Set(anns.map((a) => a.annotator_id)).size).toBe(3);
      for (const a of anns) {
        expect(Number.isInteger(a.annotator_id) && a.annotator_id >= 1).toBe(true);
        expect(a.sentence.length).toBeGreaterThan(0);
        expect(a.tags.length).toBeGreaterThan(0);
        for (const tag of a.tags) {
          expect(vocab.has(tag)).toBe(true);
          expect(tag).toMatch(/^[a-z]+(_[a-z]+)*$/);
        }
      }
    }
    expect(() => macsAnnotations('beach', clips[0], createRng(1), 2)).toThrow(/unknown MACS scene/);
    expect(() => macsAnnotations('park', clips[0], createRng(1), 0)).toThrow(/annotators/);
  });

  it('rejects empty clips and unknown classes', () => {
    expect(() => clothoCaptions([], createRng(1))).toThrow(/at least one event/);
    expect(() => audioCapsCaption([{ cls: 'unicorn', prominence: 'foreground' }], createRng(1))).toThrow(
      /unknown/,
    );
  });
});

describe('determinism', () => {
  it('gives the same texts for the same rng path, and different ones for another path', () => {
    const ev = randomClip(5, 1);
    const run = (path: string) => ({
      clotho: clothoCaptions(ev, createRng(42, path)),
      audiocaps: audioCapsCaption(ev, createRng(42, path)),
      fsd: fsd50kTexts(ev, createRng(42, path)),
      macs: macsAnnotations('park', ev, createRng(42, path), 4),
    });
    expect(run('clip/1')).toEqual(run('clip/1'));
    expect(run('clip/1')).not.toEqual(run('clip/2'));
  });

  it('does not depend on how much of the stream was used before (texts come from forks)', () => {
    const ev = randomClip(5, 2);
    const fresh = createRng(42, 'x');
    const used = createRng(42, 'x');
    for (let i = 0; i < 17; i++) used.next();
    expect(clothoCaptions(ev, used)).toEqual(clothoCaptions(ev, fresh));
  });

  it('returns the same texts from the traced and the plain functions', () => {
    const ev = randomClip(5, 3);
    expect(clothoCaptionsTraced(ev, createRng(9, 'c')).map((t) => t.text)).toEqual(
      clothoCaptions(ev, createRng(9, 'c')),
    );
    expect(audioCapsCaptionTraced(ev, createRng(9, 'a')).text).toBe(audioCapsCaption(ev, createRng(9, 'a')));
    const { trace: _trace, ...fsd } = fsd50kTextsTraced(ev, createRng(9, 'f'));
    expect(fsd).toEqual(fsd50kTexts(ev, createRng(9, 'f')));
    expect(
      macsAnnotationsTraced('tram', ev, createRng(9, 'm'), 3).map(({ annotator_id, sentence, tags }) => ({
        annotator_id,
        sentence,
        tags,
      })),
    ).toEqual(macsAnnotations('tram', ev, createRng(9, 'm'), 3));
  });
});

describe('naming shares (2,000 random clips per style)', () => {
  const N = 2000;
  const clips = Array.from({ length: N }, (_, i) => randomClip(2408, i));
  const share = (xs: boolean[]) => xs.filter(Boolean).length / xs.length;
  const fmt = (x: number) => x.toFixed(3);
  /** Of the captions that name no ESC-50 class, those of clips holding an ESC-50 event that still describe one. */
  const cleanDescribing = (texts: { t: TracedText; ev: EventMention[] }[]) => {
    const clean = texts.filter(({ t, ev }) => !namesAny(t.named) && ev.some((e) => isEsc(e.cls)));
    return share(
      clean.map(({ t }) =>
        t.mentions.some((m) => isEsc(m.cls) && (m.mode === 'hypernym' || m.mode === 'description')),
      ),
    );
  };
  let agree = 0;
  let checked = 0;
  const check = (t: TracedText) => {
    checked++;
    if (checkerNamesLabel(t.text) === namesLabel(t.named)) agree++;
  };

  it('Clotho: about 38% of captions and 62% of clips name an ESC-50 class by label (real Clotho v1)', () => {
    const caps = clips.map((ev, i) => ({
      ev,
      caps: clothoCaptionsTraced(ev, createRng(2408, `clotho/${i}`)),
    }));
    const all = caps.flatMap(({ ev, caps: cs }) => cs.map((t) => ({ t, ev })));
    all.forEach(({ t }) => check(t));
    const capLabel = share(all.map(({ t }) => namesLabel(t.named)));
    const capSyn = share(all.map(({ t }) => namesAny(t.named)));
    const clipLabel = share(caps.map(({ caps: cs }) => cs.some((t) => namesLabel(t.named))));
    const clipSyn = share(caps.map(({ caps: cs }) => cs.some((t) => namesAny(t.named))));
    const describing = cleanDescribing(all);
    console.log(
      `clotho: captions naming an ESC-50 class by label ${fmt(capLabel)} (real 0.38), with synonyms ${fmt(capSyn)} (0.50); ` +
        `clips ${fmt(clipLabel)} (0.62), with synonyms ${fmt(clipSyn)} (0.72); clean captions of clips with an ESC-50 event ` +
        `that describe one by hypernym or description ${fmt(describing)}`,
    );
    expect(capLabel).toBeGreaterThan(0.2);
    expect(capLabel).toBeLessThan(0.6);
    expect(clipLabel).toBeGreaterThan(0.4);
    expect(clipLabel).toBeLessThan(0.85);
    expect(capSyn).toBeGreaterThan(capLabel);
    expect(clipSyn).toBeGreaterThanOrEqual(clipLabel);
    expect(describing).toBeGreaterThan(0.3);
  });

  it('AudioCaps, FSD50K and MACS: the same order of magnitude', () => {
    const ac = clips.map((ev, i) => ({ t: audioCapsCaptionTraced(ev, createRng(2408, `ac/${i}`)), ev }));
    ac.forEach(({ t }) => check(t));
    const fsd = clips.map((ev, i) => ({ t: fsd50kTextsTraced(ev, createRng(2408, `fsd/${i}`)).trace, ev }));
    fsd.forEach(({ t }) => check(t));
    const macs = clips.map((ev, i) =>
      macsAnnotationsTraced(MACS_SCENES[i % MACS_SCENES.length], ev, createRng(2408, `macs/${i}`), 3),
    );
    const sentences = macs.flatMap((anns, i) => anns.map((a) => ({ t: a.trace, ev: clips[i] })));
    sentences.forEach(({ t }) => check(t));

    const acLabel = share(ac.map(({ t }) => namesLabel(t.named)));
    const acSyn = share(ac.map(({ t }) => namesAny(t.named)));
    const fsdLabel = share(fsd.map(({ t }) => namesLabel(t.named)));
    const fsdSyn = share(fsd.map(({ t }) => namesAny(t.named)));
    const macsSentLabel = share(sentences.map(({ t }) => namesLabel(t.named)));
    const macsTagsLabel = share(macs.flatMap((anns) => anns.map((a) => namesLabel(a.tagsNamed))));
    const macsClipLabel = share(
      macs.map((anns) => anns.some((a) => namesLabel(a.trace.named) || namesLabel(a.tagsNamed))),
    );
    const macsClipSyn = share(
      macs.map((anns) => anns.some((a) => namesAny(a.trace.named) || namesAny(a.tagsNamed))),
    );
    console.log(
      `audiocaps: captions (= clips) by label ${fmt(acLabel)}, with synonyms ${fmt(acSyn)}; clean describing ${fmt(cleanDescribing(ac))}\n` +
        `fsd50k: clips (title + description + tags) by label ${fmt(fsdLabel)}, with synonyms ${fmt(fsdSyn)}; clean describing ${fmt(cleanDescribing(fsd))}\n` +
        `macs: sentences by label ${fmt(macsSentLabel)}, tag sets ${fmt(macsTagsLabel)}; clips (3 annotators, sentences + tags) ${fmt(macsClipLabel)}, ` +
        `with synonyms ${fmt(macsClipSyn)}; clean sentences describing ${fmt(cleanDescribing(sentences))}`,
    );
    for (const x of [acLabel, fsdLabel, macsSentLabel]) {
      expect(x).toBeGreaterThan(0.15);
      expect(x).toBeLessThan(0.65);
    }
    expect(acSyn).toBeGreaterThan(acLabel);
    expect(fsdSyn).toBeGreaterThan(fsdLabel);
    expect(macsClipLabel).toBeGreaterThan(0.4);
    expect(macsClipLabel).toBeLessThan(0.95);
  });

  it('agrees with a simple string checker on which texts name an ESC-50 class by label', () => {
    console.log(
      `simple label checker agrees with the generation trace on ${fmt(agree / checked)} of ${checked} texts`,
    );
    expect(checked).toBeGreaterThan(10000);
    expect(agree / checked).toBeGreaterThan(0.97);
  });
});
