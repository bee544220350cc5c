/**
 * Worker thread of {@link GradientPool}: builds its own quadtree on the shared embedding (the build is
 * deterministic, so every thread's tree is identical) and computes the forces of its share of the points.
 */
import { workerData } from 'node:worker_threads';
import type { SparseMatrix } from './affinities';
import { attractiveForces, QuadTree, repulsiveForces } from './barnes-hut';
import {
  CMD_GRADIENT,
  CMD_STOP,
  CTRL_CMD,
  CTRL_SEQ,
  SLOT_ATT_FROM,
  SLOT_ATT_TO,
  SLOT_DONE,
  SLOT_ELAPSED_US,
  SLOT_REP_FROM,
  SLOT_REP_TO,
  SLOT_SHARE_SEQ,
  SLOT_STATE,
  STATE_ALIVE,
  STATE_DEAD,
  workerSlot,
  type GradientWorkerData,
} from './gradient-protocol';

const data = workerData as GradientWorkerData;
const ctrl = new Int32Array(data.ctrl);
const slot = workerSlot(data.index);
const y = new Float64Array(data.y);
const params = new Float64Array(data.params);
const p: SparseMatrix = {
  indptr: new Int32Array(data.indptr),
  indices: new Int32Array(data.indices),
  values: new Float64Array(data.values),
};
const posF = new Float64Array(data.posF);
const negF = new Float64Array(data.negF);
const zPart = new Float64Array(data.zPart);
const tree = new QuadTree(data.n, data.theta2);

// The main thread may be blocked in Atomics.wait on this worker: tell it when the worker goes away, whatever the
// reason, so that it takes over this worker's share.
function die(): void {
  Atomics.store(ctrl, slot + SLOT_STATE, STATE_DEAD);
  Atomics.notify(ctrl, slot + SLOT_DONE);
}
process.on('exit', die);

Atomics.store(ctrl, slot + SLOT_STATE, STATE_ALIVE);
Atomics.notify(ctrl, slot + SLOT_STATE);
let seen = 0;
try {
  for (;;) {
    Atomics.wait(ctrl, CTRL_SEQ, seen);
    seen = Atomics.load(ctrl, CTRL_SEQ);
    const cmd = Atomics.load(ctrl, CTRL_CMD);
    if (cmd === CMD_STOP) break;
    if (cmd === CMD_GRADIENT) {
      const t0 = performance.now();
      const before = Atomics.load(ctrl, slot + SLOT_SHARE_SEQ);
      const repFrom = Atomics.load(ctrl, slot + SLOT_REP_FROM);
      const repTo = Atomics.load(ctrl, slot + SLOT_REP_TO);
      const attFrom = Atomics.load(ctrl, slot + SLOT_ATT_FROM);
      const attTo = Atomics.load(ctrl, slot + SLOT_ATT_TO);
      const after = Atomics.load(ctrl, slot + SLOT_SHARE_SEQ);
      // A share written for another command (see SLOT_SHARE_SEQ) is not ours to compute: the main thread does not
      // wait for this worker in that command, and may be moving the embedding.
      if (before !== seen || after !== seen) {
        Atomics.store(ctrl, slot + SLOT_DONE, seen);
        Atomics.notify(ctrl, slot + SLOT_DONE);
        continue;
      }
      if (repTo > repFrom) {
        tree.build(y);
        repulsiveForces(tree, y, negF, zPart, repFrom, repTo);
      }
      if (attTo > attFrom) attractiveForces(p, params[0], y, posF, attFrom, attTo);
      Atomics.store(ctrl, slot + SLOT_ELAPSED_US, Math.round((performance.now() - t0) * 1000));
    }
    Atomics.store(ctrl, slot + SLOT_DONE, seen);
    Atomics.notify(ctrl, slot + SLOT_DONE);
  }
} finally {
  die();
}
