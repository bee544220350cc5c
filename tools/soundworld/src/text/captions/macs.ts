/** Annotations in the style of MACS: TAU scenes, several annotators with sentences and tags. */
import type { Rng } from '../../rng';
import { soundClass } from '../../ontology';
import {
  byProminence,
  type CaptionOptions,
  checkEvents,
  chooseMode,
  type EventMention,
  mergeNamed,
  type NamedClass,
  type NamingMode,
  pickMentioned,
  realize,
  recognizability,
  styleWeights,
  traced,
  type TracedText,
} from './mentions';
import { capitalize } from './sentences';

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
