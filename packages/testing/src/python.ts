/**
 * Test-only bridge to Python references (numpy, scipy, sklearn, torch, the csv module): runs scripts with
 * Debian's /usr/bin/python3 (the `python3` first on PATH cannot see Debian's packages) and exchanges float64
 * arrays through temporary files.
 *
 * When the interpreter or a module is missing, reference checks skip with a console.warn, except under CI
 * (`CI=true`), where a missing reference is a failure: the comparison is the point of those specs.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The interpreter used for references. */
export const PYTHON = '/usr/bin/python3';

export interface PythonStatus {
  ok: boolean;
  /** The modules' versions when ok, else why not. */
  reason: string;
}

const probed = new Map<string, PythonStatus>();

/** Whether {@link PYTHON} exists and imports every module of `modules` (e.g. `['numpy', 'scipy.stats']`). Probed once per list. */
export function pythonStatus(modules: readonly string[]): PythonStatus {
  const key = modules.join(',');
  const cached = probed.get(key);
  if (cached) return cached;
  let status: PythonStatus;
  if (!fs.existsSync(PYTHON)) status = { ok: false, reason: `${PYTHON} not found` };
  else {
    const script = [
      'import importlib',
      `mods = ${JSON.stringify(modules)}`,
      'vs = []',
      'for m in mods:',
      '    mod = importlib.import_module(m)',
      '    vs.append(m + " " + str(getattr(mod, "__version__", "")))',
      'print(", ".join(vs))',
    ].join('\n');
    const r = spawnSync(PYTHON, ['-c', script], { encoding: 'utf8' });
    status =
      r.status === 0
        ? { ok: true, reason: r.stdout.trim() }
        : {
            ok: false,
            reason: `${modules.join('/')} not importable by ${PYTHON}: ${(r.stderr || String(r.error)).trim().split('\n').pop()}`,
          };
  }
  probed.set(key, status);
  return status;
}

/**
 * `it` for tests that need a Python reference: the real `it` when the modules import; otherwise `it.skip` with a
 * warning, or, under CI=true, a test that fails with the reason.
 */
export function itWithPython(
  modules: readonly string[],
  name: string,
  fn: jest.ProvidesCallback,
  timeout?: number,
): void {
  const st = pythonStatus(modules);
  if (st.ok) it(name, fn, timeout);
  else if (process.env.CI === 'true')
    it(name, () => {
      throw new Error(`${modules.join('/')} reference required under CI but unavailable: ${st.reason}`);
    });
  else {
    console.warn(`skipping "${name}": ${modules.join('/')} reference unavailable (${st.reason})`);
    it.skip(name, fn, timeout);
  }
}

/** {@link itWithPython} for numpy. */
export const itWithNumpy = (name: string, fn: jest.ProvidesCallback, timeout?: number) =>
  itWithPython(['numpy'], name, fn, timeout);
/** {@link itWithPython} for numpy + scipy. */
export const itWithScipy = (name: string, fn: jest.ProvidesCallback, timeout?: number) =>
  itWithPython(['numpy', 'scipy.stats', 'scipy.special'], name, fn, timeout);
/** {@link itWithPython} for numpy + sklearn. */
export const itWithSklearn = (name: string, fn: jest.ProvidesCallback, timeout?: number) =>
  itWithPython(['numpy', 'sklearn.manifold'], name, fn, timeout);

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

/** Runs `script` with `argv` and parses its standard output as JSON. */
export function runPythonJson<T = unknown>(script: string, argv: readonly string[] = []): T {
  const r = spawnSync(PYTHON, ['-c', script, ...argv], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`python reference failed (${r.status}): ${r.stderr || r.error}`);
  return JSON.parse(r.stdout) as T;
}
