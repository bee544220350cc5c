import { StringSet } from './string-set';

describe('StringSet', () => {
  it('keeps the first value of each string, as a Map would, through growth', () => {
    const set = new StringSet();
    const map = new Map<string, number>();
    // Ids like a corpus's, with repeats, empty and non-ASCII strings and strings that share prefixes.
    const keys = Array.from({ length: 60_000 }, (_, i) => `clotho:development:${(i * 7919) % 45_000}.wav`);
    keys.push('', 'café ☕', '𝄞', 'a', 'ab', 'ba', '');
    keys.forEach((k, i) => {
      const expected = map.get(k);
      if (expected === undefined) map.set(k, i * 2 ** 31 + 3);
      expect(set.add(k, i * 2 ** 31 + 3)).toBe(expected);
    });
    expect(set.size).toBe(map.size);
    for (const [k, v] of map) expect(set.get(k)).toBe(v);
    expect(set.get('clotho:development:45000.wav')).toBeUndefined();
    expect(set.get('caf')).toBeUndefined();
  });
});
