/**
 * The small float64 ONNX graphs the distance worker runs, and the ~80-line protobuf writer that serializes
 * them.
 *
 * Own writer rather than @zsaudit/models' encodeOnnxModel because that encoder covers float32/int32/int64
 * only, and these graphs must be float64: ‖a‖² + ‖b‖² − 2a·b cancels badly in float32 (see distances.ts).
 *
 * Graphs (dimension names are symbolic; every tensor is float64 unless said otherwise):
 *
 *   gram              A [rows, dim], B [cols, dim]  →  G [rows, cols] = A · Bᵀ
 *   sums-euclidean    A [rows, dim], B [cols, dim], SA [rows, 1] = ‖A‖², SB [1, cols] = ‖B‖²,
 *   sums-cosine         LA [rows, k], LB [cols, k] (one-hot cluster codes), K int64 scalar
 *                     →  RS [rows, k], CS [cols, k]
 *       D = euclidean: √max(0, SA + SB − 2 A·Bᵀ);  cosine (unit rows): clip(1 − A·Bᵀ, 0, 2)
 *       U = Trilu(D, K, upper): D[r][c] where c − r ≥ K, else 0 (keeps each pair of a symmetric sweep once)
 *       RS = U · LB (row r's sums per cluster of the columns), CS = Uᵀ · LA (column c's, per row cluster)
 *
 * The sums graphs let a silhouette sweep reduce a tile of distances to cluster sums without the tile ever
 * leaving onnxruntime: a 1,024 × 2,048 tile goes back as 3,072 × k sums instead of 16 MB of distances.
 */

const DOUBLE = 11;
const INT64 = 7;
const ATTR_FLOAT = 1;
const ATTR_INT = 2;

/** Protobuf wire-format writer over a growable number[] (the models are a few hundred bytes). */
class Writer {
  readonly bytes: number[] = [];

  varint(v: number): this {
    // Values here are small non-negative integers (tags, lengths, enums, dims), so plain arithmetic is exact.
    do {
      let b = v % 128;
      v = Math.floor(v / 128);
      if (v > 0) b |= 0x80;
      this.bytes.push(b);
    } while (v > 0);
    return this;
  }

  int(field: number, v: number): this {
    return this.varint(field * 8).varint(v);
  }

  float(field: number, v: number): this {
    this.varint(field * 8 + 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, v, true);
    this.bytes.push(...b);
    return this;
  }

  raw(field: number, data: ArrayLike<number>): this {
    this.varint(field * 8 + 2).varint(data.length);
    for (let i = 0; i < data.length; i++) this.bytes.push(data[i]);
    return this;
  }

  string(field: number, s: string): this {
    return this.raw(field, new TextEncoder().encode(s));
  }

  message(field: number, write: (w: Writer) => void): this {
    const inner = new Writer();
    write(inner);
    return this.raw(field, inner.bytes);
  }
}

interface Node {
  op: string;
  inputs: string[];
  output: string;
  attrs?: Record<string, { int: number } | { float: number }>;
}

interface Value {
  name: string;
  dims: (string | number)[];
  type?: typeof DOUBLE | typeof INT64;
}

interface Constant {
  name: string;
  value: number;
}

/** Serializes a ModelProto (IR 8, opset 17); constants are float64 scalars (initializers of rank 0). */
function encode(nodes: Node[], inputs: Value[], outputs: Value[], constants: Constant[] = []): Uint8Array {
  const w = new Writer();
  w.int(1, 8); // ir_version
  w.string(2, 'zsaudit-analysis'); // producer_name
  const valueInfo = (g: Writer, field: number, v: Value) =>
    g.message(field, (vi) =>
      vi.string(1, v.name).message(2, (type) =>
        type.message(1, (tensor) =>
          tensor.int(1, v.type ?? DOUBLE).message(2, (shape) => {
            for (const d of v.dims)
              shape.message(1, (dim) => (typeof d === 'number' ? dim.int(1, d) : dim.string(2, d)));
          }),
        ),
      ),
    );
  w.message(7, (g) => {
    nodes.forEach((n, i) =>
      g.message(1, (node) => {
        for (const input of n.inputs) node.string(1, input);
        node.string(2, n.output).string(3, `${n.op}_${i}`).string(4, n.op);
        for (const [name, a] of Object.entries(n.attrs ?? {}))
          node.message(5, (at) =>
            'int' in a
              ? at.string(1, name).int(3, a.int).int(20, ATTR_INT)
              : at.string(1, name).float(2, a.float).int(20, ATTR_FLOAT),
          );
      }),
    );
    g.string(2, 'graph');
    for (const c of constants)
      g.message(5, (t) => {
        t.int(2, DOUBLE).string(8, c.name); // no dims: a scalar; data_type, name
        t.raw(9, new Uint8Array(new Float64Array([c.value]).buffer)); // raw_data, little-endian
      });
    for (const v of inputs) valueInfo(g, 11, v);
    for (const v of outputs) valueInfo(g, 12, v);
  });
  w.message(8, (op) => op.string(1, '').int(2, 17)); // opset_import: default domain, version 17
  return Uint8Array.from(w.bytes);
}

/** `G = A · Bᵀ`. */
export function gramModel(): Uint8Array {
  return encode(
    [{ op: 'Gemm', inputs: ['A', 'B'], output: 'G', attrs: { transB: { int: 1 } } }],
    [
      { name: 'A', dims: ['rows', 'dim'] },
      { name: 'B', dims: ['cols', 'dim'] },
    ],
    [{ name: 'G', dims: ['rows', 'cols'] }],
  );
}

/** Per-cluster sums of one tile of distances (see the file comment). */
export function clusterSumsModel(metric: 'euclidean' | 'cosine'): Uint8Array {
  const distance: Node[] =
    metric === 'euclidean'
      ? [
          // −2·A·Bᵀ + SA in one Gemm (C broadcasts [rows, 1]), then + SB, clamp at 0 (rounding), √.
          {
            op: 'Gemm',
            inputs: ['A', 'B', 'SA'],
            output: 'P',
            attrs: { transB: { int: 1 }, alpha: { float: -2 } },
          },
          { op: 'Add', inputs: ['P', 'SB'], output: 'Q' },
          { op: 'Relu', inputs: ['Q'], output: 'R' },
          { op: 'Sqrt', inputs: ['R'], output: 'D' },
        ]
      : [
          // 1 − A·Bᵀ in one Gemm, clipped to [0, 2] as sklearn does.
          {
            op: 'Gemm',
            inputs: ['A', 'B', 'ONE'],
            output: 'P',
            attrs: { transB: { int: 1 }, alpha: { float: -1 } },
          },
          { op: 'Clip', inputs: ['P', 'ZERO', 'TWO'], output: 'D' },
        ];
  return encode(
    [
      ...distance,
      { op: 'Trilu', inputs: ['D', 'K'], output: 'U', attrs: { upper: { int: 1 } } },
      { op: 'MatMul', inputs: ['U', 'LB'], output: 'RS' },
      { op: 'Gemm', inputs: ['U', 'LA'], output: 'CS', attrs: { transA: { int: 1 } } },
    ],
    [
      { name: 'A', dims: ['rows', 'dim'] },
      { name: 'B', dims: ['cols', 'dim'] },
      ...(metric === 'euclidean'
        ? [
            { name: 'SA', dims: ['rows', 1] },
            { name: 'SB', dims: [1, 'cols'] },
          ]
        : []),
      { name: 'LA', dims: ['rows', 'k'] },
      { name: 'LB', dims: ['cols', 'k'] },
      { name: 'K', dims: [], type: INT64 },
    ],
    [
      { name: 'RS', dims: ['rows', 'k'] },
      { name: 'CS', dims: ['cols', 'k'] },
    ],
    metric === 'cosine'
      ? [
          { name: 'ONE', value: 1 },
          { name: 'ZERO', value: 0 },
          { name: 'TWO', value: 2 },
        ]
      : [],
  );
}

/** Every model the worker may run, by name. */
export function workerModels(): Record<string, Uint8Array> {
  return {
    gram: gramModel(),
    'sums-euclidean': clusterSumsModel('euclidean'),
    'sums-cosine': clusterSumsModel('cosine'),
  };
}
