/**
 * Two `zsaudit-curation curate` processes on one output folder, and one killed part-way, through the bin as users
 * run it. The first run is held in place by a label file that is a named pipe: it has locked the folder and opened
 * its staging folder, and waits for the pipe's writer, which never comes.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lockFileOf, readOutputSet } from '@zsaudit/core';
import { readCuratedClips } from './manifests';
import { runCuration } from './run';
import { fixtureTrees } from './testing/fixtures';
import { folderState, writeStudy } from './testing/study';

const BIN = path.resolve(__dirname, '../bin/zsaudit-curation.js');
const { tmp } = fixtureTrees('curation-interrupt');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `ok()` holds, up to `ms`. */
async function waitFor(ok: () => boolean, ms: number, what: string): Promise<void> {
  for (const end = Date.now() + ms; !ok(); await sleep(50))
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
}

const describeOnPosix = process.platform === 'win32' ? describe.skip : describe;

describeOnPosix('curate on a folder another curate holds, and a curate killed part-way', () => {
  it('the second run refuses naming the holder; after a SIGKILL the old set is intact and the next run cleans up', async () => {
    const root = path.join(tmp, 'study');
    const config = writeStudy(root);
    const out = path.join(root, 'out/curation');
    await runCuration(config, { outDir: out, baseDir: root });
    const before = folderState(out);

    const fifo = path.join(root, 'labels.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const args = ['curate', '--corpus', 'clotho', '--input', 'captions', '--audio', 'audio/{split}'];
    const holder = spawn(process.execPath, [BIN, ...args, '--labels', fifo, '--out', out], {
      cwd: root,
      stdio: 'ignore',
    });
    const exited = new Promise<void>((resolve) => holder.on('exit', () => resolve()));
    try {
      await waitFor(() => fs.existsSync(lockFileOf(out)), 20000, 'the first run to lock the output folder');
      const second = spawnSync(process.execPath, [BIN, ...args, '--out', out], {
        cwd: root,
        encoding: 'utf8',
      });
      expect(second.status).toBe(1);
      expect(second.stderr).toMatch(
        new RegExp(`^zsaudit-curation: ${out} is being written by pid ${holder.pid} on .* since `),
      );
      expect(second.stderr).toContain(lockFileOf(out));
    } finally {
      holder.kill('SIGKILL');
      await exited;
    }

    // Killed with the lock taken and its staging folder open: both are left, the previous set is not touched.
    const leftovers = fs.readdirSync(out).filter((n) => n.startsWith('.zsaudit-staging-'));
    expect(leftovers).toEqual([`.zsaudit-staging-${holder.pid}`]);
    expect(fs.existsSync(lockFileOf(out))).toBe(true);
    const { [`${leftovers[0]}`]: _staging, ...rest } = folderState(out);
    expect(rest).toEqual(before);
    expect(readCuratedClips(path.join(out, 'clotho.development.dirty.arrow')).clips).toHaveLength(3);
    // A half-written temp file of the killed process, as an atomic write cut short leaves it.
    const temp = path.join(out, `.zsaudit-tmp-${holder.pid}-esc50.arrow`);
    fs.writeFileSync(temp, 'ARROW1 cut short');

    // The next run takes over the stale lock, removes the leftovers and commits a complete set.
    const next = spawnSync(process.execPath, [BIN, ...args, '--out', out], { cwd: root, encoding: 'utf8' });
    expect(next.stderr).not.toMatch(/zsaudit-curation:/);
    expect(next.status).toBe(0);
    expect(fs.existsSync(lockFileOf(out))).toBe(false);
    expect(fs.existsSync(temp)).toBe(false);
    expect(fs.readdirSync(out).filter((n) => n.startsWith('.zsaudit-'))).toEqual(['.zsaudit-set.json']);
    // --corpus clotho: the set is Clotho's alone now, ESC-50's tables of the config run are gone.
    expect(Object.keys(readOutputSet(out, 'curation').files).sort()).toEqual([
      'clotho.development.clean.arrow',
      'clotho.development.dirty.arrow',
      'clotho.development.leaks.arrow',
      'clotho.excluded.arrow',
      'curation-summary.json',
    ]);
  });
});
