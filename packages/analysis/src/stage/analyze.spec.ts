import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  buildTable,
  ESC50_SCHEMA_ID,
  esc50Fields,
  readArrowFile,
  writeArrowFile,
} from '@zsaudit/data-curation';
import { writeEmbeddings } from '@zsaudit/models';
import { analysisConfigSchema } from './config';
import { runAnalysis } from './analyze';
import { writeRun } from './run';
import { CORRELATIONS_SCHEMA_ID, METRICS_SCHEMA_ID, TSNE_SCHEMA_ID } from './tables';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zsaudit-analysis-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const C = 10; // classes
const PER_CLASS = 10; // clips per class, two per fold
const D = 16;
const LABELS = [
  'dog',
  'rain',
  'crying_baby',
  'clock_tick',
  'sea_waves',
  'siren',
  'cow',
  'wind',
  'train',
  'snoring',
];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const gauss = (r: () => number) => Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());

const clipIds = Array.from(
  { length: C * PER_CLASS },
  (_, i) => `esc50:test:${1 + (i % 5)}-${i}-A-${i % C}.wav`,
);
const targetOf = (i: number) => i % C;

const curation = path.join(tmp, 'curation');
beforeAll(() => {
  writeArrowFile(
    path.join(curation, 'esc50.arrow'),
    buildTable(
      esc50Fields,
      {
        clip_id: clipIds,
        filename: clipIds.map((c) => c.split(':')[2]),
        path: clipIds.map(() => null),
        fold: clipIds.map((_, i) => 1 + (i % 5)),
        target: clipIds.map((_, i) => targetOf(i)),
        category: clipIds.map((_, i) => LABELS[targetOf(i)]),
        esc10: clipIds.map(() => false),
        src_file: clipIds.map((_, i) => String(i)),
        take: clipIds.map(() => 'A'),
      },
      ESC50_SCHEMA_ID,
    ),
  );
});

/**
 * A synthetic run whose audio clusters have spread `sigma`: E_a around class centres shared with the prompts'
 * E_t, x_a a fixed linear map of E_a (24-d) plus noise; two prompt templates; 60 captions.
 */
function makeRun(id: string, sigma: number, seed: number): string {
  const r = rng(seed);
  const centres = Float32Array.from({ length: C * D }, () => gauss(rng(1000 + seed)) + gauss(r));
  for (let i = 0; i < C * D; i++) centres[i] = gauss(r) * 2;
  const map = Float32Array.from({ length: D * 24 }, () => gauss(r) / 4);
  const Ea = new Float32Array(clipIds.length * D);
  const xa = new Float32Array(clipIds.length * 24);
  clipIds.forEach((_, i) => {
    for (let d = 0; d < D; d++) Ea[i * D + d] = centres[targetOf(i) * D + d] + sigma * gauss(r);
    for (let o = 0; o < 24; o++) {
      let v = 0.05 * gauss(r);
      for (let d = 0; d < D; d++) v += Ea[i * D + d] * map[d * 24 + o];
      xa[i * 24 + o] = v;
    }
  });
  const promptIds = [0, 1].flatMap((k) => LABELS.map((l) => `prompt:${k}:${l}`));
  const Et = new Float32Array(promptIds.length * D);
  promptIds.forEach((_, p) => {
    for (let d = 0; d < D; d++) Et[p * D + d] = centres[(p % C) * D + d] + 0.2 * gauss(r);
  });
  const xt = Float32Array.from({ length: promptIds.length * 12 }, () => gauss(r));
  const capIds = Array.from({ length: 60 }, (_, i) => `clotho:development:${i}.wav#caption_1`);
  const capXt = Float32Array.from({ length: 60 * 12 }, () => gauss(r));
  const capEt = Float32Array.from(
    { length: 60 * D },
    (_, i) => capXt[Math.floor(i / D) * 12 + (i % 12)] + 0.1 * gauss(r),
  );
  const dir = path.join(tmp, 'runs', id);
  const w = (name: string, ids: string[], v: Float32Array, dim: number) =>
    writeEmbeddings(path.join(dir, name), ids, v, dim, {});
  // E_a rows in another order than x_a: the stage pairs them by id
  const order = clipIds.map((_, i) => i).reverse();
  w('x_a.esc50.arrow', clipIds, xa, 24);
  w(
    'E_a.esc50.arrow',
    order.map((i) => clipIds[i]),
    Float32Array.from(order.flatMap((i) => Array.from(Ea.subarray(i * D, (i + 1) * D)))),
    D,
  );
  w('x_t.prompts.arrow', promptIds, xt, 12);
  w('E_t.prompts.arrow', promptIds, Et, D);
  w('x_t.captions.arrow', capIds, capXt, 12);
  w('E_t.captions.arrow', capIds, capEt, D);
  writeRun(dir, {
    schema: 'zsaudit.run/1',
    id,
    conditions: { sigma },
    backbones: { audio: 'synthetic-audio', text: 'synthetic-text' },
  });
  return dir;
}

describe('runAnalysis', () => {
  const config = analysisConfigSchema.parse({
    tsne: { perplexity: 5, iterations: 300 },
    correlations: { bootstrap: 500 },
  });

  it('computes every metric per run and correlates them across runs', async () => {
    const runs = [0.4, 1.2, 2.2, 3.5].map((s, k) => makeRun(`sigma=${s}`, s, k + 1));
    const out = path.join(tmp, 'out');
    const summary = await runAnalysis(config, { curationDir: curation, runDirs: runs, outDir: out });
    expect(summary.entries.map((e) => e.id)).toEqual(['sigma=0.4', 'sigma=1.2', 'sigma=2.2', 'sigma=3.5']);
    // 10 classes are too few for trustworthiness at k = 5 (it needs k < n / 2): recorded, not thrown
    expect(summary.notComputed.map((n) => n.metric)).toEqual(Array(4).fill('trustworthiness.E_a~E_t'));
    const metrics = new Map<string, number>();
    for (const row of readArrowFile(path.join(out, 'metrics.arrow'), METRICS_SCHEMA_ID))
      metrics.set(`${row!.run_id}|${row!.metric}`, row!.value);
    const get = (run: string, m: string) => {
      const v = metrics.get(`${run}|${m}`);
      if (v === undefined) throw new Error(`no ${m} for ${run}`);
      return v;
    };
    // tight clusters: near-perfect zero-shot and high silhouette; accuracy falls as the spread grows
    expect(get('sigma=0.4', 'zeroshot.top1')).toBeGreaterThan(0.95);
    expect(get('sigma=0.4', 'zeroshot.top5')).toBe(1);
    expect(get('sigma=3.5', 'zeroshot.top1')).toBeLessThan(get('sigma=0.4', 'zeroshot.top1'));
    expect(get('sigma=0.4', 'silhouette.E_a.cosine')).toBeGreaterThan(
      get('sigma=3.5', 'silhouette.E_a.cosine'),
    );
    for (const f of [1, 2, 3, 4, 5]) expect(get('sigma=0.4', `zeroshot.top1.fold${f}`)).toBeGreaterThan(0.8);
    for (const m of [
      'nngs.x_a~E_a',
      'rsa.x_a~E_a',
      'cka.x_a~E_a',
      'trustworthiness.x_a~E_a',
      'nngs.E_a~E_t',
      'nngs.x_t~E_t',
      'silhouette.E_t.prompts.cosine',
      'tsne.trustworthiness.E_a',
    ]) {
      const v = get('sigma=1.2', m);
      expect(v).toBeGreaterThanOrEqual(-1);
      expect(v).toBeLessThanOrEqual(1);
    }
    // x_a is a linear map of E_a: their neighbourhoods mostly agree
    expect(get('sigma=1.2', 'nngs.x_a~E_a')).toBeGreaterThan(0.3);
    // the correlation across the four runs: silhouette of E_a goes with accuracy
    const corr = readArrowFile(path.join(out, 'correlations.arrow'), CORRELATIONS_SCHEMA_ID).toArray();
    const silAcc = corr.find((c) => c!.x === 'silhouette.E_a.cosine')!;
    expect(silAcc.n).toBe(4);
    expect(silAcc.pearson_r).toBeGreaterThan(0.8);
    expect(silAcc.ci_low).toBeLessThanOrEqual(silAcc.pearson_r);
    expect(corr.find((c) => c!.x === 'nngs.x_a~E_a')!.y_transform).toBe('log');
    // t-SNE coordinates for both spaces, and the pictures
    const tsneRows = readArrowFile(path.join(out, 'tsne.arrow'), TSNE_SCHEMA_ID);
    expect(tsneRows.numRows).toBe(4 * 2 * clipIds.length);
    expect(fs.readdirSync(path.join(out, 'plots')).filter((f) => f.startsWith('correlation.')).length).toBe(
      3,
    );
    expect(fs.readFileSync(path.join(out, 'plots', 'tsne.sigma_0.4.E_a.svg'), 'utf8')).toMatch(
      /<svg[\s\S]*<circle/,
    );
  }, 120000);

  it('says what it could not compute, and refuses spaces whose ids differ', async () => {
    const dir = makeRun('partial', 1, 9);
    fs.rmSync(path.join(dir, 'E_t.prompts.arrow'));
    const s = await runAnalysis(config, {
      curationDir: curation,
      runDirs: [dir],
      outDir: path.join(tmp, 'out2'),
    });
    expect(s.notComputed.map((n) => n.metric)).toEqual(expect.arrayContaining(['prompts.E_t', 'zeroshot']));
    expect(s.correlationsSkipped).toHaveLength(3);

    const bad = makeRun('bad', 1, 10);
    writeEmbeddings(
      path.join(bad, 'E_a.esc50.arrow'),
      clipIds.slice(1),
      new Float32Array((clipIds.length - 1) * D),
      D,
      {},
    );
    await expect(
      runAnalysis(config, { curationDir: curation, runDirs: [bad], outDir: path.join(tmp, 'out3') }),
    ).rejects.toThrow(/E_a\.esc50\.arrow: no row for id "esc50:test:1-0-A-0\.wav"/);
    fs.writeFileSync(path.join(bad, 'run.json'), '{"schema": "zsaudit.run/1", "id": ""}');
    await expect(
      runAnalysis(config, { curationDir: curation, runDirs: [bad], outDir: path.join(tmp, 'out3') }),
    ).rejects.toThrow(/run\.json: id: .*backbones/);
  });
});
