import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { acquireLock, flags, parseFlags, portablePath, SCHEMA_ID_KEY } from '@zsaudit/core';
import { EmbeddingFileWriter, readEmbeddings, readEmbeddingsMetadata } from './arrow';
import { exclusionsMetadata, EXCLUSIONS_KEY, readExclusions } from './exclusions';
import type { EmbedExclusion } from './sink';
import { mergeSummaries, MODELS_SUMMARY_FILE, readShardSummaries, writeSummary } from './summary';

/** A shard spec "i/n" (1 ≤ i ≤ n): this process embeds the i-th of n contiguous slices. */
export interface Shard {
  index: number;
  count: number;
}

/** Parses "--shard 2/4" with core's flag schema; errors say what is wrong. */
export function parseShard(spec: string): Shard {
  return parseFlags(z.object({ shard: flags.shard() }), { shard: spec }).shard;
}

/**
 * The items of one shard: contiguous slices, so that the shards concatenated in order give the unsharded order,
 * and a merged file equals the file one process would have written.
 */
export function shardSlice<T>(items: readonly T[], shard: Shard): T[] {
  const n = items.length;
  return items.slice(
    Math.floor(((shard.index - 1) * n) / shard.count),
    Math.floor((shard.index * n) / shard.count),
  );
}

/** Metadata a shard's file carries, so a merge can prove no shard is missing or duplicated. */
export function shardMetadata(shard: Shard, totalItems: number, excluded: number): Record<string, string> {
  return {
    'zsaudit.shard': `${shard.index}/${shard.count}`,
    'zsaudit.shard.items': String(totalItems),
    'zsaudit.excluded': String(excluded),
  };
}

/**
 * Joins the shard files of one embedding file into `out`, holding its lock (a second writer of `out` refuses).
 * Checks that they come from the same backbone and inputs, that every shard 1..n is there exactly once, that no
 * id is in two shards, and that the rows and exclusions of all shards add up to the items the shards were cut
 * from.
 */
export function mergeShards(files: readonly string[], out: string): MergedShards {
  if (files.length === 0) throw new Error('merge: no shard files given');
  const lock = acquireLock(out);
  try {
    return mergeShardsLocked(files, out);
  } finally {
    lock.release();
  }
}

/** What {@link mergeShards} wrote: rows, shard count, the shared source, every exclusion (absolute paths). */
export interface MergedShards {
  rows: number;
  shards: number;
  source: string;
  exclusions: EmbedExclusion[];
}

function mergeShardsLocked(files: readonly string[], out: string): MergedShards {
  // Checks run on the metadata alone; the vectors are then copied one shard at a time.
  const parts = files.map((file) => ({ file, metadata: readEmbeddingsMetadata(file) }));
  const meta = (p: (typeof parts)[number], key: string) => p.metadata.get(key);
  const first = parts[0];
  const count = Number(meta(first, 'zsaudit.shard')?.split('/')[1]);
  const seen = new Map<number, string>();
  for (const p of parts) {
    const spec = meta(p, 'zsaudit.shard');
    if (!spec) throw new Error(`merge: ${p.file} is not a shard (no zsaudit.shard metadata)`);
    const [i, n] = spec.split('/').map(Number);
    if (n !== count) throw new Error(`merge: ${p.file} is shard ${spec}, ${first.file} is one of ${count}`);
    for (const key of ['zsaudit.backbone.sha256', 'zsaudit.source', 'zsaudit.shard.items', 'zsaudit.dim']) {
      if (meta(p, key) !== meta(first, key))
        throw new Error(`merge: ${p.file} and ${first.file} differ in ${key}`);
    }
    if (seen.has(i)) throw new Error(`merge: shard ${i}/${n} twice: ${seen.get(i)} and ${p.file}`);
    seen.set(i, p.file);
  }
  const missing = Array.from({ length: count }, (_, k) => k + 1).filter((i) => !seen.has(i));
  if (missing.length)
    throw new Error(`merge: missing shard(s) ${missing.map((i) => `${i}/${count}`).join(', ')}`);
  parts.sort(
    (a, b) =>
      Number(meta(a, 'zsaudit.shard')!.split('/')[0]) - Number(meta(b, 'zsaudit.shard')!.split('/')[0]),
  );
  const dim = Number(meta(first, 'zsaudit.dim'));
  const excluded = parts.reduce((n, p) => n + Number(meta(p, 'zsaudit.excluded') ?? 0), 0);
  const exclusions = parts.flatMap((p) => readExclusions(p.metadata, p.file));
  const items = Number(meta(first, 'zsaudit.shard.items'));
  const metadata = Object.fromEntries(
    [...first.metadata].filter(
      ([k]) =>
        !k.startsWith('zsaudit.shard') &&
        ![SCHEMA_ID_KEY, 'zsaudit.dim', 'zsaudit.rows', EXCLUSIONS_KEY].includes(k),
    ),
  );
  const rows = parts.reduce((n, p) => n + Number(meta(p, 'zsaudit.rows') ?? NaN), 0);
  const writer = new EmbeddingFileWriter(out, dim, {
    ...metadata,
    'zsaudit.excluded': String(excluded),
    [EXCLUSIONS_KEY]: exclusionsMetadata(exclusions, out),
    ...(Number.isFinite(rows) ? { 'zsaudit.rows': String(rows) } : {}),
  });
  try {
    const ids = new Set<string>();
    for (const p of parts) {
      const e = readEmbeddings(p.file);
      for (const id of e.ids) {
        if (ids.has(id)) throw new Error(`merge: id "${id}" is in more than one shard`);
        ids.add(id);
      }
      writer.write(e.ids, e.vectors);
    }
    if (ids.size + excluded !== items) {
      throw new Error(
        `merge: ${ids.size} rows + ${excluded} excluded ≠ ${items} items the shards were cut from`,
      );
    }
    writer.close();
    return { rows: ids.size, shards: count, source: meta(first, 'zsaudit.source') ?? '', exclusions };
  } catch (err) {
    writer.abort();
    throw err;
  }
}

/**
 * Merges every group of `<name>.shard-<i>-of-<n>.arrow` files under `dir` (recursively) into `<name>.arrow`.
 * When `dir` is the `--out` of a sharded `embed` (it holds `models-summary.shard-<i>-of-<n>.json`, one per
 * finished shard), the shard summaries are checked and joined into `models-summary.json`, written last.
 */
export function mergeShardDir(dir: string): {
  files: { file: string; rows: number; shards: number }[];
  summary: string | null;
} {
  const root = path.resolve(dir);
  const summaries = readShardSummaries(root);
  const groups = new Map<string, string[]>();
  const walk = (d: string) => {
    for (const name of fs.readdirSync(d).sort()) {
      // Hidden files are temp files of a writer (.zsaudit-tmp-*), never shards.
      if (name.startsWith('.')) continue;
      const p = path.join(d, name);
      if (fs.statSync(p).isDirectory()) walk(p);
      const m = /^(.*)\.shard-\d+-of-\d+\.arrow$/.exec(name);
      if (m) {
        const merged = path.join(d, `${m[1]}.arrow`);
        groups.set(merged, [...(groups.get(merged) ?? []), p]);
      }
    }
  };
  walk(root);
  if (groups.size === 0) throw new Error(`merge: no shard files (*.shard-i-of-n.arrow) under ${dir}`);
  if (!summaries) {
    const files = [...groups].map(([file, shards]) => ({ file, ...mergeShards(shards, file) }));
    return { files, summary: null };
  }
  const summaryFile = path.join(root, MODELS_SUMMARY_FILE);
  const lock = acquireLock(summaryFile);
  try {
    // The old summary no longer describes the folder once merged files replace its outputs.
    fs.rmSync(summaryFile, { force: true });
    const files = [...groups].map(([file, shards]) => ({ file, ...mergeShards(shards, file) }));
    const merged = new Map(files.map((f) => [portablePath(root, f.file), f]));
    writeSummary(summaryFile, mergeSummaries(summaries, merged, root));
    return { files, summary: summaryFile };
  } finally {
    lock.release();
  }
}
