import { ESC10, ONTOLOGY, isEscOrSynonym, soundClass, type SoundClass } from './ontology';
import type { WorldProfile } from './profiles';
import { createRng, type Rng } from './rng';
import type { SceneSpec } from './audio/scene';
import {
  audioCapsCaption,
  clothoCaptions,
  fsd50kTexts,
  macsAnnotations,
  type EventMention,
} from './text/captions';

/** One audio file to render: where, and the scene it holds. Its samples depend only on (seed, stream). */
export interface AudioJob {
  file: string;
  scene: SceneSpec;
  stream: string;
}

/** Rows of the planned datasets, before they are written in their formats. */
export interface WorldPlan {
  audio: AudioJob[];
  esc50: {
    filename: string;
    fold: number;
    target: number;
    category: string;
    esc10: boolean;
    src_file: string;
    take: string;
  }[];
  clotho: { split: 'development' | 'evaluation'; file_name: string; captions: string[]; classes: string[] }[];
  audiocaps: {
    split: 'train' | 'val' | 'test';
    audiocap_id: number;
    youtube_id: string;
    start_time: number;
    caption: string;
    classes: string[];
  }[];
  fsd50k: {
    group: 'dev' | 'eval';
    split: 'train' | 'val' | 'eval';
    fname: number;
    classes: string[];
    title: string;
    description: string;
    tags: string[];
    uploader: string;
  }[];
  macs: {
    filename: string;
    scene: string;
    classes: string[];
    annotations: { annotator_id: number; sentence: string; tags: string[] }[];
  }[];
  audioset: { ytid: string; start: number; end: number; classes: string[] }[];
}

/** Weight of an ESC-50 class when events of caption clips are drawn: about 45% of events are ESC-50 sounds. */
export const ESC50_EVENT_WEIGHT = 1.4;

const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const youtubeId = (rng: Rng) => Array.from({ length: 11 }, () => rng.pick([...ID_CHARS])).join('');
const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Draws 1–3 distinct classes from the whole ontology, ESC-50 classes weighted by ESC50_EVENT_WEIGHT. */
export function drawEvents(rng: Rng, pool: readonly SoundClass[] = ONTOLOGY, max = 3): SoundClass[] {
  const count = rng.weighted([1, 2, 3].slice(0, max), [0.4, 0.4, 0.2].slice(0, max));
  const chosen: SoundClass[] = [];
  const weights = pool.map((c) => (c.esc50Target !== null ? ESC50_EVENT_WEIGHT : 1));
  while (chosen.length < Math.min(count, pool.length)) {
    const c = rng.weighted(pool, weights);
    if (!chosen.includes(c)) chosen.push(c);
  }
  return chosen;
}

/**
 * Places events in a clip: the first is the foreground (long, loud), the others background (shorter, quieter),
 * over a background bed of the given kind.
 */
export function sceneFor(
  rng: Rng,
  seconds: number,
  classes: SoundClass[],
  background: SceneSpec['background'],
): SceneSpec {
  const events = classes.map((c, i) => {
    const duration = i === 0 ? rng.uniform(0.6, 0.95) * seconds : rng.uniform(0.25, 0.7) * seconds;
    const onset = rng.uniform(0, Math.max(0, seconds - duration));
    return {
      cls: c.name,
      onset: round(onset),
      duration: round(duration),
      gainDb: round(i === 0 ? rng.uniform(-3, 0) : rng.uniform(-14, -5), 2),
    };
  });
  return { seconds, events, background, snrDb: round(rng.uniform(8, 25), 2) };
}

const mentions = (classes: SoundClass[]): EventMention[] =>
  classes.map((c, i) => ({ cls: c.name, prominence: i === 0 ? 'foreground' : 'background' }));

const BACKGROUNDS: SceneSpec['background'][] = ['room', 'street', 'nature', 'crowd'];

/**
 * Background bed that suits a class's group, so scenes are plausible (a cow in nature, a vacuum in a room). Every
 * clip has a bed: recordings are never digitally silent around the event, and a mix of silent and noisy clips
 * makes clip-level spectral statistics bimodal (a nearest-centroid baseline fell from 0.55 to 0.17 with it).
 */
function backgroundFor(rng: Rng, c: SoundClass): SceneSpec['background'] {
  const byGroup: Record<string, SceneSpec['background'][]> = {
    animals: ['nature', 'nature', 'street'],
    natural_soundscapes_and_water: ['nature', 'nature', 'room'],
    water: ['nature', 'room'],
    weather: ['nature', 'street'],
    human_non_speech: ['room', 'room', 'crowd'],
    interior_domestic: ['room', 'room', 'street'],
    domestic: ['room', 'room', 'street'],
    exterior_urban: ['street', 'street', 'nature'],
    vehicles: ['street', 'street', 'nature'],
    alerts: ['street', 'crowd'],
    crowds: ['crowd', 'street'],
    speech_and_voice: ['room', 'crowd', 'street'],
  };
  return rng.pick(byGroup[c.group] ?? BACKGROUNDS);
}

/** TAU Urban Acoustic Scenes, with the classes that plausibly sound in each (MACS annotates TAU clips). */
export const TAU_SCENES: Record<string, string[]> = {
  airport: [
    'speech_male',
    'speech_female',
    'footsteps',
    'crowd_murmur',
    'airplane',
    'child_speech',
    'zipper',
  ],
  bus: ['bus', 'engine', 'speech_male', 'speech_female', 'child_speech', 'coughing', 'bicycle_bell'],
  metro: ['train', 'speech_female', 'speech_male', 'crowd_murmur', 'train_horn', 'coughing'],
  metro_station: ['train', 'footsteps', 'crowd_murmur', 'speech_male', 'train_horn', 'whistling'],
  park: ['chirping_birds', 'dog', 'child_speech', 'footsteps', 'wind', 'rustling_leaves', 'crow', 'fountain'],
  public_square: [
    'footsteps',
    'crowd_murmur',
    'church_bells',
    'fountain',
    'chirping_birds',
    'pigeon',
    'child_speech',
    'laughing',
  ],
  shopping_mall: [
    'crowd_murmur',
    'footsteps',
    'speech_female',
    'child_speech',
    'laughing',
    'crying_baby',
    'piano',
  ],
  street_pedestrian: [
    'footsteps',
    'speech_male',
    'car_passing',
    'bicycle_bell',
    'dog',
    'laughing',
    'motorcycle',
  ],
  street_traffic: ['car_passing', 'engine', 'truck', 'bus', 'car_horn', 'siren', 'motorcycle'],
  tram: ['train', 'bicycle_bell', 'speech_female', 'speech_male', 'engine', 'crowd_murmur'],
};
const TAU_CITIES = [
  'amsterdam',
  'barcelona',
  'helsinki',
  'lisbon',
  'london',
  'lyon',
  'milan',
  'paris',
  'prague',
  'stockholm',
  'vienna',
];
const TAU_BACKGROUND: Record<string, SceneSpec['background']> = {
  airport: 'crowd',
  bus: 'street',
  metro: 'room',
  metro_station: 'crowd',
  park: 'nature',
  public_square: 'street',
  shopping_mall: 'crowd',
  street_pedestrian: 'street',
  street_traffic: 'street',
  tram: 'street',
};

/**
 * Plans the whole world from a seed: every clip's classes, scene, names and texts. Each dataset draws from its own
 * stream, so changing one dataset's size does not change another's content.
 */
export function planWorld(seed: number, p: WorldProfile): WorldPlan {
  const root = createRng(seed);
  const plan: WorldPlan = {
    audio: [],
    esc50: [],
    clotho: [],
    audiocaps: [],
    fsd50k: [],
    macs: [],
    audioset: [],
  };

  // ESC-50-like test set: one event of the class over most of the clip, 5 folds, several takes per source.
  {
    const rng = root.fork('esc50');
    const usedSources = new Set<string>();
    for (const c of ONTOLOGY.filter((x) => x.esc50Target !== null)) {
      const r = rng.fork(c.name);
      for (let k = 0; k < p.esc50.clipsPerClass; k++) {
        const clip = r.fork(k);
        const fold = (k % 5) + 1;
        // ESC-50 names clips <fold>-<source id>-<take>-<target>.wav; here every clip is its own source, take A.
        let src = String(clip.int(100000, 999999));
        while (usedSources.has(src)) src = String(clip.int(100000, 999999));
        usedSources.add(src);
        const take = 'A';
        const filename = `${fold}-${src}-${take}-${c.esc50Target}.wav`;
        plan.esc50.push({
          filename,
          fold,
          target: c.esc50Target!,
          category: c.name,
          esc10: ESC10.has(c.name),
          src_file: src,
          take,
        });
        const scene = sceneFor(clip, p.esc50.seconds, [c], backgroundFor(clip, c));
        plan.audio.push({ file: `esc50/audio/${filename}`, scene, stream: `esc50/${c.name}/${k}` });
      }
    }
  }

  // Clotho-like: 15–30 s clips, five captions each.
  {
    const rng = root.fork('clotho');
    for (const split of ['development', 'evaluation'] as const) {
      for (let i = 0; i < p.clotho[split]; i++) {
        const clip = rng.fork(split).fork(i);
        const classes = drawEvents(clip.fork('events'));
        const seconds = round(clip.uniform(p.clotho.minSeconds, p.clotho.maxSeconds), 2);
        const file_name = `${split}_${String(i + 1).padStart(5, '0')}.wav`;
        plan.clotho.push({
          split,
          file_name,
          captions: clothoCaptions(mentions(classes), clip.fork('captions')),
          classes: classes.map((c) => c.name),
        });
        plan.audio.push({
          file: `clotho/audio/${split}/${file_name}`,
          scene: sceneFor(clip.fork('scene'), seconds, classes, backgroundFor(clip, classes[0])),
          stream: `clotho/${split}/${i}`,
        });
      }
    }
  }

  // AudioCaps-like: 10 s clips, one caption each.
  {
    const rng = root.fork('audiocaps');
    let nextId = 100000 + rng.int(0, 899999);
    for (const split of ['train', 'val', 'test'] as const) {
      for (let i = 0; i < p.audiocaps[split]; i++) {
        const clip = rng.fork(split).fork(i);
        const classes = drawEvents(clip.fork('events'));
        const audiocap_id = nextId++;
        plan.audiocaps.push({
          split,
          audiocap_id,
          youtube_id: youtubeId(clip),
          start_time: clip.int(0, 30) * 10,
          caption: audioCapsCaption(mentions(classes), clip.fork('captions')),
          classes: classes.map((c) => c.name),
        });
        plan.audio.push({
          file: `audiocaps/audio/${split}/${audiocap_id}.wav`,
          scene: sceneFor(clip.fork('scene'), p.audiocaps.seconds, classes, backgroundFor(clip, classes[0])),
          stream: `audiocaps/${split}/${i}`,
        });
      }
    }
  }

  // FSD50K-like: variable-length Freesound clips with title, description and tags; dev split 90/10 train/val.
  {
    const rng = root.fork('fsd50k');
    const used = new Set<number>();
    const uploaders = [
      'soundscaper',
      'fieldrec_anna',
      'klankbeeld',
      'inspector_j',
      'tim_kahn',
      'digifishmusic',
      'felix_blume',
      'ra_gun',
    ];
    for (const group of ['dev', 'eval'] as const) {
      for (let i = 0; i < p.fsd50k[group]; i++) {
        const clip = rng.fork(group).fork(i);
        const classes = drawEvents(clip.fork('events'), ONTOLOGY, 2);
        let fname = clip.int(1000, 999999);
        while (used.has(fname)) fname = clip.int(1000, 999999);
        used.add(fname);
        const texts = fsd50kTexts(mentions(classes), clip.fork('texts'));
        const split = group === 'eval' ? 'eval' : clip.chance(0.1) ? 'val' : 'train';
        plan.fsd50k.push({
          group,
          split,
          fname,
          classes: classes.map((c) => c.name),
          ...texts,
          uploader: clip.pick(uploaders),
        });
        const seconds = round(clip.uniform(p.fsd50k.minSeconds, p.fsd50k.maxSeconds), 2);
        plan.audio.push({
          file: `fsd50k/FSD50K.${group}_audio/${fname}.wav`,
          scene: sceneFor(clip.fork('scene'), seconds, classes, backgroundFor(clip, classes[0])),
          stream: `fsd50k/${group}/${i}`,
        });
      }
    }
  }

  // MACS-like: TAU acoustic scenes with events that belong there, annotated by several annotators.
  {
    const rng = root.fork('macs');
    const scenes = Object.keys(TAU_SCENES);
    for (let i = 0; i < p.macs.clips; i++) {
      const clip = rng.fork(i);
      const scene = scenes[i % scenes.length];
      const pool = TAU_SCENES[scene].map(soundClass);
      const classes = drawEvents(clip.fork('events'), pool);
      const filename = `${scene}-${clip.pick(TAU_CITIES)}-${1000 + i}-${clip.int(0, 30) * 10000}-a.wav`;
      plan.macs.push({
        filename,
        scene,
        classes: classes.map((c) => c.name),
        annotations: macsAnnotations(scene, mentions(classes), clip.fork('annotations'), p.macs.annotators),
      });
      plan.audio.push({
        file: `macs/audio/${filename}`,
        scene: sceneFor(clip.fork('scene'), p.macs.seconds, classes, TAU_BACKGROUND[scene]),
        stream: `macs/${i}`,
      });
    }
  }

  // AudioSet-like pretraining set: every class about equally often as the main label, sometimes a second event.
  {
    const rng = root.fork('audioset');
    const order = rng.shuffle(ONTOLOGY);
    const used = new Set<string>();
    for (let i = 0; i < p.audioset.clips; i++) {
      const clip = rng.fork(i);
      const main = order[i % order.length];
      const classes = [main];
      if (clip.chance(0.3)) {
        const other = clip.pick(ONTOLOGY);
        if (other !== main) classes.push(other);
      }
      let ytid = youtubeId(clip);
      while (used.has(ytid)) ytid = youtubeId(clip);
      used.add(ytid);
      const start = clip.int(0, 30) * 10;
      plan.audioset.push({
        ytid,
        start,
        end: start + p.audioset.seconds,
        classes: classes.map((c) => c.name),
      });
      plan.audio.push({
        file: `audioset/audio/Y${ytid}.wav`,
        scene: sceneFor(clip.fork('scene'), p.audioset.seconds, classes, backgroundFor(clip, main)),
        stream: `audioset/${i}`,
      });
    }
  }
  return plan;
}

/** Whether an AudioSet-like clip stays in the clean label version: none of its labels is an ESC-50 class or a synonym's class. */
export function inCleanAudioSet(classes: readonly string[]): boolean {
  return !classes.some((n) => isEscOrSynonym(soundClass(n)));
}

/** Per dataset: audio files, seconds of audio and WAV bytes (16-bit mono), without rendering anything. */
export function estimateWorld(
  seed: number,
  p: WorldProfile,
): Record<string, { files: number; seconds: number; bytes: number }> {
  const out: Record<string, { files: number; seconds: number; bytes: number }> = {};
  for (const job of planWorld(seed, p).audio) {
    const dataset = job.file.split('/')[0];
    const e = (out[dataset] ??= { files: 0, seconds: 0, bytes: 0 });
    e.files++;
    e.seconds += job.scene.seconds;
    e.bytes += 44 + 2 * Math.round(job.scene.seconds * p.sampleRate);
  }
  return out;
}
