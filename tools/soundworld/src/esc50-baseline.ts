import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeWav } from './audio/wav';
import { fitCentroids, logMelStats, predictCentroid } from './audio/features';
import { ONTOLOGY } from './ontology';

export interface Esc50BaselineResult {
  clips: number;
  /** 5-fold cross-validation accuracy over ESC-50's folds (each fold tested once, trained on the other four). */
  accuracy: number;
  perFold: number[];
  /** Among the errors, the share predicted as a class of the true class's acoustic family. */
  withinFamilyShare: number;
  errors: number;
}

/**
 * The simple baseline of the world's ESC-50-like test set, read back from its files: log-mel statistics and a
 * nearest-centroid classifier, cross-validated over the 5 folds as ESC-50 is evaluated. It shows the audio is
 * learnable but not trivially, and that confusions stay within acoustic families.
 */
export function esc50Baseline(esc50Root: string): Esc50BaselineResult {
  const lines = fs.readFileSync(path.join(esc50Root, 'meta/esc50.csv'), 'utf8').trim().split('\n').slice(1);
  const clips = lines.map((line) => {
    const [filename, fold, target] = line.split(',');
    const { samples, sampleRate } = decodeWav(fs.readFileSync(path.join(esc50Root, 'audio', filename)));
    return { fold: Number(fold), target: Number(target), feature: logMelStats(samples, sampleRate) };
  });
  const familyOf = (target: number) => ONTOLOGY[target].family;
  let correct = 0;
  let errors = 0;
  let withinFamily = 0;
  const perFold: number[] = [];
  for (let fold = 1; fold <= 5; fold++) {
    const train = clips.filter((c) => c.fold !== fold);
    const test = clips.filter((c) => c.fold === fold);
    if (test.length === 0 || train.length === 0) continue;
    const model = fitCentroids(
      train.map((c) => c.feature),
      train.map((c) => c.target),
    );
    let foldCorrect = 0;
    for (const c of test) {
      const predicted = predictCentroid(model, c.feature);
      if (predicted === c.target) foldCorrect++;
      else {
        errors++;
        if (familyOf(predicted) === familyOf(c.target)) withinFamily++;
      }
    }
    correct += foldCorrect;
    perFold.push(foldCorrect / test.length);
  }
  return {
    clips: clips.length,
    accuracy: correct / clips.length,
    perFold,
    withinFamilyShare: errors ? withinFamily / errors : 0,
    errors,
  };
}
