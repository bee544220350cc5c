import { createRng } from '../rng';
import { decodeWav, encodeWav } from './wav';

function noise(n: number, seed = 1): Float32Array {
  const rng = createRng(seed, 'wav');
  return Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
}

/** A hand-built WAV header + data for decoder tests. */
function wavBytes(opts: {
  format?: number;
  channels?: number;
  bits?: number;
  sampleRate?: number;
  data: Int16Array | Uint8Array;
  declaredDataBytes?: number;
  extraChunk?: boolean;
}): Uint8Array {
  const data = opts.data instanceof Int16Array ? new Uint8Array(opts.data.buffer.slice(0)) : opts.data;
  const extra = opts.extraChunk ? 8 + 3 + 1 : 0; // a 3-byte LIST chunk, padded to even
  const bytes = new Uint8Array(44 + extra + data.length);
  const v = new DataView(bytes.buffer);
  const ascii = (o: number, s: string) => [...s].forEach((ch, i) => (bytes[o + i] = ch.charCodeAt(0)));
  const ch = opts.channels ?? 1;
  const bits = opts.bits ?? 16;
  const sr = opts.sampleRate ?? 8000;
  ascii(0, 'RIFF');
  v.setUint32(4, bytes.length - 8, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, opts.format ?? 1, true);
  v.setUint16(22, ch, true);
  v.setUint32(24, sr, true);
  v.setUint32(28, (sr * ch * bits) / 8, true);
  v.setUint16(32, (ch * bits) / 8, true);
  v.setUint16(34, bits, true);
  let o = 36;
  if (opts.extraChunk) {
    ascii(o, 'LIST');
    v.setUint32(o + 4, 3, true);
    o += 12;
  }
  ascii(o, 'data');
  v.setUint32(o + 4, opts.declaredDataBytes ?? data.length, true);
  bytes.set(data, o + 8);
  return bytes;
}

describe('encodeWav / decodeWav', () => {
  it('round-trips samples within 1/32768 and keeps the sample rate', () => {
    const x = noise(5000);
    x[0] = 1;
    x[1] = -1;
    x[2] = 0;
    const bytes = encodeWav(x, 16000);
    expect(bytes.length).toBe(44 + 2 * x.length);
    const d = decodeWav(bytes);
    expect(d.sampleRate).toBe(16000);
    expect(d.channels).toBe(1);
    expect(d.samples.length).toBe(x.length);
    let worst = 0;
    for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(d.samples[i] - x[i]));
    expect(worst).toBeLessThanOrEqual(1 / 32768 + 1e-9);
  });

  it('writes a standard 16-bit mono PCM header', () => {
    const bytes = encodeWav(new Float32Array(10), 22050);
    const v = new DataView(bytes.buffer);
    const tag = (o: number) => String.fromCharCode(...bytes.slice(o, o + 4));
    expect([tag(0), tag(8), tag(12), tag(36)]).toEqual(['RIFF', 'WAVE', 'fmt ', 'data']);
    expect(v.getUint32(4, true)).toBe(36 + 20);
    expect(v.getUint16(20, true)).toBe(1);
    expect(v.getUint16(22, true)).toBe(1);
    expect(v.getUint32(24, true)).toBe(22050);
    expect(v.getUint32(28, true)).toBe(44100);
    expect(v.getUint16(32, true)).toBe(2);
    expect(v.getUint16(34, true)).toBe(16);
    expect(v.getUint32(40, true)).toBe(20);
  });

  it('clips out-of-range samples and is byte-deterministic (no dither)', () => {
    const x = Float32Array.from([2, -3, 0.5, NaN]);
    const d = decodeWav(encodeWav(x, 8000)).samples;
    expect(d[0]).toBeCloseTo(32767 / 32768, 9);
    expect(d[1]).toBe(-1);
    expect(d[2]).toBe(0.5);
    expect(d[3]).toBe(0);
    const y = noise(1000, 7);
    expect(Buffer.from(encodeWav(y, 16000)).equals(Buffer.from(encodeWav(y.slice(), 16000)))).toBe(true);
  });

  it('reads multi-channel files as the mean over channels, skips unknown chunks, and accepts Node Buffers', () => {
    const d = decodeWav(
      wavBytes({
        channels: 2,
        data: Int16Array.from([16384, 0, -32768, -32768, 100, 300]),
        extraChunk: true,
      }),
    );
    expect(d.channels).toBe(2);
    expect(Array.from(d.samples)).toEqual([0.25, -1, 200 / 32768].map(Math.fround));
    const buf = Buffer.concat([
      Buffer.from('xx'),
      Buffer.from(encodeWav(Float32Array.from([0.5]), 8000)),
    ]).subarray(2);
    expect(decodeWav(buf).samples[0]).toBe(0.5);
  });

  it('throws clear errors for garbage, unsupported formats and truncated data', () => {
    expect(() => decodeWav(new Uint8Array(0))).toThrow(/not a RIFF\/WAVE file/);
    expect(() => decodeWav(new TextEncoder().encode('hello, this is not audio at all'))).toThrow(
      /not a RIFF\/WAVE file/,
    );
    expect(() => decodeWav(wavBytes({ format: 3, bits: 32, data: new Uint8Array(8) }))).toThrow(
      /unsupported format 3/,
    );
    expect(() => decodeWav(wavBytes({ bits: 24, data: new Uint8Array(6) }))).toThrow(/unsupported 24-bit/);
    const good = encodeWav(noise(100), 16000);
    expect(() => decodeWav(good.subarray(0, good.length - 10))).toThrow(/truncated data chunk/);
    expect(() => decodeWav(wavBytes({ data: new Uint8Array(4), declaredDataBytes: 400 }))).toThrow(
      /truncated data chunk/,
    );
    expect(() => decodeWav(good.subarray(0, 30))).toThrow(/truncated fmt chunk|no fmt chunk/);
    expect(() => decodeWav(good.subarray(0, 36))).toThrow(/no data chunk/);
  });
});
