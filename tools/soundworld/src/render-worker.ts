/** Worker thread: renders audio jobs of the world and writes them as WAV files (atomically). */
import * as path from 'node:path';
import { parentPort } from 'node:worker_threads';
import { sha256, writeFileAtomic } from '@zsaudit/core';
import { renderScene } from './audio/scene';
import { encodeWav } from './audio/wav';
import { createRng } from './rng';
import type { AudioJob } from './plan';

export interface RenderRequest {
  id: number;
  seed: number;
  sampleRate: number;
  out: string;
  job: AudioJob;
}
export interface RenderResult {
  id: number;
  file: string;
  bytes: number;
  sha256: string;
  seconds: number;
  error?: string;
}

/** Renders one job to its file; the same (seed, stream, scene, rate) always gives the same bytes. */
export function renderJob(req: RenderRequest): RenderResult {
  const samples = renderScene(req.job.scene, createRng(req.seed, req.job.stream), req.sampleRate);
  const wav = encodeWav(samples, req.sampleRate);
  writeFileAtomic(path.join(req.out, req.job.file), wav);
  return {
    id: req.id,
    file: req.job.file,
    bytes: wav.length,
    sha256: sha256(wav),
    seconds: req.job.scene.seconds,
  };
}

if (parentPort) {
  const port = parentPort;
  port.on('message', (req: RenderRequest) => {
    try {
      port.postMessage(renderJob(req));
    } catch (err) {
      port.postMessage({
        id: req.id,
        file: req.job.file,
        bytes: 0,
        sha256: '',
        seconds: 0,
        error: (err as Error).stack ?? String(err),
      });
    }
  });
}
