import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { confusionSvg, esc50Baseline } from '@zsaudit/soundworld';

export function registerWorldBaseline(program: Command): void {
  program
    .command('world-baseline [world]')
    .description(
      "Score a simple baseline (log-mel statistics + nearest centroid, 5-fold CV) on a world's ESC-50-like set; " +
        'with --svg also draw its confusion matrix by acoustic family',
    )
    .option('--svg <file>', 'write the confusion matrix as an SVG picture')
    .action((world: string | undefined, o: { svg?: string }) => {
      const root = path.resolve(world ?? 'out/world');
      const esc50 = path.join(root, 'esc50');
      if (!fs.existsSync(path.join(esc50, 'meta/esc50.csv')))
        throw new Error(`${esc50}/meta/esc50.csv not found: generate the world first (zsaudit world)`);
      const r = esc50Baseline(esc50);
      console.log(
        `${r.clips} clips: accuracy ${r.accuracy.toFixed(3)} (folds ${r.perFold.map((f) => f.toFixed(3)).join(', ')}; chance 0.020), ` +
          `within-family share of ${r.errors} errors ${r.withinFamilyShare.toFixed(3)}`,
      );
      if (o.svg) {
        fs.mkdirSync(path.dirname(path.resolve(o.svg)), { recursive: true });
        fs.writeFileSync(o.svg, confusionSvg(r, `ESC-50-like set of ${root}: baseline confusions`));
        console.log(`wrote ${o.svg}`);
      }
    });
}
