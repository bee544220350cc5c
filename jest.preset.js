// Shared jest settings: ts-jest on CommonJS, and workspace packages resolved to their sources
// so tests never run against a stale dist/.
const path = require('node:path');

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: { warnOnly: false } }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['**/?(*.)spec.ts'],
  moduleNameMapper: {
    '^@zsaudit/soundworld$': path.join(__dirname, 'tools/soundworld/src/index.ts'),
    '^@zsaudit/([a-z-]+)$': path.join(__dirname, 'packages/$1/src/index.ts'),
  },
  testTimeout: 120000,
};
