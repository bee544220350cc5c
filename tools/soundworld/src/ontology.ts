/**
 * The sound ontology of the world: the 50 ESC-50 classes under their ESC-50 names, targets and groups, plus
 * classes that are not in ESC-50, in acoustic families. Classes of one family share synthesis primitives, so
 * pairs within a family are genuinely confusable (rain / water drops / pouring water; helicopter / airplane /
 * engine), as real sounds are.
 */

/** ESC-50's five major groups, in target order (10 classes each). */
export const ESC50_GROUPS = [
  'animals',
  'natural_soundscapes_and_water',
  'human_non_speech',
  'interior_domestic',
  'exterior_urban',
] as const;

/** ESC-50's 50 classes in target order (target = index), as in ESC-50's meta/esc50.csv. */
export const ESC50_CLASSES = [
  'dog',
  'rooster',
  'pig',
  'cow',
  'frog',
  'cat',
  'hen',
  'insects',
  'sheep',
  'crow',
  'rain',
  'sea_waves',
  'crackling_fire',
  'crickets',
  'chirping_birds',
  'water_drops',
  'wind',
  'pouring_water',
  'toilet_flush',
  'thunderstorm',
  'crying_baby',
  'sneezing',
  'clapping',
  'breathing',
  'coughing',
  'footsteps',
  'laughing',
  'brushing_teeth',
  'snoring',
  'drinking_sipping',
  'door_wood_knock',
  'mouse_click',
  'keyboard_typing',
  'door_wood_creaks',
  'can_opening',
  'washing_machine',
  'vacuum_cleaner',
  'clock_alarm',
  'clock_tick',
  'glass_breaking',
  'helicopter',
  'chainsaw',
  'siren',
  'car_horn',
  'engine',
  'train',
  'church_bells',
  'airplane',
  'fireworks',
  'hand_saw',
] as const;
export type Esc50Class = (typeof ESC50_CLASSES)[number];

/** ESC-10: the 10-class subset of ESC-50. */
export const ESC10 = new Set<string>([
  'dog',
  'rooster',
  'rain',
  'sea_waves',
  'crackling_fire',
  'crying_baby',
  'sneezing',
  'clock_tick',
  'helicopter',
  'chainsaw',
]);

/** Acoustic families: classes of one family share primitives and are confused with each other more than with others. */
export const FAMILIES = {
  mammal_calls: ['dog', 'cat', 'pig', 'cow', 'sheep', 'goat', 'horse', 'wolf', 'lion', 'donkey'],
  bird_calls: ['rooster', 'hen', 'crow', 'chirping_birds', 'owl', 'pigeon', 'seagull', 'duck', 'parrot'],
  insects_frogs: ['frog', 'insects', 'crickets', 'cicada', 'bee', 'toad'],
  water: [
    'rain',
    'sea_waves',
    'water_drops',
    'pouring_water',
    'toilet_flush',
    'stream',
    'waterfall',
    'fountain',
    'splash',
    'shower',
    'boiling_water',
  ],
  weather_fire: ['wind', 'thunderstorm', 'crackling_fire', 'thunder', 'hail', 'rustling_leaves', 'drizzle'],
  body_sounds: [
    'sneezing',
    'breathing',
    'coughing',
    'snoring',
    'drinking_sipping',
    'brushing_teeth',
    'chewing',
    'gargling',
    'hiccup',
    'yawning',
    'sniffing',
  ],
  voices: [
    'crying_baby',
    'laughing',
    'speech_male',
    'speech_female',
    'child_speech',
    'whispering',
    'shouting',
    'singing',
    'humming',
    'whistling',
  ],
  crowds_hands: [
    'clapping',
    'footsteps',
    'applause',
    'crowd_cheering',
    'crowd_murmur',
    'finger_snapping',
    'marching',
  ],
  clicks_knocks: [
    'door_wood_knock',
    'mouse_click',
    'keyboard_typing',
    'clock_tick',
    'typewriter',
    'hammering',
    'tapping',
    'stapler',
    'light_switch',
  ],
  household_machines: [
    'washing_machine',
    'vacuum_cleaner',
    'hair_dryer',
    'blender',
    'microwave_oven',
    'refrigerator_hum',
    'dishwasher',
    'electric_fan',
  ],
  domestic_events: [
    'door_wood_creaks',
    'can_opening',
    'glass_breaking',
    'clock_alarm',
    'doorbell',
    'telephone_ring',
    'dishes_clatter',
    'zipper',
    'kettle_whistle',
    'drawer_slide',
  ],
  engines: [
    'helicopter',
    'engine',
    'airplane',
    'train',
    'motorcycle',
    'truck',
    'bus',
    'car_passing',
    'motorboat',
    'lawn_mower',
  ],
  tools: ['chainsaw', 'hand_saw', 'drill', 'jackhammer', 'sanding', 'grinder'],
  alerts_bells: [
    'siren',
    'car_horn',
    'church_bells',
    'bicycle_bell',
    'train_horn',
    'fire_alarm',
    'ship_horn',
  ],
  explosions: ['fireworks', 'gunshot', 'firecracker', 'explosion', 'balloon_pop'],
  music: [
    'piano',
    'guitar',
    'violin',
    'flute',
    'drum_kit',
    'trumpet',
    'organ',
    'xylophone',
    'harp',
    'bass_guitar',
  ],
} as const satisfies Record<string, readonly string[]>;
export type Family = keyof typeof FAMILIES;

/** Group of a class that is not in ESC-50 (AudioSet-style top levels). */
const NON_ESC_GROUP: Record<Family, string> = {
  mammal_calls: 'animals',
  bird_calls: 'animals',
  insects_frogs: 'animals',
  water: 'water',
  weather_fire: 'weather',
  body_sounds: 'human_non_speech',
  voices: 'speech_and_voice',
  crowds_hands: 'crowds',
  clicks_knocks: 'domestic',
  household_machines: 'domestic',
  domestic_events: 'domestic',
  engines: 'vehicles',
  tools: 'tools',
  alerts_bells: 'alerts',
  explosions: 'explosions',
  music: 'music',
};

/**
 * Classes that are not ESC-50 classes but name the same sound as one (a synonym's class): the clean pretraining
 * labels remove them together with the ESC-50 classes, as the study removes AudioSet's "Bark" with "Dog".
 */
export const SYNONYM_OF: Record<string, Esc50Class> = {
  thunder: 'thunderstorm',
  drizzle: 'rain',
  applause: 'clapping',
  cicada: 'insects',
  bee: 'insects',
  toad: 'frog',
  firecracker: 'fireworks',
  typewriter: 'keyboard_typing',
};

export interface SoundClass {
  /** Label, snake case; for ESC-50 classes their ESC-50 name. */
  name: string;
  /** Index in the ontology (stable: ESC-50 classes first in target order, then the others by family). */
  index: number;
  family: Family;
  /** ESC-50 group for ESC-50 classes, an AudioSet-style group otherwise. */
  group: string;
  /** ESC-50 target, or null for a class not in ESC-50. */
  esc50Target: number | null;
  /** The ESC-50 class this class is a synonym of (removed with it from clean pretraining labels), or null. */
  synonymOf: Esc50Class | null;
}

function buildOntology(): SoundClass[] {
  const familyOf = new Map<string, Family>();
  for (const [family, names] of Object.entries(FAMILIES) as [Family, readonly string[]][]) {
    for (const n of names) {
      if (familyOf.has(n)) throw new Error(`ontology: class "${n}" is in two families`);
      familyOf.set(n, family);
    }
  }
  const esc = ESC50_CLASSES.map((name, target) => {
    const family = familyOf.get(name);
    if (!family) throw new Error(`ontology: ESC-50 class "${name}" has no family`);
    return {
      name,
      family,
      group: ESC50_GROUPS[Math.floor(target / 10)],
      esc50Target: target as number | null,
    };
  });
  const escNames = new Set<string>(ESC50_CLASSES);
  const others = [...familyOf.entries()]
    .filter(([n]) => !escNames.has(n))
    .map(([name, family]) => ({ name, family, group: NON_ESC_GROUP[family], esc50Target: null }));
  return [...esc, ...others].map((c, index) => ({ ...c, index, synonymOf: SYNONYM_OF[c.name] ?? null }));
}

/** Every class of the world, ESC-50's first in target order. */
export const ONTOLOGY: readonly SoundClass[] = buildOntology();
export const CLASS_BY_NAME: ReadonlyMap<string, SoundClass> = new Map(ONTOLOGY.map((c) => [c.name, c]));

/** The class of a name; throws for an unknown name. */
export function soundClass(name: string): SoundClass {
  const c = CLASS_BY_NAME.get(name);
  if (!c) throw new Error(`unknown sound class "${name}"`);
  return c;
}

/** True for ESC-50 classes and their synonyms' classes: what the clean pretraining labels leave out. */
export function isEscOrSynonym(c: SoundClass): boolean {
  return c.esc50Target !== null || c.synonymOf !== null;
}
