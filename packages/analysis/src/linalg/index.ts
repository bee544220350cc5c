// Distances and nearest neighbours over row-major Float32Array matrices: the shared primitive of the metrics.
export {
  checkMatrix,
  forEachCrossDistanceBlock,
  forEachDistanceBlock,
  forEachUpperDistanceBlock,
  nearestNeighbors,
  pairwiseDistances,
  type DistanceBackend,
  type DistanceBlockOptions,
  type Metric,
} from './distances';
export { closeDistanceWorker } from './gram-worker-client';
export { clusterDistanceSums, type ClusterSumsOptions } from './cluster-sums';
