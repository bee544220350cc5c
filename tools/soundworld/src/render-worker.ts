/**
 * Worker thread: renders audio jobs of the world into WAV bytes. The bytes go back to the main thread, which writes
 * every file: a signal is handled there between two writes, never in the middle of one, so an interrupted run
 * leaves no half-written temp file behind.
 */
import { parentPort } from 'node:worker_threads';
import { sha256 } from '@zsaudit/core';
import { renderScene } from './audio/scene';
import { encodeWav } from './audio/wav';
import { createRng } from './rng';
import type { AudioJob } from './plan';

export interface RenderRequest {
  id: number;
  seed: number;
  sampleRate: number;
  job: AudioJob;
}
export interface RenderResult {
  id: number;
  file: string;
  /** The WAV file's bytes (empty when rendering failed). */
  wav: Uint8Array;
  sha256: string;
  seconds: number;
  error?: string;
}

/** Renders one job; the same (seed, stream, scene, rate) always gives the same bytes. */
export function renderJob(req: RenderRequest): RenderResult {
  const samples = renderScene(req.job.scene, createRng(req.seed, req.job.stream), req.sampleRate);
  const wav = encodeWav(samples, req.sampleRate);
  return { id: req.id, file: req.job.file, wav, sha256: sha256(wav), seconds: req.job.scene.seconds };
}

if (parentPort) {
  const port = parentPort;
  port.on('message', (req: RenderRequest) => {
    try {
      const result = renderJob(req);
      // Moved, not copied: a clip of the full world is megabytes.
      port.postMessage(result, [result.wav.buffer as ArrayBuffer]);
    } catch (err) {
      port.postMessage({
        id: req.id,
        file: req.job.file,
        wav: new Uint8Array(0),
        sha256: '',
        seconds: 0,
        error: (err as Error).stack ?? String(err),
      } satisfies RenderResult);
    }
  });
}
