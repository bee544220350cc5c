import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readUtf8, tempPathFor, writeFileAtomic, writeJsonAtomic } from './files';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zsaudit-core-files-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('creates folders, replaces the file whole and leaves no temp file', () => {
    const file = path.join(tmp, 'a', 'b', 'x.txt');
    writeFileAtomic(file, 'one');
    writeFileAtomic(file, new Uint8Array([0x74, 0x77, 0x6f]));
    expect(fs.readFileSync(file, 'utf8')).toBe('two');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['x.txt']);
  });

  it('keeps the old file and removes its temp file when the rename fails', () => {
    const dir = path.join(tmp, 'clash');
    fs.mkdirSync(path.join(dir, 'target'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'target', 'keep'), 'x');
    // Renaming a file over a non-empty folder fails.
    expect(() => writeFileAtomic(path.join(dir, 'target'), 'data')).toThrow();
    expect(fs.readdirSync(dir)).toEqual(['target']);
    expect(fs.readFileSync(path.join(dir, 'target', 'keep'), 'utf8')).toBe('x');
  });

  it('names temp files after the process, in the target folder', () => {
    const t = tempPathFor('/some/dir/file.arrow');
    expect(path.dirname(t)).toBe('/some/dir');
    expect(path.basename(t)).toBe(`.zsaudit-tmp-${process.pid}-file.arrow`);
  });

  it('writes JSON with two-space indent and a final newline', () => {
    const file = path.join(tmp, 'v.json');
    writeJsonAtomic(file, { a: [1, 2] });
    expect(fs.readFileSync(file, 'utf8')).toBe('{\n  "a": [\n    1,\n    2\n  ]\n}\n');
  });
});

describe('readUtf8', () => {
  it('removes a BOM and reports the lines holding invalid bytes', () => {
    const file = path.join(tmp, 'bad.txt');
    fs.writeFileSync(
      file,
      Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from('ok\ncaf'),
        Buffer.from([0xe9]),
        Buffer.from('\nfine\n'),
      ]),
    );
    const { text, invalidLines } = readUtf8(file);
    expect(text.startsWith('ok\n')).toBe(true);
    expect([...invalidLines]).toEqual([2]);
    fs.writeFileSync(file, 'café ☕\n');
    expect(readUtf8(file)).toEqual({ text: 'café ☕\n', invalidLines: new Set() });
  });
});
