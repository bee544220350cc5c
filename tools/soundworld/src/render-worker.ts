/** Worker thread: renders audio jobs of the world and writes them as WAV files (atomically). */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parentPort } from 'node:worker_threads';
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
  const file = path.join(req.out, req.job.file);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, wav);
  fs.renameSync(tmp, file);
  return {
    id: req.id,
    file: req.job.file,
    bytes: wav.length,
    sha256: createHash('sha256').update(wav).digest('hex'),
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
