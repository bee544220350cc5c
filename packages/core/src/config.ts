import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML, { LineCounter, isNode } from 'yaml';
import { z } from 'zod';

/** The study config's file name at the workspace root. */
export const DEFAULT_CONFIG_FILE = 'zsaudit.config.yaml';

/** Thrown for an unreadable or invalid config or flag; the message names the file, line and key of each problem. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface LoadedConfig<T> {
  file: string;
  /** Folder that relative paths in the config are resolved against. */
  dir: string;
  config: T;
}

/**
 * Reads a YAML (or JSON) config and validates it with `schema`, reporting each problem as `file:line: key: message`
 * (the line of the deepest node of the key's path that exists in the document). A stage validates the whole study
 * file with a schema that composes only the sections it reads.
 */
export function loadConfigFile<T>(file: string, schema: z.ZodType<T>): LoadedConfig<T> {
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
  const parsed = schema.safeParse(doc.toJS());
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
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

/**
 * One stage's section of the study config, defaults applied: the file is validated with the study layout's
 * `version` and this section's schema only, so the other stages' sections pass through unread (each stage checks
 * its own; `zsaudit config` checks them all).
 */
export function loadConfigSection<T>(file: string, section: string, schema: z.ZodType<T>): LoadedConfig<T> {
  const study = z.looseObject({
    version: z.literal(1),
    [section]: schema.default(() => schema.parse({}) as z.util.NoUndefined<T>),
  });
  const loaded = loadConfigFile(file, study);
  return { ...loaded, config: (loaded.config as Record<string, unknown>)[section] as T };
}
