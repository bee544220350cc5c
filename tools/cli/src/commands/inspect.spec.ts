/**
 * `zsaudit inspect`: its flags, and Arrow files that are garbage, empty or cut short (at any byte, and at a record
 * batch boundary, which apache-arrow alone reads as a shorter table) each give one line naming the file.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { tableFromArrays, tableFromIPC, tableToIPC } from 'apache-arrow';
import { runZsaudit } from '../testing/run-in-process';
import { arrowFramingProblem } from '@zsaudit/core';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zsaudit-inspect-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A table of three record batches of 50 rows. */
function threeBatches(count = 3) {
  const parts = Array.from({ length: count }, (_, k) =>
    tableFromArrays({
      id: Int32Array.from({ length: 50 }, (_, i) => i + 50 * k),
      value: Float64Array.from({ length: 50 }, (_, i) => i / 3),
    }),
  );
  return parts[0].concat(...parts.slice(1));
}

const write = (name: string, bytes: Uint8Array | string) => {
  const f = path.join(tmp, name);
  fs.writeFileSync(f, bytes);
  return f;
};

describe('zsaudit inspect', () => {
  const file = tableToIPC(threeBatches(), 'file');
  const stream = tableToIPC(threeBatches(), 'stream');
  // The stream of the first two batches, less its end-of-stream marker: a prefix of the three-batch stream.
  const atBoundary = stream.subarray(0, tableToIPC(threeBatches(2), 'stream').length - 8);

  it('shows a whole Arrow file or stream', async () => {
    for (const [name, bytes] of [
      ['whole.arrow', file],
      ['whole.arrows', stream],
    ] as const) {
      const r = await runZsaudit(['inspect', write(name, bytes), '-n', '1']);
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toContain('rows: 150');
      expect(r.stdout).toContain('first 1 row(s):');
    }
  });

  it('names a garbage, empty or truncated file in one line', async () => {
    // What apache-arrow alone makes of a stream cut after its second batch: 100 rows, no error.
    expect(tableFromIPC(atBoundary).numRows).toBe(100);
    const cases: [string, Uint8Array | string, string][] = [
      ['empty.arrow', '', 'empty file'],
      ['garbage.arrow', 'id,value\n1,2\n', 'not an Arrow IPC file (no "ARROW1" magic) nor a complete stream'],
      ['no-footer.arrow', file.subarray(0, file.length - 4), 'truncated Arrow file'],
      ['half.arrow', file.subarray(0, file.length >> 1), 'truncated Arrow file'],
      ['boundary.arrows', atBoundary, 'truncated Arrow stream (its end-of-stream marker is missing)'],
    ];
    for (const [name, bytes, problem] of cases) {
      const f = write(name, bytes);
      const r = await runZsaudit(['inspect', f]);
      expect(r.exitCode).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(`zsaudit: ${f}: ${problem}`);
    }
    const folder = await runZsaudit(['inspect', tmp]);
    expect(folder.stderr).toBe(`zsaudit: ${tmp}: not a file (an Arrow table is expected)`);
    const missing = await runZsaudit(['inspect', path.join(tmp, 'absent.arrow')]);
    expect(missing.stderr).toBe(`zsaudit: ${path.join(tmp, 'absent.arrow')}: no such Arrow file`);
  });

  it('finds every truncation of a file and a stream by their framing', () => {
    for (const bytes of [file, stream]) {
      expect(arrowFramingProblem(bytes)).toBeNull();
      for (let n = 0; n < bytes.length; n++) expect(arrowFramingProblem(bytes.subarray(0, n))).not.toBeNull();
    }
  });

  it.each([['abc'], ['-1'], ['1.5'], ['']])('refuses --rows %j before reading the file', async (rows) => {
    const r = await runZsaudit(['inspect', path.join(tmp, 'absent.arrow'), '--rows', rows]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(`zsaudit: --rows: expected an integer >= 0, got "${rows}"`);
  });
});
