import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveInside, resolvePortable, writeJsonAtomic } from '@zsaudit/core';
import { z } from 'zod';

/** Schema id of a run descriptor (`run.json`). */
export const RUN_SCHEMA_ID = 'zsaudit.run/1';

/** File names of a run's embedding tables, relative to the run folder (defaults in brackets). */
const runEmbeddingsSchema = z
  .object({
    /** Unimodal audio embeddings of the ESC-50 test clips [x_a.esc50.arrow]. */
    x_a: z.string().default('x_a.esc50.arrow'),
    /** Cross-modal (projected) audio embeddings of the same clips [E_a.esc50.arrow]. */
    E_a: z.string().default('E_a.esc50.arrow'),
    /** Unimodal text embeddings of the zero-shot prompts [x_t.prompts.arrow]. */
    x_t_prompts: z.string().default('x_t.prompts.arrow'),
    /** Cross-modal text embeddings of the prompts [E_t.prompts.arrow]. */
    E_t_prompts: z.string().default('E_t.prompts.arrow'),
    /** Unimodal text embeddings of the training captions [x_t.captions.arrow]. */
    x_t_captions: z.string().default('x_t.captions.arrow'),
    /** Cross-modal text embeddings of the training captions [E_t.captions.arrow]. */
    E_t_captions: z.string().default('E_t.captions.arrow'),
  })
  .strict();

/**
 * A run: one trained (or untrained) CLAP model, as the training stage writes it. The folder holds `run.json` and
 * embedding tables in the models stage's layout (`zsaudit.models.embeddings/1`: `id` + FixedSizeList<Float32>).
 * Ids are the curation stage's: ESC-50 clip ids for x_a / E_a, `prompt:<template>:<label>` for the prompts,
 * caption text ids for the captions. A table that is absent is skipped, and the metrics that need it are listed
 * as not computed in the summary.
 */
export const runDescriptorSchema = z
  .object({
    schema: z.literal(RUN_SCHEMA_ID),
    /** Unique run id, e.g. "audio=pretrained-dirty,text=pretrained,data=clean,phase=1". */
    id: z.string().min(1),
    /** Free-form conditions: audio backbone pretraining, text backbone, training data, phase, seed, … */
    conditions: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
    /** Names of the backbones (models stage) the run was built on. */
    backbones: z.object({ audio: z.string().min(1), text: z.string().min(1).optional() }).strict(),
    /**
     * The curation stage's esc50.arrow (labels and folds) the run is analysed against, relative to the run folder:
     * the table of a complete curation output set, e.g. `../../curation/esc50.arrow`, or `curation/esc50.arrow`
     * for a copy of the set (with its .zsaudit-set.json) kept in the run folder; default: `--curation`'s.
     */
    esc50: z.string().min(1).optional(),
    embeddings: runEmbeddingsSchema.default(() => runEmbeddingsSchema.parse({})),
  })
  .strict();
export type RunDescriptor = z.infer<typeof runDescriptorSchema>;

export interface LoadedRun {
  dir: string;
  descriptor: RunDescriptor;
  /** Absolute paths of the embedding tables that exist, by role. */
  files: Partial<Record<keyof RunDescriptor['embeddings'], string>>;
  /**
   * The ESC-50 table run.json names (absolute; a curation output set's, checked when read), and whether it lies
   * inside the run folder (a copy of the curation set that goes with the run) or outside.
   */
  esc50?: { file: string; inRunFolder: boolean };
}

/** Reads and validates `<dir>/run.json`; errors name the file and key. */
export function loadRun(dir: string): LoadedRun {
  const file = path.join(dir, 'run.json');
  if (!fs.existsSync(file)) throw new Error(`${file}: no run descriptor`);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${(err as Error).message})`);
  }
  const parsed = runDescriptorSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(
      `${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
    );
  }
  const descriptor = parsed.data;
  // Every path is relative to the run folder, so a copied run folder still resolves; the tables must lie inside
  // it (a run.json from elsewhere must not make the stage read arbitrary files).
  const files: LoadedRun['files'] = {};
  for (const [role, name] of Object.entries(descriptor.embeddings) as [
    keyof RunDescriptor['embeddings'],
    string,
  ][]) {
    const p = resolveInside(dir, name);
    if (p === null)
      throw new Error(
        `${file}: embeddings.${role}: ${JSON.stringify(name)} is not a path inside the run folder (tables are named relative to it)`,
      );
    if (fs.existsSync(p)) files[role] = p;
  }
  return {
    dir,
    descriptor,
    files,
    esc50: descriptor.esc50 ? runEsc50(file, dir, descriptor.esc50) : undefined,
  };
}

/**
 * run.json's `esc50`, resolved against the run folder. It may lie outside the folder (the curation stage's output
 * next to the runs is the usual case), but it must be relative: an absolute path would not survive copying the
 * study elsewhere.
 */
function runEsc50(runJson: string, dir: string, esc50: string): NonNullable<LoadedRun['esc50']> {
  if (path.isAbsolute(esc50) || path.win32.isAbsolute(esc50))
    throw new Error(
      `${runJson}: esc50: ${JSON.stringify(esc50)} is absolute; name the table relative to the run folder`,
    );
  const file = resolvePortable(dir, esc50);
  if (!fs.existsSync(file)) throw new Error(`${runJson}: esc50: ${file} does not exist`);
  return { file, inRunFolder: resolveInside(dir, esc50) !== null };
}

/** Writes a run descriptor (for the training stage and tests), atomically. */
export function writeRun(dir: string, descriptor: z.input<typeof runDescriptorSchema>): void {
  writeJsonAtomic(path.join(dir, 'run.json'), runDescriptorSchema.parse(descriptor));
}

/** The run folders under `root` (each with a run.json), sorted; none when `root` does not exist. */
export function findRuns(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root)
    .sort()
    .map((name) => path.join(root, name))
    .filter((d) => fs.existsSync(path.join(d, 'run.json')));
}
