import { Int32, Utf8 } from 'apache-arrow';
import { dataFromValues } from './arrow';
import { Int32ColumnBuilder, ListOffsetsBuilder, Utf8ColumnBuilder } from './arrow-builders';

/** A column's values as JS, for comparing what a builder made with what dataFromValues makes. */
const valuesOf = (d: ReturnType<typeof dataFromValues>) =>
  Array.from({ length: d.length }, (_, i) => {
    if (d.nullBitmap && d.nullBitmap.length > 0 && !(d.nullBitmap[i >> 3] & (1 << (i & 7)))) return null;
    if (d.type instanceof Utf8) {
      const o = d.valueOffsets as Int32Array;
      return Buffer.from((d.values as Uint8Array).subarray(o[i], o[i + 1])).toString('utf8');
    }
    return (d.values as Int32Array)[i];
  });

describe('column builders', () => {
  it('build the Utf8 column dataFromValues builds: repeats, empty strings, non-ASCII, nulls, growth', () => {
    const values: (string | null)[] = [];
    for (let i = 0; i < 5000; i++)
      values.push(
        i % 97 === 5
          ? null
          : i % 7 === 0
            ? 'audiocaps'
            : i % 11 === 0
              ? ''
              : `café ☕ ${'x'.repeat(i % 300)} ${i}`,
      );
    values.push('audiocaps', 'audiocaps', null, null, 'audiocaps', '𝄞 clef');
    const b = new Utf8ColumnBuilder('t', true);
    for (const v of values) b.append(v);
    expect(b.length).toBe(values.length);
    const built = b.finish();
    const reference = dataFromValues(new Utf8(), values);
    expect(valuesOf(built)).toEqual(values);
    expect(built.nullCount).toBe(reference.nullCount);
    expect(Array.from(built.valueOffsets)).toEqual(Array.from(reference.valueOffsets));
    expect(b.length).toBe(0);
    // After finish the builder starts afresh (a repeat of the old last value is written anew).
    b.append('audiocaps');
    b.append('audiocaps');
    expect(valuesOf(b.finish())).toEqual(['audiocaps', 'audiocaps']);
  });

  it('has no validity bitmap without nulls, and refuses a null in a column that is not nullable', () => {
    const b = new Utf8ColumnBuilder('id');
    b.append('a');
    expect(() => b.append(null)).toThrow(/column "id" is not nullable/);
    const d = new Utf8ColumnBuilder('x');
    d.append('a');
    expect(d.finish().nullCount).toBe(0);
  });

  it('build Int32 columns with nulls and list offsets', () => {
    const values = Array.from({ length: 3000 }, (_, i) => (i % 13 === 0 ? null : i * 7 - 1000));
    const b = new Int32ColumnBuilder('n', true);
    for (const v of values) b.append(v);
    const built = b.finish();
    expect(valuesOf(built)).toEqual(valuesOf(dataFromValues(new Int32(), values)));
    expect(built.nullCount).toBe(values.filter((v) => v === null).length);
    const lists = new ListOffsetsBuilder();
    [2, 2, 5, 9].forEach((end) => lists.endList(end));
    expect(lists.finish()).toEqual({ length: 4, valueOffsets: Int32Array.from([0, 2, 2, 5, 9]) });
  });
});
