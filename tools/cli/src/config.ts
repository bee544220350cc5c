import { z } from 'zod';
import { curationConfigSchema } from '@zsaudit/data-curation';
import { worldConfigSchema } from '@zsaudit/soundworld';
import { modelsConfigSchema } from '@zsaudit/models';
import { analysisConfigSchema } from '@zsaudit/analysis';
import { DEFAULT_CONFIG_FILE, loadConfigFile, type LoadedConfig } from '@zsaudit/core';

/**
 * The study config: one file (YAML or JSON) at the workspace root, one section per stage. Each stage package owns
 * the schema of its section and reads only that section; this schema composes them and, unlike a stage, refuses
 * keys no stage knows (a misspelt section would otherwise be ignored).
 */
export const studyConfigSchema = z
  .object({
    /** Version of this file's layout. */
    version: z.literal(1),
    /** The embedded default data: the procedural sound world (seed, size, sample rate). */
    world: worldConfigSchema.default(() => worldConfigSchema.parse({})),
    /** Data-curation stage: label set, forms, strictness, the corpora and ESC-50. */
    curation: curationConfigSchema.default(() => curationConfigSchema.parse({})),
    /** Models stage: backbones (the random-init defaults and any manifests), prompt templates, batch sizes. */
    models: modelsConfigSchema.default(() => modelsConfigSchema.parse({})),
    /** Analysis stage: where the runs are, zero-shot top-k, silhouette, topology, t-SNE and correlation settings. */
    analysis: analysisConfigSchema.default(() => analysisConfigSchema.parse({})),
  })
  .strict();
export type StudyConfig = z.infer<typeof studyConfigSchema>;
export type StageName = Exclude<keyof StudyConfig, 'version'>;
export const STAGES: StageName[] = ['world', 'curation', 'models', 'analysis'];

/** Reads, parses and validates the whole study config, reporting each problem with its line and key. */
export function loadStudyConfig(file: string = DEFAULT_CONFIG_FILE): LoadedConfig<StudyConfig> {
  return loadConfigFile(file, studyConfigSchema);
}
