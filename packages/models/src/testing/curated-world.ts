/**
 * Test fixture of the stage's specs: a procedural sound world, curated by the curation stage (ESC-50, Clotho and
 * MACS), the way `npm start` makes the stage's inputs. Not part of the build.
 */
import * as path from 'node:path';
import { curationConfigSchema, runCuration } from '@zsaudit/data-curation';
import { generateWorld, MICRO_WORLD, type WorldProfile } from '@zsaudit/soundworld';

export { MICRO_WORLD };

/**
 * Generates a world under `<dir>/world` and curates it into `<dir>/curation`; returns both folders. `workers`: the
 * world's render threads (0, in this thread, suits {@link MICRO_WORLD}: threads cost more to start than it takes).
 */
export async function curatedWorld(
  dir: string,
  world: WorldProfile,
  seed: number,
  workers?: number,
): Promise<{ world: string; curation: string }> {
  const root = path.join(dir, 'world');
  await generateWorld({ seed, profile: world, out: root, workers });
  return { world: root, curation: await curateWorld(dir) };
}

/** Curates the world under `<dir>/world` into `<dir>/curation` (again, after a test changed the world); returns it. */
export async function curateWorld(dir: string): Promise<string> {
  const root = path.join(dir, 'world');
  const curation = path.join(dir, 'curation');
  await runCuration(
    curationConfigSchema.parse({
      esc50: { root: path.join(root, 'esc50') },
      corpora: [
        {
          corpus: 'clotho',
          input: path.join(root, 'clotho'),
          audio: path.join(root, 'clotho/audio/{split}'),
        },
        { corpus: 'macs', input: path.join(root, 'macs'), audio: path.join(root, 'macs/audio') },
      ],
    }),
    { outDir: curation },
  );
  return curation;
}
