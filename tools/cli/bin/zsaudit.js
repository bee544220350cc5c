#!/usr/bin/env node
'use strict';
// Inside the workspace the TypeScript sources run through tsx, so a source edit never needs a rebuild and the
// workspace packages resolve to their sources through the root tsconfig.json's paths; an installed copy without
// src/ runs dist/.
const fs = require('node:fs');
const path = require('node:path');

const src = path.join(__dirname, '..', 'src', 'main.ts');
if (fs.existsSync(src)) {
  // tsx looks for tsconfig.json from the cwd up; name the workspace's own so the CLI resolves the same sources
  // when it is started from a folder outside the workspace (tsx's register() takes no tsconfig option).
  process.env.TSX_TSCONFIG_PATH ??= path.join(__dirname, '..', '..', '..', 'tsconfig.json');
  require('tsx/cjs');
  require(src).main();
} else {
  require(path.join(__dirname, '..', 'dist', 'main.js')).main();
}
