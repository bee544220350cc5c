import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '@zsaudit/testing';
import {
  assertOutputNotInput,
  checkSafeName,
  isInside,
  portablePath,
  resolveInside,
  resolvePortable,
} from './paths';

const tmp = tempDir('zsaudit-core-paths-');
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('resolveInside', () => {
  const root = path.join(tmp, 'audio');
  it('resolves names under the root and refuses what climbs out or is absolute elsewhere', () => {
    expect(resolveInside(root, 'a.wav')).toBe(path.join(root, 'a.wav'));
    expect(resolveInside(root, 'sub/../b.wav')).toBe(path.join(root, 'b.wav'));
    expect(resolveInside(root, '..x.wav')).toBe(path.join(root, '..x.wav'));
    expect(resolveInside(root, '../../../outside.wav')).toBeNull();
    expect(resolveInside(root, 'sub/../../outside.wav')).toBeNull();
    expect(resolveInside(root, '/etc/passwd')).toBeNull();
    expect(resolveInside(root, path.join(root, 'c.wav'))).toBe(path.join(root, 'c.wav'));
    expect(resolveInside(root, '.')).toBeNull();
    expect(resolveInside(root, 'a\0.wav')).toBeNull();
  });
});

describe('isInside and assertOutputNotInput', () => {
  it('follow symlinks, so an output reached through a link into an input is refused', () => {
    const data = path.join(tmp, 'data');
    fs.mkdirSync(data, { recursive: true });
    fs.writeFileSync(path.join(data, 'x.wav'), 'RIFF');
    const link = path.join(tmp, 'link-to-data');
    fs.symlinkSync(data, link);
    expect(isInside(path.join(link, 'out.arrow'), data)).toBe(true);
    expect(isInside(path.join(tmp, 'dataset'), data)).toBe(false);
    expect(() => assertOutputNotInput(path.join(data, 'x.wav'), [data], '--out')).toThrow(
      `--out ${path.join(data, 'x.wav')} is inside the input ${data}: write it elsewhere`,
    );
    expect(() => assertOutputNotInput(path.join(link, 'x.wav'), [path.join(data, 'x.wav')])).toThrow(
      / is the input /,
    );
    expect(() =>
      assertOutputNotInput(path.join(tmp, 'out.arrow'), [data, path.join(data, 'x.wav')]),
    ).not.toThrow();
  });
});

describe('checkSafeName', () => {
  it('accepts file-name-safe names and names the source of a bad one', () => {
    for (const ok of ['cnn14', 'bert-base_v1.2', 'A'.repeat(128)])
      expect(() => checkSafeName(ok, 'm.json: name')).not.toThrow();
    for (const bad of ['../../../x', '.hidden', '-flag', 'a/b', 'a\\b', '', 'a..b', 'A'.repeat(129), 'é'])
      expect(() => checkSafeName(bad, 'm.json: name')).toThrow(/^m\.json: name: .* is not a safe name/);
  });
});

describe('portablePath', () => {
  it('is POSIX and relative, and resolves back from another location', () => {
    const base = path.join(tmp, 'study');
    expect(portablePath(base, path.join(base, 'out', 'world', 'a.wav'))).toBe('out/world/a.wav');
    expect(portablePath(base, path.join(tmp, 'elsewhere', 'b.wav'))).toBe('../elsewhere/b.wav');
    expect(portablePath(base, base)).toBe('.');
    const moved = path.join(tmp, 'moved-study');
    expect(resolvePortable(moved, 'out/world/a.wav')).toBe(path.join(moved, 'out', 'world', 'a.wav'));
  });
});
