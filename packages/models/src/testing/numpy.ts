/**
 * Test-only bridge to an independent numpy reference: runs a Python script with Debian's /usr/bin/python3 and
 * exchanges float64 arrays through temporary files.
 *
 * When python3 or numpy is missing, specs skip the reference checks with a console.warn, except under CI
 * (`CI=true`), where a missing reference is a failure: the comparison is the point of those specs.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The interpreter used for numpy references. */
export const PYTHON = '/usr/bin/python3';

let probed: { ok: boolean; reason: string } | null = null;

/** Whether {@link PYTHON} exists and imports numpy; `reason` explains a failure. Probed once per process. */
export function numpyStatus(): { ok: boolean; reason: string } {
  if (probed) return probed;
  if (!fs.existsSync(PYTHON)) probed = { ok: false, reason: `${PYTHON} not found` };
  else {
    const r = spawnSync(PYTHON, ['-c', 'import numpy; print(numpy.__version__)'], { encoding: 'utf8' });
    probed =
      r.status === 0
        ? { ok: true, reason: `numpy ${r.stdout.trim()}` }
        : {
            ok: false,
            reason: `numpy not importable by ${PYTHON}: ${(r.stderr || String(r.error)).trim().split('\n').pop()}`,
          };
  }
  return probed;
}

/**
 * `it` for tests that need the numpy reference: the real `it` when numpy is there; otherwise `it.skip` with a
 * warning, or, under CI=true, a test that fails with the reason.
 */
export function itWithNumpy(name: string, fn: jest.ProvidesCallback, timeout?: number): void {
  const st = numpyStatus();
  if (st.ok) it(name, fn, timeout);
  else if (process.env.CI === 'true')
    it(name, () => {
      throw new Error(`numpy reference required under CI but unavailable: ${st.reason}`);
    });
  else {
    console.warn(`skipping "${name}": numpy reference unavailable (${st.reason})`);
    it.skip(name, fn, timeout);
  }
}

/**
 * Runs `script` with `ins` (list of 1-D float64 numpy arrays) and `args` (dict parsed from JSON) defined; the script
 * must set `outs` to a list of arrays, returned flattened as Float64Arrays (shapes in `shapes`).
 */
export function runNumpy(
  script: string,
  inputs: ArrayLike<number>[],
  args: Record<string, unknown> = {},
): { outs: Float64Array[]; shapes: number[][] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zsaudit-numpy-'));
  try {
    inputs.forEach((a, i) =>
      fs.writeFileSync(path.join(dir, `in${i}.f64`), Buffer.from(Float64Array.from(a).buffer)),
    );
    const prelude = [
      'import json, sys, os',
      'import numpy as np',
      `_dir = ${JSON.stringify(dir)}`,
      `ins = [np.fromfile(os.path.join(_dir, "in%d.f64" % i), dtype="<f8") for i in range(${inputs.length})]`,
      `args = json.loads(${JSON.stringify(JSON.stringify(args))})`,
    ].join('\n');
    const epilogue = [
      'shapes = []',
      'for _i, _o in enumerate(outs):',
      '    _o = np.asarray(_o, dtype="<f8")',
      '    shapes.append(list(_o.shape))',
      '    _o.ravel().tofile(os.path.join(_dir, "out%d.f64" % _i))',
      'print(json.dumps(shapes))',
    ].join('\n');
    const r = spawnSync(PYTHON, ['-c', `${prelude}\n${script}\n${epilogue}`], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    if (r.status !== 0) throw new Error(`numpy reference failed (${r.status}): ${r.stderr || r.error}`);
    const shapes = JSON.parse(r.stdout.trim().split('\n').pop() as string) as number[][];
    const outs = shapes.map((_, i) => {
      const b = fs.readFileSync(path.join(dir, `out${i}.f64`));
      return new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
    });
    return { outs, shapes };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
