import { averagePromptEmbeddings } from './prompts';
import { zeroShotAccuracy, zeroShotEvaluate } from './zeroshot';
import { itWithScipy, runNumpy, testFloats } from '@zsaudit/testing';

const f32 = (...v: number[]): Float32Array => Float32Array.from(v);

describe('zeroShotAccuracy / zeroShotEvaluate', () => {
  // classes in 2-D: 0 → +x, 1 → +y, 2 → −x (lengths differ on purpose: only directions count)
  const text = f32(2, 0, 0, 0.5, -3, 0);
  // rows: clearly 0, clearly 1, clearly 2, and (1, 1): equally close to classes 0 and 1
  const audio = f32(2, 0.1, 0.1, 3, -1, -0.2, 1, 1);
  const labels = [0, 1, 2, 1];

  it('scores a hand-built case: the argmax tie goes to the lower class index', () => {
    expect(zeroShotAccuracy(audio, text, 2, labels)).toBe(0.75);
    // row 3's true class 1 is second (class 0 ties it and has the lower index): a top-2 hit
    expect(zeroShotAccuracy(audio, text, 2, labels, { topK: 2 })).toBe(1);
    const z = zeroShotEvaluate(audio, text, 2, labels, { topK: [2, 1] });
    expect(z.ks).toEqual([1, 2]);
    expect(z.top1).toBe(0.75);
    expect(z.top2).toBe(1);
    expect(z.accuracy).toEqual({ 1: 0.75, 2: 1 });
    expect(Array.from(z.predictions)).toEqual([0, 1, 2, 0]);
    // rows = true class, columns = predicted
    expect(Array.from(z.confusion)).toEqual([1, 0, 0, 1, 1, 0, 0, 0, 1]);
    expect(Array.from(z.perClass)).toEqual([1, 0.5, 1]);
    expect(z.perFold).toEqual([]);
  });

  it('does not depend on the lengths of audio or class rows', () => {
    const scaledAudio = audio.map((v, i) => v * (1 + (i >> 1)));
    const scaledText = text.map((v, i) => v * 2 ** (i >> 1));
    expect(zeroShotEvaluate(scaledAudio, scaledText, 2, labels).predictions).toEqual(
      zeroShotEvaluate(audio, text, 2, labels).predictions,
    );
  });

  it('gives a zero audio row similarity 0 to every class (a tie: class 0), not NaN', () => {
    const z = zeroShotEvaluate(f32(0, 0, 0, 1), text, 2, [2, 1], { topK: [1, 3] });
    expect(Array.from(z.predictions)).toEqual([0, 1]);
    expect(z.top1).toBe(0.5);
    expect(z.top3).toBe(1);
  });

  it('reports per-fold accuracies, ordered by fold id', () => {
    const z = zeroShotEvaluate(audio, text, 2, labels, { folds: [5, 5, 2, 2], topK: [1, 2] });
    expect(z.perFold).toEqual([
      { fold: 2, n: 2, top1: 0.5, top2: 1, accuracy: { 1: 0.5, 2: 1 } },
      { fold: 5, n: 2, top1: 1, top2: 1, accuracy: { 1: 1, 2: 1 } },
    ]);
  });

  it('top-5 over 7 classes on the unit circle counts rank < 5, ties by index', () => {
    // class c at angle c·π/4 for c = 0…6, every clip at angle 0: similarities cos(cπ/4) = 1, .71, 0, −.71, −1, −.71,
    // 0 give the order 0, 1, 2, 6, 3, 5, 4 (2 before 6 and 3 before 5: equal cosines, lower index first). The
    // coordinates below are chosen so that the tied cosines are exactly equal in float32.
    const C = 7;
    const t = new Float32Array(C * 2);
    const cs = [1, Math.SQRT1_2, 0, -Math.SQRT1_2, -1, -Math.SQRT1_2, 0];
    const sn = [0, Math.SQRT1_2, 1, Math.SQRT1_2, 0, -Math.SQRT1_2, -1];
    for (let c = 0; c < C; c++) [t[2 * c], t[2 * c + 1]] = [cs[c], sn[c]];
    const a = new Float32Array(C * 2);
    for (let c = 0; c < C; c++) [a[2 * c], a[2 * c + 1]] = [1, 0];
    const truth = [0, 1, 2, 3, 4, 5, 6];
    // ranks of each true class for the audio at angle 0: 0→0, 1→1, 2→2, 6→3, 3→4, 5→5, 4→6
    const z = zeroShotEvaluate(a, t, 2, truth, { topK: [1, 3, 4, 5, 7] });
    expect(z.top1).toBeCloseTo(1 / 7, 15);
    expect(z.top3).toBeCloseTo(3 / 7, 15);
    expect(z.top4).toBeCloseTo(4 / 7, 15);
    expect(z.top5).toBeCloseTo(5 / 7, 15);
    expect(z.top7).toBe(1);
    expect(zeroShotAccuracy(a, t, 2, truth, { topK: 5 })).toBeCloseTo(5 / 7, 15);
  });

  it('validates shapes, labels, folds and k', () => {
    expect(() => zeroShotAccuracy(audio.subarray(0, 7), text, 2, labels)).toThrow(/whole number of rows/);
    expect(() => zeroShotAccuracy(audio, text, 3, labels)).toThrow(/whole number of rows/);
    expect(() => zeroShotAccuracy(audio, text, 2, [0, 1, 3, 1])).toThrow(/labels\[2\] = 3/);
    expect(() => zeroShotAccuracy(audio, text, 2, [0, 1, -1, 1])).toThrow(/labels\[2\]/);
    expect(() => zeroShotAccuracy(audio, text, 2, [0, 1, 0.5, 1])).toThrow(/labels\[2\]/);
    expect(() => zeroShotAccuracy(audio, text, 2, [0, 1, 2])).toThrow(/3 labels for 4 audio rows/);
    expect(() => zeroShotAccuracy(audio, text, 2, labels, { topK: 4 })).toThrow(
      /topK must be an integer in \[1, 3\]/,
    );
    expect(() => zeroShotAccuracy(audio, text, 2, labels, { topK: 0 })).toThrow(RangeError);
    expect(() => zeroShotEvaluate(audio, text, 2, labels, { topK: [1, 5] })).toThrow(/got 5/);
    expect(() => zeroShotEvaluate(audio, text, 2, labels, { topK: [] })).toThrow(/at least one k/);
    // the default [1, 5] drops 5 with only 3 classes
    expect(zeroShotEvaluate(audio, text, 2, labels).ks).toEqual([1]);
    expect(() => zeroShotEvaluate(audio, text, 2, labels, { topK: [1], folds: [1, 2] })).toThrow(/fold ids/);
    const bad = Float32Array.from(audio);
    bad[5] = NaN;
    expect(() => zeroShotAccuracy(bad, text, 2, labels)).toThrow(/audio: row 2/);
  });

  itWithScipy(
    'matches a numpy top-k / confusion reference on random embeddings (50 classes, 5 folds)',
    () => {
      const [n, C, dim] = [400, 50, 24];
      const text = testFloats(C * dim, 61);
      const labels = Array.from({ length: n }, (_, i) => (i * 37) % C);
      const folds = Array.from({ length: n }, (_, i) => 1 + (i % 5));
      const audio = testFloats(n * dim, 62);
      // pull each clip toward its class so accuracy is neither 0 nor 1
      for (let i = 0; i < n; i++)
        for (let d = 0; d < dim; d++) audio[i * dim + d] += 0.6 * text[labels[i] * dim + d];
      const { outs } = runNumpy(
        [
          'A = ins[0].reshape(-1, args["dim"]); T = ins[1].reshape(-1, args["dim"]); y = ins[2].astype(int)',
          'S = (A / np.linalg.norm(A, axis=1, keepdims=True)) @ (T / np.linalg.norm(T, axis=1, keepdims=True)).T',
          // rank of the true class: classes with a larger similarity, or an equal one at a lower index
          'sy = S[np.arange(len(y)), y][:, None]; idx = np.arange(S.shape[1])[None, :]',
          'rank = ((S > sy) | ((S == sy) & (idx < y[:, None]))).sum(1)',
          'pred = S.argmax(1); conf = np.zeros((S.shape[1], S.shape[1])); np.add.at(conf, (y, pred), 1)',
          'outs = [[(rank < k).mean() for k in (1, 5, 10)], pred, conf, rank]',
        ].join('\n'),
        [audio, text, labels],
        { dim },
      );
      const z = zeroShotEvaluate(audio, text, dim, labels, { topK: [1, 5, 10], folds });
      expect([z.top1, z.top5, z.top10]).toEqual(Array.from(outs[0]));
      expect(Array.from(z.predictions)).toEqual(Array.from(outs[1]));
      expect(Array.from(z.confusion)).toEqual(Array.from(outs[2]));
      console.log(
        `zero-shot random case: top1 ${z.top1}, top5 ${z.top5}, top10 ${z.top10} (numpy identical)`,
      );
      // per fold: the folds partition the rows, so the n-weighted mean of fold accuracies is the overall accuracy
      expect(z.perFold.map((f) => f.fold)).toEqual([1, 2, 3, 4, 5]);
      const weighted = z.perFold.reduce((s, f) => s + f.n * f.top5, 0) / n;
      expect(weighted).toBeCloseTo(z.top5, 14);
      for (const f of z.perFold) {
        let hits = 0;
        for (let i = 0; i < n; i++) if (folds[i] === f.fold && outs[3][i] < 1) hits++;
        expect(f.top1).toBeCloseTo(hits / f.n, 15);
      }
    },
  );
});

describe('averagePromptEmbeddings', () => {
  it('normalises each prompt, averages per class (template-major rows) and normalises the mean', () => {
    // C = 2, T = 2; rows: t0c0 = (2, 0), t0c1 = (0, 5), t1c0 = (0, 1), t1c1 = (3, 4)
    const out = averagePromptEmbeddings(f32(2, 0, 0, 5, 0, 1, 3, 4), 2, 2, 2);
    // class 0: (1, 0) + (0, 1) → (1/√2, 1/√2); class 1: (0, 1) + (0.6, 0.8) = (0.6, 1.8) → /√3.6
    const s = Math.sqrt(3.6);
    const want = [Math.SQRT1_2, Math.SQRT1_2, 0.6 / s, 1.8 / s];
    want.forEach((w, i) => expect(out[i]).toBeCloseTo(w, 7));
    // one template: just normalisation
    expect(Array.from(averagePromptEmbeddings(f32(3, 4), 2, 1, 1))).toEqual([
      0.6000000238418579, 0.800000011920929,
    ]);
  });

  it('rejects wrong shapes, zero prompts and prompts that cancel', () => {
    expect(() => averagePromptEmbeddings(f32(1, 0, 0, 1, 1, 1), 2, 2, 2)).toThrow(/3 rows, expected/);
    expect(() => averagePromptEmbeddings(f32(1, 0, 0, 0), 2, 1, 2)).toThrow(/row 1 \(template 1, class 0\)/);
    expect(() => averagePromptEmbeddings(f32(1, 0, -2, 0), 2, 1, 2)).toThrow(/class 0 average to a zero/);
    expect(() => averagePromptEmbeddings(f32(1, NaN), 2, 1, 1)).toThrow(/row 0/);
    expect(() => averagePromptEmbeddings(f32(1, 0), 2, 0, 1)).toThrow(/classes/);
  });
});
