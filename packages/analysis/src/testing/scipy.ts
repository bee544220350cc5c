/**
 * Test-only bridge to scipy/numpy references for the analysis specs. It reuses the models package's numpy bridge
 * (float64 arrays through temporary files, Debian's /usr/bin/python3) and adds a probe for scipy.
 *
 * When python3, numpy or scipy is missing, reference checks skip with a console.warn, except under CI (`CI=true`),
 * where a missing reference is a failure: the comparison is the point of those specs.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { PYTHON, runNumpy } from '../../../models/src/testing/numpy';

export { runNumpy, PYTHON };

let probed: { ok: boolean; reason: string } | null = null;

/** Whether {@link PYTHON} exists and imports numpy and scipy; `reason` explains a failure. Probed once. */
export function scipyStatus(): { ok: boolean; reason: string } {
  if (probed) return probed;
  if (!fs.existsSync(PYTHON)) probed = { ok: false, reason: `${PYTHON} not found` };
  else {
    const r = spawnSync(
      PYTHON,
      ['-c', 'import numpy, scipy.stats, scipy.special; print(scipy.__version__)'],
      {
        encoding: 'utf8',
      },
    );
    probed =
      r.status === 0
        ? { ok: true, reason: `scipy ${r.stdout.trim()}` }
        : {
            ok: false,
            reason: `numpy/scipy not importable by ${PYTHON}: ${(r.stderr || String(r.error)).trim().split('\n').pop()}`,
          };
  }
  return probed;
}

/**
 * `it` for tests that need the scipy reference: the real `it` when scipy is there; otherwise `it.skip` with a
 * warning, or, under CI=true, a test that fails with the reason.
 */
export function itWithScipy(name: string, fn: jest.ProvidesCallback, timeout?: number): void {
  const st = scipyStatus();
  if (st.ok) it(name, fn, timeout);
  else if (process.env.CI === 'true')
    it(name, () => {
      throw new Error(`scipy reference required under CI but unavailable: ${st.reason}`);
    });
  else {
    console.warn(`skipping "${name}": scipy reference unavailable (${st.reason})`);
    it.skip(name, fn, timeout);
  }
}

/** Deterministic pseudo-random floats in [-1, 1), shared with the models package's specs. */
export { testFloats } from '../../../models/src/testing/random';
