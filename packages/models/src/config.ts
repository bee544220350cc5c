import * as path from 'node:path';
import { z } from 'zod';

/**
 * The `models` section of the study config (defaults in brackets):
 * - `defaultBackbones` [true]: write and use the random-init ("no pretraining") CNN14- and BERT-layout backbones;
 * - `backbones` [[]]: manifests of further backbones (a real CNN14 or BERT export, a pretrained one), relative to
 *   the config file;
 * - `prompts` [["this is a sound of {label}"]]: zero-shot prompt templates, each prompt its own row;
 * - `batchSize` [{audio: 16, text: 64}]: rows per session run.
 */
export const modelsConfigSchema = z
  .object({
    defaultBackbones: z.boolean().default(true),
    backbones: z.array(z.string().min(1)).default([]),
    prompts: z
      .array(z.string().includes('{label}', { message: 'a prompt template must contain {label}' }))
      .min(1)
      .default(['this is a sound of {label}']),
    batchSize: z
      .object({
        audio: z.number().int().positive().default(16),
        text: z.number().int().positive().default(64),
      })
      .strict()
      .default({ audio: 16, text: 64 }),
  })
  .strict();
export type ModelsConfig = z.infer<typeof modelsConfigSchema>;

/** Resolves the configured manifest paths against the config file's folder. */
export function resolveModelsPaths(config: ModelsConfig, baseDir: string): ModelsConfig {
  return { ...config, backbones: config.backbones.map((b) => path.resolve(baseDir, b)) };
}
