import { z } from 'zod';

const metric = z.enum(['euclidean', 'cosine']);

/** A correlation across runs: metric `x` against metric `y` (optionally log-transformed), as in the paper. */
const correlationPair = z
  .object({
    x: z.string().min(1),
    y: z.string().min(1),
    /** Transform of y before correlating: the paper correlates topology with log accuracy. */
    yTransform: z.enum(['none', 'log']).default('none'),
  })
  .strict();

/**
 * The `analysis` section of the study config (defaults in brackets):
 * - `runs` [out/training/runs]: folder holding one folder per run (`run.json` + embedding tables);
 * - `zeroShot.topK` [[1, 5]];
 * - `silhouette.metrics` [[euclidean, cosine]], `silhouette.sampleSize` [null = exact]: rows sampled for an
 *   estimate on large sets (exact by default);
 * - `topology`: `metric` [cosine], `kAudio` [10] (x_a↔E_a over the test clips), `kText` [10] (x_t↔E_t over the
 *   training captions), `kClass` [5] (class centroids of E_a ↔ prompt E_t), `maxCaptions` [5000]: captions
 *   sampled (seeded) for x_t↔E_t when there are more;
 * - `tsne`: `perplexity` [30], `seed` [0], `iterations` [1000], `spaces` [[x_a, E_a]];
 * - `correlations`: `pairs` (x, y, yTransform) [silhouette of x_a and E_a ↔ top-1 accuracy; NNGS x_a↔E_a ↔ log
 *   top-1], `bootstrap` [10000] resamples for the confidence interval, `seed` [0].
 */
export const analysisConfigSchema = z
  .object({
    runs: z.string().min(1).default('out/training/runs'),
    zeroShot: z
      .object({ topK: z.array(z.number().int().positive()).min(1).default([1, 5]) })
      .strict()
      .default({ topK: [1, 5] }),
    silhouette: z
      .object({
        metrics: z.array(metric).min(1).default(['euclidean', 'cosine']),
        sampleSize: z.number().int().positive().nullable().default(null),
      })
      .strict()
      .default({ metrics: ['euclidean', 'cosine'], sampleSize: null }),
    topology: z
      .object({
        metric: metric.default('cosine'),
        kAudio: z.number().int().positive().default(10),
        kText: z.number().int().positive().default(10),
        kClass: z.number().int().positive().default(5),
        maxCaptions: z.number().int().positive().default(5000),
      })
      .strict()
      .default({ metric: 'cosine', kAudio: 10, kText: 10, kClass: 5, maxCaptions: 5000 }),
    tsne: z
      .object({
        perplexity: z.number().positive().default(30),
        seed: z.number().int().default(0),
        // The optimiser's 250 early-exaggeration iterations come first (as in sklearn): fewer is a config error
        // here, before any input is read, not a failure after the first entry's silhouettes.
        iterations: z
          .number()
          .int()
          .min(250, 'expected an integer >= 250 (the early-exaggeration iterations come first)')
          .default(1000),
        spaces: z.array(z.enum(['x_a', 'E_a'])).default(['x_a', 'E_a']),
      })
      .strict()
      .default({ perplexity: 30, seed: 0, iterations: 1000, spaces: ['x_a', 'E_a'] }),
    correlations: z
      .object({
        pairs: z.array(correlationPair).default([
          { x: 'silhouette.x_a.cosine', y: 'zeroshot.top1', yTransform: 'none' },
          { x: 'silhouette.E_a.cosine', y: 'zeroshot.top1', yTransform: 'none' },
          { x: 'nngs.x_a~E_a', y: 'zeroshot.top1', yTransform: 'log' },
        ]),
        bootstrap: z.number().int().positive().default(10000),
        seed: z.number().int().default(0),
      })
      .strict()
      .default(() => ({
        pairs: [
          { x: 'silhouette.x_a.cosine', y: 'zeroshot.top1', yTransform: 'none' as const },
          { x: 'silhouette.E_a.cosine', y: 'zeroshot.top1', yTransform: 'none' as const },
          { x: 'nngs.x_a~E_a', y: 'zeroshot.top1', yTransform: 'log' as const },
        ],
        bootstrap: 10000,
        seed: 0,
      })),
  })
  .strict();
export type AnalysisConfig = z.infer<typeof analysisConfigSchema>;
