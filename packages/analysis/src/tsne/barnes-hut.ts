/**
 * The Barnes–Hut t-SNE gradient in 2-D (sklearn's _barnes_hut_tsne.gradient with degrees of freedom 1):
 *
 *   ∂C/∂y_i = 4 · ( Σ_j p_ij q_ij Z (y_i − y_j)  −  Σ_j (q_ij Z)² (y_i − y_j) / Z ),   q_ij Z = 1 / (1 + ‖y_i − y_j‖²)
 *
 * The attractive sum runs over the sparse P; the repulsive sum and Z = Σ_{i≠j} q_ij Z come from a quadtree whose
 * cells stand in for all their points when width² / distance² < θ².
 *
 * The tree lives in flat typed arrays reused across iterations: no per-node objects, and no allocation in the
 * optimisation loop once capacity has grown to fit.
 */
import type { SparseMatrix } from './affinities';

/** sklearn's quadtree EPSILON: points this close on every axis are duplicates (and a leaf there is "self"). */
const DUPLICATE_EPS = 1e-6;
/** Safety cap on depth; with DUPLICATE_EPS, real data stops splitting far earlier. */
const MAX_DEPTH = 96;
const FLOAT32_TINY = 1.1754943508222875e-38;

/** Float64 fields per node in {@link QuadTree.nodes}. */
const NODE_STRIDE = 4;

/**
 * A point-region quadtree over n points in the plane, rebuilt every iteration.
 *
 * Geometry follows sklearn's _QuadTree: the root spans [min, max′] per axis (max′ pads the maximum by 1e-3,
 * relatively or absolutely), cells split at their centre, and a cell holding one point or only duplicates is a leaf.
 * Only non-empty children are stored, contiguously, in sklearn's child order; nodes are numbered breadth-first.
 */
export class QuadTree {
  /** Nodes in use. */
  count = 0;
  /**
   * Per node, NODE_STRIDE float64s: centre of mass x, y; the cell's squared largest side divided by θ² (so the
   * Barnes–Hut test is one comparison; Infinity when θ = 0); number of points under it.
   */
  nodes = new Float64Array(0);
  /** Per node: first child, child count (0 = leaf). */
  links = new Int32Array(0);
  /** The points reordered so that every node's points are contiguous (a space-filling order). */
  readonly order: Int32Array;
  /** Deepest level of the last build (sizes traversal stacks). */
  maxDepth = 0;

  private capacity = 0;
  // Build-time state per node: its slice [start, end) of `order`, depth, and cell bounds (minX, minY, maxX, maxY).
  private range = new Int32Array(0);
  private depth = new Int32Array(0);
  private bounds = new Float64Array(0);
  private readonly scratch: Int32Array;

  constructor(
    private readonly n: number,
    private readonly theta2: number,
  ) {
    this.order = new Int32Array(n);
    this.scratch = new Int32Array(n);
    this.grow(Math.max(16, 2 * n));
  }

  private grow(capacity: number): void {
    const f64 = (a: Float64Array, stride: number) => {
      const b = new Float64Array(capacity * stride);
      b.set(a);
      return b;
    };
    const i32 = (a: Int32Array, stride: number) => {
      const b = new Int32Array(capacity * stride);
      b.set(a);
      return b;
    };
    this.nodes = f64(this.nodes, NODE_STRIDE);
    this.bounds = f64(this.bounds, 4);
    this.links = i32(this.links, 2);
    this.range = i32(this.range, 2);
    this.depth = i32(this.depth, 1);
    this.capacity = capacity;
  }

  /** Rebuilds the tree over `y` (n × 2, row-major). */
  build(y: Float64Array): void {
    const n = this.n;
    const order = this.order;
    const scratch = this.scratch;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      order[i] = i;
      const px = y[2 * i];
      const py = y[2 * i + 1];
      if (px < minX) minX = px;
      if (px > maxX) maxX = px;
      if (py < minY) minY = py;
      if (py > maxY) maxY = py;
    }
    // sklearn pads the maximum so that every point lies strictly inside the root cell.
    maxX = Math.max(maxX * (1 + 1e-3 * Math.sign(maxX)), maxX + 1e-3);
    maxY = Math.max(maxY * (1 + 1e-3 * Math.sign(maxY)), maxY + 1e-3);

    // Locals for the hot loop; refreshed after grow(), which replaces the arrays.
    let { nodes, links, range, depth, bounds } = this;
    let count = 1;
    range[0] = 0;
    range[1] = n;
    depth[0] = 0;
    bounds[0] = minX;
    bounds[1] = minY;
    bounds[2] = maxX;
    bounds[3] = maxY;
    let maxDepth = 0;
    const theta2 = this.theta2;
    let c0 = 0;
    let c1 = 0;
    let c2 = 0;
    let c3 = 0;
    // Breadth-first: node c is finished when visited, and its children are appended at the end of the arrays.
    for (let c = 0; c < count; c++) {
      const s = range[2 * c];
      const e = range[2 * c + 1];
      const bx0 = bounds[4 * c];
      const by0 = bounds[4 * c + 1];
      const bx1 = bounds[4 * c + 2];
      const by1 = bounds[4 * c + 3];
      const cx = (bx0 + bx1) / 2;
      const cy = (by0 + by1) / 2;
      const p0 = order[s];
      const x0 = y[2 * p0];
      const y0 = y[2 * p0 + 1];
      // One pass: centre of mass, the duplicate test, and the quadrant counts 2·(x ≥ cx) + (y ≥ cy) (sklearn's
      // child order) in case the node splits.
      let sx = 0;
      let sy = 0;
      let duplicates = true;
      c0 = c1 = c2 = c3 = 0;
      for (let r = s; r < e; r++) {
        const p = order[r];
        const px = y[2 * p];
        const py = y[2 * p + 1];
        sx += px;
        sy += py;
        if (duplicates && (Math.abs(px - x0) > DUPLICATE_EPS || Math.abs(py - y0) > DUPLICATE_EPS))
          duplicates = false;
        if (px >= cx) {
          if (py >= cy) c3++;
          else c2++;
        } else if (py >= cy) c1++;
        else c0++;
      }
      const m = e - s;
      const wx = bx1 - bx0;
      const wy = by1 - by0;
      const o = NODE_STRIDE * c;
      nodes[o] = sx / m;
      nodes[o + 1] = sy / m;
      nodes[o + 2] = Math.max(wx * wx, wy * wy) / theta2;
      nodes[o + 3] = m;
      links[2 * c] = -1;
      links[2 * c + 1] = 0;
      const dc = depth[c];
      if (dc > maxDepth) maxDepth = dc;
      if (m === 1 || duplicates || dc >= MAX_DEPTH) continue;

      // Stable counting sort of the slice into its quadrants, through the scratch buffer.
      let k0 = s;
      let k1 = s + c0;
      let k2 = k1 + c1;
      let k3 = k2 + c2;
      for (let r = s; r < e; r++) {
        const p = order[r];
        if (y[2 * p] >= cx) {
          if (y[2 * p + 1] >= cy) scratch[k3++] = p;
          else scratch[k2++] = p;
        } else if (y[2 * p + 1] >= cy) scratch[k1++] = p;
        else scratch[k0++] = p;
      }
      for (let r = s; r < e; r++) order[r] = scratch[r];

      const nonEmpty = (c0 > 0 ? 1 : 0) + (c1 > 0 ? 1 : 0) + (c2 > 0 ? 1 : 0) + (c3 > 0 ? 1 : 0);
      if (count + nonEmpty > this.capacity) {
        this.grow(2 * this.capacity);
        ({ nodes, links, range, depth, bounds } = this);
      }
      links[2 * c] = count;
      links[2 * c + 1] = nonEmpty;
      let start = s;
      for (let qd = 0; qd < 4; qd++) {
        const size = qd === 0 ? c0 : qd === 1 ? c1 : qd === 2 ? c2 : c3;
        if (size === 0) continue;
        const ch = count++;
        range[2 * ch] = start;
        range[2 * ch + 1] = start + size;
        start += size;
        depth[ch] = dc + 1;
        const hiX = qd >= 2;
        const hiY = (qd & 1) === 1;
        bounds[4 * ch] = hiX ? cx : bx0;
        bounds[4 * ch + 1] = hiY ? cy : by0;
        bounds[4 * ch + 2] = hiX ? bx1 : cx;
        bounds[4 * ch + 3] = hiY ? by1 : cy;
      }
    }
    this.count = count;
    this.maxDepth = maxDepth;
  }
}

/**
 * Repulsive forces for the points tree.order[from..to): negF[2i..2i+1] = Σ_cells size · (qZ)² · (y_i − com), and
 * each point's term of Z = Σ size · qZ in zPart[i]. Per-point sums do not depend on how points are split into
 * ranges, so results are the same for any split; the caller sums zPart in index order.
 *
 * Points are visited in the tree's space-filling order so that consecutive queries walk mostly the same nodes.
 *
 * @param y n × 2 embedding the tree was built on
 */
export function repulsiveForces(
  tree: QuadTree,
  y: Float64Array,
  negF: Float64Array,
  zPart: Float64Array,
  from: number,
  to: number,
): void {
  const { nodes, links, order } = tree;
  const stack = new Int32Array(3 * (tree.maxDepth + 2) + 4);
  for (let r = from; r < to; r++) {
    const i = order[r];
    const yi0 = y[2 * i];
    const yi1 = y[2 * i + 1];
    let fx = 0;
    let fy = 0;
    let z = 0;
    let sp = 0;
    stack[sp++] = 0;
    while (sp > 0) {
      const c = stack[--sp];
      const o = NODE_STRIDE * c;
      const dx = yi0 - nodes[o];
      const dy = yi1 - nodes[o + 1];
      const d2 = dx * dx + dy * dy;
      const nc = links[2 * c + 1];
      if (nc === 0) {
        // A leaf at the query point is the point itself (or its duplicates): no self-interaction.
        if (Math.abs(dx) <= DUPLICATE_EPS && Math.abs(dy) <= DUPLICATE_EPS) continue;
      } else if (!(nodes[o + 2] < d2)) {
        // Too wide for its distance (width² / θ² ≥ d²): open it.
        const f = links[2 * c];
        for (let k = nc - 1; k >= 0; k--) stack[sp++] = f + k;
        continue;
      }
      const q = 1 / (1 + d2);
      const sq = nodes[o + 3] * q;
      z += sq;
      const mult = sq * q;
      fx += mult * dx;
      fy += mult * dy;
    }
    negF[2 * i] = fx;
    negF[2 * i + 1] = fy;
    zPart[i] = z;
  }
}

/** Attractive forces for rows [from, to): posF_i = Σ_j exaggeration · p_ij · qZ_ij · (y_i − y_j) over row i of P. */
export function attractiveForces(
  p: SparseMatrix,
  exaggeration: number,
  y: Float64Array,
  posF: Float64Array,
  from: number,
  to: number,
): void {
  const { indptr, indices, values } = p;
  for (let i = from; i < to; i++) {
    const yi0 = y[2 * i];
    const yi1 = y[2 * i + 1];
    let fx = 0;
    let fy = 0;
    for (let e = indptr[i], end = indptr[i + 1]; e < end; e++) {
      const j = indices[e];
      const dx = yi0 - y[2 * j];
      const dy = yi1 - y[2 * j + 1];
      const pq = values[e] / (1 + dx * dx + dy * dy);
      fx += pq * dx;
      fy += pq * dy;
    }
    posF[2 * i] = exaggeration * fx;
    posF[2 * i + 1] = exaggeration * fy;
  }
}

/**
 * The KL divergence as sklearn reports it: Σ_ij p log(max(p, tiny) / max(q, tiny)) over the stored entries of P, with
 * p the (exaggerated) P and q = qZ / Z. Only needed at progress checks, so kept out of the force loop.
 */
export function klDivergence(p: SparseMatrix, exaggeration: number, y: Float64Array, z: number): number {
  const { indptr, indices, values } = p;
  const n = indptr.length - 1;
  let kl = 0;
  for (let i = 0; i < n; i++) {
    const yi0 = y[2 * i];
    const yi1 = y[2 * i + 1];
    for (let e = indptr[i], end = indptr[i + 1]; e < end; e++) {
      const j = indices[e];
      const dx = yi0 - y[2 * j];
      const dy = yi1 - y[2 * j + 1];
      const q = 1 / (1 + dx * dx + dy * dy) / z;
      const pij = exaggeration * values[e];
      kl += pij * Math.log(Math.max(pij, FLOAT32_TINY) / Math.max(q, FLOAT32_TINY));
    }
  }
  return kl;
}

/**
 * The whole t-SNE gradient and KL divergence for one embedding, single-threaded (sklearn's _kl_divergence_bh). The
 * optimiser runs the same steps on reused buffers; this allocating form serves checks and one-off evaluations.
 *
 * @param y     n × 2 embedding, row-major
 * @param angle Barnes–Hut θ (0 = exact)
 * @returns     grad n × 2 (row-major) and the KL divergence as sklearn reports it
 */
export function tsneGradient(
  p: SparseMatrix,
  y: Float64Array,
  angle: number,
  exaggeration = 1,
): { grad: Float64Array; kl: number } {
  const n = y.length / 2;
  const tree = new QuadTree(n, angle * angle);
  const posF = new Float64Array(2 * n);
  const negF = new Float64Array(2 * n);
  const zPart = new Float64Array(n);
  tree.build(y);
  repulsiveForces(tree, y, negF, zPart, 0, n);
  attractiveForces(p, exaggeration, y, posF, 0, n);
  let z = 0;
  for (let i = 0; i < n; i++) z += zPart[i];
  const grad = new Float64Array(2 * n);
  // 4 = 2 (dof + 1) / dof with dof = 1.
  for (let e = 0; e < 2 * n; e++) grad[e] = 4 * (posF[e] - negF[e] / z);
  return { grad, kl: klDivergence(p, exaggeration, y, z) };
}
