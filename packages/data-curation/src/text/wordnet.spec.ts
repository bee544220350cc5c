import { formsReview } from '../leak/review';
import { WordNet } from './wordnet';

describe('WordNet reader', () => {
  const wn = new WordNet();
  it('finds the synsets of a noun, most frequent sense first', () => {
    const [first] = wn.lookup('rooster', 'noun');
    expect(first.words).toEqual(expect.arrayContaining(['cock', 'rooster']));
    expect(first.gloss).toMatch(/adult male chicken/);
  });
  it('reads multi-word lemmas and verbs', () => {
    expect(wn.lookup('car horn', 'noun')[0].words).toEqual(
      expect.arrayContaining(['horn', 'automobile horn', 'car horn']),
    );
    expect(wn.lookup('sneeze', 'verb')[0].words).toContain('sneeze');
    expect(wn.lookup('zzzznotaword', 'noun')).toEqual([]);
  });
});

describe('forms review', () => {
  it('marks which WordNet synonyms the forms table covers', () => {
    const lines = formsReview({ only: ['dog', 'rooster'] });
    const dog = lines.find((l) => l.label === 'dog' && l.lemma === 'dog' && l.pos === 'noun')!;
    expect(dog.words).toContainEqual({ word: 'dog', covered: true, level: 'exact' });
    expect(dog.words).toContainEqual({ word: 'Canis familiaris', covered: false, level: null });
    const rooster = lines.find((l) => l.label === 'rooster' && l.pos === 'noun')!;
    expect(rooster.words.every((w) => w.covered)).toBe(true);
  });
});
