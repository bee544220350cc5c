/**
 * The baseline check of the synthetic audio: on a small ESC-50-like set (every ESC-50 class, a few 5 s clips
 * each, one event over a room or nature bed at 5..20 dB SNR), a nearest-centroid classifier on clip-level
 * log-mel statistics must do far better than chance but far from perfectly, and its mistakes must mostly stay
 * within the true class's acoustic family — as with real recordings, where dogs are confused with wolves rather
 * than with engines.
 */
import { createRng } from '../rng';
import { ONTOLOGY, type SoundClass } from '../ontology';
import { fitCentroids, logMelStats, predictCentroid } from './features';
import { renderScene, type SceneSpec } from './scene';

/** Options of {@link runBaseline}. */
export interface BaselineOptions {
  /** Seed of the clip streams. */
  seed: number;
  /** Clips per class (even; split in two folds). Default 8. */
  clipsPerClass?: number;
  /** Clip length, s (default 5). */
  seconds?: number;
  /** Sample rate, Hz (default 16000). */
  sampleRate?: number;
  /** SNR range, dB (default [5, 20]). */
  snrDb?: readonly [number, number];
  /** Classes (default: the 50 ESC-50 classes). */
  classes?: readonly SoundClass[];
}

/** Outcome of {@link runBaseline}. */
export interface BaselineResult {
  /** Fraction of test clips classified correctly (2-fold cross-validation: every clip is tested once). */
  accuracy: number;
  /** Among the errors, the fraction predicted as a class of the true class's family. */
  withinFamilyShare: number;
  /** Number of test predictions and of errors. */
  tested: number;
  errors: number;
  /** Chance level of withinFamilyShare: the mean, over classes, of (family members − 1)/(classes − 1). */
  withinFamilyChance: number;
  /** Error counts by "true->predicted". */
  confusions: Map<string, number>;
  /** Samples rendered and the time renderScene took, ms. */
  samples: number;
  renderMs: number;
}

/**
 * The scene of clip k of a class in the baseline set: one event of the class starting within the first 0.5 s
 * and ending within the last 0.3 s of the clip, a 'room' or 'nature' bed, SNR uniform in the range.
 */
export function baselineScene(
  cls: SoundClass,
  clip: number,
  seed: number,
  seconds = 5,
  snrDb: readonly [number, number] = [5, 20],
): { spec: SceneSpec; rngPath: string } {
  const rngPath = `audio-baseline/${cls.name}/${clip}`;
  const rng = createRng(seed, rngPath);
  const background = rng.chance(0.5) ? 'room' : 'nature';
  const snr = rng.uniform(snrDb[0], snrDb[1]);
  const onset = rng.uniform(0, 0.5);
  const duration = seconds - onset - rng.uniform(0, 0.3);
  return {
    spec: { seconds, events: [{ cls: cls.name, onset, duration, gainDb: 0 }], background, snrDb: snr },
    rngPath: `${rngPath}/scene`,
  };
}

/** Renders the baseline set, runs 2-fold nearest-centroid cross-validation, and reports accuracy and error structure. */
export function runBaseline(opts: BaselineOptions): BaselineResult {
  const clips = opts.clipsPerClass ?? 8;
  if (clips < 2 || clips % 2 !== 0) throw new Error('runBaseline: clipsPerClass must be even and ≥ 2');
  const seconds = opts.seconds ?? 5;
  const sr = opts.sampleRate ?? 16000;
  const classes = opts.classes ?? ONTOLOGY.filter((c) => c.esc50Target !== null);
  const feats: Float32Array[][] = [];
  let samples = 0;
  let renderMs = 0;
  for (const c of classes) {
    const fs: Float32Array[] = [];
    for (let k = 0; k < clips; k++) {
      const { spec, rngPath } = baselineScene(c, k, opts.seed, seconds, opts.snrDb);
      const t0 = Date.now();
      const audio = renderScene(spec, createRng(opts.seed, rngPath), sr);
      renderMs += Date.now() - t0;
      samples += audio.length;
      fs.push(logMelStats(audio, sr));
    }
    feats.push(fs);
  }
  let correct = 0;
  let tested = 0;
  let errors = 0;
  let within = 0;
  const confusions = new Map<string, number>();
  for (let fold = 0; fold < 2; fold++) {
    const X: Float32Array[] = [];
    const y: number[] = [];
    classes.forEach((_, ci) =>
      feats[ci].forEach((f, k) => {
        if (k % 2 === fold) return;
        X.push(f);
        y.push(ci);
      }),
    );
    const model = fitCentroids(X, y);
    classes.forEach((c, ci) =>
      feats[ci].forEach((f, k) => {
        if (k % 2 !== fold) return;
        const p = predictCentroid(model, f);
        tested++;
        if (p === ci) correct++;
        else {
          errors++;
          if (classes[p].family === c.family) within++;
          const key = `${c.name}->${classes[p].name}`;
          confusions.set(key, (confusions.get(key) ?? 0) + 1);
        }
      }),
    );
  }
  const chance =
    classes.reduce(
      (a, c) => a + (classes.filter((o) => o.family === c.family).length - 1) / (classes.length - 1),
      0,
    ) / classes.length;
  return {
    accuracy: correct / tested,
    withinFamilyShare: errors > 0 ? within / errors : 1,
    tested,
    errors,
    withinFamilyChance: chance,
    confusions,
    samples,
    renderMs,
  };
}
