import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CURATED_CLIPS_SCHEMA_ID, ESC50_SCHEMA_ID, readArrowFile } from '@zsaudit/data-curation';
import { writeDefaultBackbones } from '../backbones';
import { resolveModelsPaths, type ModelsConfig } from '../config';
import {
  loadBackboneManifest,
  type AudioManifest,
  type LoadedBackbone,
  type TextManifest,
} from '../manifest';
import { readEmbeddings, readEmbeddingsMetadata } from './arrow';
import { AudioEmbedder, streamAudioEmbeddings, type EmbedExclusion, type EmbedSink } from './audio';
import { type Shard } from './shard';
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

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** A label's phrase in a prompt: "crying_baby" -> "crying baby". */
export const labelPhrase = (label: string) => label.replace(/_/g, ' ');

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

/**
 * Writes an embedding file unless one made from the same source (backbone + inputs) is already there. Rows
 * stream through a resumable spool (`<file>.partial/`): an interrupted run picks up where it stopped. With a
 * shard, embeds only its slice of the items into `<name>.shard-<i>-of-<n>.arrow` (join with `zsaudit merge`).
 */
async function produce<T extends { id: string }>(
  file: string,
  source: string,
  backbone: LoadedBackbone,
  dim: number,
  items: readonly T[],
  embed: (items: T[], sink: EmbedSink) => Promise<void>,
  summary: EmbedStageSummary,
  shard: Shard | undefined,
  log: (line: string) => void,
): Promise<void> {
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
  const spool = await embedIntoFile({ file: target, source, backbone, dim, items, shard, embed, log });
  summary.outputs.push({ file: target, rows: spool.rows, excluded: spool.exclusions.length, reused: false });
  summary.exclusions.push(...spool.exclusions.map((e) => ({ ...e, output: target })));
}

/**
 * The models stage: for every backbone, x_a of the ESC-50 test clips and of every curated clip (audio), x_t of
 * every caption and every zero-shot prompt (text), as Arrow files under `embeddings/<backbone>/` keyed by the
 * curation stage's clip and text ids. A file whose backbone and inputs are unchanged is kept.
 */
export async function runEmbedStage(
  rawConfig: ModelsConfig,
  opts: EmbedStageOptions,
): Promise<EmbedStageSummary> {
  const config = resolveModelsPaths(rawConfig, opts.baseDir ?? process.cwd());
  const log = opts.log ?? (() => undefined);
  const outDir = path.resolve(opts.outDir);
  const curation = path.resolve(opts.curationDir);
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

  // Inputs from the curation stage's Arrow files (its exported schemas).
  const escFile = path.join(curation, 'esc50.arrow');
  const esc = readArrowFile(escFile, ESC50_SCHEMA_ID);
  const labels: string[] = [];
  const escClips: { id: string; path: string }[] = [];
  for (const row of esc) {
    labels[row!.target] = row!.category;
    if (row!.path) escClips.push({ id: row!.clip_id, path: row!.path });
  }
  const dirtyFiles = fs
    .readdirSync(curation)
    .filter((f) => f.endsWith('.dirty.arrow'))
    .sort();
  const corpora = dirtyFiles.map((f) => {
    const table = readArrowFile(path.join(curation, f), CURATED_CLIPS_SCHEMA_ID);
    const clips: { id: string; path: string }[] = [];
    const texts: { id: string; text: string }[] = [];
    for (const row of table) {
      if (row!.audio_path) clips.push({ id: row!.clip_id, path: row!.audio_path });
      for (const t of row!.texts) texts.push({ id: t.text_id, text: t.text });
    }
    // What the corpus's embeddings depend on: the curated file's bytes (hashed once, for every backbone).
    const input = sha256(fs.readFileSync(path.join(curation, f)));
    return { name: f.replace(/\.dirty\.arrow$/, ''), input, clips, texts };
  });
  const prompts = promptRows(labels.filter(Boolean), config.prompts);
  const audioJobs = [
    { name: 'esc50', input: sha256(fs.readFileSync(escFile)), clips: escClips },
    ...corpora.map((c) => ({ name: c.name, input: c.input, clips: c.clips })),
  ].filter((job) => job.clips.length > 0);
  const textJobs = [
    { name: 'prompts', input: JSON.stringify(prompts), rows: prompts },
    ...corpora.map((c) => ({ name: c.name, input: c.input, rows: c.texts })),
  ];

  const summary: EmbedStageSummary = {
    schema: 'zsaudit.models.summary/1',
    backbones: [],
    outputs: [],
    exclusions: [],
  };
  for (const b of backbones) {
    const dir = path.join(outDir, 'embeddings', b.name);
    const progress = (task: string) => (done: number, total: number) =>
      opts.onProgress?.({ task: `${b.name} ${task}`, done, total });
    // A file's source: backbone identity + manifest + what its inputs hash to.
    const source = (input: string) => sha256(`${b.onnxSha256}\n${JSON.stringify(b.manifest)}\n${input}`);
    if (b.manifest.modality === 'audio') {
      const embedder = await AudioEmbedder.create(b as LoadedBackbone<AudioManifest>);
      summary.backbones.push({ name: b.name, modality: 'audio', sha256: b.onnxSha256, dim: embedder.dim });
      for (const job of audioJobs) {
        await produce(
          path.join(dir, `x_a.${job.name}.arrow`),
          source(job.input),
          b,
          embedder.dim,
          job.clips,
          (clips, sink) =>
            streamAudioEmbeddings(embedder, clips, sink, {
              batchSize: config.batchSize.audio,
              onProgress: progress(`x_a ${job.name}`),
            }),
          summary,
          opts.shard,
          log,
        );
      }
    } else {
      const embedder = await TextEmbedder.create(b as LoadedBackbone<TextManifest>);
      summary.backbones.push({ name: b.name, modality: 'text', sha256: b.onnxSha256, dim: embedder.dim });
      for (const job of textJobs) {
        await produce(
          path.join(dir, `x_t.${job.name}.arrow`),
          source(job.input),
          b,
          embedder.dim,
          job.rows,
          (rows, sink) =>
            streamTextEmbeddings(embedder, rows, sink, {
              batchSize: config.batchSize.text,
              onProgress: progress(`x_t ${job.name}`),
            }),
          summary,
          opts.shard,
          log,
        );
      }
    }
    log(
      `${b.name}: ${summary.outputs
        .filter((o) => o.file.startsWith(dir))
        .map((o) => `${path.basename(o.file)} ${o.rows}${o.reused ? ' (kept)' : ''}`)
        .join(', ')}`,
    );
  }
  const summaryFile = path.join(outDir, 'models-summary.json');
  const tmp = `${summaryFile}.tmp-${process.pid}`;
  fs.writeFileSync(
    tmp,
    JSON.stringify(
      { ...summary, outputs: summary.outputs.map((o) => ({ ...o, file: path.relative(outDir, o.file) })) },
      null,
      2,
    ) + '\n',
  );
  fs.renameSync(tmp, summaryFile);
  return summary;
}
