/**
 * `models-summary.json`: what a finished models stage wrote, and the reader the analysis stage goes through. The
 * stage writes it last, so its presence says the run finished; every output is listed with the `zsaudit.source`
 * it was written with, so a file replaced later (by an interrupted or concurrent run) is detected, not mixed in.
 * A sharded run writes `models-summary.shard-<i>-of-<n>.json`; `merge --dir` joins them into the summary.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveInside, writeJsonAtomic } from '@zsaudit/core';
import { readEmbeddingsMetadata } from './arrow';
import { portableExclusion } from './exclusions';
import type { EmbedExclusion } from './sink';
import type { Shard } from './shard';

export const MODELS_SUMMARY_SCHEMA = 'zsaudit.models.summary/2';
export const MODELS_SUMMARY_FILE = 'models-summary.json';

/** One embedding file of the stage. Paths are POSIX, relative to the models folder. */
export interface ModelsSummaryOutput {
  /** `embeddings/<backbone>/x_a.esc50.arrow` (a shard's: `….shard-<i>-of-<n>.arrow`). */
  file: string;
  backbone: string;
  modality: 'audio' | 'text';
  /** What was embedded: `esc50`, `prompts` or `<corpus>.<split>`. */
  input: string;
  rows: number;
  excluded: number;
  /** The file's `zsaudit.source` (backbone and every item's id and content key). */
  source: string;
}

/**
 * The summary of one run of the stage (or of its merged shards). It holds nothing about the run itself (no times,
 * no "kept" flags), so an interrupted and resumed run writes the same bytes as an uninterrupted one.
 */
export interface EmbedStageSummary {
  schema: typeof MODELS_SUMMARY_SCHEMA;
  /** `i/n` for one shard's summary; null for a whole run or merged shards. */
  shard: string | null;
  /** Each backbone; `manifest` is relative to the models folder. */
  backbones: { name: string; modality: 'audio' | 'text'; sha256: string; dim: number; manifest: string }[];
  outputs: ModelsSummaryOutput[];
  /** Every item not embedded: `file` (the audio) and `output` relative to the models folder. */
  exclusions: SummaryExclusion[];
}

/** An exclusion in the summary: `file` (the audio) and `output` (the embedding file) relative to the models folder. */
export type SummaryExclusion = EmbedExclusion & { output: string };

/** The summary's file name in the models folder: one per shard, so shards running at once never share one. */
export function summaryFileName(shard?: Shard | null): string {
  return shard ? `models-summary.shard-${shard.index}-of-${shard.count}.json` : MODELS_SUMMARY_FILE;
}

const SHARD_SUMMARY = /^models-summary\.shard-(\d+)-of-(\d+)\.json$/;

/**
 * The summaries in `outDir` that a run starting now makes stale: for a whole run, every shard summary (merging
 * those shards later would replace its files); for a shard of n, the whole run's summary and the shard summaries
 * of another n. The summaries of this sharding's other shards stay: they may be running now.
 */
export function supersededSummaries(outDir: string, shard?: Shard): string[] {
  if (!fs.existsSync(outDir)) return [];
  return fs
    .readdirSync(outDir)
    .filter((f) => {
      if (f === MODELS_SUMMARY_FILE) return !!shard;
      const m = SHARD_SUMMARY.exec(f);
      return !!m && (!shard || Number(m[2]) !== shard.count);
    })
    .map((f) => path.join(outDir, f));
}

/** An exclusion as the summary records it: its audio file relative to the models folder, also in the message. */
export function summaryExclusion(outDir: string, e: EmbedExclusion, output: string): SummaryExclusion {
  return { ...portableExclusion(e, outDir), output };
}

/** Writes a summary into the models folder, atomically (the caller holds the summary file's lock). */
export function writeSummary(file: string, summary: EmbedStageSummary): void {
  writeJsonAtomic(file, summary);
}

function readSummaryFile(file: string): EmbedStageSummary {
  let summary: EmbedStageSummary;
  try {
    summary = JSON.parse(fs.readFileSync(file, 'utf8')) as EmbedStageSummary;
  } catch (err) {
    throw new Error(`${file}: unreadable models summary (${(err as Error).message}): rerun zsaudit embed`);
  }
  if (summary?.schema !== MODELS_SUMMARY_SCHEMA || !Array.isArray(summary.outputs))
    throw new Error(
      `${file}: not a ${MODELS_SUMMARY_SCHEMA} summary (schema ${JSON.stringify(summary?.schema)}): rerun zsaudit embed`,
    );
  return summary;
}

/** A summary output with its absolute path. */
export interface ModelsOutput extends ModelsSummaryOutput {
  path: string;
}

/** What {@link readModelsOutputs} gives: the verified outputs of a finished models stage. */
export interface ModelsOutputs {
  /** The models folder (absolute). */
  dir: string;
  /** Its models-summary.json (absolute). */
  summaryFile: string;
  backbones: EmbedStageSummary['backbones'];
  outputs: ModelsOutput[];
  exclusions: EmbedStageSummary['exclusions'];
}

/**
 * The outputs of a finished models stage, for the analysis stage: reads `<modelsDir>/models-summary.json` and
 * checks that every embedding file it lists is there with the `zsaudit.source` the summary recorded. Throws,
 * naming the folder and file, when the summary is missing (the stage did not finish, is running, or only shard
 * summaries are there) or a file differs (an interrupted or concurrent run left a mix).
 */
export function readModelsOutputs(modelsDir: string): ModelsOutputs {
  const dir = path.resolve(modelsDir);
  const summaryFile = path.join(dir, MODELS_SUMMARY_FILE);
  if (!fs.existsSync(summaryFile)) {
    const shards = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => SHARD_SUMMARY.test(f)) : [];
    throw new Error(
      shards.length
        ? `${dir}: ${MODELS_SUMMARY_FILE} missing, only shard summaries (${shards.join(', ')}): join the shards with zsaudit merge --dir ${dir}`
        : `${dir}: ${MODELS_SUMMARY_FILE} missing: the models stage has not finished there (interrupted, or running now): rerun zsaudit embed`,
    );
  }
  const summary = readSummaryFile(summaryFile);
  if (summary.shard)
    throw new Error(`${summaryFile}: the summary of shard ${summary.shard} only: merge the shards first`);
  const outputs = summary.outputs.map((o) => {
    const abs = resolveInside(dir, o.file);
    if (!abs) throw new Error(`${summaryFile}: output ${JSON.stringify(o.file)} is outside ${dir}`);
    let source: string | undefined;
    try {
      source = readEmbeddingsMetadata(abs).get('zsaudit.source');
    } catch (err) {
      throw new Error(
        `${summaryFile} lists ${abs}, which cannot be read (${(err as Error).message}): rerun zsaudit embed`,
      );
    }
    if (source !== o.source)
      throw new Error(
        `${abs}: its zsaudit.source differs from the one ${summaryFile} records (an interrupted or concurrent ` +
          `models run replaced it): rerun zsaudit embed`,
      );
    return { ...o, path: abs };
  });
  return { dir, summaryFile, backbones: summary.backbones, outputs, exclusions: summary.exclusions };
}

/** The merged file a shard's file belongs to (`x.shard-1-of-2.arrow` -> `x.arrow`), or null. */
export function mergedNameOf(file: string): string | null {
  const m = /^(.*)\.shard-\d+-of-\d+\.arrow$/.exec(file);
  return m ? `${m[1]}.arrow` : null;
}

/**
 * The summaries of a sharded stage in `dir` (`models-summary.shard-<i>-of-<n>.json`), checked: every shard 1..n
 * once, all of one n and the same backbones. Null when there are none.
 */
export function readShardSummaries(dir: string): EmbedStageSummary[] | null {
  const names = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => SHARD_SUMMARY.test(f)) : [];
  if (names.length === 0) return null;
  const byCount = new Map<number, Map<number, string>>();
  for (const name of names) {
    const [, i, n] = SHARD_SUMMARY.exec(name)!.map(Number);
    byCount.set(n, (byCount.get(n) ?? new Map<number, string>()).set(i, name));
  }
  if (byCount.size > 1)
    throw new Error(
      `${dir}: shard summaries of different shard counts (${[...byCount.keys()].join(', ')}): remove the stale ones`,
    );
  const [[count, shards]] = [...byCount];
  const missing = Array.from({ length: count }, (_, k) => k + 1).filter((i) => !shards.has(i));
  if (missing.length)
    throw new Error(
      `${dir}: shard summaries missing for ${missing.map((i) => `${i}/${count}`).join(', ')} (those shards have not finished)`,
    );
  const summaries = [...shards]
    .sort(([a], [b]) => a - b)
    .map(([, name]) => readSummaryFile(path.join(dir, name)));
  const backbones = JSON.stringify(summaries[0].backbones);
  for (const [k, s] of summaries.entries())
    if (JSON.stringify(s.backbones) !== backbones)
      throw new Error(`${path.join(dir, names[k])}: other backbones than shard 1's: rerun the shards`);
  return summaries;
}

/**
 * The summary of merged shards: the shard outputs, in the shards' order, become their merged files, with the rows,
 * source and exclusions the merge wrote (`merged`, by file relative to `dir`).
 */
export function mergeSummaries(
  summaries: readonly EmbedStageSummary[],
  merged: ReadonlyMap<string, { rows: number; source: string; exclusions: EmbedExclusion[] }>,
  dir: string,
): EmbedStageSummary {
  const outputs = new Map<string, ModelsSummaryOutput>();
  for (const s of summaries) {
    for (const o of s.outputs) {
      const file = mergedNameOf(o.file);
      const done = file ? merged.get(file) : undefined;
      if (!file || !done)
        throw new Error(`${path.join(dir, o.file)}: listed by a shard summary but not merged`);
      if (done.source !== o.source)
        throw new Error(
          `${path.join(dir, o.file)}: its source differs from the shard summary's: rerun that shard`,
        );
      if (!outputs.has(file))
        outputs.set(file, {
          ...o,
          file,
          rows: done.rows,
          excluded: done.exclusions.length,
          source: done.source,
        });
    }
  }
  return {
    schema: MODELS_SUMMARY_SCHEMA,
    shard: null,
    backbones: summaries[0].backbones,
    outputs: [...outputs.values()],
    exclusions: [...outputs.keys()].flatMap((file) =>
      merged.get(file)!.exclusions.map((e) => summaryExclusion(dir, e, file)),
    ),
  };
}
