/**
 * BERT WordPiece tokenizer, following Google's reference `tokenization.py`
 * (FullTokenizer = BasicTokenizer + WordpieceTokenizer), which HuggingFace's slow
 * `BertTokenizer` reproduces for `do_lower_case=True`.
 */
import { bundledBertWordPieceVocab, vocabFromTokens, type WordPieceVocab } from './vocab';

/** Options for {@link WordPieceTokenizer.encode} / {@link WordPieceTokenizer.encodeBatch}. */
export interface EncodeOptions {
  /** Sequence length including [CLS] and [SEP]; word pieces are truncated to maxLength - 2. */
  maxLength: number;
  /**
   * Pad with [PAD] (attention mask 0) up to maxLength. Default true. When false, `encode`
   * returns unpadded arrays and `encodeBatch` pads only to the longest row of the batch.
   */
  padToMaxLength?: boolean;
}

/** Construction options for {@link WordPieceTokenizer}. */
export interface WordPieceTokenizerOptions {
  /** Lower-case and strip accents (bert-base-uncased). Default true. */
  lowerCase?: boolean;
  /** Default "[UNK]"; must be in the vocabulary. */
  unkToken?: string;
  /** Default "[CLS]"; needed only by encode/encodeBatch. */
  clsToken?: string;
  /** Default "[SEP]"; needed only by encode/encodeBatch. */
  sepToken?: string;
  /** Default "[PAD]"; needed only when padding. */
  padToken?: string;
  /** Words longer than this many code points become [UNK]. Default 100 (the reference value). */
  maxInputCharsPerWord?: number;
}

/** One encoded sequence. */
export interface EncodedText {
  /** Token ids, length maxLength when padded. */
  inputIds: Int32Array;
  /** 1 for real tokens ([CLS], pieces, [SEP]), 0 for padding. */
  attentionMask: Int32Array;
  /** All zeros (single segment). */
  tokenTypeIds: Int32Array;
  /** The unpadded tokens: [CLS], the (possibly truncated) word pieces, [SEP]. */
  tokens: string[];
  /** Whether word pieces were dropped to fit maxLength. */
  truncated: boolean;
}

/** A batch of encoded sequences, row-major [batch, maxLength]. */
export interface EncodedBatch {
  inputIds: Int32Array;
  attentionMask: Int32Array;
  tokenTypeIds: Int32Array;
  batch: number;
  /** Row length (stride) of the arrays. */
  maxLength: number;
  truncated: boolean[];
}

// --- character classes, as in tokenization.py -------------------------------------------

const RE_CONTROL = /^\p{C}$/u; // reference: category starts with "C" (Cc, Cf, Cs, Co, Cn)
const RE_ZS = /^\p{Zs}$/u;
const RE_PUNCT = /^\p{P}$/u;
const RE_MN = /\p{Mn}/gu;
const RE_WS_SPLIT = /\s+/; // after cleaning only " ", U+2028, U+2029 remain; Python's str.split() agrees

function isWhitespace(cp: number, ch: string): boolean {
  if (cp === 0x20 || cp === 0x09 || cp === 0x0a || cp === 0x0d) return true;
  if (cp < 0x80) return false;
  return RE_ZS.test(ch);
}

function isControl(cp: number, ch: string): boolean {
  if (cp === 0x09 || cp === 0x0a || cp === 0x0d) return false; // counted as whitespace
  if (cp < 0x20 || cp === 0x7f) return true;
  if (cp < 0x80) return false;
  return RE_CONTROL.test(ch);
}

/** Reference `_is_punctuation`: ASCII non-alphanumerics (incl. $ + < = > ^ ` | ~) or Unicode P*. */
function isPunctuation(cp: number, ch: string): boolean {
  if (
    (cp >= 33 && cp <= 47) ||
    (cp >= 58 && cp <= 64) ||
    (cp >= 91 && cp <= 96) ||
    (cp >= 123 && cp <= 126)
  ) {
    return true;
  }
  if (cp < 0x80) return false;
  return RE_PUNCT.test(ch);
}

/** Reference `_is_chinese_char`: CJK Unified Ideographs blocks (not Hiragana/Katakana/Hangul). */
function isCjk(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b820 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}

/** Reference `_run_split_on_punc`: every punctuation character becomes its own token. */
function splitOnPunctuation(token: string, out: string[]): void {
  let cur = '';
  for (const ch of token) {
    const cp = ch.codePointAt(0)!;
    if (isPunctuation(cp, ch)) {
      if (cur) out.push(cur);
      out.push(ch);
      cur = '';
    } else {
      cur += ch;
    }
  }
  if (cur) out.push(cur);
}

/**
 * BERT BasicTokenizer: drop NUL, U+FFFD and control characters; map whitespace to spaces;
 * put spaces around CJK ideographs; split on whitespace; optionally lower-case and strip
 * accents (NFD, remove Mn); split off punctuation.
 * @param lowerCase true for uncased models (bert-base-uncased)
 */
export function basicTokenize(text: string, lowerCase = true): string[] {
  // _clean_text + _tokenize_chinese_chars in one pass over code points.
  let cleaned = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0 || cp === 0xfffd || isControl(cp, ch)) continue;
    if (isWhitespace(cp, ch)) cleaned += ' ';
    else if (isCjk(cp)) cleaned += ' ' + ch + ' ';
    else cleaned += ch;
  }
  const out: string[] = [];
  for (let tok of cleaned.split(RE_WS_SPLIT)) {
    if (!tok) continue;
    if (lowerCase) {
      tok = tok.toLowerCase();
      if (!isAscii(tok)) tok = tok.normalize('NFD').replace(RE_MN, '');
      if (!tok) continue; // e.g. a lone combining mark
    }
    splitOnPunctuation(tok, out);
  }
  return out;
}

// Bounded so that a long stream of unique words cannot grow memory without limit.
const WORD_CACHE_LIMIT = 100_000;

/** BERT tokenizer (BasicTokenizer + greedy longest-match-first WordPiece) with [CLS]/[SEP] encoding. */
export class WordPieceTokenizer {
  /** The vocabulary in use. */
  readonly vocab: WordPieceVocab;
  readonly lowerCase: boolean;
  readonly unkToken: string;
  readonly clsToken: string;
  readonly sepToken: string;
  readonly padToken: string;
  readonly maxInputCharsPerWord: number;
  private readonly unkId: number;
  private readonly clsId: number | undefined;
  private readonly sepId: number | undefined;
  private readonly padId: number | undefined;
  /** Longest vocabulary entry in code points; longer substrings cannot match. */
  private readonly maxPieceChars: number;
  private readonly wordCache = new Map<string, string[]>();

  /**
   * @param vocab a vocabulary or its tokens in id order
   * @param opts special tokens and casing; the [UNK] token must be in the vocabulary
   */
  constructor(vocab: WordPieceVocab | readonly string[], opts: WordPieceTokenizerOptions = {}) {
    this.vocab = isVocab(vocab) ? vocab : vocabFromTokens(vocab);
    this.lowerCase = opts.lowerCase ?? true;
    this.unkToken = opts.unkToken ?? '[UNK]';
    this.clsToken = opts.clsToken ?? '[CLS]';
    this.sepToken = opts.sepToken ?? '[SEP]';
    this.padToken = opts.padToken ?? '[PAD]';
    this.maxInputCharsPerWord = opts.maxInputCharsPerWord ?? 100;
    const unk = this.vocab.ids.get(this.unkToken);
    if (unk === undefined) {
      throw new Error(
        `WordPieceTokenizer: unknown token ${JSON.stringify(this.unkToken)} not in vocabulary ${this.vocab.source}`,
      );
    }
    this.unkId = unk;
    // Checked when used, so tokenize() works with vocabularies lacking [CLS]/[SEP]/[PAD].
    this.clsId = this.vocab.ids.get(this.clsToken);
    this.sepId = this.vocab.ids.get(this.sepToken);
    this.padId = this.vocab.ids.get(this.padToken);
    // Full token length bounds both initial ("x") and continuation ("##x" -> "x") matches.
    let maxChars = 0;
    for (const t of this.vocab.tokens) {
      const n = isAscii(t) ? t.length : Array.from(t).length;
      if (n > maxChars) maxChars = n;
    }
    this.maxPieceChars = maxChars;
  }

  /** Text -> word pieces (no [CLS]/[SEP]). */
  tokenize(text: string): string[] {
    const out: string[] = [];
    for (const word of basicTokenize(text, this.lowerCase)) {
      for (const p of this.wordpiece(word)) out.push(p);
    }
    return out;
  }

  /**
   * Reference WordpieceTokenizer on one whitespace-free word: greedy longest match first,
   * "##" on non-initial pieces; the whole word becomes [UNK] if it is longer than
   * maxInputCharsPerWord code points or any position has no match.
   * The returned array is shared with a cache: do not modify it.
   */
  wordpiece(word: string): readonly string[] {
    const cached = this.wordCache.get(word);
    if (cached) return cached;
    const pieces = this.wordpieceUncached(word);
    if (this.wordCache.size >= WORD_CACHE_LIMIT) this.wordCache.clear();
    this.wordCache.set(word, pieces);
    return pieces;
  }

  private wordpieceUncached(word: string): string[] {
    const chars = isAscii(word) ? null : Array.from(word); // code points, as Python's list(str)
    const n = chars ? chars.length : word.length;
    if (n > this.maxInputCharsPerWord) return [this.unkToken];
    const ids = this.vocab.ids;
    const pieces: string[] = [];
    let start = 0;
    while (start < n) {
      let end = Math.min(n, start + this.maxPieceChars);
      let found: string | undefined;
      while (start < end) {
        const sub = chars ? chars.slice(start, end).join('') : word.slice(start, end);
        const cand = start > 0 ? '##' + sub : sub;
        if (ids.has(cand)) {
          found = cand;
          break;
        }
        end--;
      }
      if (found === undefined) return [this.unkToken];
      pieces.push(found);
      start = end;
    }
    return pieces;
  }

  /** Token -> id ([UNK]'s id for tokens not in the vocabulary). */
  tokenToId(token: string): number {
    return this.vocab.ids.get(token) ?? this.unkId;
  }

  /** Ids -> tokens. @throws on an id outside the vocabulary */
  idsToTokens(ids: ArrayLike<number>): string[] {
    const out: string[] = [];
    for (let i = 0; i < ids.length; i++) {
      const t = this.vocab.tokens[ids[i]];
      if (t === undefined)
        throw new Error(`WordPieceTokenizer: id ${ids[i]} outside vocabulary of size ${this.vocab.size}`);
      out.push(t);
    }
    return out;
  }

  /**
   * Encodes `[CLS] pieces [SEP]`, truncating the pieces to maxLength - 2 and (by default)
   * padding with [PAD] / mask 0 to maxLength. Empty text gives `[CLS] [SEP]`.
   * @throws if maxLength is not an integer >= 2 or a needed special token is missing
   */
  encode(text: string, opts: EncodeOptions): EncodedText {
    const maxLength = checkMaxLength(opts.maxLength);
    const pad = opts.padToMaxLength ?? true;
    const { cls, sep } = this.clsSep();
    const pieces = this.tokenize(text);
    const truncated = pieces.length > maxLength - 2;
    const kept = truncated ? pieces.slice(0, maxLength - 2) : pieces;
    const tokens = [this.clsToken, ...kept, this.sepToken];
    const len = pad ? maxLength : tokens.length;
    const inputIds = new Int32Array(len);
    const attentionMask = new Int32Array(len);
    const padId = tokens.length < len ? this.requirePad() : 0;
    inputIds[0] = cls;
    for (let i = 0; i < kept.length; i++) inputIds[i + 1] = this.tokenToId(kept[i]);
    inputIds[tokens.length - 1] = sep;
    attentionMask.fill(1, 0, tokens.length);
    if (padId !== 0) inputIds.fill(padId, tokens.length);
    return { inputIds, attentionMask, tokenTypeIds: new Int32Array(len), tokens, truncated };
  }

  /**
   * Encodes several texts into row-major [batch, maxLength] arrays; each row equals
   * {@link encode} of that text. With padToMaxLength false the rows are padded to the
   * longest row instead, and the returned maxLength is that length.
   */
  encodeBatch(texts: readonly string[], opts: EncodeOptions): EncodedBatch {
    const maxLength = checkMaxLength(opts.maxLength);
    const pad = opts.padToMaxLength ?? true;
    const rows = texts.map((t) => this.encode(t, { maxLength, padToMaxLength: false }));
    const stride = pad ? maxLength : rows.reduce((m, r) => Math.max(m, r.inputIds.length), 0);
    const batch = rows.length;
    const inputIds = new Int32Array(batch * stride);
    const attentionMask = new Int32Array(batch * stride);
    const needsPad = rows.some((r) => r.inputIds.length < stride);
    if (needsPad) inputIds.fill(this.requirePad());
    rows.forEach((r, b) => {
      inputIds.set(r.inputIds, b * stride);
      attentionMask.set(r.attentionMask, b * stride);
    });
    return {
      inputIds,
      attentionMask,
      tokenTypeIds: new Int32Array(batch * stride),
      batch,
      maxLength: stride,
      truncated: rows.map((r) => r.truncated),
    };
  }

  private clsSep(): { cls: number; sep: number } {
    if (this.clsId === undefined || this.sepId === undefined) {
      const missing = this.clsId === undefined ? this.clsToken : this.sepToken;
      throw new Error(`WordPieceTokenizer: ${missing} not in vocabulary ${this.vocab.source}; cannot encode`);
    }
    return { cls: this.clsId, sep: this.sepId };
  }

  private requirePad(): number {
    if (this.padId === undefined) {
      throw new Error(
        `WordPieceTokenizer: ${this.padToken} not in vocabulary ${this.vocab.source}; cannot pad`,
      );
    }
    return this.padId;
  }
}

/** A lower-casing tokenizer over the bundled bert-base-uncased vocabulary (see `bundledBertVocab`). */
export function createBertBaseUncasedTokenizer(): WordPieceTokenizer {
  return new WordPieceTokenizer(bundledBertWordPieceVocab(), { lowerCase: true });
}

function isVocab(v: WordPieceVocab | readonly string[]): v is WordPieceVocab {
  return !Array.isArray(v);
}

function checkMaxLength(maxLength: number): number {
  if (!Number.isInteger(maxLength) || maxLength < 2) {
    throw new Error(`maxLength must be an integer >= 2 (room for [CLS] and [SEP]), got ${maxLength}`);
  }
  return maxLength;
}
