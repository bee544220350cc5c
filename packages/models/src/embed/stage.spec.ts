/**
 * The models stage on the embedded default, end to end: a tiny sound world, curated by the curation stage, then
 * embedded with the default backbones. Checks the layout and ids of the outputs and that a rerun keeps them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import { profile } from '@zsaudit/soundworld';
import { expectArraysClose, tempDir } from '@zsaudit/testing';
import { modelsConfigSchema } from '../config';
import { curatedWorld } from '../testing/curated-world';
import { readEmbeddings } from './arrow';
import { mergeShardDir } from './shard';
import { promptRows, runEmbedStage } from './stage';

const tmp = tempDir('zsaudit-models-stage-');
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('runEmbedStage on a curated tiny world', () => {
  let curation: string;
  const out = path.join(tmp, 'models');

  beforeAll(async () => {
    ({ curation } = await curatedWorld(tmp, profile('tiny'), 11));
  });

  it('writes x_a and x_t per backbone keyed by curation ids, and keeps them on a rerun', async () => {
    const config = modelsConfigSchema.parse({
      prompts: ['this is a sound of {label}', 'the sound of {label}'],
    });
    // InferenceSession is a class at run time (its typings declare only the factory).
    const sessionClass = ort.InferenceSession as unknown as { prototype: ort.InferenceSession };
    const release = jest.spyOn(sessionClass.prototype, 'release');
    let summary;
    try {
      summary = await runEmbedStage(config, { curationDir: curation, outDir: out });
      // Every session the stage opened is released: CNN14 and its log-mel front end, BERT.
      expect(release).toHaveBeenCalledTimes(3);
    } finally {
      release.mockRestore();
    }
    expect(summary.backbones.map((b) => b.modality)).toEqual(['audio', 'text']);
    expect(summary.exclusions).toEqual([]);
    const [audio, text] = summary.backbones.map((b) => path.join(out, 'embeddings', b.name));
    const esc = readEmbeddings(path.join(audio, 'x_a.esc50.arrow'));
    expect(esc.ids).toHaveLength(50 * profile('tiny').esc50.clipsPerClass);
    expect(esc.ids[0]).toMatch(/^esc50:test:\d-\d{6}-A-\d+\.wav$/);
    expect(esc.metadata.get('zsaudit.backbone.sha256')).toBe(summary.backbones[0].sha256);
    const clotho = readEmbeddings(path.join(audio, 'x_a.clotho.development.arrow'));
    expect(clotho.ids.every((id) => id.startsWith('clotho:development:'))).toBe(true);
    const captions = readEmbeddings(path.join(text, 'x_t.clotho.development.arrow'));
    expect(captions.ids).toHaveLength(clotho.ids.length * 5);
    expect(captions.ids[0]).toMatch(/^clotho:development:.*#caption_1$/);
    const prompts = readEmbeddings(path.join(text, 'x_t.prompts.arrow'));
    expect(prompts.ids).toHaveLength(100);
    expect(prompts.ids.slice(0, 2)).toEqual(['prompt:0:dog', 'prompt:0:rooster']);
    expect(prompts.vectors.every(Number.isFinite)).toBe(true);

    const again = await runEmbedStage(config, { curationDir: curation, outDir: out });
    expect(again.kept).toEqual(again.outputs.map((o) => o.file));
    expect(fs.existsSync(path.join(out, 'models-summary.json'))).toBe(true);
  });

  it('splits the stage into shards whose merge equals the unsharded files', async () => {
    const config = modelsConfigSchema.parse({
      prompts: ['this is a sound of {label}', 'the sound of {label}'],
    });
    const sharded = path.join(tmp, 'sharded');
    for (const index of [1, 2])
      await runEmbedStage(config, { curationDir: curation, outDir: sharded, shard: { index, count: 2 } });
    const merged = mergeShardDir(path.join(sharded, 'embeddings')).files;
    expect(merged.length).toBeGreaterThan(4);
    for (const m of merged) {
      const whole = readEmbeddings(path.join(out, path.relative(sharded, m.file)));
      const joined = readEmbeddings(m.file);
      expect(joined.ids).toEqual(whole.ids);
      expectArraysClose(joined.vectors, whole.vectors, { abs: 1e-4 }, path.basename(m.file));
    }
  });

  it('makes one prompt per template and label, with the label as words', () => {
    expect(promptRows(['crying_baby', 'dog'], ['this is a sound of {label}'])).toEqual([
      { id: 'prompt:0:crying_baby', text: 'this is a sound of crying baby' },
      { id: 'prompt:0:dog', text: 'this is a sound of dog' },
    ]);
    expect(() => modelsConfigSchema.parse({ prompts: ['no placeholder'] })).toThrow(/must contain \{label\}/);
  });
});
