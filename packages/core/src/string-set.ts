/**
 * A set of strings kept in typed arrays, for sets of hundreds of thousands of ids that live as long as a stage
 * runs: a `Map`/`Set` of 500,000 strings made every major garbage collection walk half a million objects, which
 * cost a streamed curation of 500,000 captions more than its duplicate checks themselves (tools/bench). Here the
 * characters sit in one Uint16Array and the table in Int32Arrays, which the collector never walks. Each string
 * carries a number (e.g. where it was first seen), returned by {@link StringSet.add} when it is already there.
 */
export class StringSet {
  /** Slot -> entry index + 1 (0: empty). Open addressing, linear probing, power-of-two size. */
  private slots = new Int32Array(1 << 12);
  private hashes = new Int32Array(1 << 12);
  /** Entry -> start of its characters in `chars`, and its end (the next entry's start). */
  private starts = new Int32Array(1 << 10);
  private values = new Float64Array(1 << 10);
  private chars = new Uint16Array(1 << 14);
  private used = 0;
  size = 0;

  /**
   * Adds `key` with `value`, returning undefined; when `key` is already there, returns the value it was added
   * with and changes nothing.
   */
  add(key: string, value: number): number | undefined {
    const hash = hashOf(key);
    const mask = this.slots.length - 1;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const entry = this.slots[i];
      if (entry === 0) break;
      if (this.hashes[i] === hash && this.equals(entry - 1, key)) return this.values[entry - 1];
    }
    if ((this.size + 1) * 2 > this.slots.length) this.growTable();
    this.store(key, value, hash);
    return undefined;
  }

  /** The value `key` was added with, or undefined. */
  get(key: string): number | undefined {
    const hash = hashOf(key);
    const mask = this.slots.length - 1;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const entry = this.slots[i];
      if (entry === 0) return undefined;
      if (this.hashes[i] === hash && this.equals(entry - 1, key)) return this.values[entry - 1];
    }
  }

  private equals(entry: number, key: string): boolean {
    const start = this.starts[entry];
    const end = entry + 1 < this.size ? this.starts[entry + 1] : this.used;
    if (end - start !== key.length) return false;
    for (let k = 0; k < key.length; k++) if (this.chars[start + k] !== key.charCodeAt(k)) return false;
    return true;
  }

  private store(key: string, value: number, hash: number): void {
    const entry = this.size++;
    if (entry >= this.starts.length) {
      this.starts = grow(this.starts, entry + 1) as Int32Array<ArrayBuffer>;
      this.values = grow(this.values, entry + 1) as Float64Array<ArrayBuffer>;
    }
    if (this.used + key.length > this.chars.length)
      this.chars = grow(this.chars, this.used + key.length) as Uint16Array<ArrayBuffer>;
    this.starts[entry] = this.used;
    this.values[entry] = value;
    for (let k = 0; k < key.length; k++) this.chars[this.used + k] = key.charCodeAt(k);
    this.used += key.length;
    this.place(entry, hash);
  }

  private place(entry: number, hash: number): void {
    const mask = this.slots.length - 1;
    let i = hash & mask;
    while (this.slots[i] !== 0) i = (i + 1) & mask;
    this.slots[i] = entry + 1;
    this.hashes[i] = hash;
  }

  private growTable(): void {
    const oldSlots = this.slots;
    const oldHashes = this.hashes;
    this.slots = new Int32Array(oldSlots.length * 2);
    this.hashes = new Int32Array(oldSlots.length * 2);
    for (let i = 0; i < oldSlots.length; i++)
      if (oldSlots[i] !== 0) this.place(oldSlots[i] - 1, oldHashes[i]);
  }
}

/** FNV-1a over the UTF-16 code units, mixed at the end so that linear probing sees spread-out low bits. */
function hashOf(key: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < key.length; k++) h = Math.imul(h ^ key.charCodeAt(k), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h | 0;
}

type Growable = Int32Array<ArrayBuffer> | Float64Array<ArrayBuffer> | Uint16Array<ArrayBuffer>;

/** A copy of `a` with room for at least `need` items (doubling). */
function grow(a: Growable, need: number): Growable {
  const b = new (a.constructor as new (n: number) => Growable)(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}
