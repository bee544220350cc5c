import { exportCleanAudioCaps, loadAudioCaps } from './formats/audiocaps';
import { exportCleanClotho, loadClotho } from './formats/clotho';
import { exportCleanFsd50k, loadFsd50k } from './formats/fsd50k';
import { exportCleanMacs, loadMacs } from './formats/macs';
import type { CorpusInput } from './config';
import type { Strictness } from './leak/forms';
import type { HitStatus, LeakMatcher } from './leak/matcher';
import type { CaptionClip, CorpusName, LoadedCorpus } from './types';

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

/** The curation of one split of one corpus. */
export interface SplitCuration {
  corpus: CorpusName;
  split: string;
  /** Every loaded clip, each with the labels its texts leak. */
  dirty: (CaptionClip & { leakedLabels: string[] })[];
  /** The clips none of whose texts names a label. */
  clean: CaptionClip[];
  leaks: LeakRow[];
}

export interface SplitSummary {
  clips: { dirty: number; clean: number; removed: number };
  texts: { dirty: number; clean: number; leaking: number };
  hits: Record<HitStatus, number>;
  /** Per label that leaks here: clips removed for it and texts that name it. */
  byLabel: Record<string, { clips: number; texts: number }>;
}

export interface CurationProgress {
  task: string;
  done: number;
  total: number;
}

/** Audits every text of every clip; returns the hit rows and, per clip, the labels it leaks (status `leak` only). */
export function auditClips(
  clips: readonly CaptionClip[],
  matcher: LeakMatcher,
  targets: ReadonlyMap<string, number>,
  onProgress?: (done: number, total: number) => void,
): { leaks: LeakRow[]; leakedLabels: Map<string, string[]> } {
  const leaks: LeakRow[] = [];
  const leakedLabels = new Map<string, string[]>();
  clips.forEach((clip, i) => {
    const labels = new Set<string>();
    for (const t of clip.texts) {
      for (const h of matcher.match(t.text)) {
        leaks.push({
          clipId: clip.clipId,
          textId: t.id,
          field: t.field,
          label: h.label,
          target: targets.get(h.label) ?? -1,
          matched: h.matched,
          form: h.form,
          level: h.level,
          status: h.status,
          spanStart: h.start,
          spanEnd: h.end,
        });
        if (h.status === 'leak') labels.add(h.label);
      }
    }
    leakedLabels.set(
      clip.clipId,
      [...labels].sort((a, b) => (targets.get(a) ?? 0) - (targets.get(b) ?? 0)),
    );
    if (onProgress && ((i + 1) % 2000 === 0 || i === clips.length - 1)) onProgress(i + 1, clips.length);
  });
  return { leaks, leakedLabels };
}

/** Splits a loaded corpus by split and audits it: the dirty set is every clip, the clean set those that leak nothing. */
export function curateCorpus(
  loaded: LoadedCorpus,
  matcher: LeakMatcher,
  targets: ReadonlyMap<string, number>,
  onProgress?: (p: CurationProgress) => void,
): SplitCuration[] {
  const splits = [...new Set(loaded.clips.map((c) => c.split))].sort();
  return splits.map((split) => {
    const clips = loaded.clips.filter((c) => c.split === split);
    const task = `${loaded.corpus} ${split}`;
    const { leaks, leakedLabels } = auditClips(clips, matcher, targets, (done, total) =>
      onProgress?.({ task, done, total }),
    );
    const dirty = clips.map((c) => ({ ...c, leakedLabels: leakedLabels.get(c.clipId) ?? [] }));
    return {
      corpus: loaded.corpus,
      split,
      dirty,
      clean: dirty.filter((c) => c.leakedLabels.length === 0),
      leaks,
    };
  });
}

/** Counts of one split's curation, as the summary reports them. */
export function summarizeSplit(sc: SplitCuration): SplitSummary {
  const leakingTexts = new Set<string>();
  const hits: Record<HitStatus, number> = { leak: 0, lookalike: 0, allowlisted: 0 };
  const textsByLabel = new Map<string, Set<string>>();
  for (const l of sc.leaks) {
    hits[l.status]++;
    if (l.status !== 'leak') continue;
    leakingTexts.add(l.textId);
    let s = textsByLabel.get(l.label);
    if (!s) textsByLabel.set(l.label, (s = new Set()));
    s.add(l.textId);
  }
  const byLabel: Record<string, { clips: number; texts: number }> = {};
  for (const c of sc.dirty)
    for (const label of c.leakedLabels) (byLabel[label] ??= { clips: 0, texts: 0 }).clips++;
  for (const [label, texts] of textsByLabel) byLabel[label].texts = texts.size;
  const count = (clips: CaptionClip[]) => clips.reduce((n, c) => n + c.texts.length, 0);
  return {
    clips: { dirty: sc.dirty.length, clean: sc.clean.length, removed: sc.dirty.length - sc.clean.length },
    texts: { dirty: count(sc.dirty), clean: count(sc.clean), leaking: leakingTexts.size },
    hits,
    byLabel: Object.fromEntries(Object.entries(byLabel).sort(([a], [b]) => a.localeCompare(b))),
  };
}

/** Loads a corpus with the loader of its format. */
export function loadCorpus(input: CorpusInput): LoadedCorpus {
  const opts = { audio: input.audio };
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
