import { exportCleanAudioCaps, loadAudioCaps } from './formats/audiocaps';
import { exportCleanClotho, loadClotho } from './formats/clotho';
import { exportCleanFsd50k, loadFsd50k } from './formats/fsd50k';
import { exportCleanMacs, loadMacs } from './formats/macs';
import type { CorpusInput } from './config';
import { STRICTNESS_LEVELS, type Strictness } from './leak/forms';
import type { HitVisitor, TextHits } from './leak/match-pool';
import type { HitStatus, LeakMatcher } from './leak/matcher';
import type { CaptionClip, CorpusName, LoadedCorpus, LoadOptions } from './types';

/** One place where a text of a clip names a label. */
export interface LeakRow {
  clipId: string;
  textId: string;
  field: string;
  label: string;
  target: number;
  matched: string;
  form: string;
  level: Strictness;
  status: HitStatus;
  spanStart: number;
  spanEnd: number;
}

/** What curating one split at one strictness level removes: clips, and texts (a removed clip's texts all go). */
export interface LevelSummary {
  clips: { clean: number; removed: number };
  /** `leaking`: texts that name a label at this level; `removed`: every text of a removed clip. */
  texts: { clean: number; removed: number; leaking: number };
}

export interface SplitSummary {
  /** At the run's strictness (the first level listed): every clip, those kept, those removed. */
  clips: { dirty: number; clean: number; removed: number };
  texts: { dirty: number; clean: number; leaking: number };
  /** Rows of the leaks table by status: the hits up to the strictest level written. */
  hits: Record<HitStatus, number>;
  /** Per label that leaks here at the run's strictness: clips removed for it and texts that name it. */
  byLabel: Record<string, { clips: number; texts: number }>;
  /** What each strictness level removes, every level whether written or not: the cost of strictness in data. */
  levels: Record<Strictness, LevelSummary>;
}

export interface CurationProgress {
  task: string;
  done: number;
  total: number;
}

/** The rank of a level: 0 for `exact`, up to the strictest. */
const rankOf = (level: Strictness) => STRICTNESS_LEVELS.indexOf(level);

/** What one match pass says about a clip: its hit rows, and per label the lowest level at which one of its texts leaks it. */
export interface ClipAudit {
  leaks: LeakRow[];
  /** Label -> rank of the lowest strictness level at which a text of the clip names it (status `leak`). */
  leakRanks: Map<string, number>;
  /** Per text (in order), the rank of the lowest level at which it leaks anything, or Infinity. */
  textRanks: number[];
}

/**
 * Audits every text of a clip with one match pass. A hit leaks at level L when its status is `leak` and its level
 * is at most L, so a matcher built at the strictest level answers every level at once. Rows are made for the hits
 * up to level rank `recordUpTo` (default all); the ranks count every hit.
 */
export function auditClip(
  clip: CaptionClip,
  matcher: LeakMatcher,
  targets: ReadonlyMap<string, number>,
  recordUpTo = Infinity,
  /** The clip's hits when its texts were matched elsewhere (a worker thread): texts `first`, `first + 1`… of `batch`. */
  matched?: { batch: TextHits; first: number },
): ClipAudit {
  const leaks: LeakRow[] = [];
  const leakRanks = new Map<string, number>();
  const textRanks: number[] = [];
  clip.texts.forEach((t, i) => {
    let textRank = Infinity;
    const visit: HitVisitor = (label, rank, status, hit) => {
      if (rank <= recordUpTo) {
        const h = hit();
        leaks.push({
          clipId: clip.clipId,
          textId: t.id,
          field: t.field,
          label,
          target: targets.get(label) ?? -1,
          matched: h.matched,
          form: h.form,
          level: h.level,
          status,
          spanStart: h.start,
          spanEnd: h.end,
        });
      }
      if (status !== 'leak') return;
      if (rank < textRank) textRank = rank;
      if (rank < (leakRanks.get(label) ?? Infinity)) leakRanks.set(label, rank);
    };
    if (matched) matched.batch.visit(matched.first + i, visit);
    else for (const h of matcher.match(t.text)) visit(h.label, rankOf(h.level), h.status, () => h);
    textRanks.push(textRank);
  });
  return { leaks, leakRanks, textRanks };
}

/** The labels a clip leaks at a level (rank), in target order. */
export function leakedLabelsAt(
  audit: ClipAudit,
  rank: number,
  targets: ReadonlyMap<string, number>,
): string[] {
  const labels: string[] = [];
  for (const [label, r] of audit.leakRanks) if (r <= rank) labels.push(label);
  return labels.sort((a, b) => (targets.get(a) ?? 0) - (targets.get(b) ?? 0) || a.localeCompare(b));
}

/** Where a split's curated rows go: one sink per table, each taking rows in order and closed at the end. */
export interface RowSink<T> {
  add(row: T): void;
  close(): void;
  /** Drops the table (its temp file): the run failed. */
  abort(): void;
}

/** A clips table's sink: each clip with the labels it leaks (the dirty table) or none (a clean one). */
export interface ClipSink {
  add(clip: CaptionClip, leakedLabels?: readonly string[]): void;
  close(): void;
  abort(): void;
}

export interface SplitSinks {
  dirty: ClipSink;
  /** The clean set of each level written, keyed by level; the run's strictness first. */
  clean: Map<Strictness, ClipSink>;
  leaks: RowSink<LeakRow>;
}

/**
 * Curates one split clip by clip, as the rows stream in: each clip is matched once (at the strictest level), goes
 * to the dirty table with the labels it leaks at the run's strictness, to the clean table of every written level
 * it does not leak at, and its hits to the leaks table; the counts of every level are kept on the way. Nothing of
 * the split is held but the counts (and the clean ids when `keepCleanIds`, for the export).
 */
export class SplitCurator {
  private readonly primaryRank: number;
  /** The strictest level written: the leaks table holds the hits up to it (the counts cover every level). */
  private readonly recordUpTo: number;
  private readonly written: [number, ClipSink][];
  private readonly counts = STRICTNESS_LEVELS.map(() => ({ clips: 0, texts: 0, leaking: 0 }));
  private clips = 0;
  private texts = 0;
  private readonly hits: Record<HitStatus, number> = { leak: 0, lookalike: 0, allowlisted: 0 };
  private readonly byLabel = new Map<string, { clips: number; texts: number }>();
  /** The clean clips' ids at the run's strictness, when asked for (the export writes them back). */
  readonly cleanIds: Set<string> | null;

  constructor(
    readonly corpus: CorpusName,
    readonly split: string,
    private readonly matcher: LeakMatcher,
    private readonly targets: ReadonlyMap<string, number>,
    readonly strictness: Strictness,
    private readonly sinks: SplitSinks,
    opts: { keepCleanIds?: boolean } = {},
  ) {
    this.primaryRank = rankOf(strictness);
    if (rankOf(matcher.strictness) < STRICTNESS_LEVELS.length - 1)
      throw new Error(`SplitCurator needs a matcher built at "${STRICTNESS_LEVELS.at(-1)}"`);
    this.written = [...sinks.clean].map(([level, sink]) => [rankOf(level), sink]);
    this.recordUpTo = Math.max(...this.written.map(([rank]) => rank));
    this.cleanIds = opts.keepCleanIds ? new Set() : null;
  }

  /** Curates one clip of this split; `matched` when its texts were matched elsewhere (a worker thread). */
  add(clip: CaptionClip, matched?: { batch: TextHits; first: number }): void {
    const audit = auditClip(clip, this.matcher, this.targets, this.recordUpTo, matched);
    const nTexts = clip.texts.length;
    this.clips++;
    this.texts += nTexts;
    // The lowest level at which the clip leaks anything: it is clean at every level below.
    let clipRank = Infinity;
    for (const r of audit.textRanks) if (r < clipRank) clipRank = r;
    this.counts.forEach((c, rank) => {
      if (clipRank > rank) {
        c.clips++;
        c.texts += nTexts;
      }
      for (const r of audit.textRanks) if (r <= rank) c.leaking++;
    });
    for (const l of audit.leaks) this.hits[l.status]++;
    const leakedLabels = leakedLabelsAt(audit, this.primaryRank, this.targets);
    for (const label of leakedLabels) {
      let entry = this.byLabel.get(label);
      if (!entry) this.byLabel.set(label, (entry = { clips: 0, texts: 0 }));
      entry.clips++;
    }
    if (leakedLabels.length > 0) this.countLeakingTexts(audit);
    this.sinks.dirty.add(clip, leakedLabels);
    for (const [rank, sink] of this.written) if (clipRank > rank) sink.add(clip);
    if (clipRank > this.primaryRank) this.cleanIds?.add(clip.clipId);
    for (const l of audit.leaks) this.sinks.leaks.add(l);
  }

  /** Per label leaked at the run's strictness, the texts of this clip that name it. */
  private countLeakingTexts(audit: ClipAudit): void {
    const seen = new Set<string>();
    for (const l of audit.leaks) {
      if (l.status !== 'leak' || rankOf(l.level) > this.primaryRank) continue;
      const key = `${l.label}\u0000${l.textId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      this.byLabel.get(l.label)!.texts++;
    }
  }

  /** Drops the split's tables (their temp files and open files): the run failed. */
  abort(): void {
    this.sinks.dirty.abort();
    for (const [, sink] of this.written) sink.abort();
    this.sinks.leaks.abort();
  }

  /** Closes the split's tables and returns its counts. */
  finish(): SplitSummary {
    this.sinks.dirty.close();
    for (const [, sink] of this.written) sink.close();
    this.sinks.leaks.close();
    const levels = Object.fromEntries(
      STRICTNESS_LEVELS.map((level, rank) => {
        const c = this.counts[rank];
        const summary: LevelSummary = {
          clips: { clean: c.clips, removed: this.clips - c.clips },
          texts: { clean: c.texts, removed: this.texts - c.texts, leaking: c.leaking },
        };
        return [level, summary];
      }),
    ) as Record<Strictness, LevelSummary>;
    const primary = levels[this.strictness];
    return {
      clips: { dirty: this.clips, clean: primary.clips.clean, removed: primary.clips.removed },
      texts: { dirty: this.texts, clean: primary.texts.clean, leaking: primary.texts.leaking },
      hits: { ...this.hits },
      byLabel: Object.fromEntries([...this.byLabel].sort(([a], [b]) => a.localeCompare(b))),
      levels,
    };
  }
}

/**
 * Loads a corpus with the loader of its format. With `stream.onClip`, each kept clip goes there in source order
 * instead of into `clips` (memory does not grow with the corpus); `stream.keepRaw` keeps what the export needs.
 */
export function loadCorpus(
  input: CorpusInput,
  stream: Pick<LoadOptions, 'onClip' | 'keepRaw'> = {},
): LoadedCorpus {
  const opts = { audio: input.audio, ...stream };
  switch (input.corpus) {
    case 'clotho':
      return loadClotho(input.input, opts);
    case 'audiocaps':
      return loadAudioCaps(input.input, { ...opts, audioFileName: input.audioFileName });
    case 'fsd50k':
      return loadFsd50k(input.input, opts);
    case 'macs':
      return loadMacs(input.input, opts);
  }
}

/** Writes the clean clips back in the corpus's own format under `dir`; returns the files written. */
export function exportCleanCorpus(loaded: LoadedCorpus, keep: ReadonlySet<string>, dir: string): string[] {
  switch (loaded.corpus) {
    case 'clotho':
      return exportCleanClotho(loaded as Parameters<typeof exportCleanClotho>[0], keep, dir);
    case 'audiocaps':
      return exportCleanAudioCaps(loaded as Parameters<typeof exportCleanAudioCaps>[0], keep, dir);
    case 'fsd50k':
      return exportCleanFsd50k(loaded as Parameters<typeof exportCleanFsd50k>[0], keep, dir);
    case 'macs':
      return exportCleanMacs(loaded as Parameters<typeof exportCleanMacs>[0], keep, dir);
  }
}
