import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML, { LineCounter, isNode } from 'yaml';
import { z } from 'zod';
import { curationConfigSchema } from '@zsaudit/data-curation';
import { worldConfigSchema } from '@zsaudit/soundworld';
import { modelsConfigSchema } from '@zsaudit/models';
import { analysisConfigSchema } from '@zsaudit/analysis';

/**
 * The study config: one file (YAML or JSON) at the workspace root, one section per stage. Each stage package owns
 * the schema of its section; this file only composes them.
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

export const DEFAULT_CONFIG_FILE = 'zsaudit.config.yaml';

export interface LoadedStudyConfig {
  file: string;
  /** Folder that relative paths in the config are resolved against. */
  dir: string;
  config: StudyConfig;
}

/** Thrown for an unreadable or invalid config; the message names the file, line and key of each problem. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Reads, parses and validates the study config, reporting each problem with its line and key. */
export function loadStudyConfig(file: string = DEFAULT_CONFIG_FILE): LoadedStudyConfig {
  const abs = path.resolve(file);
  if (!fs.existsSync(abs)) throw new ConfigError(`${abs}: config file not found`);
  const text = fs.readFileSync(abs, 'utf8');
  const lineCounter = new LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((e) => `${abs}:${e.linePos?.[0].line ?? '?'}: ${e.message.split('\n')[0]}`).join('\n'),
    );
  }
  const parsed = studyConfigSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      // Point at the deepest node of the path that exists in the document.
      let line: number | undefined;
      for (let n = issue.path.length; n >= 0 && line === undefined; n--) {
        const node = doc.getIn(issue.path.slice(0, n) as (string | number)[], true);
        if (isNode(node) && node.range) line = lineCounter.linePos(node.range[0]).line;
      }
      return `${abs}:${line ?? 1}: ${issue.path.join('.') || '(root)'}: ${issue.message}`;
    });
    throw new ConfigError(`invalid config:\n${lines.join('\n')}`);
  }
  return { file: abs, dir: path.dirname(abs), config: parsed.data };
}

/** Validates settings given on the command line; errors read "--<key>: <message>", one per line. */
export function parseFlags<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const kebab = (k: string) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  throw new ConfigError(
    parsed.error.issues.map((i) => `--${i.path.map(String).map(kebab).join('.')}: ${i.message}`).join('\n'),
  );
}
