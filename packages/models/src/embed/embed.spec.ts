import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import { expectArraysClose } from '@zsaudit/testing';
import { writeDefaultBackbones, EMBEDDED_DEFAULT_BACKBONES } from '../backbones';
import { writeWav16 } from '../frontend/wav';
import {
  loadBackboneManifest,
  type AudioManifest,
  type LoadedBackbone,
  type TextManifest,
} from '../manifest';
import { readEmbeddings, writeEmbeddings } from './arrow';
import { AudioEmbedder, embedAudioFiles } from './audio';
import { Preparer } from './preparer';
import { embedTexts, TextEmbedder } from './text';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zsaudit-embed-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function tone(seconds: number, rate: number, hz: number): Float32Array {
  return Float32Array.from(
    { length: Math.round(seconds * rate) },
    (_, i) => 0.3 * Math.sin((2 * Math.PI * hz * i) / rate) + 0.05 * Math.sin(i * 0.37),
  );
}

describe('embedding with the default backbones', () => {
  let audio: AudioEmbedder;
  let text: TextEmbedder;
  const wavs = path.join(tmp, 'wavs');

  afterAll(async () => {
    await audio?.dispose();
    await text?.dispose();
  });

  beforeAll(async () => {
    const manifests = writeDefaultBackbones(path.join(tmp, 'backbones'), {
      ...EMBEDDED_DEFAULT_BACKBONES,
      bert: { hidden: 32, layers: 1, heads: 2, intermediate: 64, maxPositions: 128 },
    });
    audio = await AudioEmbedder.create(
      loadBackboneManifest(manifests.audio) as LoadedBackbone<AudioManifest>,
    );
    text = await TextEmbedder.create(loadBackboneManifest(manifests.text) as LoadedBackbone<TextManifest>);
    fs.mkdirSync(wavs, { recursive: true });
    fs.writeFileSync(path.join(wavs, 'a.wav'), writeWav16(tone(5, 16000, 440), 16000));
    fs.writeFileSync(path.join(wavs, 'b.wav'), writeWav16(tone(2, 44100, 1000), 44100)); // other rate, short: repeat-padded
    fs.writeFileSync(path.join(wavs, 'c.wav'), writeWav16(tone(7, 16000, 3000), 16000)); // long: centre-cropped
    fs.writeFileSync(path.join(wavs, 'silent.wav'), writeWav16(new Float32Array(16000), 16000));
    const good = writeWav16(tone(1, 16000, 200), 16000);
    fs.writeFileSync(path.join(wavs, 'truncated.wav'), good.subarray(0, good.length - 1000));
  });

  it('embeds audio in batches equal to one at a time, and records what it cannot embed', async () => {
    const items = ['a', 'b', 'c', 'silent', 'truncated', 'missing'].map((id) => ({
      id,
      path: path.join(wavs, `${id}.wav`),
    }));
    const batched = await embedAudioFiles(audio, items, { batchSize: 3 });
    const d = batched.dim;
    expect(d).toBe(EMBEDDED_DEFAULT_BACKBONES.cnn14Width * 32);
    expect(batched.ids).toEqual(['a', 'b', 'c']);
    expect(batched.exclusions.map((e) => [e.id, e.reason])).toEqual([
      ['silent', 'silent'],
      ['truncated', 'unreadable-audio'],
      ['missing', 'missing-file'],
    ]);
    expect(batched.exclusions[1].message).toMatch(/truncated\.wav/);
    const single = await embedAudioFiles(audio, items.slice(0, 3), { batchSize: 1 });
    expectArraysClose(single.vectors, batched.vectors, { abs: 5e-5 }, 'one at a time');
    // The same clip always gives the same embedding (bit for bit in the same batch; across batch sizes the
    // matrix products may round differently, within the 1e-4 above); different clips differ.
    const again = await embedAudioFiles(audio, items, { batchSize: 3 });
    expect(Array.from(again.vectors)).toEqual(Array.from(batched.vectors));
    expect(Array.from(batched.vectors.subarray(0, d))).not.toEqual(
      Array.from(batched.vectors.subarray(d, 2 * d)),
    );
  });

  it('gives the same embeddings with the log-mel in onnxruntime or in JS', async () => {
    expect(audio.logMelInPrepare).toBe(false); // onnxruntime runs the front end by default
    const js = await AudioEmbedder.create(audio.backbone, { frontend: 'js' });
    expect(js.logMelInPrepare).toBe(true);
    const items = ['a', 'b', 'c'].map((id) => ({ id, path: path.join(wavs, `${id}.wav`) }));
    const viaOnnx = await embedAudioFiles(audio, items, { batchSize: 2 });
    const viaJs = await embedAudioFiles(js, items, { batchSize: 2 }).finally(() => js.dispose());
    expect(viaJs.ids).toEqual(viaOnnx.ids);
    // |Δ| < 1e-3 · (|x| + 1e-3), as either bound: within 1e-3 of the value, or 1e-6 near zero.
    expectArraysClose(viaOnnx.vectors, viaJs.vectors, { abs: 1e-6, rel: 1e-3 }, 'onnx vs js front end');
  });

  it('embeds texts with CLS pooling, batch equal to single, empty texts excluded', async () => {
    const items = [
      { id: 'p0', text: 'this is a sound of dog' },
      {
        id: 'p1',
        text: 'this is a sound of crying baby, with a much longer tail of words to pad the others',
      },
      { id: 'e', text: '   ' },
    ];
    const r = await embedTexts(text, items, { batchSize: 8 });
    expect(r.ids).toEqual(['p0', 'p1']);
    expect(r.exclusions).toEqual([expect.objectContaining({ id: 'e', reason: 'empty-text' })]);
    const one = await embedTexts(text, items.slice(0, 1), { batchSize: 1 });
    expectArraysClose(one.vectors, r.vectors.subarray(0, 32), { abs: 5e-5 }, 'one text alone');
  });

  it('writes and reads embedding files with the backbone identity', async () => {
    const r = await embedAudioFiles(audio, [{ id: 'esc50:test:a.wav', path: path.join(wavs, 'a.wav') }]);
    const file = path.join(tmp, 'x_a.arrow');
    writeEmbeddings(file, r.ids, r.vectors, r.dim, {
      'zsaudit.backbone': audio.backbone.name,
      'zsaudit.backbone.sha256': audio.backbone.onnxSha256,
    });
    const back = readEmbeddings(file);
    expect(back.ids).toEqual(['esc50:test:a.wav']);
    expect(back.dim).toBe(audio.dim);
    expect(Array.from(back.vectors)).toEqual(Array.from(r.vectors));
    expect(back.metadata.get('zsaudit.backbone.sha256')).toBe(audio.backbone.onnxSha256);
    expect(() => readEmbeddings(path.join(tmp, 'none.arrow'))).toThrow(/no such embedding file/);
  });

  it('releases its sessions on dispose(); a second dispose is harmless, a later run an error', async () => {
    const a = await AudioEmbedder.create(audio.backbone);
    const t = await TextEmbedder.create(text.backbone);
    // InferenceSession is a class at run time (its typings declare only the factory).
    const sessionClass = ort.InferenceSession as unknown as { prototype: ort.InferenceSession };
    const release = jest.spyOn(sessionClass.prototype, 'release');
    try {
      for (const [e, sessions] of [
        [a, 2], // the backbone and the log-mel front end
        [t, 1],
      ] as const) {
        release.mockClear();
        expect(e.disposed).toBe(false);
        await e.dispose();
        expect(e.disposed).toBe(true);
        await e.dispose();
        await e[Symbol.asyncDispose]();
        expect(release).toHaveBeenCalledTimes(sessions);
      }
    } finally {
      release.mockRestore();
    }
    await expect(a.run([new Float32Array(16000)])).rejects.toThrow(/audio embedder was disposed/);
    await expect(t.run(['a dog'])).rejects.toThrow(/text embedder was disposed/);
  });

  it("ends the front end's worker thread on dispose", async () => {
    const preparer = new Preparer(audio.backbone.manifest, false, true);
    const worker = preparer.thread!;
    const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
    const [prepared] = await preparer.prepare([{ id: 'a', path: path.join(wavs, 'a.wav') }]);
    expect('row' in prepared && prepared.row.length).toBe(5 * 16000);
    await preparer.dispose();
    expect(preparer.thread).toBeNull();
    await exited;
    expect(worker.threadId).toBe(-1); // a terminated worker has no thread
    await preparer.dispose();
    await expect(preparer.prepare([])).rejects.toThrow(/after dispose/);
  });

  it('refuses at load an ONNX graph whose input or output names disagree with the manifest', async () => {
    const rewrite = (b: LoadedBackbone, name: string, change: (m: Record<string, unknown>) => void) => {
      const m = JSON.parse(fs.readFileSync(b.file, 'utf8')) as Record<string, unknown>;
      change(m);
      const file = path.join(path.dirname(b.file), `${name}.json`);
      fs.writeFileSync(file, JSON.stringify({ ...m, name }));
      return file;
    };
    const audioIn = rewrite(
      audio.backbone,
      'wrong-input',
      (m) => ((m.input as { name: string }).name = 'mel'),
    );
    await expect(
      AudioEmbedder.create(loadBackboneManifest(audioIn) as LoadedBackbone<AudioManifest>),
    ).rejects.toThrow(
      `${audioIn}: the manifest does not match ${audio.backbone.onnxPath}: expected input(s) "mel", the graph has "logmel"`,
    );
    const textOut = rewrite(
      text.backbone,
      'wrong-output',
      (m) => ((m.output as { name: string }).name = 'pooled'),
    );
    await expect(
      TextEmbedder.create(loadBackboneManifest(textOut) as LoadedBackbone<TextManifest>),
    ).rejects.toThrow(`expected output "pooled", the graph has "last_hidden_state"`);
    // A graph input the manifest does not feed (token_type_ids) is named too.
    const textIn = rewrite(text.backbone, 'unfed-input', (m) => {
      (m.inputs as { tokenTypeIds: string | null }).tokenTypeIds = null;
    });
    await expect(
      TextEmbedder.create(loadBackboneManifest(textIn) as LoadedBackbone<TextManifest>),
    ).rejects.toThrow(
      `${textIn}: the manifest does not match ${text.backbone.onnxPath}: expected input(s) "input_ids", "attention_mask", the graph has "input_ids", "attention_mask", "token_type_ids"`,
    );
  });
});
