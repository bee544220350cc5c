// Jest runs tests in a vm context whose typed arrays are not the main realm's, and native addons such as
// onnxruntime-node check `data instanceof Float32Array` against the main realm: tensors built in a test then fail
// with "A float32 tensor's data must be type of Float32Array". This environment hands the test the main realm's
// typed-array and ArrayBuffer constructors, so values cross into the addon unchanged, and its Math, whose
// functions run several times faster in hot loops than the sandbox's.
const { TestEnvironment } = require('jest-environment-node');

const SHARED = [
  'ArrayBuffer',
  'SharedArrayBuffer',
  'DataView',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
  'Math',
];

class TypedArrayEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED) this.global[name] = globalThis[name];
  }
}

module.exports = TypedArrayEnvironment;
