import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  acquireLock,
  assertOutputNotInput,
  checkSafeName,
  labelPhrase,
  portablePath,
  readOutputSet,
  removeStaleTemps,
  resolveInside,
  withLock,
} from '@zsaudit/core';
import { readCuratedClips, readEsc50Manifest } from '@zsaudit/data-curation';
import { writeDefaultBackbones } from '../backbones';
import { resolveModelsPaths, type ModelsConfig } from '../config';
import {
  loadBackboneManifest,
  type AudioManifest,
  type LoadedBackbone,
  type TextManifest,
} from '../manifest';
import { AudioEmbedder, streamAudioEmbeddings } from './audio';
import { audioKey, textKey, type AudioItem, type EmbedItem, type TextItem } from './items';
import { type Shard } from './shard';
import type { EmbedLoop, EmbedSink } from './sink';
import { embedIntoFile } from './spool';
import {
  MODELS_SUMMARY_SCHEMA,
  summaryExclusion,
  summaryFileName,
  supersededSummaries,
  writeSummary,
  type EmbedStageSummary,
} from './summary';
import { streamTextEmbeddings, TextEmbedder } from './text';

export type { EmbedStageSummary } from './summary';

/** What a run of the stage wrote (its summary) and which of the outputs it kept from an earlier run. */
export type EmbedStageResult = EmbedStageSummary & {
  /** Outputs (as in `outputs[].file`) kept because their backbone and item contents were unchanged. */
  kept: string[];
};

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

/** The items of one embedding file of a backbone. */
interface Job<T extends EmbedItem> {
  /** `esc50`, `prompts` or `<corpus>.<split>`: the file is `x_a.<name>.arrow` or `x_t.<name>.arrow`. */
  name: string;
  items: readonly T[];
}

/** Everything the stage embeds, read from the curation stage's Arrow files (its exported schemas). */
interface StageInputs {
  audio: Job<AudioItem>[];
  text: Job<TextItem>[];
}

/**
 * A curated clip's audio as an item. Its key is the audio's content hash now; when that differs from the hash the
 * curation run recorded, the clip is excluded (`audio-changed`): its curated metadata may no longer describe it,
 * and its key says so, so a file made before the curation is rerun is never kept after.
 */
function curatedAudioItem(id: string, file: string, curatedSha: string | null, manifest: string): AudioItem {
  const key = audioKey(file);
  // Not hashable (missing, a folder, a loop): the front end excludes it with that reason.
  if (!/^[0-9a-f]{64}$/.test(key) || curatedSha === null || key === curatedSha)
    return { id, path: file, key };
  return {
    id,
    path: file,
    key: `audio-changed:${curatedSha}:${key}`,
    exclusion: {
      id,
      file,
      reason: 'audio-changed',
      message:
        // The manifest by its name only: the message goes into portable artifacts.
        `${file}: the audio changed after curation (the curated ${path.basename(manifest)} recorded sha256 ` +
        `${curatedSha.slice(0, 12)}…, it is now ${key.slice(0, 12)}…): rerun zsaudit curate, then embed`,
    },
  };
}

/**
 * The stage's inputs through the curation stage's contract: its complete output set (the marker), and each table
 * read with data-curation's readers, which verify the file against the marker and resolve relative paths.
 */
function readStageInputs(curation: string, templates: readonly string[]): StageInputs {
  const set = readOutputSet(curation, 'curation');
  const esc = readEsc50Manifest(path.join(curation, 'esc50.arrow'));
  const escClips = esc.clips.flatMap((c) =>
    c.path ? [curatedAudioItem(c.id, c.path, c.audioSha256, esc.file)] : [],
  );
  const corpora = Object.keys(set.files)
    .filter((f) => !f.includes('/') && f.endsWith('.dirty.arrow'))
    .sort()
    .map((f) => {
      const name = f.replace(/\.dirty\.arrow$/, '');
      // The name becomes part of output file names.
      checkSafeName(name, `${path.join(curation, f)}: the corpus and split`);
      const table = readCuratedClips(path.join(curation, f));
      const clips = table.clips.flatMap((c) =>
        c.audioPath ? [curatedAudioItem(c.id, c.audioPath, c.audioSha256, table.file)] : [],
      );
      const texts = table.clips.flatMap((c) =>
        c.texts.map((t) => ({ id: t.id, text: t.text, key: textKey(t.text) })),
      );
      return { name, clips, texts };
    });
  const prompts = promptRows(esc.labels, templates).map((p) => ({ ...p, key: textKey(p.text) }));
  return {
    audio: [
      { name: 'esc50', items: escClips },
      ...corpora.map((c) => ({ name: c.name, items: c.clips })),
    ].filter((job) => job.items.length > 0),
    text: [{ name: 'prompts', items: prompts }, ...corpora.map((c) => ({ name: c.name, items: c.texts }))],
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

/** Where one job's file goes: everything but the items and the embedding loop. */
interface JobContext {
  file: string;
  backbone: LoadedBackbone;
  dim: number;
  shard: Shard | undefined;
  log: (line: string) => void;
  onProgress: (done: number, total: number) => void;
}

/** A job bound to its backbone's loop: `produce` writes its file. */
interface BoundJob {
  name: string;
  produce: (ctx: JobContext) => ReturnType<typeof embedIntoFile>;
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
function openWith<T extends EmbedItem, E extends { dim: number; dispose(): Promise<void> }>(
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
      produce: (ctx) =>
        embedIntoFile({
          ...ctx,
          items: job.items,
          embed: (items: T[], sink: EmbedSink) =>
            stream(embedder, items, sink, { batchSize, onProgress: ctx.onProgress }),
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

/** The output file of a job, checked to stay inside the output folder. */
function outputFile(outDir: string, backbone: string, prefix: string, job: string, shard?: Shard): string {
  const name = `${prefix}.${job}${shard ? `.shard-${shard.index}-of-${shard.count}` : ''}.arrow`;
  const file = resolveInside(outDir, `embeddings/${backbone}/${name}`);
  if (!file) throw new Error(`embeddings/${backbone}/${name}: would be written outside ${outDir}`);
  return file;
}

/**
 * The models stage: for every backbone, x_a of the ESC-50 test clips and of every curated clip (audio), x_t of
 * every caption and every zero-shot prompt (text), as Arrow files under `embeddings/<backbone>/` keyed by the
 * curation stage's clip and text ids. A file whose backbone and item contents are unchanged is kept; a clip whose
 * audio changed since curation is excluded (`audio-changed`). Each output file is written holding its lock, and
 * the run holds the lock of its summary (`models-summary.json`, or one per shard), which it removes first and
 * writes last: its presence says the run finished. Each backbone's sessions are released before the next opens.
 */
export async function runEmbedStage(
  rawConfig: ModelsConfig,
  opts: EmbedStageOptions,
): Promise<EmbedStageResult> {
  const config = resolveModelsPaths(rawConfig, opts.baseDir ?? process.cwd());
  const log = opts.log ?? (() => undefined);
  const outDir = path.resolve(opts.outDir);
  const curationDir = path.resolve(opts.curationDir);
  // Before anything is written: the output may not overwrite or sit inside what the stage reads.
  assertOutputNotInput(outDir, [curationDir, ...config.backbones], '--out');
  const inputs = readStageInputs(curationDir, config.prompts);
  const summaryFile = path.join(outDir, summaryFileName(opts.shard));
  const runLock = acquireLock(summaryFile);
  try {
    // From here until the new summary is written, the folder is not a finished run: a whole run's summary goes
    // (a shard run replaces its files too), and the summaries of a sharding that this run supersedes.
    fs.rmSync(summaryFile, { force: true });
    for (const stale of supersededSummaries(outDir, opts.shard)) fs.rmSync(stale, { force: true });
    // Half-written files of runs that died (their writers are gone); resumable spools stay.
    removeStaleTemps(outDir);
    const backbones = loadBackbones(config, outDir);
    const summary: EmbedStageSummary = {
      schema: MODELS_SUMMARY_SCHEMA,
      shard: opts.shard ? `${opts.shard.index}/${opts.shard.count}` : null,
      backbones: [],
      outputs: [],
      exclusions: [],
    };
    const kept: string[] = [];
    for (const b of backbones) {
      const open = await openBackbone(b, inputs, config.batchSize);
      try {
        summary.backbones.push({
          name: b.name,
          modality: open.modality,
          sha256: b.onnxSha256,
          dim: open.dim,
          manifest: portablePath(outDir, b.file),
        });
        for (const job of open.jobs) {
          const task = `${b.name} ${open.prefix} ${job.name}`;
          const file = outputFile(outDir, b.name, open.prefix, job.name, opts.shard);
          const r = await withLock(file, () =>
            job.produce({
              file,
              backbone: b,
              dim: open.dim,
              shard: opts.shard,
              log,
              onProgress: (done, total) => opts.onProgress?.({ task, done, total }),
            }),
          );
          const rel = portablePath(outDir, file);
          summary.outputs.push({
            file: rel,
            backbone: b.name,
            modality: open.modality,
            input: job.name,
            rows: r.rows,
            excluded: r.excluded,
            source: r.source,
          });
          summary.exclusions.push(...r.exclusions.map((e) => summaryExclusion(outDir, e, rel)));
          if (r.reused) kept.push(rel);
        }
      } finally {
        await open.dispose();
      }
      log(
        `${b.name}: ${summary.outputs
          .filter((o) => o.backbone === b.name)
          .map((o) => `${path.basename(o.file)} ${o.rows}${kept.includes(o.file) ? ' (kept)' : ''}`)
          .join(', ')}`,
      );
    }
    writeSummary(summaryFile, summary);
    return { ...summary, kept };
  } finally {
    runLock.release();
  }
}
