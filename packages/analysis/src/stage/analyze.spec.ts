import * as fs from 'node:fs';
import * as path from 'node:path';
import { readArrowFile } from '@zsaudit/core';
import { writeEmbeddings } from '@zsaudit/models';
import { tempDir } from '@zsaudit/testing';
import { clipIds, D, makeRun as makeRunIn, writeEsc50 } from '../testing/runs';
import { analysisConfigSchema } from './config';
import { runAnalysis } from './analyze';
import { CORRELATIONS_SCHEMA_ID, METRICS_SCHEMA_ID, TSNE_SCHEMA_ID } from './tables';

const tmp = tempDir('zsaudit-analysis-');
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const curation = path.join(tmp, 'curation');
beforeAll(() => writeEsc50(curation));

const makeRun = (id: string, sigma: number, seed: number) =>
  makeRunIn(path.join(tmp, 'runs'), id, sigma, seed);

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
