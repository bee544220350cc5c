import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import { loadBackboneManifest, writeBackbone, type AudioManifest } from './manifest';
import { buildCnn14Graph } from './onnx/cnn14';
import { encodeOnnxModel } from './onnx/proto';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zsaudit-manifest-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const cnn14Manifest: AudioManifest = {
  modality: 'audio',
  onnx: 'cnn14.onnx',
  input: { name: 'logmel', kind: 'logmel' },
  output: { name: 'embedding', dim: 64 },
  sampleRate: 32000,
  clipSeconds: 10,
  frontend: { nFft: 1024, hop: 320, melBins: 64, fMin: 50, fMax: 14000 },
};

describe('backbone manifests', () => {
  it('writes a backbone, reads it back with its identity, and the ONNX file runs', async () => {
    const { graph } = buildCnn14Graph({ width: 2, melBins: 64, seed: 1 });
    const file = writeBackbone(path.join(tmp, 'b1'), 'cnn14-random', encodeOnnxModel(graph), cnn14Manifest);
    const b = loadBackboneManifest(file);
    expect(b.name).toBe('cnn14-random');
    expect(b.onnxSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(b.manifest).toMatchObject({ modality: 'audio', sampleRate: 32000 });
    const session = await ort.InferenceSession.create(b.onnxPath);
    expect(session.inputNames).toEqual(['logmel']);
    expect(session.outputNames).toEqual(['embedding']);
  });

  it('names the file and the key of each problem', () => {
    const dir = path.join(tmp, 'bad');
    fs.mkdirSync(dir, { recursive: true });
    const write = (name: string, body: unknown) => {
      const f = path.join(dir, name);
      fs.writeFileSync(f, typeof body === 'string' ? body : JSON.stringify(body));
      return f;
    };
    expect(() => loadBackboneManifest(write('a.json', '{'))).toThrow(/a\.json: not valid JSON/);
    expect(() => loadBackboneManifest(write('b.json', { modality: 'video' }))).toThrow(
      /b\.json: "modality" must be/,
    );
    const noFrontend = { ...cnn14Manifest, frontend: undefined };
    expect(() => loadBackboneManifest(write('c.json', noFrontend))).toThrow(
      /c\.json: invalid backbone manifest:\n {2}frontend: a logmel input needs/,
    );
    expect(() => loadBackboneManifest(write('d.json', { ...cnn14Manifest, sampleRate: 'fast' }))).toThrow(
      /sampleRate/,
    );
    expect(() => loadBackboneManifest(write('e.json', cnn14Manifest))).toThrow(
      /onnx file .*cnn14\.onnx not found/,
    );
    expect(() => loadBackboneManifest(path.join(dir, 'none.json'))).toThrow(/backbone manifest not found/);
  });

  it('refuses a backbone name that is not a safe file name, naming the manifest', () => {
    const { graph } = buildCnn14Graph({ width: 2, melBins: 64, seed: 1 });
    const dir = path.join(tmp, 'names');
    const good = writeBackbone(dir, 'ok', encodeOnnxModel(graph), cnn14Manifest);
    const json = JSON.parse(fs.readFileSync(good, 'utf8')) as Record<string, unknown>;
    const escaping = path.join(dir, 'escaping.json');
    fs.writeFileSync(escaping, JSON.stringify({ ...json, name: '../../../x' }));
    expect(() => loadBackboneManifest(escaping)).toThrow(
      `${escaping}: "name": "../../../x" is not a safe name`,
    );
    // Without "name", the file's base name is the name: it must be safe too.
    const spaced = path.join(dir, 'my model.json');
    fs.writeFileSync(spaced, JSON.stringify({ ...json, name: undefined }));
    expect(() => loadBackboneManifest(spaced)).toThrow(
      `${spaced}: the backbone's name (the file name; set "name"): "my model" is not a safe name`,
    );
    expect(() => writeBackbone(dir, '../up', encodeOnnxModel(graph), cnn14Manifest)).toThrow(
      /not a safe name/,
    );
    expect(fs.existsSync(path.join(tmp, 'up.json'))).toBe(false);
  });
});
