/** A worker for sync-worker.spec.ts: doubles numbers, fails on request, exits on request. */
import { serveSyncWorker } from '../sync-worker';

serveSyncWorker<{ factor: number }, number | 'fail' | 'exit', number>(({ factor }) => (n) => {
  if (n === 'fail') throw new Error('asked to fail');
  if (n === 'exit') process.exit(3);
  return n * factor;
});
