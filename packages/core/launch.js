'use strict';
// The launcher behind each zsaudit bin: inside the workspace a package runs its TypeScript sources through tsx (a
// source edit never needs a rebuild, and @zsaudit/* resolve to their sources through the root tsconfig.json's
// paths); an installed copy without src/ runs dist/. Plain JavaScript: it must run before any TypeScript loader.
const fs = require('node:fs');
const path = require('node:path');

/** The nearest folder at or above `dir` holding a tsconfig.json that maps @zsaudit/* (the workspace root), or null. */
function workspaceTsconfig(dir) {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const f = path.join(d, 'tsconfig.json');
    if (fs.existsSync(f) && fs.readFileSync(f, 'utf8').includes('"@zsaudit/core"')) return f;
    if (path.dirname(d) === d) return null;
  }
}

/**
 * Runs `main()` of `<packageDir>/src/<entry>.ts` (workspace) or `<packageDir>/dist/<entry>.js` (installed).
 * @param {string} packageDir the package's folder
 * @param {string} entry the entry module, without extension
 */
function launch(packageDir, entry) {
  const src = path.join(packageDir, 'src', `${entry}.ts`);
  if (fs.existsSync(src)) {
    // tsx looks for tsconfig.json from the cwd up; name the workspace's own so a bin started from any folder
    // resolves the same sources (tsx's register() takes no tsconfig option).
    const tsconfig = workspaceTsconfig(packageDir);
    if (tsconfig) process.env.TSX_TSCONFIG_PATH ??= tsconfig;
    require('tsx/cjs');
    return require(src).main();
  }
  return require(path.join(packageDir, 'dist', `${entry}.js`)).main();
}

module.exports = { launch };
