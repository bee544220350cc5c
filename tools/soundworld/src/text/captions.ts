/**
 * Template captioners in the styles of the caption corpora the study audits: Clotho (five annotators per clip),
 * AudioCaps (one short sentence), FSD50K (Freesound title, description and tags) and MACS (TAU scenes, several
 * annotators with sentences and closed-vocabulary tags). Every event mention is named in one of four modes
 * (label, synonym, hypernym, description), drawn from weights calibrated so that the share of texts naming an
 * ESC-50 class is of the order measured on the real corpora (Clotho v1: 38% of captions and 62% of clips name
 * an ESC-50 class by a label form; 50% / 72% counting synonyms), while the clean remainder still often describes
 * ESC-50 sounds by hypernyms and descriptions - which is what makes the leak hard to curate away.
 *
 * The `...Traced` functions return, with each text, the modes used and the ESC-50 classes the text names, so tests
 * and audits can compare a matcher's findings with the ground truth; the plain functions return only the texts,
 * from the same random draws.
 */
import type { Rng } from '../rng';
import { soundClass } from '../ontology';
import { HYPERNYM_PREDICATES, bare, lexiconOf } from './lexicon';

export type NamingMode = 'label' | 'synonym' | 'hypernym' | 'description';
export const NAMING_MODES: readonly NamingMode[] = ['label', 'synonym', 'hypernym', 'description'];

export interface EventMention {
  cls: string;
  prominence: 'foreground' | 'background';
}

/** The caption corpora whose style the captioners imitate. */
export type CaptionStyle = 'clotho' | 'audiocaps' | 'fsd50k' | 'macs';

/**
 * How often an event mention names its class by label, by a synonym, by a hypernym or by a description, before an
 * annotator's own habits and the event's recognizability (an unrecognized sound is rarely named by label).
 */
export const DEFAULT_NAMING_WEIGHTS: Record<NamingMode, number> = {
  label: 0.66,
  synonym: 0.14,
  hypernym: 0.1,
  description: 0.1,
};

/**
 * Per-style weights. AudioCaps annotators saw AudioSet label hints and Freesound uploaders name what they
 * recorded, so both lean to labels; MACS annotators tagged first and then wrote short sentences.
 */
export const STYLE_NAMING_WEIGHTS: Record<CaptionStyle, Record<NamingMode, number>> = {
  clotho: { ...DEFAULT_NAMING_WEIGHTS },
  audiocaps: { label: 0.6, synonym: 0.1, hypernym: 0.18, description: 0.12 },
  fsd50k: { label: 0.6, synonym: 0.14, hypernym: 0.14, description: 0.12 },
  macs: { label: 0.5, synonym: 0.1, hypernym: 0.22, description: 0.18 },
};

/** One event as a text mentions it. */
export interface MentionTrace {
  cls: string;
  mode: NamingMode;
  /** The words used for it. */
  text: string;
}

/** An ESC-50 class a text names: by a label form (`label`) or only by another word (`synonym`). */
export interface NamedClass {
  cls: string;
  level: 'label' | 'synonym';
}

/** A generated text with the ground truth of how it names its events. */
export interface TracedText {
  text: string;
  mentions: MentionTrace[];
  /** ESC-50 classes the text names (deduplicated, strongest level per class). */
  named: NamedClass[];
}

/** Options of the captioners. */
export interface CaptionOptions {
  /** Overrides the style's naming weights (missing modes keep the style's weight). */
  weights?: Partial<Record<NamingMode, number>>;
}

// ---------------------------------------------------------------------------------------------- mentions

/** Predicates that need no agreement with their subject, for synonyms and descriptions. */
const MODAL_PREDICATES = ['can be heard', 'can be heard clearly', 'could be heard', 'can be heard nearby'];

interface Realized {
  cls: string;
  mode: NamingMode;
  /** The mention as a noun phrase ("a dog", "short loud repeated calls ..."). */
  np: string;
  /** The mention as a clause ("a dog barks", "an animal calls out"). */
  clause: string;
}

/** Draws the words of one mention in both shapes; `np` and `clause` name the class in the same mode. */
function realize(cls: string, mode: NamingMode, rng: Rng): Realized {
  const lex = lexiconOf(cls);
  switch (mode) {
    case 'label': {
      const options = [...lex.forms, lex.plural];
      const np = rng.weighted(
        options,
        options.map((_, i) => (i === 0 ? 3 : i === options.length - 1 ? 0.6 : 1)),
      );
      return { cls, mode, np, clause: `${lex.subject} ${rng.pick(lex.verbs)}` };
    }
    case 'synonym': {
      const np = rng.pick(lex.synonyms);
      return { cls, mode, np, clause: `${np} ${rng.pick(MODAL_PREDICATES)}` };
    }
    case 'hypernym': {
      const np = lex.hypernym;
      const predicates = HYPERNYM_PREDICATES[np];
      if (!predicates) throw new Error(`no predicates for hypernym "${np}" of "${cls}"`);
      return { cls, mode, np, clause: `${np} ${rng.pick(predicates)}` };
    }
    case 'description': {
      const np = rng.pick(lex.descriptions);
      return { cls, mode, np, clause: `${np} ${rng.pick(MODAL_PREDICATES)}` };
    }
    default:
      throw new Error(`unknown naming mode "${String(mode)}"`);
  }
}

/** One mention of an event in a naming mode, as a noun phrase or a clause ("a dog", "an animal calls out"). */
export function mentionEvent(cls: string, mode: NamingMode, rng: Rng): string {
  const r = realize(cls, mode, rng);
  return rng.chance(0.5) ? r.np : r.clause;
}

/** The ESC-50 class a mention names and how, or null (hypernyms, descriptions, classes outside ESC-50). */
function namedBy(cls: string, mode: NamingMode): NamedClass | null {
  if (mode !== 'label' && mode !== 'synonym') return null;
  const c = soundClass(cls);
  if (c.esc50Target !== null) return { cls, level: mode };
  // A synonym's class (thunder, applause, ...) names its ESC-50 class by a synonym, whatever the mode.
  if (c.synonymOf) return { cls: c.synonymOf, level: 'synonym' };
  return null;
}

/** Merges named classes, keeping the strongest level per class. */
function mergeNamed(items: (NamedClass | null)[]): NamedClass[] {
  const out = new Map<string, NamedClass>();
  for (const n of items) {
    if (!n) continue;
    const prev = out.get(n.cls);
    if (!prev || (prev.level === 'synonym' && n.level === 'label')) out.set(n.cls, n);
  }
  return [...out.values()].sort((a, b) => a.cls.localeCompare(b.cls));
}

function traced(text: string, ms: Realized[], extraNamed: (NamedClass | null)[] = []): TracedText {
  return {
    text,
    mentions: ms.map((m) => ({ cls: m.cls, mode: m.mode, text: m.np })),
    named: mergeNamed([...ms.map((m) => namedBy(m.cls, m.mode)), ...extraNamed]),
  };
}

function styleWeights(style: CaptionStyle, opts?: CaptionOptions): Record<NamingMode, number> {
  const w = { ...STYLE_NAMING_WEIGHTS[style], ...(opts?.weights ?? {}) };
  for (const m of NAMING_MODES) {
    if (!(w[m] >= 0)) throw new Error(`naming weight for "${m}" must be a non-negative number`);
  }
  return w;
}

/**
 * How recognizable each event of a clip is (shared by all its annotators): most sounds are recognized, some are
 * ambiguous and then rarely named by label - which is why clip-level leak rates stay well below 1 - (1 - p)^5.
 */
function recognizability(events: EventMention[], rng: Rng): number[] {
  const r = rng.fork('recognizability');
  return events.map(() => (r.chance(0.85) ? 1 : r.uniform(0.05, 0.4)));
}

/** Draws a naming mode from weights scaled by recognizability and an annotator's habits. */
function chooseMode(
  weights: Record<NamingMode, number>,
  recog: number,
  bias: Record<NamingMode, number>,
  rng: Rng,
): NamingMode {
  const w = NAMING_MODES.map((m) => {
    const base = weights[m] * bias[m];
    if (m === 'label') return base * recog;
    if (m === 'synonym') return base * (0.5 + 0.5 * recog);
    return base;
  });
  if (w.every((x) => x === 0)) return 'label';
  return rng.weighted(NAMING_MODES, w);
}

const NO_BIAS: Record<NamingMode, number> = { label: 1, synonym: 1, hypernym: 1, description: 1 };

/** Foreground events first, in their given order, then background ones. */
function byProminence(events: EventMention[]): { e: EventMention; i: number }[] {
  const indexed = events.map((e, i) => ({ e, i }));
  return [
    ...indexed.filter((x) => x.e.prominence === 'foreground'),
    ...indexed.filter((x) => x.e.prominence !== 'foreground'),
  ];
}

function checkEvents(events: EventMention[]): void {
  if (events.length === 0) throw new Error('a caption needs at least one event');
  for (const e of events) lexiconOf(e.cls);
}

// ---------------------------------------------------------------------------------------------- sentence helpers

const wordCount = (s: string) => s.split(/\s+/).filter(Boolean).length;
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Phrases that end a sentence without naming anything, by kind: a sentence takes at most one of each kind. */
const TAILS: Record<'distance' | 'place' | 'time', string[]> = {
  distance: [
    'in the background',
    'in the distance',
    'nearby',
    'from far away',
    'close to the microphone',
    'close by',
  ],
  place: [
    'in a large room',
    'in an empty hall',
    'on a quiet street',
    'in a small kitchen',
    'outdoors on a calm day',
    'in a busy area',
    'inside a building',
    'in an open space',
  ],
  time: [
    'repeatedly',
    'for a while',
    'over and over',
    'every now and then',
    'throughout the recording',
    'at a steady pace',
    'again and again',
    'for several seconds',
  ],
};
type TailKind = keyof typeof TAILS;
const TAIL_KINDS: TailKind[] = ['distance', 'place', 'time'];

/** The tail kinds a sentence already uses ("in the distance ..." uses distance). */
function usedTailKinds(s: string): Set<TailKind> {
  return new Set(
    TAIL_KINDS.filter(
      (k) => TAILS[k].some((t) => s.includes(t)) || (k === 'distance' && /\boutside\b/.test(s)),
    ),
  );
}

const ADVERBS = ['loudly', 'softly', 'continuously', 'intermittently', 'steadily', 'briefly', 'constantly'];

/** Appends tails of unused kinds until the sentence has at least `min` words (never past `max`). */
function padTo(s: string, min: number, max: number, rng: Rng): string {
  let out = s;
  const used = usedTailKinds(out);
  for (const kind of rng.shuffle(TAIL_KINDS)) {
    if (wordCount(out) >= min) break;
    if (used.has(kind)) continue;
    const options = TAILS[kind].filter((t) => wordCount(out) + wordCount(t) <= max);
    if (options.length === 0) continue;
    out = `${out} ${rng.pick(options)}`;
    used.add(kind);
  }
  return out;
}

/** Appends one tail of an unused kind (an annotator adding where or how often), if it fits. */
function addTail(s: string, max: number, rng: Rng): string {
  return padTo(s, wordCount(s) + 1, max, rng);
}

function withAdverb(clause: string, rng: Rng, p: number): string {
  const last = clause.split(' ').pop() ?? '';
  if (last.endsWith('ly') || !rng.chance(p)) return clause;
  return `${clause} ${rng.pick(ADVERBS)}`;
}

// ---------------------------------------------------------------------------------------------- Clotho

/** One Clotho annotator's habits. */
interface Annotator {
  lowercase: boolean;
  period: boolean;
  bias: Record<NamingMode, number>;
  /** Probability of mentioning a background event. */
  mentionsBackground: number;
  /** Preferred length range, inside Clotho's 8-20 words. */
  minWords: number;
  maxWords: number;
  adverbs: number;
}

function drawAnnotator(rng: Rng): Annotator {
  const minWords = rng.int(8, 11);
  return {
    lowercase: rng.chance(0.25),
    period: rng.chance(0.55),
    bias: {
      label: rng.uniform(0.7, 1.3),
      synonym: rng.uniform(0.5, 1.5),
      hypernym: rng.uniform(0.5, 1.6),
      description: rng.uniform(0.5, 1.7),
    },
    mentionsBackground: rng.uniform(0.4, 0.9),
    minWords,
    maxWords: rng.int(Math.max(minWords + 4, 14), 20),
    adverbs: rng.uniform(0.05, 0.4),
  };
}

type Joiner = (m: Realized) => string;
const CLOTHO_JOINS: { join: Joiner; background?: boolean }[] = [
  { join: (m) => ` while ${m.clause}` },
  { join: (m) => ` as ${m.clause}` },
  { join: (m) => ` and ${m.clause}` },
  { join: (m) => ` with ${m.np} in the background`, background: true },
  { join: (m) => ` along with ${m.np}` },
  { join: (m) => ` before ${m.clause}` },
  { join: (m) => ` and then ${m.clause}` },
  { join: (m) => `, followed by ${m.np}` },
];
const CLOTHO_STARTS: ((m: Realized, rng: Rng, a: Annotator) => string)[] = [
  (m, rng, a) => withAdverb(m.clause, rng, a.adverbs),
  (m, rng, a) => withAdverb(m.clause, rng, a.adverbs),
  (m) => `${m.np} can be heard`,
  (m) => `you can hear ${m.np}`,
  (m) => `in the distance ${m.clause}`,
];

/** Builds one Clotho-style sentence from realized mentions (the first is the main event). */
function clothoSentence(ms: Realized[], rng: Rng, a: Annotator): string {
  let s = rng.pick(CLOTHO_STARTS)(ms[0], rng, a);
  const joins = rng.shuffle(CLOTHO_JOINS);
  for (const m of ms.slice(1)) {
    // At most one "in the background" per sentence, whether from a connective or a tail.
    const j = joins.find((x) => !(x.background && usedTailKinds(s).has('distance'))) ?? joins[0];
    joins.splice(joins.indexOf(j), 1);
    s += j.join(m);
  }
  if (rng.chance(0.35)) s = addTail(s, a.maxWords, rng);
  return padTo(s, a.minWords, a.maxWords, rng);
}

function finish(s: string, lowercase: boolean, period: boolean): string {
  const t = lowercase ? s.toLowerCase() : capitalize(s);
  return period ? `${t}.` : t;
}

/** Picks which events an annotator mentions: foreground almost always, background by habit; at most three. */
function pickMentioned(
  events: EventMention[],
  rng: Rng,
  mentionsBackground: number,
): { e: EventMention; i: number }[] {
  const ordered = byProminence(events);
  let chosen = ordered.filter((x) => rng.chance(x.e.prominence === 'foreground' ? 0.95 : mentionsBackground));
  if (chosen.length === 0) chosen = [ordered[0]];
  return chosen.slice(0, 3);
}

/** Clotho-style captions with their ground truth: five annotators, 8-20 words each, all different. */
export function clothoCaptionsTraced(events: EventMention[], rng: Rng, opts?: CaptionOptions): TracedText[] {
  checkEvents(events);
  const weights = styleWeights('clotho', opts);
  const recog = recognizability(events, rng);
  const out: TracedText[] = [];
  for (let k = 0; k < 5; k++) {
    const arng = rng.fork(`annotator-${k}`);
    const a = drawAnnotator(arng);
    let best: TracedText | null = null;
    for (let attempt = 0; attempt < 40 && !best; attempt++) {
      let mentioned = pickMentioned(events, arng, a.mentionsBackground);
      if (attempt >= 20) mentioned = mentioned.slice(0, 1); // long descriptions: fall back to the main event
      const ms = mentioned.map(({ e, i }) =>
        realize(e.cls, chooseMode(weights, recog[i], a.bias, arng), arng),
      );
      let s = clothoSentence(ms, arng, a);
      if (attempt >= 30) s = padTo(`${ms[0].np} can be heard`, 8, 20, arng);
      const text = finish(s, a.lowercase, a.period);
      const n = wordCount(text);
      if (
        n < 8 ||
        n > 20 ||
        out.some((t) => t.text.toLowerCase().replace(/\.$/, '') === text.toLowerCase().replace(/\.$/, ''))
      )
        continue;
      best = traced(text, ms);
    }
    if (!best)
      throw new Error(
        `could not write a distinct 8-20 word caption for ${events.map((e) => e.cls).join(', ')}`,
      );
    out.push(best);
  }
  return out;
}

/** Five Clotho-style captions of a clip (five annotators with their own habits; 8-20 words, all different). */
export function clothoCaptions(events: EventMention[], rng: Rng, opts?: CaptionOptions): string[] {
  return clothoCaptionsTraced(events, rng, opts).map((t) => t.text);
}

// ---------------------------------------------------------------------------------------------- AudioCaps

const AUDIOCAPS_JOINS: Joiner[] = [
  (m) => ` as ${m.clause}`,
  (m) => ` while ${m.clause}`,
  (m) => ` and ${m.clause}`,
  (m) => ` followed by ${m.np}`,
  (m) => ` with ${m.np} in the background`,
  (m) => ` then ${m.clause}`,
];

/** An AudioCaps-style caption with its ground truth: one short sentence naming most events. */
export function audioCapsCaptionTraced(events: EventMention[], rng: Rng, opts?: CaptionOptions): TracedText {
  checkEvents(events);
  const weights = styleWeights('audiocaps', opts);
  const recog = recognizability(events, rng);
  const r = rng.fork('caption');
  const ordered = byProminence(events);
  let chosen = ordered.filter((x) => r.chance(x.e.prominence === 'foreground' ? 1 : 0.7));
  if (chosen.length === 0) chosen = [ordered[0]];
  const ms = chosen
    .slice(0, 3)
    .map(({ e, i }) => realize(e.cls, chooseMode(weights, recog[i], NO_BIAS, r), r));
  let s = r.chance(0.85) ? ms[0].clause : `${ms[0].np} can be heard`;
  const joins = r.shuffle(AUDIOCAPS_JOINS);
  ms.slice(1).forEach((m, k) => (s += joins[k](m)));
  if (ms.length === 1 && r.chance(0.3))
    s += ` ${r.pick(['nearby', 'in the distance', 'repeatedly', 'several times'])}`;
  return traced(capitalize(s), ms);
}

/** One AudioCaps-style caption ("A man speaks as a vehicle passes by"): shorter than Clotho's, label-heavy. */
export function audioCapsCaption(events: EventMention[], rng: Rng, opts?: CaptionOptions): string {
  return audioCapsCaptionTraced(events, rng, opts).text;
}

// ---------------------------------------------------------------------------------------------- FSD50K

const GEAR = [
  'a Zoom H4n',
  'a Zoom H5',
  'a Tascam DR-40',
  'a Sony PCM-D100',
  'my phone',
  'a pair of binaural mics',
  'a Rode NT4',
  'an Olympus LS-12',
];
const PLACES = [
  'in my backyard',
  'at a city park',
  'in the kitchen',
  'near the harbor',
  'in a small apartment',
  'on a street corner',
  'in the countryside',
  'at my grandparents house',
  'in a studio',
  'on holiday',
];
const GENERIC_TAGS = [
  'field-recording',
  'ambience',
  'stereo',
  'outdoor',
  'indoor',
  'nature',
  'urban',
  'foley',
  'atmosphere',
  'sound-effect',
  'recording',
  'mono',
  'close-up',
  'binaural',
  'loop',
];
const GEAR_TAGS: Record<string, string> = {
  'a Zoom H4n': 'zoom-h4n',
  'a Zoom H5': 'zoom-h5',
  'a Tascam DR-40': 'tascam',
  'a Sony PCM-D100': 'sony-pcm-d100',
  'a pair of binaural mics': 'binaural',
};

/** A Freesound tag from a phrase: lower case, words joined by hyphens ("a crying baby" -> "crying-baby"). */
function toTag(phrase: string): string {
  return bare(phrase)
    .toLowerCase()
    .replace(/'/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The tag a mention gives (label, synonym, hypernym), or null for a description. */
function mentionTag(m: Realized): string | null {
  const lex = lexiconOf(m.cls);
  switch (m.mode) {
    case 'label': {
      const t = toTag(lex.forms[0]);
      return t.split('-').length <= 3 ? t : m.cls.replace(/_/g, '-');
    }
    case 'synonym':
      return toTag(m.np);
    case 'hypernym':
      return toTag(m.np);
    default:
      return null;
  }
}

function titleOf(m: Realized, rng: Rng, place: string): string {
  let base: string;
  if (m.mode === 'description')
    base = `${bare(place.replace(/^(in|at|near|on)\s+/, ''))} ${rng.pick(['ambience', 'atmosphere', 'recording'])}`;
  else if (m.mode === 'hypernym') base = `${bare(m.np)} ${rng.pick(['sounds', 'noise', 'sfx'])}`;
  else base = bare(m.np);
  base = base.replace(/\s+/g, ' ').trim();
  const style = rng.int(0, 3);
  if (style === 0) return base.replace(/\b[a-z]/g, (c) => c.toUpperCase());
  if (style === 1) return `${base.toLowerCase()} ${String(rng.int(1, 12)).padStart(2, '0')}`;
  if (style === 2) return `${base.toLowerCase().replace(/[^a-z0-9]+/g, '_')}.wav`;
  return capitalize(base);
}

/** Freesound-style texts with their ground truth (the trace covers title, description and tags together). */
export function fsd50kTextsTraced(
  events: EventMention[],
  rng: Rng,
  opts?: CaptionOptions,
): { title: string; description: string; tags: string[]; trace: TracedText } {
  checkEvents(events);
  const weights = styleWeights('fsd50k', opts);
  const recog = recognizability(events, rng);
  const r = rng.fork('uploader');
  const ordered = byProminence(events);
  const chosen = [ordered[0], ...ordered.slice(1).filter(() => r.chance(0.6))].slice(0, 3);
  // One uploader names each event the same way in the title, the description and the tags.
  const ms = chosen.map(({ e, i }) => realize(e.cls, chooseMode(weights, recog[i], NO_BIAS, r), r));
  const gear = r.pick(GEAR);
  const place = r.pick(PLACES);
  const title = titleOf(ms[0], r, place);

  let body = ms[0].clause;
  const joins = r.shuffle(AUDIOCAPS_JOINS);
  ms.slice(1).forEach((m, k) => (body += joins[k](m)));
  const parts: string[] = [];
  if (r.chance(0.7)) parts.push(`Recorded with ${gear} ${place}.`);
  parts.push(`${capitalize(body)}.`);
  if (r.chance(0.3))
    parts.push(
      r.pick(['Feel free to use.', 'Edited in Audacity.', 'Mono, 44.1 kHz.', 'Raw, no processing.']),
    );
  if (parts.length === 1 && r.chance(0.5)) parts.unshift(`Recorded ${place}.`);
  const description = parts.join(' ');

  const tags: string[] = [];
  const add = (t: string | null) => {
    if (t && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(t) && !tags.includes(t)) tags.push(t);
  };
  for (const m of ms) {
    add(mentionTag(m));
    if (m.mode === 'label' && r.chance(0.4)) add(toTag(r.pick(lexiconOf(m.cls).gerunds)));
  }
  if (GEAR_TAGS[gear] && r.chance(0.5)) add(GEAR_TAGS[gear]);
  const generic = r.shuffle(GENERIC_TAGS);
  const want = r.int(3, 8);
  for (const g of generic) {
    if (tags.length >= want) break;
    add(g);
  }
  const finalTags = tags.slice(0, 8);
  // Gerund tags name their class too ("barking"): count them with the mention that gave them.
  return {
    title,
    description,
    tags: finalTags,
    trace: traced([title, description, finalTags.join(' ')].join('\n'), ms),
  };
}

/** Freesound-style title, description (may mention gear and place) and 3-8 lower-case tags ("field-recording"). */
export function fsd50kTexts(
  events: EventMention[],
  rng: Rng,
  opts?: CaptionOptions,
): { title: string; description: string; tags: string[] } {
  const { title, description, tags } = fsd50kTextsTraced(events, rng, opts);
  return { title, description, tags };
}

// ---------------------------------------------------------------------------------------------- MACS

/** The ten TAU Urban Acoustic Scenes that MACS annotates. */
export const MACS_SCENES = [
  'airport',
  'bus',
  'metro',
  'metro_station',
  'park',
  'public_square',
  'shopping_mall',
  'street_pedestrian',
  'street_traffic',
  'tram',
] as const;
export type MacsScene = (typeof MACS_SCENES)[number];

/**
 * The closed MACS-like tag vocabulary, with the ESC-50 class each tag names (per the forms table: "dog_barking"
 * names dog by label, "birds_singing" names chirping_birds by a synonym) or null.
 */
export const MACS_TAG_VOCABULARY: Record<string, NamedClass | null> = {
  adults_talking: null,
  announcement: null,
  birds_singing: { cls: 'chirping_birds', level: 'synonym' },
  children_voices: null,
  dog_barking: { cls: 'dog', level: 'label' },
  footsteps: { cls: 'footsteps', level: 'label' },
  music: null,
  siren: { cls: 'siren', level: 'label' },
  traffic_noise: null,
  car: null,
  wind_blowing: { cls: 'wind', level: 'label' },
  water_flowing: null,
  cleaning: null,
  tram_bell: null,
  brakes_squeaking: null,
  door_closing: null,
  bicycle_bell: null,
  laughter: { cls: 'laughing', level: 'label' },
  coughing: { cls: 'coughing', level: 'label' },
  sneezing: { cls: 'sneezing', level: 'label' },
  breathing: { cls: 'breathing', level: 'label' },
  crowd_noise: null,
  shouting: null,
  singing: null,
  whistling: null,
  construction: null,
  horn: null,
  car_horn: { cls: 'car_horn', level: 'label' },
  engine_noise: { cls: 'engine', level: 'label' },
  airplane: { cls: 'airplane', level: 'label' },
  helicopter: { cls: 'helicopter', level: 'label' },
  train: { cls: 'train', level: 'label' },
  motorcycle: null,
  bus: null,
  truck: null,
  rain: { cls: 'rain', level: 'label' },
  thunder: { cls: 'thunderstorm', level: 'synonym' },
  hail: null,
  leaves_rustling: null,
  insects_buzzing: { cls: 'insects', level: 'label' },
  crickets: { cls: 'crickets', level: 'label' },
  animals: null,
  birds: null,
  baby_crying: { cls: 'crying_baby', level: 'label' },
  clapping: { cls: 'clapping', level: 'label' },
  applause: { cls: 'clapping', level: 'synonym' },
  church_bells: { cls: 'church_bells', level: 'label' },
  fireworks: { cls: 'fireworks', level: 'label' },
  gunshot: null,
  explosion: null,
  water_dripping: { cls: 'water_drops', level: 'label' },
  typing: { cls: 'keyboard_typing', level: 'synonym' },
  clicking: null,
  knocking: null,
  door_creaking: { cls: 'door_wood_creaks', level: 'label' },
  glass_breaking: { cls: 'glass_breaking', level: 'label' },
  can_opening: { cls: 'can_opening', level: 'label' },
  vacuum_cleaner: { cls: 'vacuum_cleaner', level: 'label' },
  clock_ticking: { cls: 'clock_tick', level: 'label' },
  chainsaw: { cls: 'chainsaw', level: 'label' },
  drinking: { cls: 'drinking_sipping', level: 'label' },
  snoring: { cls: 'snoring', level: 'label' },
  alarm: null,
  machinery: null,
  phone_ringing: null,
  doorbell: null,
  dishes: null,
  zipper: null,
  human_sounds: null,
  fire: null,
  waves: null,
};

/** The MACS tag of each class (families fall back to a generic tag). */
const MACS_TAG_OF: Record<string, string> = {
  dog: 'dog_barking',
  chirping_birds: 'birds_singing',
  rain: 'rain',
  wind: 'wind_blowing',
  footsteps: 'footsteps',
  laughing: 'laughter',
  coughing: 'coughing',
  sneezing: 'sneezing',
  breathing: 'breathing',
  snoring: 'snoring',
  drinking_sipping: 'drinking',
  siren: 'siren',
  car_horn: 'car_horn',
  engine: 'engine_noise',
  train: 'train',
  airplane: 'airplane',
  helicopter: 'helicopter',
  church_bells: 'church_bells',
  clapping: 'clapping',
  crying_baby: 'baby_crying',
  fireworks: 'fireworks',
  thunderstorm: 'thunder',
  water_drops: 'water_dripping',
  pouring_water: 'water_flowing',
  toilet_flush: 'water_flowing',
  sea_waves: 'waves',
  crackling_fire: 'fire',
  crickets: 'crickets',
  insects: 'insects_buzzing',
  brushing_teeth: 'cleaning',
  door_wood_knock: 'knocking',
  door_wood_creaks: 'door_creaking',
  mouse_click: 'clicking',
  keyboard_typing: 'typing',
  can_opening: 'can_opening',
  washing_machine: 'machinery',
  vacuum_cleaner: 'vacuum_cleaner',
  clock_alarm: 'alarm',
  clock_tick: 'clock_ticking',
  glass_breaking: 'glass_breaking',
  chainsaw: 'chainsaw',
  hand_saw: 'construction',
  speech_male: 'adults_talking',
  speech_female: 'adults_talking',
  child_speech: 'children_voices',
  crowd_murmur: 'crowd_noise',
  crowd_cheering: 'crowd_noise',
  shouting: 'shouting',
  singing: 'singing',
  whistling: 'whistling',
  whispering: 'adults_talking',
  humming: 'singing',
  applause: 'applause',
  marching: 'footsteps',
  finger_snapping: 'clicking',
  car_passing: 'traffic_noise',
  truck: 'truck',
  bus: 'bus',
  motorcycle: 'motorcycle',
  motorboat: 'engine_noise',
  lawn_mower: 'machinery',
  bicycle_bell: 'bicycle_bell',
  train_horn: 'horn',
  ship_horn: 'horn',
  fire_alarm: 'alarm',
  thunder: 'thunder',
  drizzle: 'rain',
  hail: 'hail',
  rustling_leaves: 'leaves_rustling',
  bee: 'insects_buzzing',
  cicada: 'insects_buzzing',
  typewriter: 'typing',
  firecracker: 'fireworks',
  gunshot: 'gunshot',
  explosion: 'explosion',
  balloon_pop: 'explosion',
  doorbell: 'doorbell',
  telephone_ring: 'phone_ringing',
  dishes_clatter: 'dishes',
  zipper: 'zipper',
  drawer_slide: 'door_closing',
  kettle_whistle: 'whistling',
  light_switch: 'clicking',
  stapler: 'clicking',
  hammering: 'construction',
  tapping: 'knocking',
};
const MACS_FAMILY_TAG: Record<string, string> = {
  mammal_calls: 'animals',
  bird_calls: 'birds',
  insects_frogs: 'animals',
  water: 'water_flowing',
  weather_fire: 'wind_blowing',
  body_sounds: 'human_sounds',
  voices: 'adults_talking',
  crowds_hands: 'crowd_noise',
  clicks_knocks: 'knocking',
  household_machines: 'machinery',
  domestic_events: 'door_closing',
  engines: 'traffic_noise',
  tools: 'construction',
  alerts_bells: 'alarm',
  explosions: 'explosion',
  music: 'music',
};

/** The MACS tag an annotator gives an event of a class. */
export function macsTagOf(cls: string): string {
  return MACS_TAG_OF[cls] ?? MACS_FAMILY_TAG[soundClass(cls).family];
}

interface SceneInfo {
  phrases: string[];
  /** Tags of the scene's own ambience that annotators add whatever the events. */
  ambientTags: string[];
  /** Words for that ambience, naming no ESC-50 class. */
  ambientNps: string[];
}
const SCENES: Record<MacsScene, SceneInfo> = {
  airport: {
    phrases: ['in an airport', 'at an airport terminal', 'in a busy airport hall'],
    ambientTags: ['adults_talking', 'announcement', 'footsteps'],
    ambientNps: ['people talking', 'an announcement', 'suitcase wheels'],
  },
  bus: {
    phrases: ['on a bus', 'inside a bus', 'on a moving bus'],
    ambientTags: ['adults_talking', 'traffic_noise', 'brakes_squeaking'],
    ambientNps: ['passengers talking', 'traffic outside', 'brakes screeching'],
  },
  metro: {
    phrases: ['on the metro', 'inside a metro carriage', 'on an underground line'],
    ambientTags: ['adults_talking', 'announcement', 'brakes_squeaking'],
    ambientNps: ['an announcement', 'brakes screeching', 'passengers talking'],
  },
  metro_station: {
    phrases: ['in a metro station', 'at an underground station', 'on a metro platform'],
    ambientTags: ['announcement', 'footsteps', 'adults_talking'],
    ambientNps: ['an announcement', 'people talking', 'a crowd'],
  },
  park: {
    phrases: ['in a park', 'in a city park', 'in a green park'],
    ambientTags: ['birds_singing', 'children_voices', 'adults_talking', 'wind_blowing'],
    ambientNps: ['children playing', 'people talking', 'leaves moving'],
  },
  public_square: {
    phrases: ['in a public square', 'in a town square', 'on a city square'],
    ambientTags: ['adults_talking', 'footsteps', 'children_voices'],
    ambientNps: ['people talking', 'a crowd', 'children playing'],
  },
  shopping_mall: {
    phrases: ['in a shopping mall', 'inside a shopping center', 'in a mall'],
    ambientTags: ['adults_talking', 'music', 'footsteps', 'announcement'],
    ambientNps: ['background music', 'shoppers talking', 'an announcement'],
  },
  street_pedestrian: {
    phrases: ['on a pedestrian street', 'in a pedestrian area', 'on a busy sidewalk'],
    ambientTags: ['adults_talking', 'footsteps', 'traffic_noise'],
    ambientNps: ['people chatting', 'distant traffic', 'a crowd'],
  },
  street_traffic: {
    phrases: ['on a busy street', 'next to a busy road', 'at a traffic intersection'],
    ambientTags: ['traffic_noise', 'car'],
    ambientNps: ['traffic', 'cars passing', 'heavy traffic'],
  },
  tram: {
    phrases: ['on a tram', 'inside a tram', 'on a city tram'],
    ambientTags: ['tram_bell', 'adults_talking', 'announcement'],
    ambientNps: ['a tram bell', 'an announcement', 'passengers talking'],
  },
};

/** One MACS annotation with its ground truth: `trace` covers the sentence, `tagsNamed` the tags. */
export interface TracedMacsAnnotation {
  annotator_id: number;
  sentence: string;
  tags: string[];
  trace: TracedText;
  /** ESC-50 classes the tags name (MACS_TAG_VOCABULARY). */
  tagsNamed: NamedClass[];
}

/** MACS annotations with their ground truth, for audits of the generated corpus. */
export function macsAnnotationsTraced(
  scene: string,
  events: EventMention[],
  rng: Rng,
  annotators: number,
  opts?: CaptionOptions,
): TracedMacsAnnotation[] {
  const info = (SCENES as Record<string, SceneInfo | undefined>)[scene];
  if (!info) throw new Error(`unknown MACS scene "${scene}"; expected one of ${MACS_SCENES.join(', ')}`);
  if (!Number.isInteger(annotators) || annotators < 1)
    throw new Error(`annotators must be a positive integer, got ${annotators}`);
  checkEvents(events);
  const weights = styleWeights('macs', opts);
  const recog = recognizability(events, rng);
  // MACS has 133 annotators; each clip gets a few distinct ones.
  const ids = rng
    .fork('annotator-ids')
    .shuffle(Array.from({ length: Math.max(133, annotators) }, (_, i) => i + 1));
  const out: TracedMacsAnnotation[] = [];
  for (let k = 0; k < annotators; k++) {
    const r = rng.fork(`annotator-${k}`);
    const bias: Record<NamingMode, number> = {
      label: r.uniform(0.7, 1.3),
      synonym: r.uniform(0.6, 1.4),
      hypernym: r.uniform(0.6, 1.4),
      description: r.uniform(0.6, 1.4),
    };
    // Tags first, as MACS annotators did: one per heard event, plus the scene's ambience.
    const tags: string[] = [];
    const addTag = (t: string) => {
      if (!tags.includes(t)) tags.push(t);
    };
    for (const { e } of byProminence(events))
      if (r.chance(e.prominence === 'foreground' ? 0.95 : 0.7)) addTag(macsTagOf(e.cls));
    for (const t of info.ambientTags) if (r.chance(0.45)) addTag(t);
    if (tags.length === 0) addTag(macsTagOf(byProminence(events)[0].e.cls));

    const mentioned = pickMentioned(events, r, 0.6);
    const ms = mentioned.map(({ e, i }) => realize(e.cls, chooseMode(weights, recog[i], bias, r), r));
    const nps = ms.map((m) => (r.chance(0.7) ? m.np : m.clause));
    if (r.chance(0.4)) nps.push(r.pick(info.ambientNps));
    const list = nps.length === 1 ? nps[0] : `${nps.slice(0, -1).join(', ')} and ${nps[nps.length - 1]}`;
    const place = r.pick(info.phrases);
    const sentence = r.chance(0.7) ? `${capitalize(list)} ${place}` : `${capitalize(place)}, ${list}`;
    const text = r.chance(0.5) ? `${sentence}.` : sentence;
    const tagsNamed = mergeNamed(tags.map((t) => MACS_TAG_VOCABULARY[t] ?? null));
    out.push({ annotator_id: ids[k], sentence: text, tags, trace: traced(text, ms), tagsNamed });
  }
  return out;
}

/**
 * MACS-style annotations of a TAU scene clip: per annotator an integer id, a short sentence and tags from the
 * closed MACS-like vocabulary (MACS_TAG_VOCABULARY).
 */
export function macsAnnotations(
  scene: string,
  events: EventMention[],
  rng: Rng,
  annotators: number,
  opts?: CaptionOptions,
): { annotator_id: number; sentence: string; tags: string[] }[] {
  return macsAnnotationsTraced(scene, events, rng, annotators, opts).map(
    ({ annotator_id, sentence, tags }) => ({
      annotator_id,
      sentence,
      tags,
    }),
  );
}
