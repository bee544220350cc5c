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

/**
 * Why `file` cannot be read as a WAV before trying: missing, a symlink loop, or not a regular file (a folder
 * named `x.wav`). Null when it is a file.
 */
export function fileProblem(id: string, file: string): EmbedExclusion | null {
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(file, { throwIfNoEntry: false });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP')
      return {
        id,
        file,
        reason: 'symlink-loop',
        message: `${file}: symlink loop (the link leads back to itself)`,
      };
    return { id, file, reason: 'unreadable-audio', message: `${file}: ${(err as Error).message}` };
  }
  if (!st) return { id, file, reason: 'missing-file', message: `${file}: file not found` };
  if (!st.isFile())
    return {
      id,
      file,
      reason: 'not-a-file',
      message: `${file}: ${st.isDirectory() ? 'a folder' : 'not a regular file'}, not a WAV file`,
    };
  return null;
}

/** Reads one audio file and prepares its row, or says why it cannot be embedded. */
export function prepareFile(
  m: AudioManifest,
  id: string,
  file: string,
  logMelHere = true,
): { row: Float32Array } | { exclusion: EmbedExclusion } {
  const problem = fileProblem(id, file);
  if (problem) return { exclusion: problem };
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
    // A read error of the file system (permissions, a file replaced by a folder meanwhile) is the file's, too.
    const io = typeof (err as NodeJS.ErrnoException).code === 'string';
    if (!(err instanceof WavError) && !(err instanceof RangeError) && !io) throw err;
    const message = (err as Error).message;
    return {
      exclusion: {
        id,
        file,
        reason: 'unreadable-audio',
        message: io && !message.includes(file) ? `${file}: ${message}` : message,
      },
    };
  }
}
