/**
 * Worker thread of {@link GradientPool}: builds its own quadtree on the shared embedding (the build is
 * deterministic, so every thread's tree is identical) and computes the forces of its share of the points.
 */
import { workerData } from 'node:worker_threads';
import { attractiveForces, QuadTree, repulsiveForces } from './barnes-hut';
import {
  CMD_GRADIENT,
  CMD_STOP,
  CTRL_CMD,
  CTRL_SEQ,
  STATE_ALIVE,
  STATE_DEAD,
  gradientViews,
  markDone,
  readShare,
  setWorkerState,
  type GradientWorkerData,
} from './gradient-protocol';

const data = workerData as GradientWorkerData;
const ctrl = new Int32Array(data.ctrl);
const w = data.index;
const { y, params, p, posF, negF, zPart } = gradientViews(data, data.n, data.nnz);
const tree = new QuadTree(data.n, data.theta2);

// The main thread may be blocked in Atomics.wait on this worker: tell it when the worker goes away, whatever the
// reason, so that it takes over this worker's share.
const die = (): void => setWorkerState(ctrl, w, STATE_DEAD);
process.on('exit', die);

setWorkerState(ctrl, w, STATE_ALIVE);
let seen = 0;
try {
  for (;;) {
    Atomics.wait(ctrl, CTRL_SEQ, seen);
    seen = Atomics.load(ctrl, CTRL_SEQ);
    const cmd = Atomics.load(ctrl, CTRL_CMD);
    if (cmd === CMD_STOP) break;
    if (cmd !== CMD_GRADIENT) {
      markDone(ctrl, w, seen);
      continue;
    }
    const t0 = performance.now();
    const share = readShare(ctrl, w, seen);
    // A share written for another command (see SLOT_SHARE_SEQ) is not ours to compute: the main thread does not
    // wait for this worker in that command, and may be moving the embedding.
    if (!share) {
      markDone(ctrl, w, seen);
      continue;
    }
    if (share.repTo > share.repFrom) {
      tree.build(y);
      repulsiveForces(tree, y, negF, zPart, share.repFrom, share.repTo);
    }
    if (share.attTo > share.attFrom) attractiveForces(p, params[0], y, posF, share.attFrom, share.attTo);
    markDone(ctrl, w, seen, Math.round((performance.now() - t0) * 1000));
  }
} finally {
  die();
}
