/** Captions: sentence helpers (word counts, tails that name nothing, adverbs). */
import type { Rng } from '../../rng';

export const wordCount = (s: string) => s.split(/\s+/).filter(Boolean).length;
export const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

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
export function usedTailKinds(s: string): Set<TailKind> {
  return new Set(
    TAIL_KINDS.filter(
      (k) => TAILS[k].some((t) => s.includes(t)) || (k === 'distance' && /\boutside\b/.test(s)),
    ),
  );
}

const ADVERBS = ['loudly', 'softly', 'continuously', 'intermittently', 'steadily', 'briefly', 'constantly'];

/** Appends tails of unused kinds until the sentence has at least `min` words (never past `max`). */
export function padTo(s: string, min: number, max: number, rng: Rng): string {
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
export function addTail(s: string, max: number, rng: Rng): string {
  return padTo(s, wordCount(s) + 1, max, rng);
}

export function withAdverb(clause: string, rng: Rng, p: number): string {
  const last = clause.split(' ').pop() ?? '';
  if (last.endsWith('ly') || !rng.chance(p)) return clause;
  return `${clause} ${rng.pick(ADVERBS)}`;
}
