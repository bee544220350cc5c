import { z } from 'zod';
import { parseFlags } from './config';
import { flags } from './flags';

describe('flags', () => {
  const schema = z.object({ batchSize: flags.int(), workers: flags.int(0), shard: flags.shard().optional() });

  it('parses valid values from strings and numbers', () => {
    expect(parseFlags(schema, { batchSize: '16', workers: 0, shard: '2/4' })).toEqual({
      batchSize: 16,
      workers: 0,
      shard: { index: 2, count: 4 },
    });
  });

  it.each([
    [{ batchSize: 'abc', workers: '1' }, '--batch-size: expected an integer >= 1, got "abc"'],
    [{ batchSize: '0', workers: '1' }, '--batch-size: expected an integer >= 1, got "0"'],
    [{ batchSize: '-1', workers: '1' }, '--batch-size: expected an integer >= 1, got "-1"'],
    [{ batchSize: '1.5', workers: '1' }, '--batch-size: expected an integer >= 1, got "1.5"'],
    [{ batchSize: '1', workers: '-1' }, '--workers: expected an integer >= 0, got "-1"'],
    [
      { batchSize: '1', workers: '1', shard: '5/4' },
      '--shard: expected i/n with 1 <= i <= n (e.g. 2/4), got "5/4"',
    ],
    [{ batchSize: '1', workers: '1', shard: '0/4' }, '--shard: expected i/n'],
    [{ batchSize: '1', workers: '1', shard: '1-4' }, '--shard: expected i/n'],
  ])('refuses %j', (value, message) => {
    expect(() => parseFlags(schema, value)).toThrow(message);
  });

  it('number and oneOf', () => {
    const s = z.object({
      perplexity: flags.number({ exclusiveMin: 0 }),
      level: flags.oneOf(['exact', 'synonyms'] as const),
    });
    expect(parseFlags(s, { perplexity: '30', level: 'exact' })).toEqual({ perplexity: 30, level: 'exact' });
    expect(() => parseFlags(s, { perplexity: '0', level: 'exact' })).toThrow(
      '--perplexity: expected a number > 0, got "0"',
    );
    expect(() => parseFlags(s, { perplexity: 'NaN', level: 'exact' })).toThrow(
      '--perplexity: expected a number, got "NaN"',
    );
    expect(() => parseFlags(s, { perplexity: '1', level: 'fuzzy' })).toThrow(
      '--level: expected one of exact, synonyms, got "fuzzy"',
    );
  });
});
