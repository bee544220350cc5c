/**
 * Column builders that append values straight into Arrow buffers, for tables written row by row in batches
 * (core `ArrowFileWriter`): each string's UTF-8 bytes are written once into one growing buffer, with no array of
 * row objects or of strings in between. Written by hand because apache-arrow's builders go through generic
 * per-value dispatch and copies; measured on a 50,000-caption curation, building the batches from row objects
 * with `dataFromValues` cost as much as matching every caption (tools/bench).
 */
import { Int32, makeData, Utf8, type Data } from 'apache-arrow';

/** A validity bitmap that exists only once a null was appended (bit set = not null). */
class Validity {
  private bits: Uint8Array | null = null;
  nullCount = 0;

  /** Records whether row `index` holds a value. */
  set(index: number, valid: boolean): void {
    if (valid && this.bits === null) return;
    if (this.bits === null) {
      // The first null: every row before it was valid.
      this.bits = new Uint8Array(Math.max(64, (index >> 3) * 2 + 1)).fill(0xff);
    }
    if (index >> 3 >= this.bits.length) {
      const grown = new Uint8Array(this.bits.length * 2 + (index >> 3));
      grown.set(this.bits);
      this.bits = grown;
    }
    if (valid) this.bits[index >> 3] |= 1 << (index & 7);
    else {
      this.bits[index >> 3] &= ~(1 << (index & 7));
      this.nullCount++;
    }
  }

  /** The bitmap for `length` rows (undefined when nothing is null), and a fresh start. */
  take(length: number): { nullBitmap: Uint8Array | undefined; nullCount: number } {
    const out = {
      nullBitmap: this.bits ? this.bits.slice(0, (length + 7) >> 3) : undefined,
      nullCount: this.nullCount,
    };
    if (out.nullBitmap && length & 7) out.nullBitmap[length >> 3] &= (1 << (length & 7)) - 1;
    this.bits = null;
    this.nullCount = 0;
    return out;
  }
}

/** An Int32Array that grows by doubling. */
function grownInt32(a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const b = new Int32Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

/**
 * Buffer's own UTF-8 writer, below `buf.write(string, offset, 'utf8')`: that public wrapper's argument handling
 * cost as much as the encoding on the short strings of a table row (tools/bench). Undocumented but present since
 * Node's first releases; the wrapper is the fallback.
 */
const utf8Write: (buf: Buffer, value: string, offset: number) => number =
  typeof (Buffer.prototype as { utf8Write?: unknown }).utf8Write === 'function'
    ? (buf, value, offset) =>
        (buf as unknown as { utf8Write(s: string, o: number): number }).utf8Write(value, offset)
    : (buf, value, offset) => buf.write(value, offset, 'utf8');

/** Builds a Utf8 column: strings (or nulls, when `nullable`) appended one at a time. */
export class Utf8ColumnBuilder {
  private data = Buffer.allocUnsafe(1 << 16);
  private offsets = new Int32Array(1 << 10);
  private readonly validity = new Validity();
  private bytes = 0;
  /** The last string appended and where its bytes start: a column that repeats a value copies its bytes. */
  private last: string | null = null;
  private lastStart = 0;
  length = 0;

  constructor(
    readonly name: string,
    private readonly nullable = false,
  ) {}

  append(value: string | null | undefined): void {
    this.offsets = grownInt32(this.offsets, this.length + 2);
    if (value == null) {
      if (!this.nullable) throw new Error(`column "${this.name}" is not nullable`);
      this.validity.set(this.length, false);
    } else {
      this.validity.set(this.length, true);
      // At most 3 bytes per UTF-16 unit, so a string never outgrows the room made for it.
      const room = value.length * 3;
      if (this.bytes + room > this.data.length) {
        const grown = Buffer.allocUnsafe(Math.max(this.data.length * 2, this.bytes + room));
        this.data.copy(grown, 0, 0, this.bytes);
        this.data = grown;
      }
      if (value === this.last) {
        // corpus, split, source file: the same value row after row.
        const n = this.offsets[this.length] - this.lastStart;
        this.data.copyWithin(this.bytes, this.lastStart, this.lastStart + n);
        this.lastStart = this.bytes;
        this.bytes += n;
      } else if (value.length > 0) {
        this.lastStart = this.bytes;
        this.bytes += utf8Write(this.data, value, this.bytes);
        this.last = value;
      } else {
        this.lastStart = this.bytes;
        this.last = value;
      }
    }
    this.offsets[++this.length] = this.bytes;
  }

  /** The column so far (its buffers copied out), and an empty builder. */
  finish(): Data<Utf8> {
    const length = this.length;
    const { nullBitmap, nullCount } = this.validity.take(length);
    const data = makeData({
      type: new Utf8(),
      length,
      nullCount,
      nullBitmap,
      valueOffsets: this.offsets.slice(0, length + 1),
      data: Uint8Array.prototype.slice.call(this.data, 0, this.bytes),
    });
    this.bytes = 0;
    this.length = 0;
    this.last = null;
    return data;
  }
}

/** Builds an Int32 column (nulls allowed when `nullable`). */
export class Int32ColumnBuilder {
  private values = new Int32Array(1 << 10);
  private readonly validity = new Validity();
  length = 0;

  constructor(
    readonly name: string,
    private readonly nullable = false,
  ) {}

  append(value: number | null | undefined): void {
    this.values = grownInt32(this.values, this.length + 1);
    if (value == null) {
      if (!this.nullable) throw new Error(`column "${this.name}" is not nullable`);
      this.validity.set(this.length, false);
      this.values[this.length++] = 0;
      return;
    }
    this.validity.set(this.length, true);
    this.values[this.length++] = value;
  }

  finish(): Data<Int32> {
    const length = this.length;
    const { nullBitmap, nullCount } = this.validity.take(length);
    const data = makeData({
      type: new Int32(),
      length,
      nullCount,
      nullBitmap,
      data: this.values.slice(0, length),
    });
    this.length = 0;
    return data;
  }
}

/**
 * The offsets of a List column: append a list's items to the child builder(s), then `endList(childLength)` with
 * the child's length after them. Lists are never null here.
 */
export class ListOffsetsBuilder {
  private offsets = new Int32Array(1 << 10);
  length = 0;

  endList(childLength: number): void {
    this.offsets = grownInt32(this.offsets, this.length + 2);
    this.offsets[++this.length] = childLength;
  }

  /** The offsets so far, and a fresh start. */
  finish(): { length: number; valueOffsets: Int32Array } {
    const out = { length: this.length, valueOffsets: this.offsets.slice(0, this.length + 1) };
    this.length = 0;
    return out;
  }
}
