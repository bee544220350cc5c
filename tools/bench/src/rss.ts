import * as fs from 'node:fs';

/**
 * Peak resident set size of this process in KB: VmHWM of /proc/self/status, else getrusage's maxRSS.
 * (getrusage's maxRSS of a spawned process also counts pages touched between fork and exec, a few MB that depend
 * on the parent; VmHWM is this process image's own.)
 */
export function peakRssKb(): { maxRssKb: number; ruMaxRssKb: number } {
  const ruMaxRssKb = process.resourceUsage().maxRSS;
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (m) return { maxRssKb: Number(m[1]), ruMaxRssKb };
  } catch {
    // no /proc: fall back to getrusage
  }
  return { maxRssKb: ruMaxRssKb, ruMaxRssKb };
}
