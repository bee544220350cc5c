/** Captions: naming modes, how one mention is worded (realize), and the ground-truth traces. */
import type { Rng } from '../../rng';
import { soundClass } from '../../ontology';
import { HYPERNYM_PREDICATES, lexiconOf } from '../lexicon';

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

/** Predicates that need no agreement with their subject, for synonyms and descriptions. */
const MODAL_PREDICATES = ['can be heard', 'can be heard clearly', 'could be heard', 'can be heard nearby'];

export interface Realized {
  cls: string;
  mode: NamingMode;
  /** The mention as a noun phrase ("a dog", "short loud repeated calls ..."). */
  np: string;
  /** The mention as a clause ("a dog barks", "an animal calls out"). */
  clause: string;
}

/** Draws the words of one mention in both shapes; `np` and `clause` name the class in the same mode. */
export function realize(cls: string, mode: NamingMode, rng: Rng): Realized {
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
export function mergeNamed(items: (NamedClass | null)[]): NamedClass[] {
  const out = new Map<string, NamedClass>();
  for (const n of items) {
    if (!n) continue;
    const prev = out.get(n.cls);
    if (!prev || (prev.level === 'synonym' && n.level === 'label')) out.set(n.cls, n);
  }
  return [...out.values()].sort((a, b) => a.cls.localeCompare(b.cls));
}

export function traced(text: string, ms: Realized[], extraNamed: (NamedClass | null)[] = []): TracedText {
  return {
    text,
    mentions: ms.map((m) => ({ cls: m.cls, mode: m.mode, text: m.np })),
    named: mergeNamed([...ms.map((m) => namedBy(m.cls, m.mode)), ...extraNamed]),
  };
}

export function styleWeights(style: CaptionStyle, opts?: CaptionOptions): Record<NamingMode, number> {
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
export function recognizability(events: EventMention[], rng: Rng): number[] {
  const r = rng.fork('recognizability');
  return events.map(() => (r.chance(0.85) ? 1 : r.uniform(0.05, 0.4)));
}

/** Draws a naming mode from weights scaled by recognizability and an annotator's habits. */
export function chooseMode(
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

export const NO_BIAS: Record<NamingMode, number> = { label: 1, synonym: 1, hypernym: 1, description: 1 };

/** Foreground events first, in their given order, then background ones. */
export function byProminence(events: EventMention[]): { e: EventMention; i: number }[] {
  const indexed = events.map((e, i) => ({ e, i }));
  return [
    ...indexed.filter((x) => x.e.prominence === 'foreground'),
    ...indexed.filter((x) => x.e.prominence !== 'foreground'),
  ];
}

export function checkEvents(events: EventMention[]): void {
  if (events.length === 0) throw new Error('a caption needs at least one event');
  for (const e of events) lexiconOf(e.cls);
}

/** How a connective joins a further mention to a sentence (Clotho, AudioCaps, FSD50K). */
export type Joiner = (m: Realized) => string;

/** Picks which events an annotator mentions: foreground almost always, background by habit; at most three. */
export function pickMentioned(
  events: EventMention[],
  rng: Rng,
  mentionsBackground: number,
): { e: EventMention; i: number }[] {
  const ordered = byProminence(events);
  let chosen = ordered.filter((x) => rng.chance(x.e.prominence === 'foreground' ? 0.95 : mentionsBackground));
  if (chosen.length === 0) chosen = [ordered[0]];
  return chosen.slice(0, 3);
}
