/** One word of a text: its folded form (lower case, accents removed, possessive 's dropped) and its span in the original text. */
export interface Token {
  norm: string;
  start: number;
  end: number;
  /** Index of the sentence (split at . ! ? ; and line breaks), so multi-word forms never match across sentences. */
  sentence: number;
}

const SENTENCE_BREAK = new Set(['.', '!', '?', ';', '\n']);
const APOSTROPHES = new Set(["'", '\u2019', '\u2018', '`']);

/** Folds one UTF-16 unit to lower-case ASCII when it is a letter or digit (accents stripped), else ''. */
function foldChar(ch: string): string {
  const c = ch.charCodeAt(0);
  if (c < 128) {
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) return ch;
    if (c >= 65 && c <= 90) return String.fromCharCode(c + 32);
    return '';
  }
  // Slow path only for non-ASCII: NFKD splits "é" into "e" + a combining accent, which is dropped.
  const folded = ch
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  return /^[a-z0-9]+$/.test(folded) ? folded : '';
}

/**
 * Splits a text into word tokens. Words are runs of letters and digits; an apostrophe inside a word is kept
 * ("don't"), a possessive "'s" is dropped ("dog's" -> "dog"); hyphens and underscores separate words, so
 * "chain-saw" and "birds_singing" tokenize like "chain saw" and "birds singing". Written by hand because the
 * spans must index the original text and no tokenizer library keeps them through accent folding.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let sentence = 0;
  let cur = '';
  let start = -1;
  const flush = (end: number) => {
    if (cur.length > 0) {
      // The possessive is not part of the word, nor of its span: "dog's" is "dog" at the span of "dog".
      const cut = cur.endsWith("'s") ? 2 : cur.endsWith("'") ? 1 : 0;
      const norm = cur.slice(0, cur.length - cut);
      if (norm.length > 0) tokens.push({ norm, start, end: end - cut, sentence });
    }
    cur = '';
    start = -1;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const folded = foldChar(ch);
    if (folded) {
      if (start < 0) start = i;
      cur += folded;
      continue;
    }
    if (APOSTROPHES.has(ch) && cur.length > 0 && i + 1 < text.length && foldChar(text[i + 1])) {
      cur += "'";
      continue;
    }
    flush(i);
    if (SENTENCE_BREAK.has(ch)) sentence++;
  }
  flush(text.length);
  return tokens;
}
