// Shared jest settings: ts-jest on CommonJS, workspace packages resolved to their sources (the same map as the root
// tsconfig.json's paths) so tests never run against a stale dist/, and one test environment for every project.
const path = require('node:path');
const { paths } = require('./tsconfig.json').compilerOptions;

const moduleNameMapper = Object.fromEntries(
  Object.entries(paths).map(([name, [target]]) => [`^${name}$`, path.join(__dirname, target)]),
);

module.exports = {
  // The main realm's typed arrays (onnxruntime-node checks them) and Math (fast in hot loops), see the file.
  testEnvironment: path.join(__dirname, 'packages/testing/jest/typed-array-environment.js'),
  // ts-jest with a module-local Math alias (see the file: global lookups are slow in jest's vm context).
  transform: {
    '^.+\\.ts$': [
      path.join(__dirname, 'packages/testing/jest/ts-transform.js'),
      { tsconfig: '<rootDir>/tsconfig.json', diagnostics: { warnOnly: false } },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['**/?(*.)spec.ts'],
  moduleNameMapper,
  testTimeout: 120000,
};
