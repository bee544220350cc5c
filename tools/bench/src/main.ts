/**
 * Benchmarks of zsaudit, each printed as ratios against a reference measured in the same run.
 * Run from the repository root (`npm run bench`) or from tools/bench (`npm run bench`, `nx run bench:bench`).
 *
 *   options: --python-mode=one|per-label   how the Python reference groups its regexes (default one)
 *            --repeats=N                   timed matching passes per side, median reported (default 5)
 *            --keep-temp                   keep the temporary corpus and outputs
 *            --sizes=N,M                   caption counts of the curation and csv corpora (default 50000,500000)
 *            --only=curation|csv|embedding|silhouette|tsne   run one benchmark (default all)
 *            --large                       also the 20,000-row silhouette and t-SNE cases
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { benchCsvRead, formatCsvTable } from './csv-read';
import { BENCH_ROOT, benchCuration, checkSizes, DEFAULT_SIZES, formatCurationTable } from './curation';

function main(): void {
  const args = process.argv.slice(2);
  const modeArg = args.find((a) => a.startsWith('--python-mode='))?.split('=')[1] ?? 'one';
  if (modeArg !== 'one' && modeArg !== 'per-label')
    throw new Error(`--python-mode must be one or per-label, not "${modeArg}"`);
  const repeats = Number(args.find((a) => a.startsWith('--repeats='))?.split('=')[1] ?? 5);
  if (!Number.isInteger(repeats) || repeats < 1) throw new Error('--repeats must be a whole number >= 1');
  const unknown = args.filter(
    (a) =>
      !a.startsWith('--python-mode=') &&
      !a.startsWith('--repeats=') &&
      !a.startsWith('--only=') &&
      !a.startsWith('--sizes=') &&
      a !== '--keep-temp' &&
      a !== '--large',
  );
  if (unknown.length) throw new Error(`unknown argument(s): ${unknown.join(' ')}`);

  const only = args.find((a) => a.startsWith('--only='))?.split('=')[1];
  const sizesArg = args.find((a) => a.startsWith('--sizes='))?.split('=')[1];
  const sizes = checkSizes(sizesArg === undefined ? DEFAULT_SIZES : sizesArg.split(',').map(Number));
  const benches = ['embedding', 'silhouette', 'tsne', 'csv', 'curation'];
  if (only !== undefined && !benches.includes(only))
    throw new Error(`--only must be one of ${benches.join(', ')}, not "${only}"`);
  // These import workspace packages: each runs in its own process with the workspace's source paths.
  const scripts: Record<string, string> = {
    embedding: 'embedding.ts',
    silhouette: 'analysis-silhouette.ts',
    tsne: 'analysis-tsne.ts',
  };
  for (const [name, script] of Object.entries(scripts)) {
    if (only !== undefined && only !== name) continue;
    const r = spawnSync(
      process.execPath,
      [
        '--require',
        require.resolve('tsx/cjs'),
        path.join(__dirname, script),
        ...(args.includes('--large') ? ['--large'] : []),
      ],
      // The child's tsx finds the workspace's tsconfig.json (its paths map @zsaudit/* to sources) from the cwd up.
      { stdio: 'inherit' },
    );
    if (r.status !== 0) throw new Error(`the ${name} bench failed`);
  }
  const resultsDir = path.join(BENCH_ROOT, 'results');
  const save = (name: string, result: unknown) => {
    fs.mkdirSync(resultsDir, { recursive: true });
    const file = path.join(resultsDir, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
    process.stdout.write(`\nwrote ${path.relative(process.cwd(), file) || file}\n`);
  };
  if (only === undefined || only === 'csv') {
    const result = benchCsvRead({ sizes });
    process.stdout.write(formatCsvTable(result) + '\n');
    save('csv', result);
  }
  if (only === undefined || only === 'curation') {
    const result = benchCuration({
      pythonMode: modeArg,
      repeats,
      keepTemp: args.includes('--keep-temp'),
      sizes,
    });
    process.stdout.write(formatCurationTable(result) + '\n');
    save('curation', result);
  }
}

try {
  main();
} catch (err) {
  process.stderr.write(`bench: ${(err as Error).message}\n`);
  process.exitCode = 1;
}
