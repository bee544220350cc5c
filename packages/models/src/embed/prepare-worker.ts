/** Worker thread of the audio front end: reads and prepares clips while the main thread runs the session. */
import { parentPort } from 'node:worker_threads';
import { prepareFile, type PrepareRequest } from './prepare';

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
