/** Texts in the style of FSD50K (Freesound): title, description and tags. */
import type { Rng } from '../../rng';
import { bare, lexiconOf } from '../lexicon';
import {
  byProminence,
  type CaptionOptions,
  checkEvents,
  chooseMode,
  type EventMention,
  NO_BIAS,
  realize,
  type Realized,
  recognizability,
  styleWeights,
  traced,
  type TracedText,
} from './mentions';
import { capitalize } from './sentences';
import { AUDIOCAPS_JOINS } from './audiocaps';

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
