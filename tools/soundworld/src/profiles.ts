/**
 * Size profiles of the world. `tiny` is for tests (seconds to generate), `small` is what the default study runs on
 * (the ESC-50-like test set at its real shape, everything else sized so that the whole study fits about ten minutes
 * on 2 cores), `full` is closer to the real datasets' scale.
 */
export interface WorldProfile {
  name: 'tiny' | 'small' | 'full';
  sampleRate: number;
  /** ESC-50-like test set: clips per class (ESC-50: 40, in 5 folds) and clip length (ESC-50: 5 s). */
  esc50: { clipsPerClass: number; seconds: number };
  /** AudioSet-like pretraining set: clips and clip length. */
  audioset: { clips: number; seconds: number };
  /** Clotho-like: clips per split, 15–30 s each, 5 captions. */
  clotho: { development: number; evaluation: number; minSeconds: number; maxSeconds: number };
  /** AudioCaps-like: clips per split, 10 s, one caption each. */
  audiocaps: { train: number; val: number; test: number; seconds: number };
  /** FSD50K-like: dev clips (split 90/10 into train/val) and eval clips, variable length. */
  fsd50k: { dev: number; eval: number; minSeconds: number; maxSeconds: number };
  /** MACS-like: TAU scene clips of 10 s, each with several annotators. */
  macs: { clips: number; seconds: number; annotators: number };
  /** Sentences of the plain-text corpus for pretraining the text backbone. */
  textSentences: number;
}

export const PROFILES: Record<WorldProfile['name'], WorldProfile> = {
  tiny: {
    name: 'tiny',
    sampleRate: 16000,
    esc50: { clipsPerClass: 5, seconds: 5 },
    audioset: { clips: 136, seconds: 5 },
    clotho: { development: 12, evaluation: 5, minSeconds: 15, maxSeconds: 30 },
    audiocaps: { train: 20, val: 5, test: 5, seconds: 10 },
    fsd50k: { dev: 20, eval: 5, minSeconds: 1, maxSeconds: 15 },
    macs: { clips: 6, seconds: 10, annotators: 3 },
    textSentences: 2000,
  },
  small: {
    name: 'small',
    sampleRate: 16000,
    esc50: { clipsPerClass: 40, seconds: 5 },
    audioset: { clips: 1632, seconds: 5 },
    clotho: { development: 240, evaluation: 60, minSeconds: 15, maxSeconds: 30 },
    audiocaps: { train: 600, val: 60, test: 60, seconds: 10 },
    fsd50k: { dev: 300, eval: 60, minSeconds: 1, maxSeconds: 15 },
    macs: { clips: 100, seconds: 10, annotators: 3 },
    textSentences: 40000,
  },
  full: {
    name: 'full',
    sampleRate: 16000,
    esc50: { clipsPerClass: 40, seconds: 5 },
    audioset: { clips: 20400, seconds: 10 },
    clotho: { development: 2893, evaluation: 1045, minSeconds: 15, maxSeconds: 30 },
    audiocaps: { train: 5000, val: 500, test: 500, seconds: 10 },
    fsd50k: { dev: 4000, eval: 1000, minSeconds: 1, maxSeconds: 30 },
    macs: { clips: 3930, seconds: 10, annotators: 3 },
    textSentences: 400000,
  },
};

/** A profile by name, with an optional sample-rate override. */
export function profile(name: string, sampleRate?: number): WorldProfile {
  const p = PROFILES[name as WorldProfile['name']];
  if (!p) throw new Error(`unknown world size "${name}"; expected tiny, small or full`);
  if (
    sampleRate !== undefined &&
    (!Number.isInteger(sampleRate) || sampleRate < 8000 || sampleRate > 96000)
  ) {
    throw new Error(`sample rate ${sampleRate} is not an integer in 8000..96000`);
  }
  return { ...p, sampleRate: sampleRate ?? p.sampleRate };
}

/**
 * The smallest world that still takes every path of the generator and the stages after it (one ESC-50 clip per
 * class, three Clotho and two MACS clips of a second or two, nothing else): for tests, about a second to make.
 */
export const MICRO_WORLD: WorldProfile = {
  ...PROFILES.tiny,
  esc50: { clipsPerClass: 1, seconds: 1 },
  audioset: { clips: 0, seconds: 1 },
  clotho: { development: 2, evaluation: 1, minSeconds: 1, maxSeconds: 2 },
  audiocaps: { train: 0, val: 0, test: 0, seconds: 1 },
  fsd50k: { dev: 0, eval: 0, minSeconds: 1, maxSeconds: 1 },
  macs: { clips: 2, seconds: 1, annotators: 2 },
  textSentences: 10,
};
