/** Captions in the style of Clotho: five annotators per clip, 8-20 words each. */
import type { Rng } from '../../rng';
import {
  type CaptionOptions,
  checkEvents,
  chooseMode,
  type EventMention,
  type Joiner,
  type NamingMode,
  pickMentioned,
  realize,
  type Realized,
  recognizability,
  styleWeights,
  traced,
  type TracedText,
} from './mentions';
import { addTail, capitalize, padTo, usedTailKinds, withAdverb, wordCount } from './sentences';

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
