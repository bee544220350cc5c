import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import {
  AudioEmbedder,
  embedIntoFile,
  loadBackboneManifest,
  mergeShardDir,
  mergeShards,
  parseShard,
  streamAudioEmbeddings,
  streamTextEmbeddings,
  TextEmbedder,
  writeDefaultBackbones,
  type AudioManifest,
  type EmbedSink,
  type LoadedBackbone,
  type TextManifest,
} from '@zsaudit/models';
import { createProgressReporter } from '../progress';

/**
 * Embeds this process's items into `out` through a resumable spool (`<out>.partial/`: a rerun after an
 * interruption skips what was done), with the backbone's identity (and, for a shard, which one and of how many
 * items) in the metadata, and reports exclusions one line each: nothing is dropped silently.
 */
async function embedToFile<T extends { id: string }>(
  backbone: LoadedBackbone,
  dim: number,
  out: string,
  task: string,
  all: readonly T[],
  shardSpec: string | undefined,
  embed: (items: T[], sink: EmbedSink) => Promise<void>,
): Promise<void> {
  const source = createHash('sha256')
    .update(backbone.onnxSha256)
    .update(JSON.stringify(backbone.manifest))
    .update(all.map((i) => i.id).join('\n'))
    .digest('hex');
  const spool = await embedIntoFile({
    file: out,
    source,
    backbone,
    dim,
    items: all,
    shard: shardSpec ? parseShard(shardSpec) : undefined,
    embed,
    log: (line) => console.log(`${task}: ${line}`),
  });
  for (const e of spool.exclusions) console.error(`excluded ${e.id}: ${e.reason}: ${e.message}`);
  console.log(`${task}: ${spool.rows} embedded (${dim}-d), ${spool.exclusions.length} excluded -> ${out}`);
}

export function registerEmbed(program: Command): void {
  program
    .command('backbones')
    .description(
      'Write the random-init ("no pretraining") default backbones: a CNN14-layout and a BERT-layout ONNX model with manifests',
    )
    .option('-o, --out <dir>', 'output folder', 'out/backbones')
    .action((o: { out: string }) => {
      const m = writeDefaultBackbones(path.resolve(o.out));
      console.log(`audio: ${m.audio}\ntext: ${m.text}`);
    });

  program
    .command('embed-audio')
    .description('Embed every WAV of a folder with an audio backbone (id = file name) into an Arrow file')
    .requiredOption('--backbone <manifest>', 'backbone manifest (JSON)')
    .requiredOption('--input <dir>', 'folder of WAV files')
    .requiredOption('-o, --out <file>', 'output Arrow file')
    .option('--batch-size <n>', 'clips per session run', '16')
    .option('--shard <i/n>', 'embed only the i-th of n slices (join them with zsaudit merge)')
    .action(
      async (o: { backbone: string; input: string; out: string; batchSize: string; shard?: string }) => {
        const backbone = loadBackboneManifest(o.backbone);
        if (backbone.manifest.modality !== 'audio')
          throw new Error(`${backbone.file}: not an audio backbone`);
        if (!fs.existsSync(o.input)) throw new Error(`${o.input}: no such folder`);
        const all = fs
          .readdirSync(o.input)
          .filter((f) => /\.wav$/i.test(f))
          .sort()
          .map((f) => ({ id: f, path: path.join(o.input, f) }));
        const embedder = await AudioEmbedder.create(backbone as LoadedBackbone<AudioManifest>);
        const progress = createProgressReporter();
        await embedToFile(backbone, embedder.dim, o.out, 'embed-audio', all, o.shard, (items, sink) =>
          streamAudioEmbeddings(embedder, items, sink, {
            batchSize: Number(o.batchSize),
            onProgress: (done, total) => progress.update({ task: 'embed-audio', done, total }),
          }).finally(() => progress.stop()),
        );
      },
    );

  program
    .command('embed-text')
    .description('Embed every line of a text file with a text backbone (id = line number) into an Arrow file')
    .requiredOption('--backbone <manifest>', 'backbone manifest (JSON)')
    .requiredOption('--input <file>', 'text file, one text per line')
    .requiredOption('-o, --out <file>', 'output Arrow file')
    .option('--batch-size <n>', 'texts per session run', '64')
    .option('--shard <i/n>', 'embed only the i-th of n slices (join them with zsaudit merge)')
    .action(
      async (o: { backbone: string; input: string; out: string; batchSize: string; shard?: string }) => {
        const backbone = loadBackboneManifest(o.backbone);
        if (backbone.manifest.modality !== 'text') throw new Error(`${backbone.file}: not a text backbone`);
        if (!fs.existsSync(o.input)) throw new Error(`${o.input}: no such file`);
        const lines = fs.readFileSync(o.input, 'utf8').split(/\r?\n/);
        if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
        const all = lines.map((text, i) => ({ id: String(i + 1), text }));
        const embedder = await TextEmbedder.create(backbone as LoadedBackbone<TextManifest>);
        const progress = createProgressReporter();
        await embedToFile(backbone, embedder.dim, o.out, 'embed-text', all, o.shard, (items, sink) =>
          streamTextEmbeddings(embedder, items, sink, {
            batchSize: Number(o.batchSize),
            onProgress: (done, total) => progress.update({ task: 'embed-text', done, total }),
          }).finally(() => progress.stop()),
        );
      },
    );

  program
    .command('merge [shards...]')
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
