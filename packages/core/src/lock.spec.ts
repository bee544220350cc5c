import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { tempDir } from '@zsaudit/testing';
import { acquireLock, lockFileOf, LockHeldError, withLock } from './lock';
import { startHolder, stop } from './testing/spawn';

const tmp = tempDir('zsaudit-core-lock-');
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('acquireLock', () => {
  it('is exclusive within a process, released once, and names the holder', () => {
    const target = path.join(tmp, 'a.arrow');
    const lock = acquireLock(target, { command: 'embed-audio test' });
    expect(fs.existsSync(lockFileOf(target))).toBe(true);
    expect(() => acquireLock(target)).toThrow(LockHeldError);
    try {
      acquireLock(target);
    } catch (err) {
      const m = (err as Error).message;
      expect(m).toContain(target);
      expect(m).toContain(`pid ${process.pid}`);
      expect(m).toContain(os.hostname());
      expect(m).toContain('embed-audio test');
      expect(m).toContain(lockFileOf(target));
    }
    lock.release();
    lock.release();
    expect(fs.existsSync(lockFileOf(target))).toBe(false);
    acquireLock(target).release();
  });

  it('another process holding the lock makes this one refuse; once it is killed the stale lock is taken over', async () => {
    const target = path.join(tmp, 'shared.arrow');
    const child = await startHolder(['lock', target]);
    expect(() => acquireLock(target)).toThrow(
      new RegExp(`pid ${child.pid} on ${os.hostname()}.*hold\\.ts test holder`),
    );
    await stop(child, 'SIGKILL');
    // SIGKILL skips every cleanup: the lock file is still there, but its process is gone.
    expect(fs.existsSync(lockFileOf(target))).toBe(true);
    const lock = acquireLock(target);
    expect(JSON.parse(fs.readFileSync(lock.file, 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('a child stopped with SIGTERM releases its lock on the way out', async () => {
    const target = path.join(tmp, 'term.arrow');
    const child = await startHolder(['lock', target]);
    expect(await stop(child, 'SIGTERM')).toBe(143);
    expect(fs.existsSync(lockFileOf(target))).toBe(false);
  });

  it('a lock of another host is never taken as stale', () => {
    const target = path.join(tmp, 'remote.arrow');
    const holder = {
      pid: 999999,
      host: 'other-host',
      started: '2026-01-01T00:00:00Z',
      processStart: null,
      command: 'x',
    };
    fs.writeFileSync(lockFileOf(target), JSON.stringify(holder));
    expect(() => acquireLock(target)).toThrow(/pid 999999 on other-host/);
    fs.rmSync(lockFileOf(target));
  });

  it('withLock releases after the function, also when it throws', async () => {
    const target = path.join(tmp, 'with.arrow');
    await expect(withLock(target, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await withLock(target, () => 7)).toBe(7);
    expect(fs.existsSync(lockFileOf(target))).toBe(false);
  });
});
