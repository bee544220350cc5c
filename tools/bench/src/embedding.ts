/**
 * Benchmark of the audio embedding pipeline: WAV -> log-mel -> ONNX embedding with the full-size CNN14 (random
 * weights, 80.8M parameters with PANNs' head, 79.7M without) on 10 s clips at 32 kHz, against (a) the bare
 * onnxruntime session on the same log-mel inputs and (b) the same pipeline in PyTorch (Debian python3-torch),
 * in the same run. Targets: front end + I/O at most 10% on top of the bare session; at least as fast as PyTorch.
 *
 *   npx tsx tools/bench/src/embedding.ts [--clips=N] [--batch=B] [--rounds=R]
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import {
  AudioEmbedder,
  buildCnn14Graph,
  embedAudioFiles,
  encodeOnnxModel,
  loadBackboneManifest,
  logMel,
  readWav,
  writeBackbone,
  writeWav16,
  type AudioManifest,
  type LoadedBackbone,
} from '@zsaudit/models';

const PYTHON = process.env.ZSAUDIT_BENCH_PYTHON ?? '/usr/bin/python3';
const FRONTEND = { sampleRate: 32000, nFft: 1024, hop: 320, melBins: 64, fMin: 50, fMax: 14000 };

async function main(): Promise<void> {
  const arg = (name: string, d: number) =>
    Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? d);
  const clips = arg('clips', 16);
  const batch = arg('batch', 8);
  const rounds = arg('rounds', 4);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zsaudit-bench-embed-'));
  try {
    // 10 s clips at 32 kHz: tones and noise, deterministic.
    const files: string[] = [];
    let s = 1;
    for (let c = 0; c < clips; c++) {
      const x = new Float32Array(320000);
      for (let i = 0; i < x.length; i++) {
        s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
        x[i] = 0.2 * Math.sin((2 * Math.PI * (200 + 50 * c) * i) / 32000) + 0.05 * (s / 2 ** 31 - 1);
      }
      files.push(path.join(tmp, `clip${c}.wav`));
      fs.writeFileSync(files[c], writeWav16(x, 32000));
    }
    const built = Date.now();
    const { graph, parameters } = buildCnn14Graph({ width: 64, melBins: 64, seed: 1 });
    const manifestFile = writeBackbone(tmp, 'cnn14-full-random', encodeOnnxModel(graph), {
      modality: 'audio',
      onnx: 'cnn14.onnx',
      input: { name: 'logmel', kind: 'logmel' },
      output: { name: 'embedding', dim: 2048 },
      sampleRate: 32000,
      clipSeconds: 10,
      frontend: { nFft: 1024, hop: 320, melBins: 64, fMin: 50, fMax: 14000 },
    });
    const backbone = loadBackboneManifest(manifestFile) as LoadedBackbone<AudioManifest>;
    const embedder = await AudioEmbedder.create(backbone);
    const session = await ort.InferenceSession.create(backbone.onnxPath);
    const setup = (Date.now() - built) / 1000;

    const runSession = async (rows: Float32Array[]) => {
      const frames = rows[0].length / 64;
      const input = new Float32Array(rows.length * rows[0].length);
      rows.forEach((r, i) => input.set(r, i * r.length));
      await session.run({ logmel: new ort.Tensor('float32', input, [rows.length, frames, 64]) });
    };
    // Ours is the stage's own code path: manifest, AudioEmbedder, embedAudioFiles (reads, front end, batches).
    const items = files.map((f) => ({ id: path.basename(f), path: f }));
    const pipeline = async () => {
      const r = await embedAudioFiles(embedder, items, { batchSize: batch });
      if (r.ids.length !== clips) throw new Error(`embedded ${r.ids.length} of ${clips} clips`);
    };
    const precomputed = files.map((f) => logMel(readWav(fs.readFileSync(f), f).samples, FRONTEND).data);
    const bare = async () => {
      for (let b = 0; b < clips; b += batch) await runSession(precomputed.slice(b, b + batch));
    };
    const time = async (f: () => Promise<void>) => {
      const t = process.hrtime.bigint();
      await f();
      return Number(process.hrtime.bigint() - t) / 1e9;
    };
    // The machine's speed drifts by 10–20% over a minute (shared host): alternate the two and keep each one's
    // fastest round, so drift cannot favour either.
    await bare(); // warm-up
    await pipeline();
    let bareSeconds = Infinity;
    let oursSeconds = Infinity;
    for (let round = 0; round < rounds; round++) {
      bareSeconds = Math.min(bareSeconds, await time(bare));
      oursSeconds = Math.min(oursSeconds, await time(pipeline));
    }

    const py = spawnSync(
      PYTHON,
      [
        path.join(__dirname, '..', 'python', 'torch_cnn14.py'),
        String(batch),
        String(os.cpus().length),
        ...files,
      ],
      { encoding: 'utf8' },
    );
    const torch =
      py.status === 0
        ? (JSON.parse(py.stdout.trim().split('\n').pop()!) as {
            seconds: number;
            net_seconds: number;
            torch: string;
            threads: number;
          })
        : null;

    await embedder.dispose();
    await session.release();

    const rate = (sec: number) => (clips / sec).toFixed(2);
    const lines = [
      `embedding: ${clips} clips of 10 s at 32 kHz, batch ${batch}, CNN14 width 64 (${(parameters / 1e6).toFixed(1)}M parameters), ${os.cpus().length} CPU(s), onnxruntime-node ${ort.env.versions.node}; model build+load ${setup.toFixed(1)} s`,
      `  bare onnxruntime session      ${rate(bareSeconds)} clips/s  (${((bareSeconds / clips) * 1000).toFixed(0)} ms/clip)`,
      `  ours: WAV + log-mel + session ${rate(oursSeconds)} clips/s  overhead on the bare session ${(((oursSeconds - bareSeconds) / bareSeconds) * 100).toFixed(1)}% (target <= 10%)`,
      torch
        ? `  PyTorch ${torch.torch} (${torch.threads} threads), same pipeline ${rate(torch.seconds)} clips/s (network alone ${rate(torch.net_seconds)})  ours/PyTorch speed ${(torch.seconds / oursSeconds).toFixed(2)}x (target >= 1)`
        : `  PyTorch reference unavailable: ${PYTHON} failed (${(py.stderr || py.error?.message || '').trim().split('\n').pop()})`,
    ];
    console.log(lines.join('\n'));
    const resultsDir = path.join(__dirname, '..', 'results');
    fs.mkdirSync(resultsDir, { recursive: true });
    fs.writeFileSync(
      path.join(resultsDir, 'embedding.json'),
      JSON.stringify({ clips, batch, parameters, bareSeconds, oursSeconds, torch }, null, 2) + '\n',
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`bench embedding: ${(err as Error).message}`);
  process.exitCode = 1;
});
