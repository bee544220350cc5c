/** Worker thread of the audio front end: reads and prepares clips while the main thread runs the session. */
import { parentPort } from 'node:worker_threads';
import type { AudioManifest } from '../manifest';
import { prepareFile } from './prepare';

export interface PrepareRequest {
  seq: number;
  manifest: AudioManifest;
  items: { id: string; path: string }[];
  /** Compute the log-mel here (false when onnxruntime runs the front end). */
  logMelHere: boolean;
}

if (parentPort) {
  const port = parentPort;
  port.on('message', (req: PrepareRequest) => {
    try {
      const results = req.items.map((item) => ({
        ...item,
        ...prepareFile(req.manifest, item.id, item.path, req.logMelHere),
      }));
      const buffers = results.flatMap((r) => ('row' in r ? [r.row.buffer as ArrayBuffer] : []));
      port.postMessage({ seq: req.seq, results }, buffers);
    } catch (err) {
      port.postMessage({ seq: req.seq, error: (err as Error).stack ?? String(err) });
    }
  });
}
