/**
 * The models stage's outputs never lie: on a micro world curated by the curation stage, a WAV changed after
 * curation is excluded (`audio-changed`) until curation reruns and then embedded again, never kept; the summary is
 * per shard, portable, and written last; `readModelsOutputs` refuses a missing summary or a file another run
 * replaced; the output folder may not sit inside the curation folder; a second run on the same folder refuses.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { acquireLock } from '@zsaudit/core';
import { expectArraysClose, tempDir } from '@zsaudit/testing';
import { EMBEDDED_DEFAULT_BACKBONES, writeDefaultBackbones } from '../backbones';
import { modelsConfigSchema, type ModelsConfig } from '../config';
import { writeWav16 } from '../frontend/wav';
import { loadBackboneManifest, type AudioManifest, type LoadedBackbone } from '../manifest';
import { curatedWorld, curateWorld, MICRO_WORLD } from '../testing/curated-world';
import { readEmbeddings, readEmbeddingsMetadata, writeEmbeddings } from './arrow';
import { AudioEmbedder, embedAudioFiles } from './audio';
import { mergeShardDir } from './shard';
import { runEmbedStage } from './stage';
import { readModelsOutputs } from './summary';

const tmp = tempDir('zsaudit-models-outputs-');
process.env.ZSAUDIT_CACHE_DIR = path.join(tmp, 'cache');
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

let config: ModelsConfig;
let curation: string;
let world: string;

beforeAll(async () => {
  ({ curation, world } = await curatedWorld(tmp, MICRO_WORLD, 5, 0));
  // The default layouts on 1 s clips (the world's length) and a small BERT: the stage's whole path, fast.
  const m = writeDefaultBackbones(path.join(tmp, 'bb'), {
    ...EMBEDDED_DEFAULT_BACKBONES,
    clipSeconds: 1,
    bert: { hidden: 32, layers: 1, heads: 2, intermediate: 64, maxPositions: 128 },
  });
  config = modelsConfigSchema.parse({
    defaultBackbones: false,
    backbones: [m.audio, m.text],
    prompts: ['the sound of {label}'],
  });
});

describe('runEmbedStage outputs', () => {
  const out = path.join(tmp, 'models');
  const xa = () => path.join(out, 'embeddings', 'cnn14-w4-random', 'x_a.esc50.arrow');

  it('excludes a clip whose WAV changed after curation, and embeds it again once curation reruns', async () => {
    const first = await runEmbedStage(config, { curationDir: curation, outDir: out });
    expect(first.exclusions).toEqual([]);
    const before = readEmbeddings(xa());
    const id = before.ids[0];
    const wav = path.join(world, 'esc50', 'audio', id.replace(/^esc50:test:/, ''));
    expect(fs.existsSync(wav)).toBe(true);
    // Another sound under the same name: a name-only cache would keep the old vector.
    const x = Float32Array.from({ length: 16000 }, (_, i) => 0.4 * Math.sin((2 * Math.PI * 777 * i) / 16000));
    fs.writeFileSync(wav, writeWav16(x, 16000));

    const stale = await runEmbedStage(config, { curationDir: curation, outDir: out });
    const esc = stale.outputs.find((o) => o.file === 'embeddings/cnn14-w4-random/x_a.esc50.arrow')!;
    expect(esc).toMatchObject({ rows: before.ids.length - 1, excluded: 1 });
    expect(stale.kept).not.toContain(esc.file);
    expect(stale.exclusions).toEqual([
      expect.objectContaining({
        id,
        reason: 'audio-changed',
        file: path.relative(out, wav).split(path.sep).join('/'),
        output: 'embeddings/cnn14-w4-random/x_a.esc50.arrow',
      }),
    ]);
    expect(stale.exclusions[0].message).toMatch(
      /^\.\.\/world\/esc50\/audio\/.*\.wav: the audio changed after curation \(the curated esc50\.arrow recorded sha256 [0-9a-f]{12}…, it is now [0-9a-f]{12}…\): rerun zsaudit curate, then embed$/,
    );
    // Every path the summary records is relative to the models folder: it reads the same in any clone.
    expect(fs.readFileSync(path.join(out, 'models-summary.json'), 'utf8')).not.toContain(tmp);
    expect(readEmbeddings(xa()).ids).not.toContain(id);
    // Everything else was unchanged and is kept.
    expect(stale.kept).toEqual(stale.outputs.filter((o) => o !== esc).map((o) => o.file));
    // Rerun as is: the file is kept and still reports its exclusion; the summary is byte for byte the same.
    const summaryFile = path.join(out, 'models-summary.json');
    const written = fs.readFileSync(summaryFile, 'utf8');
    const again = await runEmbedStage(config, { curationDir: curation, outDir: out });
    expect(again.kept).toEqual(again.outputs.map((o) => o.file));
    expect(again.exclusions).toEqual(stale.exclusions);
    expect(fs.readFileSync(summaryFile, 'utf8')).toBe(written);

    await curateWorld(tmp);
    const fresh = await runEmbedStage(config, { curationDir: curation, outDir: out });
    expect(fresh.exclusions).toEqual([]);
    const after = readEmbeddings(xa());
    expect(after.ids).toEqual(before.ids);
    const backbone = loadBackboneManifest(config.backbones[0]) as LoadedBackbone<AudioManifest>;
    const embedder = await AudioEmbedder.create(backbone);
    try {
      const expected = await embedAudioFiles(embedder, [{ id, path: wav }], { worker: false });
      expectArraysClose(after.vectors.subarray(0, after.dim), expected.vectors, { abs: 1e-5 }, id);
    } finally {
      await embedder.dispose();
    }
    expectArraysClose(after.vectors.subarray(after.dim), before.vectors.subarray(before.dim), { abs: 0 });
  });

  it('writes a portable summary last; readModelsOutputs checks each file against it', () => {
    const summaryFile = path.join(out, 'models-summary.json');
    const text = fs.readFileSync(summaryFile, 'utf8');
    expect(text).not.toContain(tmp);
    const outputs = readModelsOutputs(out);
    expect(outputs.backbones.map((b) => b.manifest)).toEqual([
      '../bb/cnn14-w4-random.json',
      '../bb/bert-h32-l1-random.json',
    ]);
    expect(outputs.outputs.map((o) => o.path)).toContain(xa());
    for (const o of outputs.outputs)
      expect(readEmbeddingsMetadata(o.path).get('zsaudit.source')).toBe(o.source);

    // Another run (interrupted, or at the same time) replaced one file: the set is a mix and is refused.
    const e = readEmbeddings(xa());
    const original = fs.readFileSync(xa());
    writeEmbeddings(xa(), e.ids, e.vectors, e.dim, {
      ...Object.fromEntries(e.metadata),
      'zsaudit.source': 'another run',
    });
    expect(() => readModelsOutputs(out)).toThrow(
      `${xa()}: its zsaudit.source differs from the one ${summaryFile} records`,
    );
    fs.writeFileSync(xa(), original);
    fs.renameSync(summaryFile, `${summaryFile}.bak`);
    expect(() => readModelsOutputs(out)).toThrow(
      `${out}: models-summary.json missing: the models stage has not finished`,
    );
    fs.renameSync(`${summaryFile}.bak`, summaryFile);
  });

  it('refuses a second run on the same folder while one holds it, naming the holder', async () => {
    const lock = acquireLock(path.join(out, 'models-summary.json'), { command: 'another zsaudit embed' });
    try {
      await expect(runEmbedStage(config, { curationDir: curation, outDir: out })).rejects.toThrow(
        /models-summary\.json is being written by pid \d+ on .* \(another zsaudit embed\)/,
      );
    } finally {
      lock.release();
    }
    expect(fs.existsSync(path.join(out, 'models-summary.json'))).toBe(true);
  });

  it('runs shards at once with a summary each; merge --dir joins files and summaries', async () => {
    const sharded = path.join(tmp, 'sharded');
    // Left by an earlier whole run, and by a sharding into 3: stale once shards of 2 start.
    fs.mkdirSync(sharded, { recursive: true });
    fs.copyFileSync(path.join(out, 'models-summary.json'), path.join(sharded, 'models-summary.json'));
    fs.writeFileSync(path.join(sharded, 'models-summary.shard-1-of-3.json'), '{}');
    const runs = [1, 2].map((index) =>
      runEmbedStage(config, { curationDir: curation, outDir: sharded, shard: { index, count: 2 } }),
    );
    await Promise.all(runs);
    expect(
      fs
        .readdirSync(sharded)
        .filter((f) => f.endsWith('.json'))
        .sort(),
    ).toEqual(['models-summary.shard-1-of-2.json', 'models-summary.shard-2-of-2.json']);
    expect(() => readModelsOutputs(sharded)).toThrow(
      /only shard summaries .*: join the shards with zsaudit merge --dir/,
    );
    const merged = mergeShardDir(sharded);
    expect(merged.summary).toBe(path.join(sharded, 'models-summary.json'));
    const joined = readModelsOutputs(sharded);
    const whole = readModelsOutputs(out);
    expect(joined.outputs.map((o) => [o.file, o.rows, o.excluded, o.source])).toEqual(
      whole.outputs.map((o) => [o.file, o.rows, o.excluded, o.source]),
    );
  });

  it('refuses an output folder inside the curation folder before writing anything', async () => {
    const inside = path.join(curation, 'models');
    await expect(runEmbedStage(config, { curationDir: curation, outDir: inside })).rejects.toThrow(
      `--out ${inside} is inside the input ${curation}: write it elsewhere`,
    );
    expect(fs.existsSync(inside)).toBe(false);
  });
});
