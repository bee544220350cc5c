/**
 * Test-only bridge to scikit-learn references (t-SNE, trustworthiness). It reuses the models package's numpy bridge
 * (float64 arrays through temporary files, Debian's /usr/bin/python3) and adds a probe for sklearn.
 *
 * When python3, numpy or sklearn is missing, reference checks skip with a console.warn, except under CI (`CI=true`),
 * where a missing reference is a failure: the comparison is the point of those specs.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { PYTHON, runNumpy } from '../../../models/src/testing/numpy';

export { runNumpy, PYTHON };

let probed: { ok: boolean; reason: string } | null = null;

/** Whether {@link PYTHON} exists and imports numpy and sklearn; `reason` explains a failure. Probed once. */
export function sklearnStatus(): { ok: boolean; reason: string } {
  if (probed) return probed;
  if (!fs.existsSync(PYTHON)) probed = { ok: false, reason: `${PYTHON} not found` };
  else {
    const r = spawnSync(PYTHON, ['-c', 'import numpy, sklearn.manifold; print(sklearn.__version__)'], {
      encoding: 'utf8',
    });
    probed =
      r.status === 0
        ? { ok: true, reason: `sklearn ${r.stdout.trim()}` }
        : {
            ok: false,
            reason: `numpy/sklearn not importable by ${PYTHON}: ${(r.stderr || String(r.error)).trim().split('\n').pop()}`,
          };
  }
  return probed;
}

/**
 * `it` for tests that need the sklearn reference: the real `it` when sklearn is there; otherwise `it.skip` with a
 * warning, or, under CI=true, a test that fails with the reason.
 */
export function itWithSklearn(name: string, fn: jest.ProvidesCallback, timeout?: number): void {
  const st = sklearnStatus();
  if (st.ok) it(name, fn, timeout);
  else if (process.env.CI === 'true')
    it(name, () => {
      throw new Error(`sklearn reference required under CI but unavailable: ${st.reason}`);
    });
  else {
    console.warn(`skipping "${name}": sklearn reference unavailable (${st.reason})`);
    it.skip(name, fn, timeout);
  }
}
