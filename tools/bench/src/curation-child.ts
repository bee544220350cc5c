/**
 * The measured side of the curation benchmark. Each mode runs in its own process, so its peak RSS is its own:
 *
 *   node --import tsx curation-child.ts curate <train.csv> <outDir>
 *     the whole curation stage (runCuration: load CSV + match + write Arrow + summary), text-only, from a cold start;
 *   node --import tsx curation-child.ts match <train.csv> <flagged.json> <regexes.json> <repeats>
 *     loads the captions (loadAudioCaps) and builds the matcher, then times `repeats` passes of LeakMatcher.match
 *     over every caption after one warm-up pass (the median is reported); afterwards, outside the measurement, writes the indices of the captions it flagged
 *     and the regular expressions of the Python reference, built from the same compiled patterns.
 *
 *   node --import tsx curation-child.ts idle
 *     imports @zsaudit/data-curation and does nothing: the peak RSS of node + tsx + the package's imports at rest.
 *
 * Peak RSS is VmHWM of /proc/self/status (kilobytes), read right after the measured work; where there is no /proc,
 * process.resourceUsage().maxRSS. (getrusage's maxRSS of a spawned process also counts pages touched between
 * fork and exec, a few MB that depend on the parent; VmHWM is this process image's own.) Prints one JSON line.
 */
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import {
  buildLeakMatcher,
  curationConfigSchema,
  loadAudioCaps,
  loadFormsTable,
  loadLabelSet,
  runCuration,
  type CompiledPattern,
} from '@zsaudit/data-curation';
import { peakRssKb } from './rss';

export interface CurateResult {
  captions: number;
  /** Captions runCuration found leaking. */
  flagged: number;
  /** runCuration: load CSV + match + write Arrow + summary. */
  curationMs: number;
  maxRssKb: number;
  ruMaxRssKb: number;
}

export interface MatchResult {
  captions: number;
  strictness: string;
  patterns: number;
  /** loadAudioCaps on the CSV (csv-parse + clip records), for the breakdown of the curation time. */
  loadMs: number;
  /** Median of the timed passes of matcher.match over every caption, after a warm-up pass. */
  matchMs: number;
  passMs: number[];
  /** Captions with at least one hit of status `leak` (what curation removes). */
  flagged: number;
  /** Captions with any hit, look-alikes and allowlisted ones included. */
  anyHit: number;
  hits: number;
  maxRssKb: number;
  ruMaxRssKb: number;
}

/** Python `re` source for one compiled pattern: slots as word alternations, gaps as up to N words in between. */
export function patternRegex(p: CompiledPattern): string {
  const esc = (w: string) => w.replace(/[^a-z0-9_]/g, (c) => `\\${c}`);
  const slot = (s: ReadonlySet<string>) =>
    `\\b(?:${[...s]
      .sort((a, b) => b.length - a.length || a.localeCompare(b))
      .map(esc)
      .join('|')})\\b`;
  let out = slot(p.slots[0]);
  for (let i = 1; i < p.slots.length; i++) {
    const gap = p.gaps[i - 1];
    out += gap > 0 ? `(?:\\W+\\w+){0,${gap}}?\\W+` : '\\W+';
    out += slot(p.slots[i]);
  }
  return out;
}

const config = (csvFile: string) =>
  curationConfigSchema.parse({ corpora: [{ corpus: 'audiocaps', input: csvFile }] });

async function curate(csvFile: string, outDir: string): Promise<CurateResult> {
  const t0 = performance.now();
  const summary = await runCuration(config(csvFile), { outDir });
  const curationMs = performance.now() - t0;
  const rss = peakRssKb();
  const split = summary.corpora.audiocaps?.splits.train;
  if (!split) throw new Error('runCuration wrote no audiocaps train split');
  return { captions: split.texts.dirty, flagged: split.texts.leaking, curationMs, ...rss };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function match(csvFile: string, flaggedFile: string, regexFile: string, repeats: number): MatchResult {
  // The matcher runCuration builds: default label set and forms table, the config's default strictness (a list
  // of levels counts its first, the run's strictness, whose leaking texts the summary reports).
  const labels = loadLabelSet().labels.map((l) => l.name);
  const strictness = config(csvFile).strictness;
  const matcher = buildLeakMatcher(labels, loadFormsTable().table, {
    strictness: Array.isArray(strictness) ? strictness[0] : strictness,
  });
  const t0 = performance.now();
  const texts = loadAudioCaps(csvFile).clips.flatMap((c) => c.texts.map((t) => t.text));
  const loadMs = performance.now() - t0;
  for (const t of texts) matcher.match(t); // warm-up
  // Every pass does the same work: match each caption, note whether it leaks; the last pass's counts are kept.
  let flaggedIdx: number[] = [];
  let anyHit = 0;
  let hits = 0;
  const passMs: number[] = [];
  for (let pass = 0; pass < repeats; pass++) {
    flaggedIdx = [];
    anyHit = 0;
    hits = 0;
    const t1 = performance.now();
    for (let i = 0; i < texts.length; i++) {
      const h = matcher.match(texts[i]);
      if (h.length === 0) continue;
      anyHit++;
      hits += h.length;
      if (h.some((x) => x.status === 'leak')) flaggedIdx.push(i);
    }
    passMs.push(performance.now() - t1);
  }
  const matchMs = median(passMs);
  const rss = peakRssKb();

  fs.writeFileSync(flaggedFile, JSON.stringify(flaggedIdx));
  fs.writeFileSync(
    regexFile,
    JSON.stringify({
      strictness: matcher.strictness,
      patterns: matcher.patterns.map((p) => ({
        label: p.label,
        level: p.level,
        source: p.source,
        regex: patternRegex(p),
      })),
    }),
  );
  return {
    captions: texts.length,
    strictness: matcher.strictness,
    patterns: matcher.patterns.length,
    loadMs,
    matchMs,
    passMs,
    flagged: flaggedIdx.length,
    anyHit,
    hits,
    ...rss,
  };
}

async function main(): Promise<CurateResult | MatchResult | ReturnType<typeof peakRssKb>> {
  const [mode, ...args] = process.argv.slice(2);
  if (mode === 'idle' && args.length === 0) return peakRssKb();
  if (mode === 'curate' && args.length === 2) return curate(args[0], args[1]);
  if (mode === 'match' && args.length === 4) return match(args[0], args[1], args[2], Number(args[3]));
  throw new Error(
    'usage: curation-child.ts idle | curate <train.csv> <outDir> | match <train.csv> <flagged.json> <regexes.json> <repeats>',
  );
}

void main().then((result) => process.stdout.write(JSON.stringify(result) + '\n'));
