import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CurateResult, MatchResult } from './curation-child';
import { readClothoCaptions, writeAudioCapsTrain } from './corpus';

/** tools/bench, from src/ whichever folder the bench was started in. */
export const BENCH_ROOT = path.resolve(__dirname, '..');
export const REPO_ROOT = path.resolve(BENCH_ROOT, '..', '..');

/** AudioCaps' train split: 49,838 captions in the release; rounded up. */
export const AUDIOCAPS_TRAIN_SIZE = 50_000;
/** An AudioSet-caption-scale corpus (ten times AudioCaps' train split). */
export const LARGE_CORPUS_SIZE = 500_000;
export const DEFAULT_SIZES = [AUDIOCAPS_TRAIN_SIZE, LARGE_CORPUS_SIZE] as const;
export const SEED = 1;
export const PYTHON = process.env.ZSAUDIT_BENCH_PYTHON ?? '/usr/bin/python3';
/** ../shared/data/clotho beside the workspace root (tools/bench/src -> 4 levels up). */
export const CLOTHO_DIR =
  process.env.ZSAUDIT_BENCH_CLOTHO_DIR ?? path.resolve(__dirname, '../../../../shared/data/clotho');

/** What the issue asks of curation (issue 12): both checked and printed by the bench, never by a test. */
export const TARGETS = {
  /** ours / reference captions per second, end to end, at every size: at least this. */
  endToEndSpeed: 1.0,
  /** ours' peak RSS (runCuration) at the largest size / at the smallest: at most this. */
  peakRssGrowth: 2.0,
} as const;

export interface PythonResult {
  python: string;
  mode: string;
  regexes: number;
  patterns: number;
  captions: number;
  readMs: number;
  compileMs: number;
  /** Median of the timed passes. */
  matchMs: number;
  passMs: number[];
  /** read + compile + one (median) match pass. */
  totalMs: number;
  flagged: number;
  hits: number;
  maxRssKb: number;
  ruMaxRssKb: number;
}

/** One corpus size: ours and the reference on the same file. */
export interface CurationRun {
  corpus: { captions: number; bytes: number };
  ours: {
    /** Child 1: matching alone (load captions, build matcher, warm-up pass, timed passes). */
    match: MatchResult & { capsPerSec: number; processWallMs: number };
    /** Child 2: the whole curation stage, cold (runCuration: read CSV + match + write Arrow). */
    curation: CurateResult & { capsPerSec: number; processWallMs: number };
  };
  reference: PythonResult & { capsPerSecMatch: number; capsPerSecTotal: number; processWallMs: number };
  ratios: {
    /** ours / reference captions per second, matching alone: higher is better. */
    matchSpeed: number;
    /** ours (whole curation: read + match + write Arrow) / reference (read + compile + match): higher is better. */
    endToEndSpeed: number;
    /** ours (load captions + match) / reference (read captions + match) peak RSS: lower is better. */
    matchPeakRss: number;
    /** ours (whole curation) / reference peak RSS: lower is better. */
    curationPeakRss: number;
  };
  agreement: { both: number; oursOnly: number; referenceOnly: number; disagree: number };
}

export interface CurationBenchResult {
  bench: 'curation';
  date: string;
  host: { node: string; cpus: number; cpuModel: string; platform: string };
  corpus: { source: string; seed: number };
  /** Timed matching passes per side; the median is reported. */
  repeats: number;
  /** One per corpus size, smallest first. */
  runs: CurationRun[];
  /**
   * ours' peak RSS (runCuration) at the largest size / at the smallest, when more than one size ran: lower is
   * better, target TARGETS.peakRssGrowth.
   */
  peakRssGrowth: { from: number; to: number; ratio: number } | null;
  targets: typeof TARGETS;
  /** Peak RSS of each runtime at rest: node + tsx + the package's imports; python3 with re, csv, json, resource. */
  idle: { oursMaxRssKb: number; referenceMaxRssKb: number };
}

/** Runs a child process, fails with its stderr if it fails, returns its last stdout line parsed as JSON. */
export function runJsonChild<T>(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): { result: T; wallMs: number } {
  const t0 = process.hrtime.bigint();
  const p = spawnSync(cmd, args, { cwd: REPO_ROOT, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (p.error) throw new Error(`${cmd}: ${p.error.message}`);
  if (p.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited with ${p.status ?? p.signal}:\n${p.stderr}${p.stdout}`);
  }
  const last = p.stdout.trim().split('\n').pop() ?? '';
  try {
    return { result: JSON.parse(last) as T, wallMs };
  } catch {
    throw new Error(`${cmd} ${args.join(' ')} printed no JSON line:\n${p.stdout}\n${p.stderr}`);
  }
}

/**
 * Arguments that run one of the bench's TypeScript files in a fresh node: tsx's loader, resolving
 * `@zsaudit/data-curation` to its sources through the workspace tsconfig.json's paths (tsx finds it from the cwd up).
 */
export function tsxChildArgs(script: string, args: string[]): string[] {
  const tsxLoader = pathToFileURL(
    path.join(path.dirname(require.resolve('tsx/package.json')), 'dist', 'loader.mjs'),
  ).href;
  return ['--import', tsxLoader, path.join(__dirname, script), ...args];
}

/** Checks the sizes asked for: whole numbers of captions, at least one. */
export function checkSizes(sizes: readonly number[]): number[] {
  if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new Error(`corpus sizes must be whole numbers of captions >= 1, not ${sizes.join(',')}`);
  }
  return [...new Set(sizes)].sort((a, b) => a - b);
}

const readIndices = (file: string) => new Set(JSON.parse(fs.readFileSync(file, 'utf8')) as number[]);

/** Ours and the reference on one AudioCaps-format file of `size` captions written in `tmp`. */
function benchSize(
  tmp: string,
  captions: readonly string[],
  size: number,
  opts: { pythonMode: 'one' | 'per-label'; repeats: number },
): CurationRun {
  const dir = path.join(tmp, String(size));
  fs.mkdirSync(dir);
  const csvFile = path.join(dir, 'train.csv');
  writeAudioCapsTrain(csvFile, captions, size, SEED);
  const files = {
    out: path.join(dir, 'out'),
    oursFlagged: path.join(dir, 'ours.flagged.json'),
    refFlagged: path.join(dir, 'reference.flagged.json'),
    regexes: path.join(dir, 'regexes.json'),
  };
  const child = (args: string[]) => tsxChildArgs('curation-child.ts', args);
  const match = runJsonChild<MatchResult>(
    process.execPath,
    child(['match', csvFile, files.oursFlagged, files.regexes, String(opts.repeats)]),
  );
  const curation = runJsonChild<CurateResult>(process.execPath, child(['curate', csvFile, files.out]));
  if (
    curation.result.captions !== match.result.captions ||
    curation.result.flagged !== match.result.flagged
  ) {
    throw new Error(
      `${size} captions: runCuration flagged ${curation.result.flagged} of ${curation.result.captions} captions, ` +
        `the matcher pass ${match.result.flagged} of ${match.result.captions}`,
    );
  }
  // The outputs are not read again: free the disk before the reference runs.
  fs.rmSync(files.out, { recursive: true, force: true });

  const ref = runJsonChild<PythonResult>(PYTHON, [
    path.join(BENCH_ROOT, 'python', 'regex_matcher.py'),
    csvFile,
    files.regexes,
    files.refFlagged,
    `--mode=${opts.pythonMode}`,
    `--repeats=${opts.repeats}`,
  ]);
  if (ref.result.captions !== match.result.captions) {
    throw new Error(
      `${size} captions: ours read ${match.result.captions}, the reference ${ref.result.captions}`,
    );
  }

  const a = readIndices(files.oursFlagged);
  const b = readIndices(files.refFlagged);
  const both = [...a].filter((i) => b.has(i)).length;
  const n = match.result.captions;
  const perSec = (ms: number) => n / (ms / 1000);
  return {
    corpus: { captions: n, bytes: fs.statSync(csvFile).size },
    ours: {
      match: { ...match.result, capsPerSec: perSec(match.result.matchMs), processWallMs: match.wallMs },
      curation: {
        ...curation.result,
        capsPerSec: perSec(curation.result.curationMs),
        processWallMs: curation.wallMs,
      },
    },
    reference: {
      ...ref.result,
      capsPerSecMatch: perSec(ref.result.matchMs),
      capsPerSecTotal: perSec(ref.result.totalMs),
      processWallMs: ref.wallMs,
    },
    ratios: {
      matchSpeed: ref.result.matchMs / match.result.matchMs,
      endToEndSpeed: ref.result.totalMs / curation.result.curationMs,
      matchPeakRss: match.result.maxRssKb / ref.result.maxRssKb,
      curationPeakRss: curation.result.maxRssKb / ref.result.maxRssKb,
    },
    agreement: {
      both,
      oursOnly: a.size - both,
      referenceOnly: b.size - both,
      disagree: a.size + b.size - 2 * both,
    },
  };
}

/**
 * Curates AudioCaps-format corpora of each size (default 50,000 and 500,000 captions) sampled from the real Clotho
 * captions: ours (runCuration and LeakMatcher.match, in Node children) against a plain Python `re` matcher over
 * the same forms (in a Python child), one size after the other so that no two measured processes overlap.
 */
export function benchCuration(
  opts: {
    pythonMode?: 'one' | 'per-label';
    repeats?: number;
    keepTemp?: boolean;
    sizes?: readonly number[];
  } = {},
): CurationBenchResult {
  const repeats = opts.repeats ?? 5;
  const sizes = checkSizes(opts.sizes ?? DEFAULT_SIZES);
  const captions = readClothoCaptions(CLOTHO_DIR);
  if (!fs.existsSync(PYTHON))
    throw new Error(`the reference needs Python at ${PYTHON} (set ZSAUDIT_BENCH_PYTHON)`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zsaudit-bench-curation-'));
  try {
    const idle = runJsonChild<{ maxRssKb: number }>(
      process.execPath,
      tsxChildArgs('curation-child.ts', ['idle']),
    );
    const refIdle = runJsonChild<{ maxRssKb: number }>(PYTHON, [
      path.join(BENCH_ROOT, 'python', 'regex_matcher.py'),
      '--idle',
    ]);
    const runs = sizes.map((size) =>
      benchSize(tmp, captions, size, { pythonMode: opts.pythonMode ?? 'one', repeats }),
    );
    const first = runs[0].ours.curation.maxRssKb;
    const last = runs[runs.length - 1].ours.curation.maxRssKb;
    const cpus = os.cpus();
    return {
      bench: 'curation',
      date: new Date().toISOString(),
      host: {
        node: process.version,
        cpus: cpus.length,
        cpuModel: cpus[0]?.model ?? 'unknown',
        platform: `${os.platform()} ${os.release()}`,
      },
      corpus: {
        source: `Clotho captions (${captions.length}) sampled with replacement, mulberry32`,
        seed: SEED,
      },
      repeats,
      runs,
      peakRssGrowth: runs.length > 1 ? { from: first, to: last, ratio: last / first } : null,
      targets: TARGETS,
      idle: { oursMaxRssKb: idle.result.maxRssKb, referenceMaxRssKb: refIdle.result.maxRssKb },
    };
  } finally {
    if (!opts.keepTemp) fs.rmSync(tmp, { recursive: true, force: true });
    else process.stderr.write(`kept ${tmp}\n`);
  }
}

const fmt = (x: number, digits = 0) =>
  x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const mb = (kb: number) => fmt(kb / 1024, 1);

const verdict = (met: boolean) => (met ? 'met' : 'NOT MET');

/** Rows as columns padded to their widest cell, a rule under the first. */
function textTable(rows: string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length)));
  const line = (row: string[]) =>
    row
      .map((cell, c) => (cell ?? '').padEnd(widths[c]))
      .join('  ')
      .trimEnd();
  return [line(rows[0]), line(widths.map((w) => '-'.repeat(w))), ...rows.slice(1).map(line)];
}

/** The targets met and missed: end to end at every size, peak RSS growth when more than one size ran. */
export function curationTargets(r: CurationBenchResult): { name: string; met: boolean }[] {
  const out = r.runs.map((run) => ({
    name: `end to end at ${fmt(run.corpus.captions)} captions >= ${fmt(r.targets.endToEndSpeed, 2)}x`,
    met: run.ratios.endToEndSpeed >= r.targets.endToEndSpeed,
  }));
  if (r.peakRssGrowth) {
    out.push({
      name: `peak RSS growth <= ${fmt(r.targets.peakRssGrowth, 2)}x`,
      met: r.peakRssGrowth.ratio <= r.targets.peakRssGrowth,
    });
  }
  return out;
}

/** The result as small text tables, one per corpus size, each row with its target where it has one. */
export function formatCurationTable(r: CurationBenchResult): string {
  const first = r.runs[0];
  const out = [
    `curation: AudioCaps-format captions (${r.corpus.source}, seed ${r.corpus.seed}), ` +
      `${first.ours.match.patterns} patterns at ${first.ours.match.strictness}; ${r.host.cpus} CPU(s), node ${r.host.node}, ` +
      `python ${first.reference.python}; match only: median of ${r.repeats} passes`,
  ];
  for (const run of r.runs) {
    const { match, curation } = run.ours;
    const e2eTarget = r.targets.endToEndSpeed;
    const rows: string[][] = [
      [
        `${fmt(run.corpus.captions)} captions (${mb(run.corpus.bytes / 1024)} MB)`,
        'ours (TS)',
        `python re (${run.reference.mode === 'one' ? 'one alternation' : 'per label'})`,
        'ratio ours/ref',
        'target',
      ],
      [
        'match only, captions/s',
        fmt(match.capsPerSec),
        fmt(run.reference.capsPerSecMatch),
        `${fmt(run.ratios.matchSpeed, 2)}x (higher is better)`,
        '',
      ],
      [
        'end to end, captions/s',
        `${fmt(curation.capsPerSec)} (runCuration)`,
        `${fmt(run.reference.capsPerSecTotal)} (read+compile+match)`,
        `${fmt(run.ratios.endToEndSpeed, 2)}x (higher is better)`,
        `>= ${fmt(e2eTarget, 2)}x: ${verdict(run.ratios.endToEndSpeed >= e2eTarget)}`,
      ],
      [
        'peak RSS, MB: match only',
        mb(match.maxRssKb),
        mb(run.reference.maxRssKb),
        `${fmt(run.ratios.matchPeakRss, 2)}x (lower is better)`,
        '',
      ],
      [
        'peak RSS, MB: end to end',
        mb(curation.maxRssKb),
        mb(run.reference.maxRssKb),
        `${fmt(run.ratios.curationPeakRss, 2)}x (lower is better)`,
        '',
      ],
    ];
    if (r.peakRssGrowth && run === r.runs[r.runs.length - 1]) {
      rows.push([
        `peak RSS, MB: end to end, ours vs ours at ${fmt(first.corpus.captions)}`,
        mb(r.peakRssGrowth.to),
        `${mb(r.peakRssGrowth.from)} (ours at ${fmt(first.corpus.captions)})`,
        `${fmt(r.peakRssGrowth.ratio, 2)}x (lower is better)`,
        `<= ${fmt(r.targets.peakRssGrowth, 2)}x: ${verdict(r.peakRssGrowth.ratio <= r.targets.peakRssGrowth)}`,
      ]);
    }
    rows.push(
      ['captions flagged', `${fmt(match.flagged)} (leak)`, fmt(run.reference.flagged), '', ''],
      [
        'flagged by one only',
        `${fmt(run.agreement.oursOnly)} ours only`,
        `${fmt(run.agreement.referenceOnly)} ref only`,
        `${fmt(run.agreement.disagree)} disagree`,
        // The reference is the looser matcher: it may flag more, never a caption ours flags and it does not.
        `0 ours only: ${verdict(run.agreement.oursOnly === 0)}`,
      ],
    );
    out.push(
      '',
      ...textTable(rows),
      `runCuration ${fmt(curation.curationMs)} ms; alone, loading the CSV into clips takes about ${fmt(match.loadMs)} ms ` +
        `and matching ${fmt(match.matchMs)} ms warm. Python: read ${fmt(run.reference.readMs)} ms, ` +
        `compile ${fmt(run.reference.compileMs)} ms, match ${fmt(run.reference.matchMs)} ms.`,
    );
  }
  const targets = curationTargets(r);
  const missed = targets.filter((t) => !t.met).map((t) => t.name);
  out.push(
    '',
    `At rest (imports loaded, no work): node + tsx + @zsaudit/data-curation ${mb(r.idle.oursMaxRssKb)} MB, ` +
      `python3 ${mb(r.idle.referenceMaxRssKb)} MB.`,
    `Targets: ${targets.length - missed.length} of ${targets.length} met` +
      (missed.length > 0 ? `; not met: ${missed.join('; ')}.` : '.'),
  );
  return out.join('\n');
}
