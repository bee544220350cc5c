import { tokenize, type Token } from '../text/tokenize';
import {
  compileLabel,
  parsePattern,
  STRICTNESS_LEVELS,
  strictnessRank,
  labelWordsProblems,
  type CompiledPattern,
  type FormsTable,
  type Strictness,
} from './forms';

/** Why a hit is or is not a leak: a leak, a reviewed look-alike of the forms table, or a phrase the user allowlisted. */
export type HitStatus = 'leak' | 'lookalike' | 'allowlisted';

/** One occurrence of a label form in a text. */
export interface LeakHit {
  label: string;
  /**
   * The lowest strictness level at which the form matches. The text leaks the label at level L iff some hit has
   * status 'leak' and strictnessRank(level) <= strictnessRank(L), so one pass at `words` answers every level.
   * A place that is a look-alike below `words` yields a 'lookalike' hit at its level and a 'leak' hit at `words`.
   */
  level: Strictness;
  /** The pattern of the forms table that matched. */
  form: string;
  /** The matched text as written. */
  matched: string;
  /** Character span [start, end) in the text. */
  start: number;
  end: number;
  status: HitStatus;
}

export interface LeakMatcherOptions {
  strictness?: Strictness;
  /** Per label, phrases reviewed as false positives: a hit overlapping one of them is reported as allowlisted. */
  allowlist?: Record<string, string[]>;
}

/** A compiled matcher over a label set. `match` is pure and deterministic. */
export interface LeakMatcher {
  readonly strictness: Strictness;
  readonly labels: readonly string[];
  /** Labels that had no entry in the forms table and got generated forms. */
  readonly generatedLabels: readonly string[];
  /** Every hit in the text, leaks and suppressed ones, ordered by position, then label, then level. */
  match(text: string): LeakHit[];
  /** The compiled patterns, for inspection and for building reference matchers in benchmarks. */
  readonly patterns: readonly CompiledPattern[];
}

interface Span {
  start: number;
  end: number;
}

/** Indexes patterns by the words of their first slot, so each token costs one hash lookup. */
function indexByFirstWord(patterns: CompiledPattern[]): Map<string, CompiledPattern[]> {
  const index = new Map<string, CompiledPattern[]>();
  for (const p of patterns) {
    for (const w of p.slots[0]) {
      let list = index.get(w);
      if (!list) index.set(w, (list = []));
      list.push(p);
    }
  }
  return index;
}

/** True when the words of one of the phrases stand right before token `i` (exclusive). */
function precededBy(tokens: Token[], i: number, phrases: string[][]): boolean {
  return phrases.some(
    (words) =>
      i - words.length >= 0 &&
      words.every(
        (w, k) =>
          tokens[i - words.length + k].norm === w &&
          tokens[i - words.length + k].sentence === tokens[i].sentence,
      ),
  );
}

/** True when the words of one of the phrases stand right after token `j` (exclusive). */
function followedBy(tokens: Token[], j: number, phrases: string[][]): boolean {
  return phrases.some(
    (words) =>
      j + words.length < tokens.length &&
      words.every(
        (w, k) => tokens[j + 1 + k].norm === w && tokens[j + 1 + k].sentence === tokens[j].sentence,
      ),
  );
}

/** Tries to match `p` with its first slot at token `i`; returns the index of the last matched token, or -1. */
function matchAt(tokens: Token[], i: number, p: CompiledPattern): number {
  if (p.after && !precededBy(tokens, i, p.after)) return -1;
  if (p.notAfter && precededBy(tokens, i, p.notAfter)) return -1;
  let pos = i;
  for (let s = 1; s < p.slots.length; s++) {
    const limit = Math.min(tokens.length - 1, pos + 1 + p.gaps[s - 1]);
    let found = -1;
    for (let j = pos + 1; j <= limit; j++) {
      if (tokens[j].sentence !== tokens[i].sentence) break;
      if (p.slots[s].has(tokens[j].norm)) {
        found = j;
        break;
      }
    }
    if (found < 0) return -1;
    pos = found;
  }
  if (p.before && !followedBy(tokens, pos, p.before)) return -1;
  if (p.notBefore && followedBy(tokens, pos, p.notBefore)) return -1;
  return pos;
}

/** Calls `visit` with each pattern of the index that matches, and the span of its match. */
function forEachMatch(
  tokens: Token[],
  index: Map<string, CompiledPattern[]>,
  visit: (p: CompiledPattern, span: Span) => void,
): void {
  for (let i = 0; i < tokens.length; i++) {
    for (const p of index.get(tokens[i].norm) ?? []) {
      const last = matchAt(tokens, i, p);
      if (last >= 0) visit(p, { start: tokens[i].start, end: tokens[last].end });
    }
  }
}

/** All spans where any of the patterns match, by label. */
function spansOf(tokens: Token[], index: Map<string, CompiledPattern[]>): Map<string, Span[]> {
  const out = new Map<string, Span[]>();
  forEachMatch(tokens, index, (p, span) => {
    let list = out.get(p.label);
    if (!list) out.set(p.label, (list = []));
    list.push(span);
  });
  return out;
}

const overlaps = (hit: Span, spans: Span[] | undefined) =>
  !!spans && spans.some((s) => s.start < hit.end && hit.start < s.end);

/**
 * Builds a matcher that finds where a text names a label: on word tokens, so a form never fires inside another
 * word ("cat" in "catalogue", "rain" in "train"), with context rules for words of two senses and the table's
 * look-alike phrases. Labels are the label set's names; `table` holds their reviewed forms.
 */
export function buildLeakMatcher(
  labels: readonly string[],
  table: FormsTable,
  opts: LeakMatcherOptions = {},
): LeakMatcher {
  const strictness = opts.strictness ?? 'inflections';
  if (!STRICTNESS_LEVELS.includes(strictness)) {
    throw new Error(`unknown strictness "${strictness}"; expected one of ${STRICTNESS_LEVELS.join(', ')}`);
  }
  const labelSet = new Set(labels);
  const unknownAllow = Object.keys(opts.allowlist ?? {}).filter((l) => !labelSet.has(l));
  if (unknownAllow.length)
    throw new Error(`allowlist names label(s) not in the label set: ${unknownAllow.join(', ')}`);

  const patterns: CompiledPattern[] = [];
  const lookalikes: CompiledPattern[] = [];
  const allowed: CompiledPattern[] = [];
  const generatedLabels: string[] = [];
  // Look-alike and allowlisted phrases are patterns too (with inflections), matched only where a form hit.
  const phrasePattern = (label: string, source: string): CompiledPattern => ({
    label,
    level: 'exact',
    source,
    ...parsePattern(source, true),
  });
  const problems = labels.flatMap((label) => labelWordsProblems(label, table.labels[label]));
  if (problems.length) throw new Error(`invalid forms table:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  for (const label of labels) {
    const entry = table.labels[label];
    if (!entry) generatedLabels.push(label);
    patterns.push(...compileLabel(label, entry, strictness));
    for (const phrase of entry?.lookalikes ?? []) lookalikes.push(phrasePattern(label, phrase));
    for (const phrase of opts.allowlist?.[label] ?? []) allowed.push(phrasePattern(label, phrase));
  }
  const index = indexByFirstWord(patterns);
  const lookalikeIndex = indexByFirstWord(lookalikes);
  const allowIndex = indexByFirstWord(allowed);

  function match(text: string): LeakHit[] {
    const tokens = tokenize(text);
    // Keyed by label and span: one hit per place, at the lowest level that finds it. Hits of the `words` level
    // are kept apart, because a look-alike does not suppress them: a place that is a look-alike below `words`
    // and a label word at `words` is both.
    const hits = new Map<string, LeakHit>();
    const wordHits = new Map<string, LeakHit>();
    forEachMatch(tokens, index, (p, { start, end }) => {
      const key = `${p.label}\u0000${start}\u0000${end}`;
      const found = p.level === 'words' ? wordHits : hits;
      const prev = found.get(key);
      if (prev && strictnessRank(prev.level) <= strictnessRank(p.level)) return;
      found.set(key, {
        label: p.label,
        level: p.level,
        form: p.source,
        matched: text.slice(start, end),
        start,
        end,
        status: 'leak',
      });
    });
    if (hits.size === 0 && wordHits.size === 0) return [];
    const lookalikeSpans = hits.size && lookalikeIndex.size ? spansOf(tokens, lookalikeIndex) : undefined;
    const allowedSpans = allowIndex.size ? spansOf(tokens, allowIndex) : undefined;
    const lower = [...hits.values()];
    for (const h of lower) {
      if (overlaps(h, lookalikeSpans?.get(h.label))) h.status = 'lookalike';
      else if (overlaps(h, allowedSpans?.get(h.label))) h.status = 'allowlisted';
    }
    const out = [...lower];
    for (const w of wordHits.values()) {
      if (overlaps(w, allowedSpans?.get(w.label))) w.status = 'allowlisted';
      // A label word inside a lower-level hit of the same label and status adds nothing ("knocking" of
      // "knocking on wood"); inside a look-alike it does, and is kept.
      const covered = lower.some(
        (h) => h.label === w.label && h.status === w.status && h.start <= w.start && w.end <= h.end,
      );
      if (!covered) out.push(w);
    }
    // Labels by code units, not localeCompare: the same order for label names, at a fraction of the cost.
    return out.sort(
      (a, b) =>
        a.start - b.start ||
        a.end - b.end ||
        (a.label < b.label ? -1 : a.label > b.label ? 1 : 0) ||
        strictnessRank(a.level) - strictnessRank(b.level),
    );
  }

  return { strictness, labels: [...labels], generatedLabels, match, patterns };
}
