import * as path from 'node:path';

/** This package's folder: one level above src/ (tsx, ts-jest) and dist/ (after tsc) alike. */
export const PACKAGE_ROOT = path.resolve(__dirname, '..');

/** The package's data files (the lexicon's words), shipped with it (`files` in package.json). */
export const DATA_DIR = path.join(PACKAGE_ROOT, 'data');
