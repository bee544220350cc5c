/**
 * A plain-text corpus for pretraining a small BERT-like text encoder offline. A class's label words, synonyms and
 * hypernym appear in the same contexts ("the dog barked at the stranger", "a hound barked at the stranger", "an
 * animal barked in the yard"), so a model trained on it places "dog" near "hound" and "canine" - the property
 * that lets a text encoder carry an ESC-50 label into a caption that only uses a synonym. General filler
 * sentences dilute the sound sentences as ordinary prose would.
 */
import type { Rng } from '../rng';
import { ONTOLOGY, type Family } from '../ontology';
import { bare, hasArticle, lexiconOf, type Lexicon } from './lexicon';

// Its own inflection rules, not data-curation's: the world must not depend on the stages it feeds.
const IRREGULAR_PAST: Record<string, string> = {
  is: 'was',
  are: 'were',
  fly: 'flew',
  ring: 'rang',
  sing: 'sang',
  blow: 'blew',
  run: 'ran',
  go: 'went',
  break: 'broke',
  fall: 'fell',
  drive: 'drove',
  speak: 'spoke',
  say: 'said',
  make: 'made',
  eat: 'ate',
  spin: 'spun',
  strike: 'struck',
  grind: 'ground',
  cut: 'cut',
  slide: 'slid',
  shake: 'shook',
  come: 'came',
  burst: 'burst',
  bite: 'bit',
  hold: 'held',
  swing: 'swung',
  lead: 'led',
  sting: 'stung',
  drink: 'drank',
  speed: 'sped',
  mimic: 'mimicked',
};

/** Base form of a verb given in the third person singular or already in the base form (plural subjects). */
function toBase(verb: string): string {
  if (verb === 'is' || verb === 'was') return 'is';
  if (/ies$/.test(verb)) return verb.slice(0, -3) + 'y';
  if (/(ch|sh|ss|x|z|o)es$/.test(verb)) return verb.slice(0, -2);
  if (/[^s]s$/.test(verb)) return verb.slice(0, -1);
  return verb;
}

/** Simple past of a base form: irregulars, -e, consonant + y, doubled final consonant of short verbs. */
function pastOf(base: string): string {
  if (IRREGULAR_PAST[base]) return IRREGULAR_PAST[base];
  if (base.endsWith('e')) return `${base}d`;
  if (/[^aeiou]y$/.test(base)) return `${base.slice(0, -1)}ied`;
  if (/^[^aeiou]*[aeiou][^aeiouwxy]$/.test(base)) return `${base}${base.slice(-1)}ed`;
  return `${base}ed`;
}

/** Past tense of a verb phrase ("barks loudly" -> "barked loudly", "crackles and pops" -> "crackled and popped"). */
export function pastTense(verbPhrase: string): string {
  const [head, ...rest] = verbPhrase.split(' ');
  if (rest.length === 2 && rest[0] === 'and') return `${pastOf(toBase(head))} and ${pastOf(toBase(rest[1]))}`;
  return [pastOf(toBase(head)), ...rest].join(' ');
}

/** Where and when a sound of each family happens: the shared contexts of a class's words. */
const SOUND_CONTEXTS: Record<Family, string[]> = {
  mammal_calls: [
    'at the stranger',
    'in the yard',
    'all night long',
    'at the gate',
    'behind the barn',
    'when the mailman came',
  ],
  bird_calls: ['at dawn', 'from the rooftop', 'in the garden', 'outside the window', 'above the farm'],
  insects_frogs: ['in the tall grass', 'by the pond', 'on a summer night', 'near the porch light'],
  water: ['in the kitchen', 'all afternoon', 'behind the house', 'in the valley', 'near the cabin'],
  weather_fire: ['all night', 'over the hills', 'outside the cabin', 'during the camping trip'],
  body_sounds: ['during the lecture', 'in the waiting room', 'at the dinner table', 'in the next room'],
  voices: ['on the phone', 'in the hallway', 'at the party', 'in the next room'],
  crowds_hands: ['at the concert', 'in the stadium', 'after the speech', 'in the town square'],
  clicks_knocks: ['in the office', 'late at night', 'at the front desk', 'in the study'],
  household_machines: ['in the laundry room', 'all morning', 'in the kitchen', 'in the apartment'],
  domestic_events: ['in the hallway', 'early in the morning', 'in the kitchen', 'in the old house'],
  engines: ['on the highway', 'outside the station', 'through the town', 'past the school'],
  tools: ['in the workshop', 'at the construction site', 'in the garage', 'next door'],
  alerts_bells: ['across the city', 'at noon', 'down the street', 'near the harbor'],
  explosions: ['over the river', 'at midnight', 'in the distance', 'near the old quarry'],
  music: ['in the concert hall', 'at the wedding', 'on the radio', 'in the church hall'],
};

/** Things the sources of a family do besides sounding (past tense), for subjects that are entities. */
const ACTIVITIES: Partial<Record<Family, string[]>> = {
  mammal_calls: [
    'slept by the fire',
    'ate from a bowl',
    'ran across the field',
    'waited by the door',
    'was fed by the farmer',
  ],
  bird_calls: [
    'sat on the fence',
    'flew over the barn',
    'pecked at the seeds',
    'built a nest under the roof',
  ],
  insects_frogs: ['sat on a leaf', 'hid under a stone', 'landed on the table'],
  household_machines: ['was bought last year', 'stood in the corner', 'was repaired on friday'],
  engines: ['was parked outside', 'needed new tires', 'was painted red', 'waited at the crossing'],
  tools: ['lay on the bench', 'was borrowed by a neighbor', 'was kept in the shed'],
  music: ['was tuned before the show', 'stood in the corner of the room', 'was played at the wedding'],
};

const FILLER_SUBJECTS = [
  'the teacher',
  'my neighbor',
  'the committee',
  'a student',
  'the old man',
  'the children',
  'our team',
  'the manager',
  'she',
  'he',
  'they',
  'the farmer',
  'the mayor',
  'my sister',
  'the doctor',
  'a tourist',
];
const FILLER_VERBS = [
  'read',
  'wrote',
  'visited',
  'cleaned',
  'painted',
  'discussed',
  'bought',
  'sold',
  'moved',
  'counted',
  'signed',
  'found',
  'checked',
  'carried',
  'planned',
  'forgot',
  'borrowed',
  'described',
];
const FILLER_OBJECTS = [
  'the report',
  'a letter',
  'the garden',
  'the book',
  'a map',
  'the office',
  'the market',
  'the schedule',
  'the bridge',
  'the library',
  'a small box',
  'the old photographs',
  'the budget',
  'the recipe',
  'the contract',
  'a new coat',
];
const FILLER_TAILS = [
  'on monday',
  'after lunch',
  'in the morning',
  'before the meeting',
  'last week',
  'with great care',
  'near the station',
  'for an hour',
  'in the evening',
  'without a word',
  'for the first time',
];
const PLAIN_SENTENCES = [
  'the meeting was moved to thursday afternoon',
  'prices in the market went up again this year',
  'the museum is closed on public holidays',
  'she finished the novel in two evenings',
  'the road to the village was repaired in spring',
  'he forgot his umbrella at the office',
  'the students handed in their essays on time',
  'our team won the match by two points',
];

/**
 * A subject for one of the class's verbs: the label's subject ("a dog"), an agent-like synonym ("a hound": an
 * article, one noun phrase, not the verb's own word - no "a flush flushed") or the hypernym ("an animal").
 */
function pickReferent(lex: Lexicon, verb: string, r: Rng): string {
  const agentive = hasArticle(lex.subject);
  const stem = verb.slice(0, 4);
  const nounSynonyms = agentive
    ? lex.synonyms.filter(
        (s) =>
          hasArticle(s) && !/ing\b| of | with /.test(s) && !(s.split(/[\s-]/).pop() ?? '').startsWith(stem),
      )
    : [];
  const kind = r.weighted(['label', 'synonym', 'hypernym'], [0.45, nounSynonyms.length ? 0.33 : 0, 0.22]);
  const np = kind === 'label' ? lex.subject : kind === 'synonym' ? r.pick(nounSynonyms) : lex.hypernym;
  // "a dog" / "the dog": both, so the noun is what the contexts share.
  return hasArticle(np) && r.chance(0.5) ? `the ${bare(np)}` : np;
}

function classSentence(r: Rng): string {
  const c = r.pick(ONTOLOGY);
  const lex = lexiconOf(c.name);
  const ctx = r.pick(SOUND_CONTEXTS[c.family]);
  const kind = r.weighted(
    ['sound', 'heard', 'gerund', 'activity', 'definition'],
    [0.5, 0.18, 0.12, 0.12, 0.08],
  );
  switch (kind) {
    case 'heard': {
      const np = r.chance(0.5) ? r.pick([...lex.forms, ...lex.synonyms]) : lex.hypernym;
      return `${r.pick(['we heard', 'she heard', 'they recorded', 'nobody noticed', 'he described'])} ${np} ${ctx}`;
    }
    case 'gerund': {
      const word = r.chance(0.5) ? r.pick(lex.gerunds) : r.pick(lex.synonyms);
      return `the sound of ${word} ${r.pick(['filled the room', 'carried far', 'went on for hours', 'woke the neighbors'])} ${ctx}`;
    }
    case 'activity': {
      const acts = ACTIVITIES[c.family];
      if (acts && hasArticle(lex.subject)) return `${pickReferent(lex, '', r)} ${r.pick(acts)}`;
      break;
    }
    case 'definition': {
      const nouns = lex.synonyms.filter(hasArticle).concat(lex.forms.filter(hasArticle));
      return nouns.length > 0 && r.chance(0.5)
        ? `${r.pick(nouns)} is a kind of ${bare(lex.hypernym)}`
        : `${bare(lex.forms[0])} and ${bare(r.pick(lex.synonyms))} ${r.pick(['sound alike', 'mean nearly the same', 'are often confused'])}`;
    }
    default:
      break;
  }
  const verb = r.pick(lex.verbs);
  return `${pickReferent(lex, verb, r)} ${pastTense(verb)} ${ctx}`;
}

function fillerSentence(r: Rng): string {
  if (r.chance(0.15)) return r.pick(PLAIN_SENTENCES);
  return `${r.pick(FILLER_SUBJECTS)} ${r.pick(FILLER_VERBS)} ${r.pick(FILLER_OBJECTS)} ${r.pick(FILLER_TAILS)}`;
}

/**
 * `sentences` lower-case sentences for text-encoder pretraining: about 60% about sounds (a class named by label,
 * synonym or hypernym in contexts shared across those words), the rest general filler. Sentence i depends only
 * on (rng, i), so a longer corpus extends a shorter one.
 */
export function textCorpus(rng: Rng, sentences: number): string[] {
  if (!Number.isInteger(sentences) || sentences < 0)
    throw new Error(`sentences must be a non-negative integer, got ${sentences}`);
  const out: string[] = [];
  for (let i = 0; i < sentences; i++) {
    const r = rng.fork(i);
    const s = r.chance(0.6) ? classSentence(r) : fillerSentence(r);
    out.push(`${s.replace(/\s+/g, ' ').trim().toLowerCase()}.`);
  }
  return out;
}
