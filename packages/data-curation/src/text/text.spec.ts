import { nounForms, verbForms } from './inflect';
import { tokenize } from './tokenize';

describe('tokenize', () => {
  it('folds case and accents and keeps spans into the original text', () => {
    const text = 'A Café-bar: DOG’s bowl';
    const tokens = tokenize(text);
    expect(tokens.map((t) => t.norm)).toEqual(['a', 'cafe', 'bar', 'dog', 'bowl']);
    expect(tokens.map((t) => text.slice(t.start, t.end))).toEqual(['A', 'Café', 'bar', 'DOG', 'bowl']);
  });
  it('splits sentences at . ! ? ; and line breaks, not at commas', () => {
    expect(tokenize('a, b. c! d? e; f\ng').map((t) => t.sentence)).toEqual([0, 0, 1, 2, 3, 4, 5]);
  });
  it('keeps contractions whole and splits underscores and hyphens', () => {
    expect(tokenize("don't birds_singing chain-saw").map((t) => t.norm)).toEqual([
      "don't",
      'birds',
      'singing',
      'chain',
      'saw',
    ]);
  });
});

describe('verbForms', () => {
  it.each([
    ['cry', ['cry', 'cries', 'cried', 'cried', 'crying']],
    ['sneeze', ['sneeze', 'sneezes', 'sneezed', 'sneezed', 'sneezing']],
    ['clap', ['clap', 'claps', 'clapped', 'clapped', 'clapping']],
    ['flush', ['flush', 'flushes', 'flushed', 'flushed', 'flushing']],
    ['moo', ['moo', 'moos', 'mooed', 'mooed', 'mooing']],
    ['open', ['open', 'opens', 'opened', 'opened', 'opening']],
    ['break', ['break', 'breaks', 'broke', 'broken', 'breaking']],
    ['purr', ['purr', 'purrs', 'purred', 'purred', 'purring']],
  ])('%s', (lemma, forms) => expect(verbForms(lemma)).toEqual(forms));
});

describe('nounForms', () => {
  it('gives singular and plural from either', () => {
    expect(new Set(nounForms('baby'))).toEqual(new Set(['baby', 'babies']));
    expect(new Set(nounForms('teeth'))).toEqual(new Set(['tooth', 'teeth']));
    expect(new Set(nounForms('sheep'))).toEqual(new Set(['sheep']));
  });
});
