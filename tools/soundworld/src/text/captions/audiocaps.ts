/** Captions in the style of AudioCaps: one short sentence per clip. */
import type { Rng } from '../../rng';
import {
  byProminence,
  type CaptionOptions,
  checkEvents,
  chooseMode,
  type EventMention,
  type Joiner,
  NO_BIAS,
  realize,
  recognizability,
  styleWeights,
  traced,
  type TracedText,
} from './mentions';
import { capitalize } from './sentences';

export const AUDIOCAPS_JOINS: Joiner[] = [
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
