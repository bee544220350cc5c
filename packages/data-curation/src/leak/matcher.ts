import { tokenize, type Token } from '../text/tokenize';
import {
  compileLabel,
  parsePattern,
  STRICTNESS_LEVELS,
  type CompiledPattern,
  type FormsTable,
  type Strictness,
} from './forms';

/** Why a hit is or is not a leak: a leak, a reviewed look-alike of the forms table, or a phrase the user allowlisted. */
export type HitStatus = 'leak' | 'lookalike' | 'allowlisted';

/** One occurrence of a label form in a text. */
export interface LeakHit {
  label: string;
  /** The lowest strictness level at which the form matches. */
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
  /** Every hit in the text, leaks and suppressed ones, ordered by position then label. */
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

/** All spans where any of the patterns match. */
function spansOf(tokens: Token[], index: Map<string, CompiledPattern[]>): Map<string, Span[]> {
  const out = new Map<string, Span[]>();
  for (let i = 0; i < tokens.length; i++) {
    for (const p of index.get(tokens[i].norm) ?? []) {
      const last = matchAt(tokens, i, p);
      if (last < 0) continue;
      let list = out.get(p.label);
      if (!list) out.set(p.label, (list = []));
      list.push({ start: tokens[i].start, end: tokens[last].end });
    }
  }
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
  const suppressors: CompiledPattern[] = [];
  const generatedLabels: string[] = [];
  for (const label of labels) {
    const entry = table.labels[label];
    if (!entry) generatedLabels.push(label);
    patterns.push(...compileLabel(label, entry, strictness));
    const asSuppressor = (source: string, level: Strictness): CompiledPattern => ({
      label,
      level,
      source,
      ...parsePattern(source, true),
    });
    for (const phrase of entry?.lookalikes ?? [])
      suppressors.push({ ...asSuppressor(phrase, 'exact'), source: `lookalike:${phrase}` });
    for (const phrase of opts.allowlist?.[label] ?? [])
      suppressors.push({ ...asSuppressor(phrase, 'exact'), source: `allow:${phrase}` });
  }
  const index = indexByFirstWord(patterns);
  const lookalikeIndex = indexByFirstWord(suppressors.filter((s) => s.source.startsWith('lookalike:')));
  const allowIndex = indexByFirstWord(suppressors.filter((s) => s.source.startsWith('allow:')));
  const levelRank = (l: Strictness) => STRICTNESS_LEVELS.indexOf(l);

  function match(text: string): LeakHit[] {
    const tokens = tokenize(text);
    // Keyed by label and span: one hit per place, at the lowest level that finds it.
    const hits = new Map<string, LeakHit>();
    for (let i = 0; i < tokens.length; i++) {
      const candidates = index.get(tokens[i].norm);
      if (!candidates) continue;
      for (const p of candidates) {
        const last = matchAt(tokens, i, p);
        if (last < 0) continue;
        const start = tokens[i].start;
        const end = tokens[last].end;
        const key = `${p.label}\u0000${start}\u0000${end}`;
        const prev = hits.get(key);
        if (prev && levelRank(prev.level) <= levelRank(p.level)) continue;
        hits.set(key, {
          label: p.label,
          level: p.level,
          form: p.source,
          matched: text.slice(start, end),
          start,
          end,
          status: 'leak',
        });
      }
    }
    if (hits.size === 0) return [];
    const lookalikes = lookalikeIndex.size ? spansOf(tokens, lookalikeIndex) : undefined;
    const allowed = allowIndex.size ? spansOf(tokens, allowIndex) : undefined;
    const out = [...hits.values()];
    for (const h of out) {
      if (overlaps(h, lookalikes?.get(h.label))) h.status = 'lookalike';
      else if (overlaps(h, allowed?.get(h.label))) h.status = 'allowlisted';
    }
    return out.sort((a, b) => a.start - b.start || a.end - b.end || a.label.localeCompare(b.label));
  }

  return { strictness, labels: [...labels], generatedLabels, match, patterns };
}
