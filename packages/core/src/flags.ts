import { z } from 'zod';

/**
 * Zod schemas for command-line values (commander gives strings; defaults may be numbers). A command validates all
 * its flags with one `z.object` of these through `parseFlags` before it reads or writes anything, so a bad value
 * is a clear error with exit != 0 and no output.
 */
const text = (v: unknown) => (typeof v === 'string' ? v.trim() : String(v));

/** A whole number >= `min` ("expected an integer >= 1, got \"abc\""). */
function int(min = 1) {
  return z.union([z.string(), z.number()]).transform((v, ctx) => {
    const s = text(v);
    const n = /^[-+]?\d+$/.test(s) ? Number(s) : NaN;
    if (!Number.isSafeInteger(n) || n < min) {
      ctx.addIssue({ code: 'custom', message: `expected an integer >= ${min}, got "${s}"` });
      return z.NEVER;
    }
    return n;
  });
}

/** A finite number, optionally with bounds ("expected a number > 0, got \"x\""). */
function number(bounds: { min?: number; exclusiveMin?: number; max?: number } = {}) {
  return z.union([z.string(), z.number()]).transform((v, ctx) => {
    const s = text(v);
    const n = s === '' ? NaN : Number(s);
    const fail = (what: string) => {
      ctx.addIssue({ code: 'custom', message: `expected ${what}, got "${s}"` });
      return z.NEVER;
    };
    if (!Number.isFinite(n)) return fail('a number');
    if (bounds.min !== undefined && n < bounds.min) return fail(`a number >= ${bounds.min}`);
    if (bounds.exclusiveMin !== undefined && n <= bounds.exclusiveMin)
      return fail(`a number > ${bounds.exclusiveMin}`);
    if (bounds.max !== undefined && n > bounds.max) return fail(`a number <= ${bounds.max}`);
    return n;
  });
}

/** A shard "i/n" with 1 <= i <= n: this process does the i-th of n slices. */
function shard() {
  return z.string().transform((v, ctx) => {
    const m = /^(\d+)\/(\d+)$/.exec(v.trim());
    const [index, count] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
    if (!m || count < 1 || index < 1 || index > count) {
      ctx.addIssue({ code: 'custom', message: `expected i/n with 1 <= i <= n (e.g. 2/4), got "${v}"` });
      return z.NEVER;
    }
    return { index, count };
  });
}

/** One of a fixed list of names ("expected one of exact, inflections, synonyms, got \"x\""). */
function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.string().refine((v): v is T[number] => (values as readonly string[]).includes(v), {
    error: (issue) => `expected one of ${values.join(', ')}, got "${String(issue.input)}"`,
  }) as unknown as z.ZodType<T[number], string>;
}

export const flags = { int, number, shard, oneOf };
