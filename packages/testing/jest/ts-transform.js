'use strict';
// ts-jest, plus one thing: each compiled module gets a module-local alias of the global Math. Jest runs modules in a
// vm context, where every lookup of a global goes through the context's interceptors: the sound world's synthesis
// loops (Math.sin, Math.exp per sample) ran ~6x slower than under node. The alias makes those lookups local again,
// in tests only, so production code needs no `const Math = globalThis.Math` lines. It is inserted after the
// "use strict" directive on the first line, so line numbers (and source maps) are unchanged.
const { TsJestTransformer } = require('ts-jest');

const ALIAS = 'var Math = globalThis.Math;';
const VERSION = 'zsaudit-alias-math-1';

function aliasGlobals(code) {
  const directive = code.match(/^("use strict";|'use strict';)/);
  return directive ? directive[0] + ALIAS + code.slice(directive[0].length) : ALIAS + code;
}

class AliasingTsJestTransformer extends TsJestTransformer {
  process(sourceText, sourcePath, options) {
    const out = super.process(sourceText, sourcePath, options);
    return { ...out, code: aliasGlobals(out.code) };
  }

  async processAsync(sourceText, sourcePath, options) {
    const out = await super.processAsync(sourceText, sourcePath, options);
    return { ...out, code: aliasGlobals(out.code) };
  }

  getCacheKey(sourceText, sourcePath, options) {
    return `${super.getCacheKey(sourceText, sourcePath, options)}:${VERSION}`;
  }

  async getCacheKeyAsync(sourceText, sourcePath, options) {
    return `${await super.getCacheKeyAsync(sourceText, sourcePath, options)}:${VERSION}`;
  }
}

module.exports = { createTransformer: (config) => new AliasingTsJestTransformer(config) };
