import * as fs from 'node:fs';
import * as path from 'node:path';
import { labelPhrase, readArrowFile, sha256, sha256File, writeJsonAtomic } from '@zsaudit/core';
import { CURATED_CLIPS_SCHEMA_ID, ESC50_SCHEMA_ID } from '@zsaudit/data-curation';
import { writeDefaultBackbones } from '../backbones';
import { resolveModelsPaths, type ModelsConfig } from '../config';
import {
  loadBackboneManifest,
  type AudioManifest,
  type LoadedBackbone,
  type TextManifest,
} from '../manifest';
import { readEmbeddings, readEmbeddingsMetadata } from './arrow';
import { AudioEmbedder, streamAudioEmbeddings } from './audio';
import { type Shard } from './shard';
import type { EmbedExclusion, EmbedLoop, EmbedSink } from './sink';
import { embedIntoFile } from './spool';
import { streamTextEmbeddings, TextEmbedder } from './text';

export interface EmbedStageOptions {
  /** The curation stage's output folder (esc50.arrow, <corpus>.<split>.dirty.arrow). */
  curationDir: string;
  /** Output folder: backbones/ and embeddings/<backbone>/. */
  outDir: string;
  baseDir?: string;
  onProgress?: (p: { task: string; done: number; total: number }) => void;
  log?: (line: string) => void;
  /** Embed only this slice of every file's items (`--shard i/n`); `zsaudit merge --dir` joins the shards. */
  shard?: Shard;
}

export interface EmbedStageSummary {
  schema: 'zsaudit.models.summary/1';
  backbones: { name: string; modality: string; sha256: string; dim: number }[];
  outputs: { file: string; rows: number; excluded: number; reused: boolean }[];
  exclusions: (EmbedExclusion & { output: string })[];
}

/** The zero-shot prompts: one row per template and class, id `prompt:<template index>:<label>`. */
export function promptRows(
  labels: readonly string[],
  templates: readonly string[],
): { id: string; text: string }[] {
  return templates.flatMap((t, k) =>
    labels.map((label) => ({
      id: `prompt:${k}:${label}`,
      text: t.replace(/\{label\}/g, labelPhrase(label)),
    })),
  );
}

/** The items of one embedding file of a backbone, and what they hash to (its part of the file's source). */
interface Job<T extends { id: string }> {
  /** `esc50`, `prompts` or `<corpus>.<split>`: the file is `x_a.<name>.arrow` or `x_t.<name>.arrow`. */
  name: string;
  input: string;
  items: readonly T[];
}

type AudioItem = { id: string; path: string };
type TextItem = { id: string; text: string };

/** Everything the stage embeds, read from the curation stage's Arrow files (its exported schemas). */
interface StageInputs {
  audio: Job<AudioItem>[];
  text: Job<TextItem>[];
}

function readStageInputs(curation: string, templates: readonly string[]): StageInputs {
  const escFile = path.join(curation, 'esc50.arrow');
  const labels: string[] = [];
  const escClips: AudioItem[] = [];
  for (const row of readArrowFile(escFile, ESC50_SCHEMA_ID)) {
    labels[row!.target] = row!.category;
    if (row!.path) escClips.push({ id: row!.clip_id, path: row!.path });
  }
  const dirtyFiles = fs
    .readdirSync(curation)
    .filter((f) => f.endsWith('.dirty.arrow'))
    .sort();
  const corpora = dirtyFiles.map((f) => {
    const file = path.join(curation, f);
    const clips: AudioItem[] = [];
    const texts: TextItem[] = [];
    for (const row of readArrowFile(file, CURATED_CLIPS_SCHEMA_ID)) {
      if (row!.audio_path) clips.push({ id: row!.clip_id, path: row!.audio_path });
      for (const t of row!.texts) texts.push({ id: t.text_id, text: t.text });
    }
    // What the corpus's embeddings depend on: the curated file's bytes (hashed once, for every backbone).
    return { name: f.replace(/\.dirty\.arrow$/, ''), input: sha256File(file), clips, texts };
  });
  const prompts = promptRows(labels.filter(Boolean), templates);
  return {
    audio: [
      { name: 'esc50', input: sha256File(escFile), items: escClips },
      ...corpora.map((c) => ({ name: c.name, input: c.input, items: c.clips })),
    ].filter((job) => job.items.length > 0),
    text: [
      { name: 'prompts', input: JSON.stringify(prompts), items: prompts },
      ...corpora.map((c) => ({ name: c.name, input: c.input, items: c.texts })),
    ],
  };
}

/** The configured backbones, the default ones (written under `<outDir>/backbones`) first; names must be unique. */
function loadBackbones(config: ModelsConfig, outDir: string): LoadedBackbone[] {
  const manifests = [...config.backbones];
  if (config.defaultBackbones) {
    const d = writeDefaultBackbones(path.join(outDir, 'backbones'));
    manifests.unshift(d.audio, d.text);
  }
  const backbones = manifests.map(loadBackboneManifest);
  const names = new Set<string>();
  for (const b of backbones) {
    if (names.has(b.name))
      throw new Error(`two backbones are named "${b.name}"; give each manifest its own "name"`);
    names.add(b.name);
  }
  return backbones;
}

/** Where one job's file goes and what it records: everything but the items and the embedding loop. */
interface JobContext {
  file: string;
  source: string;
  backbone: LoadedBackbone;
  dim: number;
  summary: EmbedStageSummary;
  shard: Shard | undefined;
  log: (line: string) => void;
  onProgress: (done: number, total: number) => void;
}

/** A job bound to its backbone's loop: `produce` writes its file. */
interface BoundJob {
  name: string;
  input: string;
  produce: (ctx: JobContext) => Promise<void>;
}

/** A backbone with its session(s) open and the jobs of its modality. */
interface OpenBackbone {
  modality: 'audio' | 'text';
  /** File prefix: `x_a` (audio) or `x_t` (text). */
  prefix: string;
  dim: number;
  jobs: BoundJob[];
  dispose(): Promise<void>;
}

/** An opened embedder with the jobs of its modality, each bound to the embedder's loop. */
function openWith<T extends { id: string }, E extends { dim: number; dispose(): Promise<void> }>(
  embedder: E,
  modality: OpenBackbone['modality'],
  jobs: readonly Job<T>[],
  batchSize: number,
  stream: EmbedLoop<E, T>,
): OpenBackbone {
  return {
    modality,
    prefix: modality === 'audio' ? 'x_a' : 'x_t',
    dim: embedder.dim,
    jobs: jobs.map((job) => ({
      name: job.name,
      input: job.input,
      produce: (ctx) =>
        produce({
          ...ctx,
          items: job.items,
          embed: (items, sink) => stream(embedder, items, sink, { batchSize, onProgress: ctx.onProgress }),
        }),
    })),
    dispose: () => embedder.dispose(),
  };
}

async function openBackbone(
  b: LoadedBackbone,
  inputs: StageInputs,
  batchSize: ModelsConfig['batchSize'],
): Promise<OpenBackbone> {
  if (b.manifest.modality === 'audio') {
    const embedder = await AudioEmbedder.create(b as LoadedBackbone<AudioManifest>);
    return openWith(embedder, 'audio', inputs.audio, batchSize.audio, streamAudioEmbeddings);
  }
  const embedder = await TextEmbedder.create(b as LoadedBackbone<TextManifest>);
  return openWith(embedder, 'text', inputs.text, batchSize.text, streamTextEmbeddings);
}

/**
 * Writes an embedding file unless one made from the same source (backbone + inputs) is already there. Rows
 * stream through a resumable spool (`<file>.partial/`): an interrupted run picks up where it stopped. With a
 * shard, embeds only its slice of the items into `<name>.shard-<i>-of-<n>.arrow` (join with `zsaudit merge`).
 */
async function produce<T extends { id: string }>(
  opts: Omit<JobContext, 'onProgress'> & {
    items: readonly T[];
    embed: (items: T[], sink: EmbedSink) => Promise<void>;
  },
): Promise<void> {
  const { file, source, shard, summary } = opts;
  const target = shard ? file.replace(/\.arrow$/, `.shard-${shard.index}-of-${shard.count}.arrow`) : file;
  if (fs.existsSync(target)) {
    try {
      const metadata = readEmbeddingsMetadata(target);
      if (metadata.get('zsaudit.source') === source) {
        summary.outputs.push({
          file: target,
          rows: Number(metadata.get('zsaudit.rows') ?? readEmbeddings(target).ids.length),
          excluded: Number(metadata.get('zsaudit.excluded') ?? 0),
          reused: true,
        });
        return;
      }
    } catch {
      // An unreadable earlier file is rewritten.
    }
  }
  const spool = await embedIntoFile({
    file: target,
    source,
    backbone: opts.backbone,
    dim: opts.dim,
    items: opts.items,
    shard,
    embed: opts.embed,
    log: opts.log,
  });
  summary.outputs.push({ file: target, rows: spool.rows, excluded: spool.exclusions.length, reused: false });
  summary.exclusions.push(...spool.exclusions.map((e) => ({ ...e, output: target })));
}

/**
 * The models stage: for every backbone, x_a of the ESC-50 test clips and of every curated clip (audio), x_t of
 * every caption and every zero-shot prompt (text), as Arrow files under `embeddings/<backbone>/` keyed by the
 * curation stage's clip and text ids. A file whose backbone and inputs are unchanged is kept. Each backbone's
 * sessions are released before the next one opens.
 */
export async function runEmbedStage(
  rawConfig: ModelsConfig,
  opts: EmbedStageOptions,
): Promise<EmbedStageSummary> {
  const config = resolveModelsPaths(rawConfig, opts.baseDir ?? process.cwd());
  const log = opts.log ?? (() => undefined);
  const outDir = path.resolve(opts.outDir);
  const backbones = loadBackbones(config, outDir);
  const inputs = readStageInputs(path.resolve(opts.curationDir), config.prompts);
  const summary: EmbedStageSummary = {
    schema: 'zsaudit.models.summary/1',
    backbones: [],
    outputs: [],
    exclusions: [],
  };
  for (const b of backbones) {
    const dir = path.join(outDir, 'embeddings', b.name);
    // A file's source: backbone identity + manifest + what its inputs hash to.
    const source = (input: string) => sha256(`${b.onnxSha256}\n${JSON.stringify(b.manifest)}\n${input}`);
    const open = await openBackbone(b, inputs, config.batchSize);
    try {
      summary.backbones.push({ name: b.name, modality: open.modality, sha256: b.onnxSha256, dim: open.dim });
      for (const job of open.jobs) {
        const task = `${b.name} ${open.prefix} ${job.name}`;
        await job.produce({
          file: path.join(dir, `${open.prefix}.${job.name}.arrow`),
          source: source(job.input),
          backbone: b,
          dim: open.dim,
          summary,
          shard: opts.shard,
          log,
          onProgress: (done, total) => opts.onProgress?.({ task, done, total }),
        });
      }
    } finally {
      await open.dispose();
    }
    log(
      `${b.name}: ${summary.outputs
        .filter((o) => o.file.startsWith(dir))
        .map((o) => `${path.basename(o.file)} ${o.rows}${o.reused ? ' (kept)' : ''}`)
        .join(', ')}`,
    );
  }
  writeJsonAtomic(path.join(outDir, 'models-summary.json'), {
    ...summary,
    outputs: summary.outputs.map((o) => ({ ...o, file: path.relative(outDir, o.file) })),
  });
  return summary;
}
