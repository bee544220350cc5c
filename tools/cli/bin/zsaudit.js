#!/usr/bin/env node
'use strict';
// Inside the workspace the TypeScript sources run through tsx, so a source edit never needs a rebuild and the
// workspace packages resolve to their sources (tsconfig paths); an installed copy without src/ runs dist/.
const fs = require('node:fs');
const path = require('node:path');

const src = path.join(__dirname, '..', 'src', 'main.ts');
if (fs.existsSync(src)) {
  process.env.TSX_TSCONFIG_PATH ??= path.join(__dirname, '..', '..', '..', 'tsconfig.base.json');
  require('tsx/cjs');
  require(src).main();
} else {
  require(path.join(__dirname, '..', 'dist', 'main.js')).main();
}
