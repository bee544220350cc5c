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
export const SEED = 1;
export const PYTHON = process.env.ZSAUDIT_BENCH_PYTHON ?? '/usr/bin/python3';
/** ../shared/data/clotho beside the workspace root (tools/bench/src -> 4 levels up). */
export const CLOTHO_DIR =
  process.env.ZSAUDIT_BENCH_CLOTHO_DIR ?? path.resolve(__dirname, '../../../../shared/data/clotho');

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

export interface CurationBenchResult {
  bench: 'curation';
  date: string;
  host: { node: string; cpus: number; cpuModel: string; platform: string };
  corpus: { captions: number; source: string; seed: number };
  /** Timed matching passes per side; the median is reported. */
  repeats: number;
  ours: {
    /** Child 1: matching alone (load captions, build matcher, warm-up pass, timed pass). */
    match: MatchResult & { capsPerSec: number; processWallMs: number };
    /** Child 2: the whole curation stage, cold (runCuration: load + match + write Arrow). */
    curation: CurateResult & { capsPerSec: number; processWallMs: number };
  };
  reference: PythonResult & { capsPerSecMatch: number; capsPerSecTotal: number; processWallMs: number };
  ratios: {
    /** ours / reference captions per second, matching alone: higher is better. */
    matchSpeed: number;
    /** ours (whole curation: load + match + write Arrow) / reference (read + compile + match): higher is better. */
    endToEndSpeed: number;
    /** ours (load captions + match) / reference (read captions + match) peak RSS: lower is better. */
    matchPeakRss: number;
    /** ours (whole curation) / reference peak RSS: lower is better. */
    curationPeakRss: number;
  };
  agreement: { both: number; oursOnly: number; referenceOnly: number; disagree: number };
  /** Peak RSS of each runtime at rest: node + tsx + the package's imports; python3 with re, csv, json, resource. */
  idle: { oursMaxRssKb: number; referenceMaxRssKb: number };
}

/** Runs a child process, fails with its stderr if it fails, returns its last stdout line parsed as JSON. */
function runJsonChild<T>(cmd: string, args: string[], env: NodeJS.ProcessEnv): { result: T; wallMs: number } {
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

const readIndices = (file: string) => new Set(JSON.parse(fs.readFileSync(file, 'utf8')) as number[]);

/**
 * Curates a 50,000-caption AudioCaps-format corpus sampled from the real Clotho captions: ours (runCuration and
 * LeakMatcher.match, in a Node child) against a plain Python `re` matcher over the same forms (in a Python child).
 */
export function benchCuration(
  opts: { pythonMode?: 'one' | 'per-label'; repeats?: number; keepTemp?: boolean } = {},
): CurationBenchResult {
  const repeats = opts.repeats ?? 5;
  const captions = readClothoCaptions(CLOTHO_DIR);
  if (!fs.existsSync(PYTHON))
    throw new Error(`the reference needs Python at ${PYTHON} (set ZSAUDIT_BENCH_PYTHON)`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zsaudit-bench-curation-'));
  try {
    const csvFile = path.join(tmp, 'train.csv');
    writeAudioCapsTrain(csvFile, captions, AUDIOCAPS_TRAIN_SIZE, SEED);
    const files = {
      out: path.join(tmp, 'out'),
      oursFlagged: path.join(tmp, 'ours.flagged.json'),
      refFlagged: path.join(tmp, 'reference.flagged.json'),
      regexes: path.join(tmp, 'regexes.json'),
    };

    // Ours: node with tsx's loader, resolving @zsaudit/data-curation to its sources through the workspace
    // tsconfig.json's paths (tsx finds it from the cwd up).
    const tsxLoader = pathToFileURL(
      path.join(path.dirname(require.resolve('tsx/package.json')), 'dist', 'loader.mjs'),
    ).href;
    const tsChild = (args: string[]) => [
      '--import',
      tsxLoader,
      path.join(__dirname, 'curation-child.ts'),
      ...args,
    ];
    const tsEnv = process.env;
    const idle = runJsonChild<{ maxRssKb: number }>(process.execPath, tsChild(['idle']), tsEnv);
    const match = runJsonChild<MatchResult>(
      process.execPath,
      tsChild(['match', csvFile, files.oursFlagged, files.regexes, String(repeats)]),
      tsEnv,
    );
    const curation = runJsonChild<CurateResult>(
      process.execPath,
      tsChild(['curate', csvFile, files.out]),
      tsEnv,
    );
    if (
      curation.result.captions !== match.result.captions ||
      curation.result.flagged !== match.result.flagged
    ) {
      throw new Error(
        `runCuration flagged ${curation.result.flagged} of ${curation.result.captions} captions, ` +
          `the matcher pass ${match.result.flagged} of ${match.result.captions}`,
      );
    }

    const ref = runJsonChild<PythonResult>(
      PYTHON,
      [
        path.join(BENCH_ROOT, 'python', 'regex_matcher.py'),
        csvFile,
        files.regexes,
        files.refFlagged,
        `--mode=${opts.pythonMode ?? 'one'}`,
        `--repeats=${repeats}`,
      ],
      process.env,
    );
    const refIdle = runJsonChild<{ maxRssKb: number }>(
      PYTHON,
      [path.join(BENCH_ROOT, 'python', 'regex_matcher.py'), '--idle'],
      process.env,
    );
    if (ref.result.captions !== match.result.captions) {
      throw new Error(`ours read ${match.result.captions} captions, the reference ${ref.result.captions}`);
    }

    const a = readIndices(files.oursFlagged);
    const b = readIndices(files.refFlagged);
    const both = [...a].filter((i) => b.has(i)).length;
    const n = match.result.captions;
    const perSec = (ms: number) => n / (ms / 1000);
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
        captions: n,
        source: `Clotho captions (${captions.length}) sampled with replacement, mulberry32`,
        seed: SEED,
      },
      repeats,
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

/** The result as a small text table. */
export function formatCurationTable(r: CurationBenchResult): string {
  const { match, curation } = r.ours;
  const rows: [string, string, string, string][] = [
    [
      '',
      'ours (TS)',
      `python re (${r.reference.mode === 'one' ? 'one alternation' : 'per label'})`,
      'ratio ours/ref',
    ],
    [
      `match only, captions/s`,
      fmt(match.capsPerSec),
      fmt(r.reference.capsPerSecMatch),
      `${fmt(r.ratios.matchSpeed, 2)}x (higher is better)`,
    ],
    [
      'end to end, captions/s',
      `${fmt(curation.capsPerSec)} (runCuration)`,
      `${fmt(r.reference.capsPerSecTotal)} (read+compile+match)`,
      `${fmt(r.ratios.endToEndSpeed, 2)}x (higher is better)`,
    ],
    [
      'peak RSS, MB: match only',
      mb(match.maxRssKb),
      mb(r.reference.maxRssKb),
      `${fmt(r.ratios.matchPeakRss, 2)}x (lower is better)`,
    ],
    [
      'peak RSS, MB: end to end',
      mb(curation.maxRssKb),
      mb(r.reference.maxRssKb),
      `${fmt(r.ratios.curationPeakRss, 2)}x (lower is better)`,
    ],
    ['captions flagged', `${fmt(match.flagged)} (leak)`, fmt(r.reference.flagged), ''],
    [
      'flagged by one only',
      `${fmt(r.agreement.oursOnly)} ours only`,
      `${fmt(r.agreement.referenceOnly)} ref only`,
      `${fmt(r.agreement.disagree)} disagree`,
    ],
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  const line = (row: string[]) =>
    row
      .map((cell, c) => cell.padEnd(widths[c]))
      .join('  ')
      .trimEnd();
  return [
    `curation: ${fmt(r.corpus.captions)} AudioCaps-format captions (${r.corpus.source}, seed ${r.corpus.seed}), ` +
      `${r.ours.match.patterns} patterns at ${r.ours.match.strictness}; ${r.host.cpus} CPU(s), node ${r.host.node}, python ${r.reference.python}; ` +
      `match only: median of ${r.repeats} passes`,
    line(rows[0]),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.slice(1).map(line),
    `runCuration ${fmt(curation.curationMs)} ms, of which loading the CSV alone takes about ${fmt(match.loadMs)} ms and matching ` +
      `${fmt(match.matchMs)} ms warm; the rest is mostly building the Arrow tables. Python: read ${fmt(r.reference.readMs)} ms, ` +
      `compile ${fmt(r.reference.compileMs)} ms, match ${fmt(r.reference.matchMs)} ms.`,
    `At rest (imports loaded, no work): node + tsx + @zsaudit/data-curation ${mb(r.idle.oursMaxRssKb)} MB, ` +
      `python3 ${mb(r.idle.referenceMaxRssKb)} MB.`,
  ].join('\n');
}
