import * as ort from 'onnxruntime-node';
import { testFloats } from '@zsaudit/testing';
import { attr, encodeOnnxModel, type OnnxGraph } from './proto';

const floats = testFloats;

describe('encodeOnnxModel', () => {
  it('writes a MatMul + Add + Relu graph that onnxruntime runs, equal to a direct computation', async () => {
    const [n, k, m] = [3, 5, 4];
    const w = floats(k * m, 1);
    const b = floats(m, 2);
    const graph: OnnxGraph = {
      name: 'mlp',
      nodes: [
        { op: 'MatMul', inputs: ['x', 'w'], outputs: ['xw'] },
        { op: 'Add', inputs: ['xw', 'b'], outputs: ['y0'] },
        { op: 'Relu', inputs: ['y0'], outputs: ['y'] },
      ],
      initializers: [
        { name: 'w', dims: [k, m], data: w },
        { name: 'b', dims: [m], data: b },
      ],
      inputs: [{ name: 'x', elemType: 'FLOAT', shape: ['batch', k] }],
      outputs: [{ name: 'y', elemType: 'FLOAT', shape: ['batch', m] }],
    };
    const session = await ort.InferenceSession.create(
      encodeOnnxModel(graph, { metadata: { backbone: 'test' } }),
    );
    const x = floats(n * k, 3);
    const { y } = await session.run({ x: new ort.Tensor('float32', x, [n, k]) });
    expect(y.dims).toEqual([n, m]);
    const got = y.data as Float32Array;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        let acc = b[j];
        for (let t = 0; t < k; t++) acc += x[i * k + t] * w[t * m + j];
        expect(got[i * m + j]).toBeCloseTo(Math.max(0, acc), 5);
      }
    }
  });

  it('writes int, float and ints attributes (Conv, BatchNormalization, AveragePool)', async () => {
    const cw = floats(2 * 1 * 3 * 3, 4);
    const graph: OnnxGraph = {
      name: 'conv',
      nodes: [
        {
          op: 'Conv',
          inputs: ['x', 'cw'],
          outputs: ['c'],
          attrs: { pads: attr.ints([1, 1, 1, 1]), kernel_shape: attr.ints([3, 3]) },
        },
        {
          op: 'BatchNormalization',
          inputs: ['c', 'g', 'beta', 'mu', 'var'],
          outputs: ['bn'],
          attrs: { epsilon: attr.float(1e-5) },
        },
        {
          op: 'AveragePool',
          inputs: ['bn'],
          outputs: ['y'],
          attrs: { kernel_shape: attr.ints([2, 2]), strides: attr.ints([2, 2]) },
        },
      ],
      initializers: [
        { name: 'cw', dims: [2, 1, 3, 3], data: cw },
        { name: 'g', dims: [2], data: new Float32Array([1, 2]) },
        { name: 'beta', dims: [2], data: new Float32Array([0, 0.5]) },
        { name: 'mu', dims: [2], data: new Float32Array([0, 0]) },
        { name: 'var', dims: [2], data: new Float32Array([1, 1]) },
      ],
      inputs: [{ name: 'x', elemType: 'FLOAT', shape: [1, 1, 4, 4] }],
      outputs: [{ name: 'y', elemType: 'FLOAT', shape: [1, 2, 2, 2] }],
    };
    const session = await ort.InferenceSession.create(encodeOnnxModel(graph));
    const x = floats(16, 5);
    const { y } = await session.run({ x: new ort.Tensor('float32', x, [1, 1, 4, 4]) });
    // Direct computation: 3x3 conv with zero padding, per-channel affine (var 1, eps 1e-5), 2x2 average pool.
    const at = (r: number, c: number) => (r < 0 || c < 0 || r > 3 || c > 3 ? 0 : x[r * 4 + c]);
    const gamma = [1, 2];
    const shift = [0, 0.5];
    for (let ch = 0; ch < 2; ch++) {
      for (let pr = 0; pr < 2; pr++) {
        for (let pc = 0; pc < 2; pc++) {
          let sum = 0;
          for (let dr = 0; dr < 2; dr++) {
            for (let dc = 0; dc < 2; dc++) {
              const r = pr * 2 + dr;
              const c = pc * 2 + dc;
              let conv = 0;
              for (let i = 0; i < 3; i++)
                for (let j = 0; j < 3; j++) conv += at(r + i - 1, c + j - 1) * cw[ch * 9 + i * 3 + j];
              sum += (gamma[ch] * conv) / Math.sqrt(1 + 1e-5) + shift[ch];
            }
          }
          expect((y.data as Float32Array)[ch * 4 + pr * 2 + pc]).toBeCloseTo(sum / 4, 5);
        }
      }
    }
  });

  it('rejects a tensor whose data does not fill its dims', () => {
    const graph: OnnxGraph = {
      name: 'bad',
      nodes: [],
      initializers: [{ name: 'w', dims: [2, 3], data: new Float32Array(5) }],
      inputs: [],
      outputs: [],
    };
    expect(() => encodeOnnxModel(graph)).toThrow(/tensor w: 5 values for dims \[2, 3\]/);
  });
});
