module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'analysis',
  rootDir: __dirname,
  // onnxruntime-node checks typed arrays against the main realm (see the environment's comment).
  testEnvironment: require.resolve('../../tools/jest/typed-array-environment.js'),
};
