import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fingerprintPaths, sha256, sha256File, sourceFingerprint, stableJson } from './fingerprint';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zsaudit-core-fp-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('hashes', () => {
  it('sha256 matches the known digest of "abc", and sha256File the same bytes', () => {
    const abc = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
    expect(sha256('abc')).toBe(abc);
    const f = path.join(tmp, 'abc.txt');
    fs.writeFileSync(f, 'abc');
    expect(sha256File(f)).toBe(abc);
  });

  it('stableJson sorts keys at every depth and drops undefined', () => {
    expect(stableJson({ b: 1, a: { d: [2, { z: 1, y: 0 }], c: undefined } })).toBe(
      '{"a":{"d":[2,{"y":0,"z":1}]},"b":1}',
    );
  });
});

describe('fingerprintPaths', () => {
  it('hashes text and audio by content, and names missing paths', () => {
    const dir = path.join(tmp, 'data');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'a.csv'), 'x,y\n');
    fs.writeFileSync(path.join(dir, 'b.wav'), Buffer.alloc(10));
    const lines = fingerprintPaths([dir, path.join(tmp, 'nope')]);
    expect(lines[0]).toBe(`file ${path.join(dir, 'a.csv')} ${sha256('x,y\n')}`);
    expect(lines[1]).toBe(`audio ${path.join(dir, 'b.wav')} ${sha256(Buffer.alloc(10))}`);
    expect(lines[2]).toBe(`missing ${path.join(tmp, 'nope')}`);
  });

  it('with a base, prints the same lines in any clone location; an audio edit that keeps size and mtime shows', () => {
    const make = (root: string) => {
      fs.mkdirSync(path.join(root, 'audio'), { recursive: true });
      fs.writeFileSync(path.join(root, 'audio', 'x.wav'), Buffer.from([1, 2, 3, 4]));
      fs.writeFileSync(path.join(root, 'captions.csv'), 'id,text\n1,a dog\n');
      return root;
    };
    const one = make(path.join(tmp, 'clone-one'));
    const two = make(path.join(tmp, 'clone-two'));
    const fp = (root: string) =>
      fingerprintPaths([path.join(root, 'audio'), path.join(root, 'captions.csv')], { base: root });
    expect(fp(one)).toEqual(fp(two));
    expect(fp(one)[0]).toBe(`audio audio/x.wav ${sha256(Buffer.from([1, 2, 3, 4]))}`);
    const wav = path.join(two, 'audio', 'x.wav');
    const { atime, mtime } = fs.statSync(wav);
    fs.writeFileSync(wav, Buffer.from([9, 9, 9, 9]));
    fs.utimesSync(wav, atime, mtime);
    expect(Math.round(fs.statSync(wav).mtimeMs)).toBe(mtime.getTime());
    expect(fp(two)).not.toEqual(fp(one));
  });
});

describe('sourceFingerprint', () => {
  it('changes with a source or data file and ignores specs, files not included and clone location', () => {
    const make = (root: string) => {
      fs.mkdirSync(path.join(root, 'sub'), { recursive: true });
      fs.writeFileSync(path.join(root, 'a.ts'), 'export const a = 1;');
      fs.writeFileSync(path.join(root, 'sub', 'b.ts'), 'export const b = 2;');
      fs.writeFileSync(path.join(root, 'a.spec.ts'), 'test');
      fs.writeFileSync(path.join(root, 'index.ts'), 'export * from "./a";');
      return root;
    };
    const one = make(path.join(tmp, 'one', 'src'));
    const two = make(path.join(tmp, 'two', 'src'));
    const base = sourceFingerprint([one]);
    expect(sourceFingerprint([two])).toBe(base);
    fs.writeFileSync(path.join(two, 'a.spec.ts'), 'changed test');
    expect(sourceFingerprint([two])).toBe(base);
    const notIndex = (r: string) => r.endsWith('.ts') && !r.endsWith('.spec.ts') && r !== 'index.ts';
    const withoutIndex = sourceFingerprint([one], { include: notIndex });
    fs.writeFileSync(path.join(two, 'index.ts'), 'export * from "./sub/b";');
    expect(sourceFingerprint([two], { include: notIndex })).toBe(withoutIndex);
    fs.writeFileSync(path.join(two, 'sub', 'b.ts'), 'export const b = 3;');
    expect(sourceFingerprint([two], { include: notIndex })).not.toBe(withoutIndex);
    const json = (r: string) => r.endsWith('.json');
    fs.writeFileSync(path.join(one, 'lexicon.json'), '{"a":1}');
    const data = sourceFingerprint([one], { include: json });
    fs.writeFileSync(path.join(one, 'lexicon.json'), '{"a":2}');
    expect(sourceFingerprint([one], { include: json })).not.toBe(data);
  });
});
