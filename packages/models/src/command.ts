/**
 * The models stage's own command line (`zsaudit-models`, composed into `zsaudit`): `embed` runs the stage from the
 * study config; `backbones`, `embed-audio`, `embed-text` and `merge` are the same code for anything else.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command } from 'commander';
import { z } from 'zod';
import {
  createProgressReporter,
  fingerprintCommand,
  fingerprintPaths,
  loadConfigSection,
  parseFlags,
  runCli,
  sha256,
  stableJson,
  stageProgram,
  DEFAULT_CONFIG_FILE,
  type LoadedConfig,
} from '@zsaudit/core';
import { writeDefaultBackbones } from './backbones';
import { modelsConfigSchema, type ModelsConfig } from './config';
import { AudioEmbedder, streamAudioEmbeddings } from './embed/audio';
import { mergeShardDir, mergeShards, parseShard } from './embed/shard';
import type { EmbedLoop } from './embed/sink';
import { embedIntoFile } from './embed/spool';
import { runEmbedStage } from './embed/stage';
import { streamTextEmbeddings, TextEmbedder } from './embed/text';
import { loadBackboneManifest, type AudioManifest, type LoadedBackbone, type TextManifest } from './manifest';

/** The `models` section of a study config file (defaults applied), and the folder its paths are relative to. */
export function loadModelsConfig(file: string): LoadedConfig<ModelsConfig> {
  return loadConfigSection(file, 'models', modelsConfigSchema);
}

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
      'embed only the i-th of n slices of every file (join them with zsaudit merge --dir)',
    )
    .action(async (o: { config: string; curation: string; out: string; shard?: string }) => {
      const shard = o.shard ? parseShard(o.shard) : undefined;
      const { config, dir } = loadModelsConfig(o.config);
      const progress = createProgressReporter();
      const summary = await runEmbedStage(config, {
        curationDir: path.resolve(o.curation),
        outDir: path.resolve(o.out),
        baseDir: dir,
        shard,
        onProgress: progress.update,
        log: (line) => console.error(line),
      }).finally(() => progress.stop());
      for (const e of summary.exclusions) console.error(`excluded ${e.id}: ${e.reason}: ${e.message}`);
      const rows = summary.outputs.reduce((n, x) => n + x.rows, 0);
      console.log(
        `models: ${summary.backbones.length} backbones, ${summary.outputs.length} embedding files, ${rows} rows, ${summary.exclusions.length} excluded -> ${path.resolve(o.out)}`,
      );
    });
}

export function backbonesCommand(): Command {
  return new Command('backbones')
    .description(
      'Write the random-init ("no pretraining") default backbones: a CNN14-layout and a BERT-layout ONNX model with manifests',
    )
    .option('-o, --out <dir>', 'output folder', 'out/backbones')
    .action((o: { out: string }) => {
      const m = writeDefaultBackbones(path.resolve(o.out));
      console.log(`audio: ${m.audio}\ntext: ${m.text}`);
    });
}

/** `--batch-size`: a whole number of rows, at least 1 (checked before anything is read or written). */
const batchSizeFlag = z.object({
  batchSize: z
    .string()
    .regex(/^\s*\d+\s*$/, { error: (issue) => `expected an integer >= 1, got "${String(issue.input)}"` })
    .transform(Number)
    .pipe(z.number().int().min(1, { error: 'expected an integer >= 1, got 0' })),
});

/** What `embed-audio` and `embed-text` differ in. */
interface EmbedFileSpec<T extends { id: string }, E extends { dim: number; dispose(): Promise<void> }> {
  name: 'embed-audio' | 'embed-text';
  description: string;
  modality: 'audio' | 'text';
  /** The --input flag's value name and help. */
  input: [string, string];
  /** The --batch-size flag's help and default. */
  batchSize: [string, string];
  /** The items of the input (a folder of WAVs, a text file): what a shard is cut from. */
  readItems: (input: string) => T[];
  open: (backbone: LoadedBackbone) => Promise<E>;
  stream: EmbedLoop<E, T>;
}

/**
 * `embed-audio` / `embed-text`: checks the flags, loads a backbone of the right modality, opens its embedder and
 * embeds this process's items into `--out` through a resumable spool (`<out>.partial/`: a rerun after an
 * interruption skips what was done), with the backbone's identity (and, for a shard, which one and of how many
 * items) in the metadata; reports exclusions one line each (nothing is dropped silently) and releases the
 * embedder's sessions whatever happens.
 */
function embedFileCommand<T extends { id: string }, E extends { dim: number; dispose(): Promise<void> }>(
  spec: EmbedFileSpec<T, E>,
): Command {
  const task = spec.name;
  return new Command(task)
    .description(spec.description)
    .requiredOption('--backbone <manifest>', 'backbone manifest (JSON)')
    .requiredOption(`--input <${spec.input[0]}>`, spec.input[1])
    .requiredOption('-o, --out <file>', 'output Arrow file')
    .option('--batch-size <n>', ...spec.batchSize)
    .option('--shard <i/n>', 'embed only the i-th of n slices (join them with zsaudit merge)')
    .action(
      async (o: { backbone: string; input: string; out: string; batchSize: string; shard?: string }) => {
        const { batchSize } = parseFlags(batchSizeFlag, { batchSize: o.batchSize });
        const shard = o.shard ? parseShard(o.shard) : undefined;
        const backbone = loadBackboneManifest(o.backbone);
        if (backbone.manifest.modality !== spec.modality)
          throw new Error(
            `${backbone.file}: not ${spec.modality === 'audio' ? 'an audio' : 'a text'} backbone`,
          );
        const all = spec.readItems(o.input);
        const embedder = await spec.open(backbone);
        const progress = createProgressReporter();
        try {
          const source = sha256(
            backbone.onnxSha256 + JSON.stringify(backbone.manifest) + all.map((i) => i.id).join('\n'),
          );
          const spool = await embedIntoFile({
            file: o.out,
            source,
            backbone,
            dim: embedder.dim,
            items: all,
            shard,
            embed: (items, sink) =>
              spec
                .stream(embedder, items, sink, {
                  batchSize,
                  onProgress: (done, total) => progress.update({ task, done, total }),
                })
                .finally(() => progress.stop()),
            log: (line) => console.log(`${task}: ${line}`),
          });
          for (const e of spool.exclusions) console.error(`excluded ${e.id}: ${e.reason}: ${e.message}`);
          console.log(
            `${task}: ${spool.rows} embedded (${embedder.dim}-d), ${spool.exclusions.length} excluded -> ${o.out}`,
          );
        } finally {
          await embedder.dispose();
        }
      },
    );
}

export function embedAudioCommand(): Command {
  return embedFileCommand({
    name: 'embed-audio',
    description: 'Embed every WAV of a folder with an audio backbone (id = file name) into an Arrow file',
    modality: 'audio',
    input: ['dir', 'folder of WAV files'],
    batchSize: ['clips per session run', '16'],
    readItems: (input) => {
      if (!fs.existsSync(input)) throw new Error(`${input}: no such folder`);
      return fs
        .readdirSync(input)
        .filter((f) => /\.wav$/i.test(f))
        .sort()
        .map((f) => ({ id: f, path: path.join(input, f) }));
    },
    open: (backbone) => AudioEmbedder.create(backbone as LoadedBackbone<AudioManifest>),
    stream: streamAudioEmbeddings,
  });
}

export function embedTextCommand(): Command {
  return embedFileCommand({
    name: 'embed-text',
    description: 'Embed every line of a text file with a text backbone (id = line number) into an Arrow file',
    modality: 'text',
    input: ['file', 'text file, one text per line'],
    batchSize: ['texts per session run', '64'],
    readItems: (input) => {
      if (!fs.existsSync(input)) throw new Error(`${input}: no such file`);
      const lines = fs.readFileSync(input, 'utf8').split(/\r?\n/);
      if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
      return lines.map((text, i) => ({ id: String(i + 1), text }));
    },
    open: (backbone) => TextEmbedder.create(backbone as LoadedBackbone<TextManifest>),
    stream: streamTextEmbeddings,
  });
}

export function mergeCommand(): Command {
  return new Command('merge')
    .argument('[shards...]')
    .description(
      'Join the shard files of one embedding file (checks that no shard is missing or repeated and no id is in two)',
    )
    .option('-o, --out <file>', 'merged Arrow file (with shard files given)')
    .option(
      '--dir <dir>',
      'merge every group of *.shard-i-of-n.arrow files under this folder (zsaudit embed --shard)',
    )
    .action((shards: string[], o: { out?: string; dir?: string }) => {
      if (o.dir) {
        for (const r of mergeShardDir(o.dir))
          console.log(`merged ${r.shards} shards, ${r.rows} rows -> ${r.file}`);
        return;
      }
      if (!o.out || shards.length === 0) throw new Error('merge: give shard files and --out, or --dir');
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
    ...fingerprintPaths(config.backbones.flatMap((m) => manifestFiles(path.resolve(dir, m)))),
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
