// Silhouette coefficient (sklearn semantics), exact and blocked, plus a sampled estimate with its standard
// error.
export {
  silhouetteSamples,
  silhouetteScore,
  silhouetteScoreSampled,
  type SampledSilhouette,
  type SampledSilhouetteOptions,
  type SilhouetteOptions,
} from './silhouette';
