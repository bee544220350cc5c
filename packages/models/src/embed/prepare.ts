import * as fs from 'node:fs';
import { fitLength } from '../frontend/clip';
import { logMel } from '../frontend/logmel';
import { resample } from '../frontend/resample';
import { readWav, WavError } from '../frontend/wav';
import type { AudioManifest } from '../manifest';
import type { EmbedExclusion } from './sink';

/** A request to the front-end worker: prepare these items for this manifest. */
export interface PrepareRequest {
  seq: number;
  manifest: AudioManifest;
  items: { id: string; path: string }[];
  /** Compute the log-mel here (false when onnxruntime runs the front end). */
  logMelHere: boolean;
}

/** One prepared item: its row for the session, or why it cannot be embedded. */
export type Prepared = { id: string; path: string } & ({ row: Float32Array } | { exclusion: EmbedExclusion });

/** Peak below which a clip counts as silent (−160 dBFS): its embedding would only reflect the model's bias. */
export const SILENCE_PEAK = 1e-8;

/**
 * Samples at any rate -> one row: the clip at the model's rate and length [samples], then, for a log-mel model
 * whose front end runs here rather than in onnxruntime (`logMelHere`), its log-mel [frames × melBins].
 */
export function prepareSamples(
  m: AudioManifest,
  samples: Float32Array,
  sampleRate: number,
  logMelHere = true,
): Float32Array {
  const x = fitLength(
    resample(samples, sampleRate, m.sampleRate),
    Math.round(m.clipSeconds * m.sampleRate),
    'center',
  );
  if (m.input.kind === 'waveform' || !logMelHere) return x;
  return logMel(x, { sampleRate: m.sampleRate, ...m.frontend! }).data;
}

/** Reads one audio file and prepares its row, or says why it cannot be embedded. */
export function prepareFile(
  m: AudioManifest,
  id: string,
  file: string,
  logMelHere = true,
): { row: Float32Array } | { exclusion: EmbedExclusion } {
  if (!fs.existsSync(file))
    return { exclusion: { id, file, reason: 'missing-file', message: `${file}: file not found` } };
  try {
    const audio = readWav(fs.readFileSync(file), file);
    let peak = 0;
    for (const v of audio.samples) peak = Math.max(peak, Math.abs(v));
    if (audio.samples.length === 0 || peak < SILENCE_PEAK) {
      return {
        exclusion: {
          id,
          file,
          reason: 'silent',
          message: `${file}: silent clip (peak ${peak.toExponential(2)})`,
        },
      };
    }
    return { row: prepareSamples(m, audio.samples, audio.sampleRate, logMelHere) };
  } catch (err) {
    if (!(err instanceof WavError) && !(err instanceof RangeError)) throw err;
    return { exclusion: { id, file, reason: 'unreadable-audio', message: (err as Error).message } };
  }
}
