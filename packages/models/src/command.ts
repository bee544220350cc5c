/**
 * The models stage's own command line (`zsaudit-models`, composed into `zsaudit`): `embed` runs the stage from the
 * study config; `backbones`, `embed-audio`, `embed-text` and `merge` are the same code for anything else.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command } from 'commander';
import { z } from 'zod';
import {
  assertOutputNotInput,
  createProgressReporter,
  fingerprintCommand,
  flags,
  fingerprintPaths,
  loadConfigSection,
  parseFlags,
  resolvePortable,
  runCli,
  stableJson,
  stageProgram,
  withLock,
  DEFAULT_CONFIG_FILE,
  type LoadedConfig,
} from '@zsaudit/core';
import { writeDefaultBackbones } from './backbones';
import { modelsConfigSchema, type ModelsConfig } from './config';
import { AudioEmbedder, streamAudioEmbeddings } from './embed/audio';
import { renamed } from './embed/exclusions';
import {
  listWavItems,
  readTextLines,
  textItems,
  type AudioItem,
  type EmbedItem,
  type TextItem,
} from './embed/items';
import { mergeShardDir, mergeShards } from './embed/shard';
import type { EmbedLoop } from './embed/sink';
import { embedIntoFile } from './embed/spool';
import { runEmbedStage } from './embed/stage';
import { streamTextEmbeddings, TextEmbedder } from './embed/text';
import { loadBackboneManifest, type AudioManifest, type LoadedBackbone, type TextManifest } from './manifest';

/** The `models` section of a study config file (defaults applied), and the folder its paths are relative to. */
export function loadModelsConfig(file: string): LoadedConfig<ModelsConfig> {
  return loadConfigSection(file, 'models', modelsConfigSchema);
}

/** A flag naming a file or folder. */
const pathFlag = z.string().trim().min(1, { error: 'expected a path, got ""' });

const embedFlags = z.object({
  config: pathFlag,
  curation: pathFlag,
  out: pathFlag,
  shard: flags.shard().optional(),
});

export function embedCommand(): Command {
  return new Command('embed')
    .description(
      'The models stage: x_a for the ESC-50 test clips and every curated clip, x_t for every caption and zero-shot ' +
        'prompt, for every backbone the config names, under <out>/embeddings/<backbone>/',
    )
    .option('-c, --config <file>', 'study config', DEFAULT_CONFIG_FILE)
    .option('--curation <dir>', "the curation stage's output folder", 'out/curation')
    .option('-o, --out <dir>', 'output folder', 'out/models')
    .option(
      '--shard <i/n>',
      'embed only the i-th of n slices of every file (join them with zsaudit merge --dir <out>)',
    )
    .action(async (raw: Record<string, unknown>) => {
      const o = parseFlags(embedFlags, raw);
      const { config, dir } = loadModelsConfig(o.config);
      const progress = createProgressReporter();
      const outDir = path.resolve(o.out);
      const summary = await runEmbedStage(config, {
        curationDir: path.resolve(o.curation),
        outDir,
        baseDir: dir,
        shard: o.shard,
        onProgress: progress.update,
        log: (line) => console.error(line),
      }).finally(() => progress.stop());
      // The summary's paths are relative to the output folder; the user reads them relative to where they are.
      const here = (rel: string) => path.relative(process.cwd(), resolvePortable(outDir, rel)) || '.';
      for (const e of summary.exclusions.map((x) => renamed(x, here)))
        console.error(`excluded ${e.id}: ${e.reason}: ${e.message}`);
      const rows = summary.outputs.reduce((n, x) => n + x.rows, 0);
      console.log(
        `models: ${summary.backbones.length} backbones, ${summary.outputs.length} embedding files, ${rows} rows, ${summary.exclusions.length} excluded -> ${outDir}`,
      );
    });
}

export function backbonesCommand(): Command {
  return new Command('backbones')
    .description(
      'Write the random-init ("no pretraining") default backbones: a CNN14-layout and a BERT-layout ONNX model with manifests',
    )
    .option('-o, --out <dir>', 'output folder', 'out/backbones')
    .action((raw: Record<string, unknown>) => {
      const o = parseFlags(z.object({ out: pathFlag }), raw);
      const m = writeDefaultBackbones(path.resolve(o.out));
      console.log(`audio: ${m.audio}\ntext: ${m.text}`);
    });
}

/** The flags of `embed-audio` and `embed-text` (`recursive`: `embed-audio` only). */
const embedFileFlags = z.object({
  backbone: pathFlag,
  input: pathFlag,
  out: pathFlag,
  batchSize: flags.int(),
  shard: flags.shard().optional(),
  recursive: z.boolean().optional(),
});

/** What `embed-audio` and `embed-text` differ in. */
interface EmbedFileSpec<T extends EmbedItem, E extends { dim: number; dispose(): Promise<void> }> {
  name: 'embed-audio' | 'embed-text';
  description: string;
  modality: 'audio' | 'text';
  /** The --input flag's value name and help. */
  input: [string, string];
  /** The --batch-size flag's help and default. */
  batchSize: [string, string];
  /** Extra options (`--recursive`). */
  options?: (c: Command) => Command;
  /** The items of the input (a folder of WAVs, a text file): what a shard is cut from. */
  readItems: (input: string, flags: z.infer<typeof embedFileFlags>, log: (line: string) => void) => T[];
  /** The files the items are read from, besides the input itself (an output may be none of them). */
  itemFiles: (items: readonly T[]) => string[];
  open: (backbone: LoadedBackbone) => Promise<E>;
  stream: EmbedLoop<E, T>;
}

/** The backbone's own files: its manifest, ONNX file and vocabulary. */
function backboneFiles(b: LoadedBackbone): string[] {
  const files = [b.file, b.onnxPath];
  if (b.manifest.modality === 'text') files.push(path.resolve(path.dirname(b.file), b.manifest.vocab));
  return files;
}

/**
 * `embed-audio` / `embed-text`: checks the flags, loads a backbone of the right modality, reads the items,
 * refuses an output that is one of the inputs, then, holding the output file's lock (a second writer of the same
 * file refuses, naming the holder), opens the embedder and embeds this process's items into `--out` through a
 * resumable spool (`<out>.partial/`: a rerun after an interruption skips what was done with unchanged content).
 * A finished file made from the same backbone and content is kept. Reports exclusions one line each (nothing is
 * dropped silently) and releases the embedder's sessions whatever happens.
 */
function embedFileCommand<T extends EmbedItem, E extends { dim: number; dispose(): Promise<void> }>(
  spec: EmbedFileSpec<T, E>,
): Command {
  const task = spec.name;
  const command = new Command(task)
    .description(spec.description)
    .requiredOption('--backbone <manifest>', 'backbone manifest (JSON)')
    .requiredOption(`--input <${spec.input[0]}>`, spec.input[1])
    .requiredOption('-o, --out <file>', 'output Arrow file')
    .option('--batch-size <n>', ...spec.batchSize)
    .option('--shard <i/n>', 'embed only the i-th of n slices (join them with zsaudit merge)');
  return (spec.options ? spec.options(command) : command).action(async (raw: Record<string, unknown>) => {
    const o = parseFlags(embedFileFlags, raw);
    const backbone = loadBackboneManifest(o.backbone);
    if (backbone.manifest.modality !== spec.modality)
      throw new Error(`${backbone.file}: not ${spec.modality === 'audio' ? 'an audio' : 'a text'} backbone`);
    const log = (line: string) => console.error(`${task}: ${line}`);
    const all = spec.readItems(o.input, o, log);
    assertOutputNotInput(o.out, [...spec.itemFiles(all), o.input, ...backboneFiles(backbone)], '--out');
    await withLock(o.out, async () => {
      const embedder = await spec.open(backbone);
      const progress = createProgressReporter();
      try {
        const result = await embedIntoFile({
          file: o.out,
          backbone,
          dim: embedder.dim,
          items: all,
          shard: o.shard,
          embed: (items, sink) =>
            spec.stream(embedder, items, sink, {
              batchSize: o.batchSize,
              onProgress: (done, total) => progress.update({ task, done, total }),
            }),
          log: (line) => console.log(`${task}: ${line}`),
        });
        for (const e of result.exclusions) console.error(`excluded ${e.id}: ${e.reason}: ${e.message}`);
        console.log(
          result.reused
            ? `${task}: kept ${o.out} (same backbone and content): ${result.rows} rows, ${result.excluded} excluded`
            : `${task}: ${result.rows} embedded (${embedder.dim}-d), ${result.excluded} excluded -> ${o.out}`,
        );
      } finally {
        progress.stop();
        await embedder.dispose();
      }
    });
  });
}

export function embedAudioCommand(): Command {
  return embedFileCommand<AudioItem, AudioEmbedder>({
    name: 'embed-audio',
    description:
      'Embed every WAV of a folder with an audio backbone (id = file name; with --recursive, the path under the ' +
      'folder, e.g. fold1/x.wav) into an Arrow file',
    modality: 'audio',
    input: ['dir', 'folder of WAV files'],
    batchSize: ['clips per session run', '16'],
    options: (c) =>
      c.option('-r, --recursive', 'walk the subfolders too (a dataset layout); ids are relative POSIX paths'),
    readItems: (input, o, log) => listWavItems(input, { recursive: o.recursive, log }),
    itemFiles: (items) => items.map((i) => i.path),
    open: (backbone) => AudioEmbedder.create(backbone as LoadedBackbone<AudioManifest>),
    stream: streamAudioEmbeddings,
  });
}

export function embedTextCommand(): Command {
  return embedFileCommand<TextItem, TextEmbedder>({
    name: 'embed-text',
    description:
      'Embed every line of a UTF-8 text file with a text backbone (id = line number) into an Arrow file',
    modality: 'text',
    input: ['file', 'text file, one text per line (UTF-8; \\n, \\r\\n or \\r line breaks)'],
    batchSize: ['texts per session run', '64'],
    readItems: (input) => textItems(readTextLines(input)),
    itemFiles: () => [],
    open: (backbone) => TextEmbedder.create(backbone as LoadedBackbone<TextManifest>),
    stream: streamTextEmbeddings,
  });
}

const mergeFlags = z
  .object({ out: pathFlag.optional(), dir: pathFlag.optional() })
  .refine((o) => !(o.out && o.dir), {
    error: 'give shard files and --out, or --dir, not both',
    path: ['dir'],
  });

export function mergeCommand(): Command {
  return new Command('merge')
    .argument('[shards...]')
    .description(
      'Join the shard files of one embedding file (checks that no shard is missing or repeated and no id is in ' +
        'two); with --dir, every group of shard files under a folder, and the shard summaries of a sharded ' +
        '`embed` into its models-summary.json',
    )
    .option('-o, --out <file>', 'merged Arrow file (with shard files given)')
    .option(
      '--dir <dir>',
      'merge every group of *.shard-i-of-n.arrow files under this folder (zsaudit embed --shard: give its --out)',
    )
    .action((shards: string[], raw: Record<string, unknown>) => {
      const o = parseFlags(mergeFlags, raw);
      if (o.dir) {
        if (shards.length) throw new Error('merge: give shard files and --out, or --dir, not both');
        const merged = mergeShardDir(o.dir);
        for (const r of merged.files) console.log(`merged ${r.shards} shards, ${r.rows} rows -> ${r.file}`);
        if (merged.summary) console.log(`summary -> ${merged.summary}`);
        return;
      }
      if (!o.out || shards.length === 0) throw new Error('merge: give shard files and --out, or --dir');
      assertOutputNotInput(o.out, shards, '--out');
      const r = mergeShards(shards, o.out);
      console.log(`merged ${r.shards} shards, ${r.rows} rows -> ${o.out}`);
    });
}

/** A backbone manifest and the files it names (ONNX, vocabulary), for fingerprinting. */
function manifestFiles(manifest: string): string[] {
  try {
    const m = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { onnx?: string; vocab?: string };
    return [
      manifest,
      ...[m.onnx, m.vocab]
        .filter((f): f is string => !!f)
        .map((f) => path.resolve(path.dirname(manifest), f)),
    ];
  } catch {
    return [manifest];
  }
}

/**
 * What the models stage depends on outside the workspace: its config section (defaults applied) and the backbone
 * manifests it names with their ONNX and vocabulary files. The curated inputs are Nx outputs of the curation stage.
 */
export function modelsFingerprint(configFile: string = DEFAULT_CONFIG_FILE): string {
  const { config, dir } = loadModelsConfig(configFile);
  return [
    'stage models',
    `config ${stableJson(config)}`,
    // Paths relative to the config's folder: the same hash in any clone location.
    ...fingerprintPaths(
      config.backbones.flatMap((m) => manifestFiles(path.resolve(dir, m))),
      { base: dir },
    ),
  ].join('\n');
}

/** The models stage's commands, for `zsaudit` to compose. */
export function modelsCommands(): Command[] {
  return [embedCommand(), backbonesCommand(), embedAudioCommand(), embedTextCommand(), mergeCommand()];
}

/** `zsaudit-models`: the stage's commands on their own, and `fingerprint` (the Nx runtime input of models:train). */
export function main(argv: string[] = process.argv): Promise<void> {
  return runCli(
    stageProgram('zsaudit-models', 'The models stage of zsaudit: backbones and the embeddings x_a and x_t.', [
      ...modelsCommands(),
      fingerprintCommand('models', modelsFingerprint),
    ]),
    argv,
  );
}
