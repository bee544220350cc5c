/**
 * A child process for the lock and output-set specs: `node -r tsx/cjs hold.ts <lock|stage> <target> [temp file]`
 * takes the lock of <target> (or begins a staged output set in it and writes one staged file), prints "held" and
 * waits until it is killed.
 */
import * as fs from 'node:fs';
import { acquireLock } from '../lock';
import { StagedOutput } from '../output-set';
import { tempPathFor } from '../files';

const [mode, target, extra] = process.argv.slice(2);
if (mode === 'lock') {
  acquireLock(target, { command: 'hold.ts test holder' });
} else {
  const staged = StagedOutput.begin(target, 'test');
  fs.writeFileSync(staged.path('new.txt'), 'half of a new set');
  if (extra) fs.writeFileSync(tempPathFor(extra), 'half-written');
}
process.stdout.write('held\n');
setInterval(() => undefined, 1000);
