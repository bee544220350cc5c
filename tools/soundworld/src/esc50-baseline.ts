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
  /** confusion[true][predicted], ESC-50 targets. */
  confusion: number[][];
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
  const confusion = Array.from({ length: 50 }, () => new Array<number>(50).fill(0));
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
      confusion[c.target][predicted]++;
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
    confusion,
  };
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/**
 * The baseline's confusion matrix as an SVG picture: rows true class, columns predicted, classes ordered by
 * acoustic family with family blocks outlined, so within-family confusion shows as shading inside the blocks.
 */
export function confusionSvg(result: Esc50BaselineResult, title: string): string {
  const classes = ONTOLOGY.filter((c) => c.esc50Target !== null);
  const order = [...classes].sort((a, b) =>
    a.family === b.family ? a.index - b.index : a.family < b.family ? -1 : 1,
  );
  const cell = 12;
  const left = 130;
  const top = 150;
  const size = cell * order.length;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${left + size + 20}" height="${top + size + 40}" font-family="sans-serif" font-size="9">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${left}" y="16" font-size="13">${escape(title)}</text>`,
    `<text x="${left}" y="32" font-size="10">accuracy ${result.accuracy.toFixed(3)}, within-family share of errors ${result.withinFamilyShare.toFixed(3)}; rows: true class, columns: predicted</text>`,
  );
  order.forEach((truth, i) => {
    const row = result.confusion[truth.esc50Target!];
    const total = row.reduce((a, b) => a + b, 0) || 1;
    parts.push(
      `<text x="${left - 4}" y="${top + i * cell + cell - 3}" text-anchor="end">${escape(truth.name)}</text>`,
    );
    parts.push(
      `<text transform="translate(${left + i * cell + cell - 3},${top - 4}) rotate(-90)">${escape(truth.name)}</text>`,
    );
    order.forEach((pred, j) => {
      const v = row[pred.esc50Target!] / total;
      if (v === 0) return;
      const shade = Math.round(255 * (1 - v));
      parts.push(
        `<rect x="${left + j * cell}" y="${top + i * cell}" width="${cell}" height="${cell}" fill="rgb(${shade},${shade},255)"/>`,
      );
    });
  });
  let start = 0;
  for (let i = 1; i <= order.length; i++) {
    if (i === order.length || order[i].family !== order[start].family) {
      const x = left + start * cell;
      const w = (i - start) * cell;
      parts.push(
        `<rect x="${x}" y="${top + start * cell}" width="${w}" height="${w}" fill="none" stroke="#c00" stroke-width="1"/>`,
      );
      start = i;
    }
  }
  parts.push(
    `<rect x="${left}" y="${top}" width="${size}" height="${size}" fill="none" stroke="#333"/>`,
    '</svg>',
  );
  return parts.join('\n') + '\n';
}
